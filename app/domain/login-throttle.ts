/**
 * Sign-in throttling, as pure decisions over counters (the store and the clock are the caller's).
 * Three counters, each over a sliding window of WINDOW_MS:
 *
 *   account × address   PAIR_LIMIT failures → that address may not try that account for a
 *                       while: 1 minute, doubling with each further lock, at most 15 minutes
 *   address             ADDRESS_LIMIT failures on any accounts → the address is held for
 *                       ADDRESS_LOCK_MS (password spraying)
 *   account             ACCOUNT_LIMIT failures from any addresses (a distributed attack) → from
 *                       then on one attempt per ACCOUNT_SPACING_MS for the account, from browsers
 *                       it has not signed in from before; a browser it has (a signed device
 *                       cookie) is not held at all. So an attacker elsewhere can slow an account
 *                       down — to two guesses a minute — but never lock its owner out.
 *
 * A lock always ends: the longest is MAX_LOCK_MS, and the counters expire with the window.
 * A successful sign-in clears the pair's counter.
 */

export const WINDOW_MS = 15 * 60_000;
export const PAIR_LIMIT = 5;
export const ADDRESS_LIMIT = 30;
export const ACCOUNT_LIMIT = 20;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 15 * 60_000;
export const ADDRESS_LOCK_MS = 15 * 60_000;
export const ACCOUNT_SPACING_MS = 30_000;

export type Counter = { failures: number; firstAt: number; lockedUntil: number; locks: number };

export type ThrottleKeys = { pair: string; address: string; account: string };

export function throttleKeys(username: string, address: string): ThrottleKeys {
  const account = username.trim().toLowerCase();
  return { pair: `p:${account}\u0000${address}`, address: `a:${address}`, account: `u:${account}` };
}

export type ThrottleStore = { get(key: string): Counter | undefined; set(key: string, value: Counter): void; delete(key: string): void };

function live(store: ThrottleStore, key: string, now: number): Counter | undefined {
  const c = store.get(key);
  if (!c) return undefined;
  if (c.lockedUntil <= now && now - c.firstAt > WINDOW_MS) {
    store.delete(key);
    return undefined;
  }
  return c;
}

export type Refusal = { scope: "pair" | "address" | "account"; retryAfterMs: number };

/** Before checking the password: may this attempt go ahead? */
export function checkAttempt(store: ThrottleStore, keys: ThrottleKeys, now: number, knownDevice: boolean): Refusal | null {
  const scopes: ("pair" | "address" | "account")[] = knownDevice ? ["pair", "address"] : ["pair", "address", "account"];
  let refusal: Refusal | null = null;
  for (const scope of scopes) {
    const c = live(store, keys[scope], now);
    if (c && c.lockedUntil > now) {
      const retryAfterMs = c.lockedUntil - now;
      if (!refusal || retryAfterMs > refusal.retryAfterMs) refusal = { scope, retryAfterMs };
    }
  }
  return refusal;
}

/** A failed attempt: the counters go up; the locks that start now (to audit them once). */
export function recordFailure(store: ThrottleStore, keys: ThrottleKeys, now: number): Refusal[] {
  const started: Refusal[] = [];
  const bump = (scope: "pair" | "address" | "account", limit: number, lockMs: (c: Counter) => number) => {
    const c = live(store, keys[scope], now) ?? { failures: 0, firstAt: now, lockedUntil: 0, locks: 0 };
    c.failures += 1;
    if (c.failures >= limit && c.lockedUntil <= now) {
      c.locks += 1;
      const ms = Math.min(MAX_LOCK_MS, lockMs(c));
      c.lockedUntil = now + ms;
      // the next lock needs `limit` new failures; the window restarts with the lock
      c.failures = 0;
      c.firstAt = now;
      started.push({ scope, retryAfterMs: ms });
    }
    store.set(keys[scope], c);
  };
  bump("pair", PAIR_LIMIT, (c) => FIRST_LOCK_MS * 2 ** (c.locks - 1));
  bump("address", ADDRESS_LIMIT, () => ADDRESS_LOCK_MS);
  // the account: spacing, not a lock, once over its limit (and audited when that starts)
  const a = live(store, keys.account, now) ?? { failures: 0, firstAt: now, lockedUntil: 0, locks: 0 };
  a.failures += 1;
  if (a.failures >= ACCOUNT_LIMIT) {
    if (a.locks === 0) started.push({ scope: "account", retryAfterMs: ACCOUNT_SPACING_MS });
    a.locks = 1;
    a.lockedUntil = now + ACCOUNT_SPACING_MS;
    // the window slides with the attack: fast guesses again only after it has stopped a while
    a.firstAt = now;
  }
  store.set(keys.account, a);
  return started;
}

/** A successful sign-in: this address's failures on this account are forgotten. */
export function recordSuccess(store: ThrottleStore, keys: ThrottleKeys): void {
  store.delete(keys.pair);
}

/** "请于 3 分钟后再试" — whole minutes, rounded up, at least one. */
export function refusalMessage(refusal: Refusal): string {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfterMs / 60_000));
  const who =
    refusal.scope === "address"
      ? "这台电脑所在网络的登录失败次数过多"
      : refusal.scope === "account"
        ? "这个账号近期在多处登录失败次数过多"
        : "这个账号的登录失败次数过多";
  return `${who}，为保护账号安全已暂停登录，请于 ${minutes} 分钟后再试。如忘记密码，请联系管理员重置。`;
}

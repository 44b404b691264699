/** The sign-in throttling rules (app/domain/login-throttle.ts) on a fake clock. */
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_LIMIT,
  ACCOUNT_SPACING_MS,
  ADDRESS_LIMIT,
  type Counter,
  FIRST_LOCK_MS,
  MAX_LOCK_MS,
  PAIR_LIMIT,
  type ThrottleStore,
  WINDOW_MS,
  checkAttempt,
  recordFailure,
  recordSuccess,
  refusalMessage,
  throttleKeys,
} from "~/domain/login-throttle";

function memory(): ThrottleStore {
  const m = new Map<string, Counter>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v), delete: (k) => void m.delete(k) };
}

describe("sign-in throttling", () => {
  it("locks an address out of an account after 5 failures, for 1 minute, doubling to at most 15", () => {
    const store = memory();
    const keys = throttleKeys("Drafter ", "10.0.0.1");
    let now = 0;
    for (let i = 0; i < PAIR_LIMIT - 1; i++) expect(recordFailure(store, keys, now)).toEqual([]);
    expect(checkAttempt(store, keys, now, false)).toBeNull();
    expect(recordFailure(store, keys, now)).toEqual([{ scope: "pair", retryAfterMs: FIRST_LOCK_MS }]);
    expect(checkAttempt(store, keys, now, false)).toEqual({ scope: "pair", retryAfterMs: FIRST_LOCK_MS });
    // a known device does not skip the pair's lock (it is this address guessing)
    expect(checkAttempt(store, keys, now + 1000, true)?.scope).toBe("pair");
    // (from here on the account has more than ACCOUNT_LIMIT failures: a browser that has signed
    // in before is looked at, so only the pair's lock applies)
    const locks: number[] = [];
    for (let round = 0; round < 6; round++) {
      const lock = checkAttempt(store, keys, now, true);
      now += lock ? lock.retryAfterMs : 0;
      expect(checkAttempt(store, keys, now, true)).toBeNull();
      let started: number | null = null;
      for (let i = 0; i < PAIR_LIMIT; i++) started = recordFailure(store, keys, now).find((s) => s.scope === "pair")?.retryAfterMs ?? started;
      locks.push(started ?? 0);
    }
    expect(locks).toEqual([2, 4, 8, 15, 15, 15].map((m) => m * 60_000));
    expect(Math.max(...locks)).toBe(MAX_LOCK_MS);
    // the owner's browser at another address is not affected
    expect(checkAttempt(store, throttleKeys("drafter", "10.0.0.2"), now, true)).toBeNull();
  });

  it("a success forgets the pair's failures; counters expire with the window", () => {
    const store = memory();
    const keys = throttleKeys("head", "10.0.0.3");
    for (let i = 0; i < PAIR_LIMIT - 1; i++) recordFailure(store, keys, 0);
    recordSuccess(store, keys);
    expect(recordFailure(store, keys, 1)).toEqual([]);
    for (let i = 0; i < PAIR_LIMIT - 2; i++) recordFailure(store, keys, 2);
    // after the window the old failures no longer count
    expect(recordFailure(store, keys, WINDOW_MS + 10)).toEqual([]);
  });

  it("an address spraying many accounts is held", () => {
    const store = memory();
    let started: string[] = [];
    for (let i = 0; i < ADDRESS_LIMIT; i++) started = recordFailure(store, throttleKeys(`user${i}`, "10.9.9.9"), 0).map((s) => s.scope);
    expect(started).toEqual(["address"]);
    expect(checkAttempt(store, throttleKeys("someone-else", "10.9.9.9"), 1, true)?.scope).toBe("address");
  });

  it("a distributed attack slows an account to one guess per 30 s for new browsers, never locks out a known one", () => {
    const store = memory();
    const audited: string[] = [];
    for (let i = 0; i < ACCOUNT_LIMIT; i++) audited.push(...recordFailure(store, throttleKeys("drafter", `10.1.0.${i}`), 0).map((s) => s.scope));
    expect(audited).toEqual(["account"]);
    const fresh = throttleKeys("drafter", "10.2.0.1");
    expect(checkAttempt(store, fresh, 1, false)?.scope).toBe("account");
    expect(checkAttempt(store, fresh, 1, true)).toBeNull();
    // the attack goes on: every failure holds new browsers for another 30 s, never longer
    let now = 0;
    for (let i = 0; i < 100; i++) {
      now += ACCOUNT_SPACING_MS;
      expect(checkAttempt(store, throttleKeys("drafter", `10.3.${i}.1`), now, false)).toBeNull();
      recordFailure(store, throttleKeys("drafter", `10.3.${i}.1`), now);
      expect(checkAttempt(store, fresh, now, false)?.retryAfterMs).toBeLessThanOrEqual(ACCOUNT_SPACING_MS);
      expect(checkAttempt(store, fresh, now, true)).toBeNull();
    }
  });

  it("says how long to wait and what to do, in Chinese", () => {
    expect(refusalMessage({ scope: "pair", retryAfterMs: 61_000 })).toBe("这个账号的登录失败次数过多，为保护账号安全已暂停登录，请于 2 分钟后再试。如忘记密码，请联系管理员重置。");
    expect(refusalMessage({ scope: "account", retryAfterMs: 5_000 })).toContain("请于 1 分钟后再试");
  });
});

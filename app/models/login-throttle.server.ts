/**
 * Sign-in throttling on the server (the rules: app/domain/login-throttle.ts): the counters in
 * memory (bounded; they protect the running process, and a restart is not the attacker's to
 * make), the client's address from the server's load context, the device cookie that lets an
 * account's owner through an attack on the account, and the audit rows ("auth.throttled") of
 * every lock when it starts.
 */
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { users } from "~/db/schema";
import { type Counter, type Refusal, type ThrottleStore, checkAttempt, recordFailure, recordSuccess, refusalMessage, throttleKeys } from "~/domain/login-throttle";
import { appendAudit } from "./audit.server";

const MAX_KEYS = 50_000;
const DEVICE_DAYS = 180;
const DEVICE_ACCOUNTS = 5;

class MemoryStore implements ThrottleStore {
  private readonly map = new Map<string, Counter>();
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: Counter) {
    this.map.delete(key);
    if (this.map.size >= MAX_KEYS) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, value);
  }
  delete(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
}

const store = new MemoryStore();

/** Tests: forget every counter. */
export function resetLoginThrottle(): void {
  store.clear();
}

let deviceCookie: ReturnType<typeof createCookie> | undefined;
function device() {
  deviceCookie ??= createCookie("__jiedu_device", {
    httpOnly: true,
    sameSite: "lax",
    path: "/login",
    secure: process.env.COOKIE_SECURE === "1",
    secrets: [getConfig().SESSION_SECRET],
    maxAge: DEVICE_DAYS * 24 * 3600,
  });
  return deviceCookie;
}

async function knownAccounts(request: Request): Promise<string[]> {
  const value: unknown = await device().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The client's address: what the server put in the load context (server.mjs), else "unknown". */
export function clientAddress(context: unknown): string {
  if (typeof context === "object" && context !== null && "clientAddress" in context && typeof context.clientAddress === "string" && context.clientAddress) {
    return context.clientAddress.slice(0, 64);
  }
  return "unknown";
}

export type SignInGuard = { username: string; address: string; knownDevice: boolean };

/** Before the password is checked: null to go ahead, or the Chinese refusal and seconds to wait. */
export async function guardSignIn(request: Request, username: string, address: string): Promise<{ guard: SignInGuard; refused: { message: string; retryAfterSeconds: number } | null }> {
  const account = username.trim().toLowerCase();
  const knownDevice = (await knownAccounts(request)).includes(account);
  const guard = { username: account, address, knownDevice };
  const refusal = checkAttempt(store, throttleKeys(account, address), Date.now(), knownDevice);
  return { guard, refused: refusal ? { message: refusalMessage(refusal), retryAfterSeconds: Math.ceil(refusal.retryAfterMs / 1000) } : null };
}

function audit(guard: SignInGuard, refusal: Refusal): void {
  const db = getDb();
  const actor = db.select({ id: users.id }).from(users).where(eq(users.username, guard.username)).get();
  appendAudit(db, {
    actorId: actor?.id ?? null,
    action: "auth.throttled",
    reason: refusalMessage(refusal),
    details: { username: guard.username, address: guard.address, scope: refusal.scope, seconds: Math.ceil(refusal.retryAfterMs / 1000) },
  });
}

/** A wrong password: counted; a lock that starts now is audited. */
export function signInFailed(guard: SignInGuard): void {
  for (const started of recordFailure(store, throttleKeys(guard.username, guard.address), Date.now())) audit(guard, started);
}

/** A good password: the pair's failures are forgotten; returns the device cookie to set. */
export async function signInSucceeded(request: Request, guard: SignInGuard): Promise<string> {
  recordSuccess(store, throttleKeys(guard.username, guard.address));
  const accounts = [guard.username, ...(await knownAccounts(request)).filter((a) => a !== guard.username)].slice(0, DEVICE_ACCOUNTS);
  return device().serialize(accounts);
}

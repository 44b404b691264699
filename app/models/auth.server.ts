/**
 * Sign-in, sessions and the request guards every route uses.
 * The cookie is signed (httpOnly, SameSite=Lax) and holds only a random session id; the session
 * row in SQLite is the truth, so sign-out and expiry are enforced server-side and a tampered
 * cookie simply reads as "not signed in".
 */
import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { and, eq, gt } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { departments, gateAssignments, sessions, users } from "~/db/schema";
import { type Action, type Actor, can, type Resource } from "~/domain/permissions";
import { safeRedirect } from "~/domain/safe-redirect";
import { verifyPassword } from "./password.server";
import { invariantResponse } from "./invariant.server";

const SESSION_DAYS = 7;
const SESSION_KEY = "sid";

type SessionData = { sid: string };
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;
function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: "__jiedu",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // The demo runs on plain http://localhost; set COOKIE_SECURE=1 behind HTTPS.
      secure: process.env.COOKIE_SECURE === "1",
      secrets: [getConfig().SESSION_SECRET],
      maxAge: SESSION_DAYS * 24 * 3600,
    },
  });
  return storage;
}

export type SessionUser = Actor & {
  username: string;
  displayName: string;
  departmentName: string;
};

export async function authenticate(username: string, password: string): Promise<SessionUser | null> {
  const db = getDb();
  const row = db.select().from(users).where(eq(users.username, username.trim())).get();
  // Verify against a dummy hash when the user is unknown so timing does not reveal usernames.
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) return null;
  return loadUser(row.id);
}

const DUMMY_HASH =
  "scrypt$32768$8$1$ahGtjk/rK/KicG5Z8gYl9w==$/OipaAzq/AWPvtA29lkeU/fbIuzaCcf49v4AY5Xa8WQ=";

export function loadUser(userId: number): SessionUser | null {
  const db = getDb();
  const row = db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      departmentId: users.departmentId,
      active: users.active,
      departmentName: departments.name,
      openGovOffice: departments.isOpenGovOffice,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId))
    .get();
  if (!row?.active) return null;
  const gates = db
    .select({ departmentId: gateAssignments.departmentId, gate: gateAssignments.gate })
    .from(gateAssignments)
    .where(eq(gateAssignments.reviewerId, userId))
    .all();
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    openGovOffice: row.openGovOffice,
    gateAssignments: gates,
  };
}

export async function createUserSession(userId: number, redirectTo: string): Promise<Response> {
  const db = getDb();
  const id = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000).toISOString();
  db.insert(sessions).values({ id, userId, expiresAt }).run();
  const session = await sessionStorage().getSession();
  session.set(SESSION_KEY, id);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await sessionStorage().commitSession(session) },
  });
}

async function sessionIdFrom(request: Request): Promise<string | null> {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const sid = session.get(SESSION_KEY);
  return typeof sid === "string" ? sid : null;
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const sid = await sessionIdFrom(request);
  if (!sid) return null;
  const row = getDb()
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, sid), gt(sessions.expiresAt, new Date().toISOString())))
    .get();
  return row ? loadUser(row.userId) : null;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/**
 * The guard for every protected loader/action. Denied → 403 with the Chinese reason; callers that
 * must not reveal a resource's existence (another department's draft) use `notFoundUnless`.
 */
export async function requirePermission(request: Request, action: Action, resource: Resource = null): Promise<SessionUser> {
  const user = await requireUser(request);
  assertPermission(user, action, resource);
  return user;
}

export function assertPermission(user: Actor, action: Action, resource: Resource = null): void {
  const decision = can(user, action, resource);
  invariantResponse(decision.ok, decision.ok ? null : decision.reason, { status: 403, statusText: "Forbidden" });
}

/** Viewing someone else's draft answers 404, so ids of other departments' drafts leak nothing. */
export function notFoundUnless(user: Actor, action: Action, resource: Resource): void {
  if (!can(user, action, resource).ok) throw notFound();
}

export function notFound(message = "没有找到这个页面或文件，它可能已被删除，或您无权查看。"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export async function destroyUserSession(request: Request): Promise<Response> {
  const sid = await sessionIdFrom(request);
  if (sid) getDb().delete(sessions).where(eq(sessions.id, sid)).run();
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}

/** Only same-site paths; anything else goes to the workbench (app/domain/safe-redirect.ts). */
export { safeRedirect };

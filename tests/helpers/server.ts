/**
 * The built app on a free loopback port, for end-to-end tests. The build is made once per run
 * (guarded by a lock directory, since two vitest workers may ask at the same time) and the server
 * (node server.mjs, the production server) is started directly — not through npx — so killing
 * it really stops it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

function isStale(): boolean {
  const server = join(root, "build/server/index.js");
  if (!existsSync(server)) return true;
  const built = statSync(server).mtimeMs;
  return ["app", "templates", "public"].some((d) => existsSync(join(root, d)) && newest(join(root, d)) > built);
}

export async function ensureBuild(): Promise<void> {
  const lock = join(root, "tests/.artifacts/build.lock");
  mkdirSync(join(root, "tests/.artifacts"), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (isStale()) {
      const r = spawnSync(join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export type RunningServer = { url: string; pid: number; stop: () => Promise<void>; output: () => string };

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  await ensureBuild();
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [join(root, "server.mjs")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    output: () => output,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

/** Signs `username` (demo password) in through POST /login of a running server; the session cookie. */
export async function signInCookie(serverUrl: string, username: string, password = "jiedu2026"): Promise<string> {
  const res = await fetch(`${serverUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: serverUrl },
    body: new URLSearchParams({ username, password, redirectTo: "/app" }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`sign-in of ${username} failed: HTTP ${res.status}`);
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

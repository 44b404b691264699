/**
 * Render browsers never outlive their owner (issue 18 F7), with real Chromium processes:
 *   - kill -9 of the production server ends the browsers it had started (evidence PDF → the
 *     shared pool's browsers), helpers included;
 *   - kill -9 of a `jiedu render` in the middle of rendering ends its browsers too;
 *   - a stale marked browser whose owner is gone (left by an older version) is reaped at start-up,
 *     and a browser whose owner lives is left alone.
 * And `jiedu render` with a hostile chart expression (F10) prints the field path, not a stack.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OWNER_FLAG, reapOrphanedBrowsers } from "~/render/browser-process.server";
import { requireBrowserPath } from "~/render/browser-path";
import { createSeededTestDb } from "../helpers/db";
import { signInCookie, startServer } from "../helpers/server";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "jiedu-browser-lifetime-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Proc = { pid: number; ppid: number; state: string; start: string; cmdline: string };
function processes(): Proc[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .flatMap((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return [{ pid: Number(n), ppid: Number(f[1]), state: f[0], start: f[19], cmdline: readFileSync(`/proc/${n}/cmdline`, "utf8").replace(/\0/g, " ") }];
      } catch {
        return [];
      }
    });
}
const alive = (pid: number) => processes().some((p) => p.pid === pid && p.state !== "Z");
/** The marked browsers of `owner` and all their descendants. */
function browserTree(owner: number): number[] {
  const all = processes();
  const roots = all.filter((p) => p.cmdline.includes(`${OWNER_FLAG}${owner}-`)).map((p) => p.pid);
  const out = [...roots];
  for (let i = 0; i < out.length; i++) for (const p of all) if (p.ppid === out[i] && !out.includes(p.pid)) out.push(p.pid);
  return out;
}
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe("render browsers die with their owner", () => {
  it("kill -9 of the server ends its render browsers", async () => {
    const t = await createSeededTestDb();
    try {
      t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      const server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: "lifetime-secret-0123456789", JIEDU_EXPORT_WORKER: "0", EXPORTS_DIR: join(scratch, "exports") });
      const cookie = await signInCookie(server.url, "admin");
      const id = t.db.$client.prepare("select id from documents where status = 'published' order by id limit 1").pluck().get();
      const evidence = await fetch(`${server.url}/app/documents/${id}/evidence`, { headers: { Cookie: cookie } });
      expect(evidence.status).toBe(200);
      await evidence.arrayBuffer();
      // the shared pool stays warm for a minute: its browsers are running now
      const tree = browserTree(server.pid);
      expect(tree.length).toBeGreaterThan(2);
      process.kill(server.pid, "SIGKILL");
      expect(await until(() => tree.every((pid) => !alive(pid)), 15_000), `still running: ${tree.filter(alive).join(", ")}`).toBe(true);
    } finally {
      t.cleanup();
    }
  }, 120_000);

  it("kill -9 of `jiedu render` mid-render ends its browsers", async () => {
    const cli: ChildProcess = spawn(process.execPath, [join(root, "bin/jiedu.js"), "render", join(root, "tests/fixtures/packages/xihaian.json"), "--out", join(scratch, "render-out"), "--browsers", "2"], {
      cwd: root,
      stdio: "ignore",
    });
    const pid = cli.pid ?? 0;
    expect(await until(() => browserTree(pid).length > 2, 60_000)).toBe(true);
    const tree = browserTree(pid);
    process.kill(pid, "SIGKILL");
    expect(await until(() => tree.every((p) => !alive(p)), 15_000), `still running: ${tree.filter(alive).join(", ")}`).toBe(true);
  }, 120_000);

  it("a stale marked browser whose owner is gone is reaped; one whose owner lives is not", async () => {
    // an owner that has exited
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const ownerPid = owner.pid ?? 0;
    const ownerStart = processes().find((p) => p.pid === ownerPid)?.start ?? "0";
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    const chromium = await requireBrowserPath();
    const start = (mark: string, dir: string) =>
      spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", `--user-data-dir=${dir}`, "--remote-debugging-port=0", mark, "about:blank"], { detached: true, stdio: "ignore" });
    const stale = start(`${OWNER_FLAG}${ownerPid}-${ownerStart}`, mkdtempSync(join(scratch, "stale-")));
    const mine = start(`${OWNER_FLAG}${process.pid}-${processes().find((p) => p.pid === process.pid)?.start}`, mkdtempSync(join(scratch, "mine-")));
    try {
      expect(await until(() => alive(stale.pid ?? 0) && alive(mine.pid ?? 0), 10_000)).toBe(true);
      const reaped = reapOrphanedBrowsers();
      expect(reaped).toContain(stale.pid);
      expect(reaped).not.toContain(mine.pid);
      expect(await until(() => !alive(stale.pid ?? 0), 10_000)).toBe(true);
      expect(alive(mine.pid ?? 0)).toBe(true);
    } finally {
      for (const pid of browserTree(process.pid)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    }
  }, 60_000);
});

describe("jiedu render with a hostile chart expression", () => {
  it("names the field and prints no stack trace", () => {
    const pkg = JSON.parse(readFileSync(join(root, "tests/fixtures/packages/xihaian.json"), "utf8"));
    const chart = pkg.charts[0];
    chart.spec = {
      data: { values: chart.data },
      transform: [{ calculate: 'constructor.constructor("return process")()', as: "x" }],
      mark: "bar",
      encoding: { x: { field: "label", type: "nominal" }, y: { field: "value", type: "quantitative" } },
    };
    const file = join(scratch, "hostile.json");
    writeFileSync(file, JSON.stringify(pkg));
    const r = spawnSync(process.execPath, [join(root, "bin/jiedu.js"), "render", file, "--out", join(scratch, "hostile-out"), "--channels", "web"], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("charts[0].spec.transform[0].calculate：图表表达式");
    expect(r.stderr).toContain("请修改解读包后重试。");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

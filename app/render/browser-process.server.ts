/**
 * The lifetime of the Chromium processes the app starts (issue 18 F7). Every render browser is
 * launched (browser.server.ts) so that it cannot outlive the process that started it:
 *
 *   - pipe, not a port: puppeteer talks to it over inherited pipes (`pipe: true`); when the
 *     parent dies — even by kill -9 — the pipes close and Chromium exits with them;
 *   - an owner mark on its command line, `--jiedu-render-owner=<pid>-<start time>`, so a browser
 *     left behind anyway (launched by an older version, or a parent that hung) is recognisable:
 *     `reapOrphanedBrowsers()` at server start-up ends every marked browser whose owner is gone
 *     (pid and start time together, so a reused pid is not mistaken for the owner), with its
 *     child processes;
 *   - a lower CPU priority (nice 10) for the browser and its helpers, so rendering yields to the
 *     web server's requests on a busy machine.
 * Linux only (/proc); elsewhere the marks are written and the rest is skipped.
 */
import { readFileSync, readdirSync } from "node:fs";
import { setPriority } from "node:os";

export const OWNER_FLAG = "--jiedu-render-owner=";
const RENDER_NICE = 10;

type Proc = { pid: number; ppid: number; start: string; cmdline: string };

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name may contain spaces and parentheses: fields start after the last ")"
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? "", cmdline };
  } catch {
    return null;
  }
}

function allProcesses(): Proc[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  return names.filter((n) => /^\d+$/.test(n)).flatMap((n) => readProc(Number(n)) ?? []);
}

/** This process's mark: pid and start time (clock ticks after boot), or the pid alone off Linux. */
export function ownerMark(pid: number = process.pid): string {
  const self = readProc(pid);
  return `${OWNER_FLAG}${pid}-${self?.start ?? "0"}`;
}

function ownerOf(cmdline: string): { pid: number; start: string } | null {
  const m = /--jiedu-render-owner=(\d+)-(\d+)/.exec(cmdline);
  return m ? { pid: Number(m[1]), start: m[2] } : null;
}

function descendants(root: number, all: Proc[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() ?? 0;
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/**
 * Ends render browsers whose owner process is gone, and their helpers. Returns the pids it
 * signalled. Only processes carrying the owner mark are ever considered.
 */
export function reapOrphanedBrowsers(): number[] {
  const all = allProcesses();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const reaped: number[] = [];
  for (const p of all) {
    const owner = ownerOf(p.cmdline);
    if (!owner || !/chrom/i.test(p.cmdline)) continue;
    // a helper process inherits nothing of the mark; only the browser process carries it
    const alive = byPid.get(owner.pid);
    if (alive && alive.start === owner.start) continue;
    for (const pid of [p.pid, ...descendants(p.pid, all)]) {
      try {
        process.kill(pid, "SIGKILL");
        reaped.push(pid);
      } catch {
        // already gone
      }
    }
  }
  return reaped;
}

/** Lowers the CPU priority of a browser and the helpers it has started so far (nice 10). */
export function deprioritize(browserPid: number | undefined): void {
  if (!browserPid) return;
  for (const pid of [browserPid, ...descendants(browserPid, allProcesses())]) {
    try {
      setPriority(pid, RENDER_NICE);
    } catch {
      // not permitted or gone: rendering still works at normal priority
    }
  }
}

/**
 * The server process's one BrowserPool (RENDER_POOL_SIZE browsers), shared by everything that
 * needs Chromium in the web server: the background image-export worker and the evidence pack's
 * PDF. Bounded by construction — six evidence downloads in parallel queue for the pool's
 * browsers instead of launching six more.
 *
 *   withSharedPool(job)   lease: job gets a lazy getter (the first call launches the pool); while
 *                         any lease is held the pool stays; after the last one, a quiet minute
 *                         closes it
 *   closeSharedPool()     now (shutdown, tests)
 *
 * A failed launch (no Chromium) is not kept: the next lease tries again, and the caller gets the
 * BrowserMissingError to turn into its own message.
 */
import { getConfig } from "~/config.server";
import type { BrowserPool } from "./browser.server";

const DEFAULT_IDLE_MS = 60_000;

type State = {
  pool: Promise<BrowserPool> | null;
  leases: number;
  idleTimer: NodeJS.Timeout | null;
  idleMs: number;
  size: number | null;
  signalsHooked: boolean;
};

const state: State = { pool: null, leases: 0, idleTimer: null, idleMs: DEFAULT_IDLE_MS, size: null, signalsHooked: false };

/** Pool size and idle time (the export worker sets them from its options; default RENDER_POOL_SIZE, a minute). */
export function configureSharedPool(options: { size?: number; idleMs?: number }): void {
  if (options.size !== undefined) state.size = options.size;
  if (options.idleMs !== undefined) state.idleMs = options.idleMs;
}

function warm(): Promise<BrowserPool> {
  if (!state.pool) {
    const size = state.size ?? getConfig().RENDER_POOL_SIZE;
    // puppeteer is loaded on first use, not with every process that imports this module
    const pending = import("./browser.server").then(({ BrowserPool }) => BrowserPool.create({ size }));
    pending.catch(() => {
      if (state.pool === pending) state.pool = null;
    });
    state.pool = pending;
    if (!state.signalsHooked) {
      state.signalsHooked = true;
      for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void closeSharedPool());
    }
  }
  return state.pool;
}

/** Runs `job` holding a lease on the shared pool; `pool()` launches it on first use. */
export async function withSharedPool<T>(job: (pool: () => Promise<BrowserPool>) => Promise<T>): Promise<T> {
  state.leases += 1;
  if (state.idleTimer) clearTimeout(state.idleTimer);
  state.idleTimer = null;
  try {
    return await job(warm);
  } finally {
    state.leases -= 1;
    if (state.leases === 0 && state.pool) {
      state.idleTimer = setTimeout(() => void closeSharedPool(), state.idleMs);
      state.idleTimer.unref();
    }
  }
}

/** Closes the pool's browsers now; a later lease launches a new pool. */
export async function closeSharedPool(): Promise<void> {
  if (state.idleTimer) clearTimeout(state.idleTimer);
  state.idleTimer = null;
  const pending = state.pool;
  state.pool = null;
  const pool = await pending?.catch(() => null);
  await pool?.close();
}

/** Whether the shared pool currently holds (or is launching) browsers. */
export function sharedPoolOpen(): boolean {
  return state.pool !== null;
}

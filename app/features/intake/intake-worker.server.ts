/**
 * Reading uploads off the main event loop: one worker thread (intake-worker-thread.ts, run by
 * tsx through intake-worker-boot.mjs) extracts the text of an uploaded file and analyses it, or
 * analyses pasted text, while the server keeps answering other requests.
 *
 * Bounds, so no upload can take the server down:
 *   - one job at a time, at most MAX_WAITING more waiting (then "busy", 503-style message);
 *   - a time limit per job: past it the thread is terminated (its work dies with it) and the
 *     officer is told the file could not be read in time;
 *   - a heap limit on the thread (resourceLimits): a file whose parse would need more memory
 *     ends the thread (ERR_WORKER_OUT_OF_MEMORY) instead of growing the process;
 *   - the .docx limits inside extractText (declared/actual sizes, nesting depth).
 * A crashed or terminated thread is replaced by the next job; an idle one exits after a while.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Analysis } from "~/domain/analysis/types";
import { IntakeError, type IntakeErrorCode } from "~/domain/intake/errors";
import type { ExtractedText } from "~/domain/intake/extract-text.server";

export type IntakeJob =
  | { id: number; kind: "file"; bytes: ArrayBuffer; name: string; maxBytes: number; maxChars: number }
  | { id: number; kind: "text"; text: string; name: string; maxChars: number | null };

export type IntakeReply =
  | { id: number; ok: true; text: string; extracted: Omit<ExtractedText, "text"> | null; analysis: Analysis }
  | { id: number; ok: false; code: IntakeErrorCode | null; message: string };

export type AnalyzedSource = { text: string; extracted: Omit<ExtractedText, "text"> | null; analysis: Analysis };

export const INTAKE_TIME_LIMIT_MS = 30_000;
const MAX_WAITING = 8;
const IDLE_EXIT_MS = 30_000;
/** The thread's heap: enough for a document at the length limit, read in slices. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

function locate(file: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // beside this module (sources, tests) or in app/features/intake from the server build (build/server)
  const candidates = [resolve(here, file), resolve(here, "../../app/features/intake", file), resolve(process.cwd(), "app/features/intake", file)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`intake worker file ${file} not found`);
  return found;
}

function tsconfigPath(): string {
  const boot = locate("intake-worker-boot.mjs");
  return resolve(dirname(boot), "../../../tsconfig.json");
}

type Pending = { job: IntakeJob; transfer: ArrayBuffer[]; timeLimitMs: number; resolve: (r: AnalyzedSource) => void; reject: (e: unknown) => void };

const state: { worker: Worker | null; ready: Promise<void> | null; running: Pending | null; queue: Pending[]; nextId: number; idle: NodeJS.Timeout | null } = {
  worker: null,
  ready: null,
  running: null,
  queue: [],
  nextId: 1,
  idle: null,
};

function startWorker(): { worker: Worker; ready: Promise<void> } {
  const worker = new Worker(locate("intake-worker-boot.mjs"), {
    workerData: { tsconfig: tsconfigPath(), entry: pathToFileURL(locate("intake-worker-thread.ts")).href },
    resourceLimits: RESOURCE_LIMITS,
    stdout: false,
    stderr: false,
  });
  worker.unref();
  const ready = new Promise<void>((ok, fail) => {
    const onMessage = (m: unknown) => {
      if (typeof m === "object" && m !== null && "ready" in m) {
        worker.off("message", onMessage);
        ok();
      }
    };
    worker.on("message", onMessage);
    worker.once("error", fail);
    worker.once("exit", () => fail(new Error("intake worker exited while starting")));
  });
  ready.catch(() => {});
  return { worker, ready };
}

function stopWorker(): void {
  const w = state.worker;
  state.worker = null;
  state.ready = null;
  if (w) void w.terminate().catch(() => {});
}

const messages = {
  timeout: (name: string, ms: number) => `“${name}”在 ${Math.max(1, Math.round(ms / 1000))} 秒内没有读取完（文件过大或结构过于复杂），已停止读取。请在 Word 中另存为新的 .docx、拆分文件，或直接粘贴正文后再试。`,
  memory: (name: string) => `“${name}”的内容过于复杂，超出读取时可用的内存，已停止读取。请拆分文件，或直接粘贴正文后再试。`,
  crash: (name: string) => `读取“${name}”时出错，请重新上传；如仍失败，请直接粘贴正文。`,
  busy: "正在读取的文件较多，请稍等片刻后再上传。",
};

async function runNext(): Promise<void> {
  if (state.running || state.queue.length === 0) return;
  const pending = state.queue.shift();
  if (!pending) return;
  state.running = pending;
  if (state.idle) clearTimeout(state.idle);
  state.idle = null;
  const { job } = pending;
  const settle = (outcome: { ok: true; value: AnalyzedSource } | { ok: false; error: unknown }) => {
    if (state.running !== pending) return;
    state.running = null;
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
    if (state.queue.length > 0) void runNext();
    else if (state.worker) {
      state.idle = setTimeout(stopWorker, IDLE_EXIT_MS);
      state.idle.unref();
    }
  };
  try {
    if (!state.worker) {
      const started = startWorker();
      state.worker = started.worker;
      state.ready = started.ready;
    }
    const worker = state.worker;
    const dropWorker = () => {
      if (state.worker === worker) stopWorker();
    };
    const timer = setTimeout(() => {
      cleanup();
      dropWorker();
      settle({ ok: false, error: new IntakeError("timeout", messages.timeout(job.name, pending.timeLimitMs)) });
    }, pending.timeLimitMs);
    const cleanup = () => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (reply: IntakeReply) => {
      if (typeof reply !== "object" || reply === null || !("id" in reply) || reply.id !== job.id) return;
      cleanup();
      if (reply.ok) settle({ ok: true, value: { text: reply.text, extracted: reply.extracted, analysis: reply.analysis } });
      else settle({ ok: false, error: reply.code ? new IntakeError(reply.code, reply.message) : new IntakeError("corrupt_docx", messages.crash(job.name)) });
    };
    const onError = (error: unknown) => {
      cleanup();
      dropWorker();
      const oom = typeof error === "object" && error !== null && "code" in error && error.code === "ERR_WORKER_OUT_OF_MEMORY";
      settle({ ok: false, error: new IntakeError(oom ? "too_complex" : "corrupt_docx", oom ? messages.memory(job.name) : messages.crash(job.name)) });
    };
    const onExit = () => {
      cleanup();
      dropWorker();
      settle({ ok: false, error: new IntakeError("corrupt_docx", messages.crash(job.name)) });
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    await state.ready;
    if (state.running === pending) worker.postMessage(job, pending.transfer);
  } catch (error) {
    stopWorker();
    settle({ ok: false, error });
  }
}

function enqueue(job: IntakeJob, transfer: ArrayBuffer[], timeLimitMs: number): Promise<AnalyzedSource> {
  if (state.queue.length >= MAX_WAITING) return Promise.reject(new IntakeError("busy", messages.busy));
  return new Promise((resolve, reject) => {
    state.queue.push({ job, transfer, timeLimitMs, resolve, reject });
    void runNext();
  });
}

/** An uploaded file → its text (line endings unified, length checked) and analysis, in the worker. */
export function analyzeUploadInWorker(
  file: { bytes: Uint8Array; name: string },
  options: { maxBytes: number; maxChars: number; timeLimitMs?: number },
): Promise<AnalyzedSource> {
  // a copy the thread owns (transferred, not cloned)
  const bytes = new Uint8Array(file.bytes.byteLength);
  bytes.set(file.bytes);
  const job: IntakeJob = { id: state.nextId++, kind: "file", bytes: bytes.buffer, name: file.name || "上传的文件", maxBytes: options.maxBytes, maxChars: options.maxChars };
  return enqueue(job, [bytes.buffer], options.timeLimitMs ?? INTAKE_TIME_LIMIT_MS);
}

/** Text (pasted, or carried from the review screen) → its analysis, in the worker; `maxChars` null: no length check. */
export async function analyzeTextInWorker(text: string, options: { name: string; maxChars: number | null; timeLimitMs?: number }): Promise<AnalyzedSource> {
  const job: IntakeJob = { id: state.nextId++, kind: "text", text, name: options.name, maxChars: options.maxChars };
  return enqueue(job, [], options.timeLimitMs ?? INTAKE_TIME_LIMIT_MS);
}

/** Ends the worker thread now (tests; a later job starts a new one). */
export function stopIntakeWorker(): void {
  if (state.idle) clearTimeout(state.idle);
  state.idle = null;
  stopWorker();
}

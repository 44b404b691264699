/**
 * The intake worker thread: uploaded bytes (or pasted text) → extracted text → analysis, off the
 * server's event loop. Runs under tsx (intake-worker-boot.mjs); one request at a time; replies
 * with plain data (structured clone). Errors the officer should see are IntakeErrors, passed
 * back as { code, message }; anything else is reported as a crash.
 */
import { parentPort } from "node:worker_threads";
import { analyzeDocument } from "~/domain/analysis";
import { textTooLong } from "~/domain/intake/errors";
import { IntakeError, extractText } from "~/domain/intake/extract-text.server";
import { normalizeLineEndings } from "~/domain/intake/review";
import type { IntakeJob, IntakeReply } from "./intake-worker.server";

const port = parentPort;
if (!port) throw new Error("intake-worker-thread runs in a worker thread only");

async function handle(job: IntakeJob): Promise<IntakeReply> {
  if (job.kind === "file") {
    const { text: raw, ...extracted } = await extractText(new Uint8Array(job.bytes), job.name, { maxBytes: job.maxBytes });
    const text = normalizeLineEndings(raw);
    if (text.length > job.maxChars) throw textTooLong(job.name, text.length, job.maxChars);
    return { id: job.id, ok: true, text, extracted, analysis: analyzeDocument(text) };
  }
  const text = normalizeLineEndings(job.text);
  if (job.maxChars !== null && text.length > job.maxChars) throw textTooLong(job.name, text.length, job.maxChars);
  return { id: job.id, ok: true, text, extracted: null, analysis: analyzeDocument(text) };
}

port.on("message", async (job: IntakeJob) => {
  let reply: IntakeReply;
  try {
    reply = await handle(job);
  } catch (error) {
    reply =
      error instanceof IntakeError
        ? { id: job.id, ok: false, code: error.code, message: error.message }
        : { id: job.id, ok: false, code: null, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });

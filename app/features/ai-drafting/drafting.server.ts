/**
 * A drafting run: the package's first draft (or the tasks asked for) from the department's
 * model, each suggestion verified against the document before anyone sees it.
 *
 *   for each task (plan, the seven sections, Q&A, key figures, charts, 图解):
 *     skip when there is nothing to draft (no charts anywhere …)
 *     take a request from the user's hourly allowance
 *     build the prompt (outline + clauses retrieved for the task) → SHA-256 of what is sent
 *     stream the completion (progress events as text arrives; cancel aborts the upstream request)
 *     parse the JSON (zod) → suggestions → verify each (审校, titles, citations, 摘抄, bounds)
 *     store each (ai_suggestions) and emit it
 *   audit the run (model, endpoint, prompt hashes, outcome), earlier undecided suggestions of the
 *   same tasks are superseded.
 *
 * A task whose answer is garbage, cut or refused fails alone; an unreachable model, a rejected
 * key, or two tasks in a row failing on timeouts or overload stop the run with one message.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Db } from "~/db/client.server";
import { acceptanceState } from "~/domain/ai-drafting/acceptance";
import { type ChatMessage, buildPrompt } from "~/domain/ai-drafting/prompt";
import { extractJsonObject } from "~/domain/ai-drafting/response";
import { TASKS } from "~/domain/ai-drafting/tasks";
import { type ClientSuggestion, DRAFT_TASK_IDS, type DraftEvent, type DraftTaskId } from "~/domain/ai-drafting/types";
import { verifySuggestion } from "~/domain/ai-drafting/verify";
import type { SessionUser } from "~/models/auth.server";
import type { LlmConfig } from "./config";
import type { DraftingScope } from "./context.server";
import { LlmError, type LlmErrorCode, streamCompletion } from "./llm-client.server";
import { type ModelRateLimiter, rateLimitMessage } from "./rate-limit.server";
import { type StoredSuggestion, auditDraftRun, insertSuggestion, supersedeProposed } from "./store.server";

export type { ClientSuggestion, DraftEvent };

export function toClient(s: StoredSuggestion): ClientSuggestion {
  const state = acceptanceState(s.suggestion, s.suggestion, s.marks);
  return { id: s.id, suggestion: s.suggestion, marks: s.marks, provenance: s.provenance, acceptable: state.ok, blockedBecause: state.message };
}

/** SHA-256 (hex) of exactly what is sent: the model name and the messages. */
export function promptSha256(model: string, messages: ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify({ model, messages })).digest("hex");
}

/** Room for the outline, instructions and the answer's shape on top of the retrieved clauses. */
const PROMPT_OVERHEAD = 4_000;
const PROGRESS_EVERY_MS = 150;

const STOPPING: ReadonlySet<LlmErrorCode> = new Set(["unreachable", "auth"]);
const STRAINED: ReadonlySet<LlmErrorCode> = new Set(["timeout", "server", "rate_limited"]);

export type DraftRunInput = {
  llm: LlmConfig;
  limiter: ModelRateLimiter;
  user: SessionUser;
  scope: DraftingScope;
  /** the tasks to run; all when absent */
  tasks?: DraftTaskId[];
  signal: AbortSignal;
  emit: (event: DraftEvent) => void;
};

export async function runDraft(db: Db, input: DraftRunInput): Promise<void> {
  const { llm, scope, user, signal, emit } = input;
  const started = Date.now();
  const runId = randomUUID();
  const tasks = DRAFT_TASK_IDS.filter((t) => !input.tasks || input.tasks.includes(t));
  const endpoint = new URL(llm.endpoint).host;
  emit({ type: "run", runId, model: llm.model, endpoint, tasks: tasks.map((id) => ({ id, label: TASKS[id].label })) });

  const audit: { task: string; promptSha256: string; ok: boolean; suggestions: number; error?: string }[] = [];
  const produced: string[] = [];
  let count = 0;
  let failed = 0;
  let strained = 0;
  let fatal: string | null = null;

  for (const task of tasks) {
    if (signal.aborted) break;
    const def = TASKS[task];
    const skip = def.skipReason(scope.draft);
    if (skip) {
      emit({ type: "task-skipped", task, message: skip });
      continue;
    }
    const allowance = input.limiter.take(user.id);
    if (!allowance.ok) {
      fatal = rateLimitMessage(llm.userRequestsPerHour, allowance.retryInMs);
      break;
    }
    const prompt = buildPrompt(task, scope.draft, Math.max(1_000, llm.maxPromptChars - PROMPT_OVERHEAD));
    const sha = promptSha256(llm.model, prompt.messages);
    let chars = 0;
    let lastProgress = 0;
    const progress = (thinking: boolean) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      emit({ type: "progress", task, chars, thinking });
    };
    emit({ type: "progress", task, chars: 0, thinking: false });
    try {
      const completion = await streamCompletion(llm, {
        messages: prompt.messages,
        maxTokens: def.maxTokens,
        signal,
        onDelta: (d) => {
          chars += d.length;
          progress(false);
        },
        onActivity: () => progress(chars === 0),
      });
      strained = 0;
      const json = extractJsonObject(completion.text);
      const parsed = json.ok ? def.parse(json.value, scope.draft) : null;
      if (!json.ok || !parsed?.ok) {
        const message = !json.ok ? json.message : `模型返回的内容不符合约定的结构（${parsed && !parsed.ok ? parsed.issues : ""}），无法使用。请重试。`;
        failed++;
        audit.push({ task, promptSha256: sha, ok: false, suggestions: 0, error: message });
        emit({ type: "task-error", task, message });
        continue;
      }
      const items: ClientSuggestion[] = [];
      for (const suggestion of parsed.suggestions) {
        const marks = verifySuggestion(suggestion, scope.verify);
        const stored = await insertSuggestion(db, { packageId: scope.packageId, userId: user.id, runId, suggestion, marks, model: llm.model, endpoint, promptSha256: sha });
        items.push(toClient(stored));
      }
      count += items.length;
      produced.push(task);
      audit.push({ task, promptSha256: sha, ok: true, suggestions: items.length });
      if (items.length) emit({ type: "suggestions", task, items });
      else emit({ type: "task-skipped", task, message: "模型认为文件中没有可写的内容。" });
    } catch (error) {
      if (signal.aborted || (error instanceof LlmError && error.code === "aborted")) break;
      const e = error instanceof LlmError ? error : new LlmError("garbage", "处理模型的回答时出错，请重试。");
      failed++;
      audit.push({ task, promptSha256: sha, ok: false, suggestions: 0, error: e.message });
      if (STOPPING.has(e.code)) {
        fatal = e.message;
        break;
      }
      emit({ type: "task-error", task, message: e.message });
      if (STRAINED.has(e.code) && ++strained >= 2) {
        fatal = `${e.message}（连续两项未能完成，已停止起草其余各项。）`;
        break;
      }
    }
  }

  await supersedeProposed(db, scope.packageId, produced, runId);
  await auditDraftRun(db, { actorId: user.id, documentId: scope.documentId, packageId: scope.packageId, runId, model: llm.model, endpoint, tasks: audit, ms: Date.now() - started, cancelled: signal.aborted });
  if (fatal) emit({ type: "error", message: fatal });
  emit({ type: "done", ms: Date.now() - started, suggestions: count, failed, cancelled: signal.aborted });
}

/**
 * The resource route of AI drafting (/app/documents/:id/package/ai), POST with an intent:
 *
 *   draft   → text/event-stream: the run's events (drafting.server.ts) as they happen; closing the
 *             connection (取消 in the editor) aborts the run and the request to the model
 *   verify  → JSON: the marks of an edited suggestion and whether it may be accepted now
 *   discard → JSON: the suggestion is set aside
 *
 * The browser never talks to the model: only this server does, and only to LLM_BASE_URL.
 */
import { z } from "zod";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { acceptanceState } from "~/domain/ai-drafting/acceptance";
import { partEditsSchema, withEdits } from "~/domain/ai-drafting/schema";
import { type DraftTaskId, isDraftTaskId } from "~/domain/ai-drafting/types";
import { verifySuggestion } from "~/domain/ai-drafting/verify";
import type { SessionUser } from "~/models/auth.server";
import type { LlmConfig } from "./config";
import { draftingScope } from "./context.server";
import { type DraftEvent, runDraft } from "./drafting.server";
import { ModelRateLimiter } from "./rate-limit.server";
import { discardSuggestion, getSuggestion } from "./store.server";

export const modelLimiter = new ModelRateLimiter(() => getConfig().llm?.userRequestsPerHour ?? 0);

const HEARTBEAT_MS = 15_000;

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** The model configuration, or the 404 every AI route answers while the feature is off. */
export function requireLlm(): LlmConfig {
  const llm = getConfig().llm;
  if (!llm) throw new Response("没有配置模型服务（LLM_BASE_URL），AI 起草未启用。", { status: 404 });
  return llm;
}

function tasksOf(form: FormData): DraftTaskId[] | undefined {
  const named = form
    .getAll("task")
    .filter((t): t is string => typeof t === "string")
    .filter(isDraftTaskId);
  return named.length ? named : undefined;
}

function draftStream(user: SessionUser, documentId: number, llm: LlmConfig, tasks: DraftTaskId[] | undefined, requestSignal: AbortSignal): Response {
  if (!modelLimiter.begin(user.id)) return json({ error: "您已有一个起草任务正在进行，请等它完成或取消后再试。" }, 429);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  const encoder = new TextEncoder();
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          closed = true;
        }
      };
      const send = (event: DraftEvent) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      // a comment now and then keeps proxies from closing the connection while the model thinks
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const db = getDb();
      draftingScope(db, user, documentId)
        .then((scope) => runDraft(db, { llm, limiter: modelLimiter, user, scope, tasks, signal: abort.signal, emit: send }))
        .catch((error: unknown) => {
          const message = error instanceof Response ? "无法起草：您没有编辑这份解读材料的权限，或文件已不可编辑。" : "起草时出错，请重试。";
          if (!(error instanceof Response)) console.error(error);
          send({ type: "error", message });
          send({ type: "done", ms: 0, suggestions: 0, failed: 0, cancelled: abort.signal.aborted });
        })
        .finally(() => {
          clearInterval(heartbeat);
          modelLimiter.end(user.id);
          requestSignal.removeEventListener("abort", onAbort);
          if (!closed) {
            closed = true;
            try {
              controller.close();
            } catch {
              /* already cancelled */
            }
          }
        });
    },
    cancel() {
      closed = true;
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the production server's compression must not buffer the events
      "Cache-Control": "no-cache, no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}

const verifyInput = z.object({ suggestionId: z.coerce.number().int().positive(), edits: z.string().max(2_000_000) });

async function verifyEdited(user: SessionUser, documentId: number, form: FormData): Promise<Response> {
  const input = verifyInput.safeParse({ suggestionId: form.get("suggestionId"), edits: form.get("edits") });
  let edits: unknown = null;
  try {
    edits = input.success ? JSON.parse(input.data.edits) : null;
  } catch {
    edits = null;
  }
  const parsed = partEditsSchema.safeParse(edits);
  if (!input.success || !parsed.success) return json({ error: "提交的修改无法识别，请刷新页面后重试。" }, 400);
  const db = getDb();
  const scope = await draftingScope(db, user, documentId);
  const stored = await getSuggestion(db, scope.packageId, input.data.suggestionId);
  if (!stored) return json({ error: "没有找到这条模型建议，请刷新页面。" }, 404);
  const current = withEdits(stored.suggestion, parsed.data);
  const marks = verifySuggestion(current, scope.verify);
  const state = acceptanceState(stored.suggestion, current, marks);
  return json({ suggestionId: stored.id, marks, acceptable: state.ok, blockedBecause: state.message });
}

async function discard(user: SessionUser, documentId: number, form: FormData): Promise<Response> {
  const id = Number(form.get("suggestionId"));
  if (!Number.isInteger(id) || id <= 0) return json({ error: "提交的内容无法识别，请刷新页面后重试。" }, 400);
  const db = getDb();
  const scope = await draftingScope(db, user, documentId);
  return json({ suggestionId: id, discarded: await discardSuggestion(db, scope.packageId, id) });
}

export async function handleAiAction(request: Request, user: SessionUser, documentId: number): Promise<Response> {
  const llm = requireLlm();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "draft") {
    // the editor guard first, so a read-only package answers 403/404 before any stream opens
    await draftingScope(getDb(), user, documentId);
    return draftStream(user, documentId, llm, tasksOf(form), request.signal);
  }
  if (intent === "verify") return verifyEdited(user, documentId, form);
  if (intent === "discard") return discard(user, documentId, form);
  return json({ error: "未知的操作，请刷新页面后重试。" }, 400);
}

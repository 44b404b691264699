/**
 * The editor's side of AI drafting. Map:
 *
 *   draft(tasks)  POST intent=draft → read the server-sent events as they come: per task
 *                 progress (characters received), suggestions (already verified), skips, errors;
 *                 cancel() aborts the request (the server then aborts the one to the model)
 *   edit          the officer changes a part's text or citations → after a pause, POST
 *                 intent=verify re-checks the edited suggestion against the document (the marks
 *                 and whether it may be accepted now come back)
 *   accept(mode)  only when nothing blocks: the suggestion is applied to the editor's content
 *                 (fill / replace / append, never silently over the officer's text) and saved at
 *                 once with a claim (suggestion id, fields, edits) the server re-verifies and
 *                 records; a refused claim puts the content back as it was
 *   discard       POST intent=discard
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { acceptanceState } from "~/domain/ai-drafting/acceptance";
import { type AcceptMode, applySuggestion } from "~/domain/ai-drafting/apply";
import { type PartEdits, marksSchema, withEdits } from "~/domain/ai-drafting/schema";
import type { ClausePath, ClientSuggestion, DraftEvent, DraftTaskId, Mark } from "~/domain/ai-drafting/types";
import type { PackageContent } from "~/domain/package/content";

export type CardState = {
  item: ClientSuggestion;
  /** the officer's texts and citations; null until 修改 */
  edits: PartEdits | null;
  marks: Mark[];
  acceptable: boolean;
  blockedBecause: string | null;
  verifying: boolean;
  status: "proposed" | "saving" | "accepted" | "discarded";
  error: string | null;
};

export type TaskProgress = { id: DraftTaskId; label: string; state: "waiting" | "running" | "done" | "skipped" | "error"; chars: number; thinking: boolean; message: string | null };

export type RunState = {
  running: boolean;
  /** the tasks of the current (or last) run */
  tasks: TaskProgress[];
  message: string | null;
  summary: string | null;
};

type PendingClaim = { suggestionId: number; fields: string[]; edits: PartEdits; before: PackageContent };

const VERIFY_PAUSE_MS = 500;

function editsOf(item: ClientSuggestion): PartEdits {
  return item.suggestion.parts.map((p) => ({ key: p.key, text: p.text, ...(p.clauses ? { clauses: p.clauses } : {}) }));
}

function cardOf(item: ClientSuggestion): CardState {
  return { item, edits: null, marks: item.marks, acceptable: item.acceptable, blockedBecause: item.blockedBecause, verifying: false, status: "proposed", error: null };
}

/** The current suggestion (the model's with the officer's edits). */
export function currentSuggestion(card: CardState) {
  return card.edits ? withEdits(card.item.suggestion, card.edits) : card.item.suggestion;
}

/** Server-sent events from a fetch body: `event: x\ndata: {...}\n\n`. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (e: DraftEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (!data) continue;
      try {
        onEvent(JSON.parse(data));
      } catch {
        /* a broken event line is skipped; the run's end still arrives */
      }
    }
  }
}

async function postJson(url: string, fields: Record<string, string>): Promise<{ ok: boolean; body: Record<string, unknown> | null }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  try {
    const r = await fetch(url, { method: "POST", body: form, headers: { Accept: "application/json" } });
    const body: unknown = await r.json().catch(() => null);
    return { ok: r.ok, body: typeof body === "object" && body !== null && !Array.isArray(body) ? Object.fromEntries(Object.entries(body)) : null };
  } catch {
    return { ok: false, body: null };
  }
}

export function useAiDrafting(init: {
  url: string;
  suggestions: ClientSuggestion[];
  content: PackageContent;
  update: (fn: (c: PackageContent) => PackageContent) => void;
}) {
  const [cards, setCards] = useState<CardState[]>(() => init.suggestions.map(cardOf));
  const [run, setRun] = useState<RunState>({ running: false, tasks: [], message: null, summary: null });
  const [wantSave, setWantSave] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const pending = useRef<PendingClaim[]>([]);
  const sent = useRef<PendingClaim[]>([]);
  const verifyTimers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const contentRef = useRef(init.content);
  contentRef.current = init.content;

  const patchCard = useCallback((id: number, patch: Partial<CardState> | ((c: CardState) => Partial<CardState>)) => {
    setCards((list) => list.map((c) => (c.item.id === id ? { ...c, ...(typeof patch === "function" ? patch(c) : patch) } : c)));
  }, []);

  const patchTask = (id: DraftTaskId, patch: Partial<TaskProgress>) => setRun((r) => ({ ...r, tasks: r.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t)) }));

  const onEvent = (e: DraftEvent) => {
    switch (e.type) {
      case "run":
        setRun((r) => ({ ...r, tasks: e.tasks.map((t) => ({ ...t, state: "waiting", chars: 0, thinking: false, message: null })) }));
        break;
      case "progress":
        setRun((r) => ({
          ...r,
          tasks: r.tasks.map((t) => (t.id === e.task ? { ...t, state: "running", chars: e.chars, thinking: e.thinking } : t.state === "running" ? { ...t, state: "done" } : t)),
        }));
        break;
      case "suggestions":
        patchTask(e.task, { state: "done" });
        setCards((list) => [...list.filter((c) => c.item.suggestion.task !== e.task || c.status !== "proposed" || c.edits !== null), ...e.items.map(cardOf)]);
        break;
      case "task-skipped":
        patchTask(e.task, { state: "skipped", message: e.message });
        break;
      case "task-error":
        patchTask(e.task, { state: "error", message: e.message });
        break;
      case "error":
        setRun((r) => ({ ...r, message: e.message }));
        break;
      case "done":
        setRun((r) => ({
          ...r,
          running: false,
          tasks: r.tasks.map((t) => (t.state === "running" ? { ...t, state: e.cancelled ? "skipped" : "done", message: e.cancelled ? "已取消" : t.message } : t)),
          summary: e.cancelled ? "已取消起草，已收到的建议保留在下面。" : `起草完成：${e.suggestions} 条建议，用时 ${Math.max(1, Math.round(e.ms / 1000))} 秒${e.failed ? `，${e.failed} 项未能完成` : ""}。每条建议都已与文件核对，请逐条采纳、修改或舍弃。`,
        }));
        break;
    }
  };

  const draft = async (tasks?: DraftTaskId[]) => {
    if (run.running) return;
    const controller = new AbortController();
    abort.current = controller;
    setRun({ running: true, tasks: [], message: null, summary: null });
    const form = new FormData();
    form.set("intent", "draft");
    for (const t of tasks ?? []) form.append("task", t);
    try {
      const r = await fetch(init.url, { method: "POST", body: form, signal: controller.signal, headers: { Accept: "text/event-stream" } });
      if (!r.ok || !r.body || !(r.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) {
        const body: unknown = await r.json().catch(() => null);
        const error = typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error : null;
        setRun((s) => ({ ...s, running: false, message: error ?? (r.status === 404 ? "AI 起草未启用或文件不存在，请刷新页面。" : "无法开始起草，请稍后重试。") }));
        return;
      }
      await readEvents(r.body, onEvent);
      setRun((s) => (s.running ? { ...s, running: false, message: s.message ?? "与服务器的连接中断，已收到的建议保留在下面。请重试未完成的部分。" } : s));
    } catch {
      setRun((s) => ({
        ...s,
        running: false,
        tasks: s.tasks.map((t) => (t.state === "running" || t.state === "waiting" ? { ...t, state: "skipped", message: "已取消" } : t)),
        ...(controller.signal.aborted ? { summary: "已取消起草，已收到的建议保留在下面。" } : { message: "与服务器的连接中断，请检查网络后重试。" }),
      }));
    } finally {
      abort.current = null;
    }
  };

  const cancel = () => abort.current?.abort();

  const verifySoon = (id: number, edits: PartEdits) => {
    const timers = verifyTimers.current;
    const old = timers.get(id);
    if (old) clearTimeout(old);
    patchCard(id, { verifying: true });
    timers.set(
      id,
      setTimeout(async () => {
        timers.delete(id);
        const r = await postJson(init.url, { intent: "verify", suggestionId: String(id), edits: JSON.stringify(edits) });
        const b = r.body;
        const parsed = marksSchema.safeParse(b?.marks);
        if (!r.ok || !b || !parsed.success) {
          patchCard(id, { verifying: false, acceptable: false, error: typeof b?.error === "string" ? b.error : "核对修改时出错，请稍后再试。" });
          return;
        }
        const marks = parsed.data;
        patchCard(id, (c) => (c.edits === edits ? { verifying: false, marks, acceptable: b.acceptable === true, blockedBecause: typeof b.blockedBecause === "string" ? b.blockedBecause : null, error: null } : {}));
      }, VERIFY_PAUSE_MS),
    );
  };

  const startEdit = (id: number) => patchCard(id, (c) => ({ edits: c.edits ?? editsOf(c.item) }));

  const changePart = (id: number, key: string, patch: { text?: string; clauses?: ClausePath[] }) => {
    const card = cards.find((c) => c.item.id === id);
    if (!card) return;
    const edits = (card.edits ?? editsOf(card.item)).map((e) => (e.key === key ? { ...e, ...patch } : e));
    patchCard(id, { edits });
    verifySoon(id, edits);
  };

  const discard = async (id: number) => {
    patchCard(id, { status: "discarded" });
    const r = await postJson(init.url, { intent: "discard", suggestionId: String(id) });
    if (!r.ok) patchCard(id, { status: "proposed", error: typeof r.body?.error === "string" ? r.body.error : "舍弃未成功，请重试。" });
  };

  const accept = (id: number, mode: AcceptMode) => {
    const card = cards.find((c) => c.item.id === id);
    if (!card || card.verifying) return;
    const current = currentSuggestion(card);
    const state = acceptanceState(card.item.suggestion, current, card.marks);
    if (!state.ok) {
      patchCard(id, { error: state.message });
      return;
    }
    const before = contentRef.current;
    const applied = applySuggestion(before, current, mode);
    if (!applied.ok) {
      patchCard(id, { error: applied.message });
      return;
    }
    init.update(() => applied.content);
    pending.current.push({ suggestionId: id, fields: applied.fields, edits: card.edits ?? editsOf(card.item), before });
    patchCard(id, { status: "saving", error: null });
    setWantSave(true);
  };

  /** The claims to send with a save (the page's editor calls this as it builds the form). */
  const attach = useCallback((): Record<string, string> => {
    sent.current = [...pending.current];
    if (sent.current.length === 0) return {};
    return { aiAccepted: JSON.stringify(sent.current.map(({ suggestionId, fields, edits }) => ({ suggestionId, fields, edits }))) };
  }, []);

  /** The save's answer: claims recorded, or refused (the content goes back). */
  const saved = useCallback(
    (outcome: { ok: true } | { ok: false; aiRefused: string | null }) => {
      const claims = sent.current;
      sent.current = [];
      if (claims.length === 0) return;
      if (outcome.ok) {
        pending.current = pending.current.filter((p) => !claims.includes(p));
        setCards((list) => list.map((c) => (claims.some((p) => p.suggestionId === c.item.id) ? { ...c, status: "accepted" } : c)));
      } else if (outcome.aiRefused) {
        pending.current = pending.current.filter((p) => !claims.includes(p));
        const first = claims[0];
        if (first) init.update(() => first.before);
        const message = outcome.aiRefused;
        setCards((list) => list.map((c) => (claims.some((p) => p.suggestionId === c.item.id) ? { ...c, status: "proposed", error: message } : c)));
      }
    },
    [init.update],
  );

  useEffect(() => {
    const timers = verifyTimers.current;
    return () => {
      for (const t of timers.values()) clearTimeout(t);
      abort.current?.abort();
    };
  }, []);

  return { cards, run, draft, cancel, startEdit, changePart, discard, accept, attach, saved, wantSave, saveStarted: () => setWantSave(false) };
}

export type AiDrafting = ReturnType<typeof useAiDrafting>;

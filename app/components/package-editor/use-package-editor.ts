/**
 * Editor state and saving. The content lives in React state (the single source while editing);
 * saves go through one fetcher: autosave 2 s after the last change when the client-side
 * validation (the same zod schema as the action) passes, or at once with 保存. A conflict stops
 * autosave and keeps everything typed; the user decides what happens next.
 */
import { parseWithZod } from "@conform-to/zod";
import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { savePackageSchema } from "~/domain/forms/package-editor";
import type { PackageContent } from "~/domain/package/content";
import type { EditorFinding } from "./findings";
import { type Gate } from "~/domain/vocabulary";

export type FieldErrors = Record<string, string[] | null | undefined>;

/** 审校 of the saved draft and the gates' 退回 opinions, refreshed by every save. */
export type Feedback = {
  findings: EditorFinding[];
  counts: { error: number; warning: number; info: number; unacknowledgedWarnings: number };
  returns: { gate: Gate; opinion: string; reviewerName: string; round: number; createdAt: string }[];
};

export type SaveResponse =
  | {
      intent: "save" | "applySuggestions";
      status: "saved";
      version: number;
      summary: string;
      content?: PackageContent;
      applied?: string[];
      conflicts?: string[];
      feedback?: Feedback;
    }
  | { intent: "save" | "applySuggestions"; status: "conflict"; currentVersion: number; updatedByName: string | null; updatedAt: string }
  | { intent: "save" | "applySuggestions"; status: "invalid"; errors: FieldErrors; /** AI drafting: the accepted model text was refused (the message) */ aiRefused?: string };

export type SaveState = "saved" | "dirty" | "saving" | "invalid" | "conflict" | "error";

const AUTOSAVE_MS = 2000;

export function usePackageEditor(init: {
  packageId: number;
  version: number;
  content: PackageContent;
  editable: boolean;
  feedback: Feedback;
  /** extra fields for a save (AI drafting's accepted suggestions), and the save's outcome */
  attach?: () => Record<string, string>;
  onSaveAnswered?: (outcome: { ok: true } | { ok: false; aiRefused: string | null }) => void;
}) {
  const [content, setContent] = useState<PackageContent>(init.content);
  const [feedback, setFeedback] = useState<Feedback>(init.feedback);
  const [version, setVersion] = useState(init.version);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(init.content));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<Extract<SaveResponse, { status: "conflict" }> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [suggestionConflicts, setSuggestionConflicts] = useState<string[]>([]);
  const fetcher = useFetcher<SaveResponse>({ key: `package-save-${init.packageId}` });
  const sentJson = useRef<string | null>(null);
  const json = useMemo(() => JSON.stringify(content), [content]);

  const formFor = useCallback(
    (intent: "save" | "applySuggestions", extra: Record<string, string> = {}, atVersion = version) => {
      const form = new FormData();
      form.set("intent", intent);
      form.set("packageId", String(init.packageId));
      form.set("version", String(atVersion));
      form.set("content", json);
      for (const [k, v] of Object.entries(extra)) form.set(k, v);
      return form;
    },
    [init.packageId, json, version],
  );

  const save = useCallback(
    (mode: "auto" | "manual", atVersion = version) => {
      if (!init.editable) return;
      const form = formFor("save", { autosave: mode === "auto" ? "1" : "0" }, atVersion);
      const submission = parseWithZod(form, { schema: savePackageSchema });
      if (submission.status !== "success") {
        setErrors(submission.error ?? {});
        if (mode === "manual") setNotice("有内容需要修改，请按红色提示修改后再保存。");
        return;
      }
      setErrors({});
      if (mode === "manual") setConflict(null);
      for (const [k, v] of Object.entries(init.attach?.() ?? {})) form.set(k, v);
      sentJson.current = json;
      fetcher.submit(form, { method: "post" });
    },
    [fetcher, formFor, init.editable, init.attach, json, version],
  );

  const applySuggestions = useCallback(
    (overwrite: boolean) => {
      if (!init.editable) return;
      const form = formFor("applySuggestions", { overwrite: overwrite ? "1" : "0" });
      sentJson.current = null;
      fetcher.submit(form, { method: "post" });
    },
    [fetcher, formFor, init.editable],
  );

  // Responses.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    if (data.intent === "save") init.onSaveAnswered?.(data.status === "saved" ? { ok: true } : { ok: false, aiRefused: data.status === "invalid" ? (data.aiRefused ?? null) : null });
    if (data.status === "saved") {
      setVersion(data.version);
      if (data.feedback) setFeedback(data.feedback);
      if (data.intent === "applySuggestions" && data.content) {
        const next = JSON.stringify(data.content);
        setContent(data.content);
        setSavedJson(next);
        setSuggestionConflicts(data.conflicts ?? []);
        setNotice(data.applied?.length ? `已生成初稿：${data.applied.join("、")}。请逐项修改成通俗的解读。` : "没有可补充的初稿内容，已有内容保持不变。");
      } else if (sentJson.current) setSavedJson(sentJson.current);
      setConflict(null);
    } else if (data.status === "conflict") setConflict(data);
    else setErrors(data.errors);
  }, [fetcher.state, fetcher.data, init.onSaveAnswered]);

  // Autosave: debounced, only when idle, valid and not in conflict.
  useEffect(() => {
    if (!init.editable || conflict || json === savedJson || fetcher.state !== "idle") return;
    const timer = setTimeout(() => save("auto"), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [init.editable, conflict, json, savedJson, fetcher.state, save]);

  // Leaving with unsaved changes asks first (the browser's own prompt).
  useEffect(() => {
    const dirty = json !== savedJson;
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [json, savedJson]);

  const hasErrors = Object.values(errors).some((v) => v?.length);
  const state: SaveState = conflict
    ? "conflict"
    : fetcher.state !== "idle"
      ? "saving"
      : hasErrors
        ? "invalid"
        : json === savedJson
          ? "saved"
          : "dirty";

  const update = useCallback((fn: (draft: PackageContent) => PackageContent) => setContent((c) => fn(c)), []);

  return {
    content,
    update,
    feedback,
    version,
    errors,
    state,
    conflict,
    notice,
    setNotice,
    suggestionConflicts,
    save,
    applySuggestions,
    /** Save my content over the newer version — only after the user explicitly chose to. */
    overwriteAfterConflict: () => conflict && save("manual", conflict.currentVersion),
  };
}

/** Errors for a content path such as "qa[0].answer" (conform formats paths this way). */
export function errorsAt(errors: FieldErrors, path: string): string[] {
  return errors[`content.${path}`] ?? [];
}

/** Errors at a content path and everything inside it ("graphics[0].slots" holds "graphics[0].slots.title"). */
export function errorsWithin(errors: FieldErrors, path: string): string[] {
  const scope = `content.${path}`;
  return Object.entries(errors).flatMap(([key, list]) => (key === scope || key.startsWith(`${scope}.`) || key.startsWith(`${scope}[`) ? (list ?? []) : []));
}

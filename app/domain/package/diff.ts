/**
 * What changed between two versions of a package: a list of field-level changes (for the
 * revision summary "修改 起草背景；新增 问答 3") and a sentence-level diff of two texts (for the
 * history page). Child rows are compared by position — ids are not stable across saves.
 */
import { CHANNEL_LABELS, FORM_LABELS, type PackageContent, SECTION_KEYS, SECTION_LABELS } from "./content";
import { htmlToPlainText } from "./sanitize-html";

export type Change = { area: string; kind: "added" | "removed" | "changed"; before?: string; after?: string };

function labelFrom(table: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(table, key) ? table[key] : key;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function listChanges<T>(label: string, before: T[], after: T[], describe: (item: T) => string, key?: (item: T) => string): Change[] {
  const changes: Change[] = [];
  if (key && before.length === after.length && before.length > 1) {
    const a = before.map(key);
    const b = after.map(key);
    if (!same(a, b) && same([...a].sort(), [...b].sort())) {
      const moved = before.every((item) => after.some((other) => same(item, other)));
      if (moved) return [{ area: label, kind: "changed", before: a.join(" / "), after: `调整顺序：${b.join(" / ")}` }];
    }
  }
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const area = `${label} ${i + 1}`;
    if (i >= before.length) changes.push({ area, kind: "added", after: describe(after[i]) });
    else if (i >= after.length) changes.push({ area, kind: "removed", before: describe(before[i]) });
    else if (!same(before[i], after[i])) changes.push({ area, kind: "changed", before: describe(before[i]), after: describe(after[i]) });
  }
  return changes;
}

const stripIds = <T extends { id?: number }>(items: T[]) => items.map(({ id: _id, ...rest }) => rest);

export function diffPackageContent(before: PackageContent, after: PackageContent): Change[] {
  const changes: Change[] = [];
  const planText = (c: PackageContent) =>
    [
      `形式：${c.plan.forms.map((f) => labelFrom(FORM_LABELS, f)).join("、") || "无"}`,
      `渠道：${c.plan.channels.map((f) => labelFrom(CHANNEL_LABELS, f)).join("、") || "无"}`,
      `解读人：${c.plan.interpreterName ?? "未定"}`,
      `计划发布：${c.plan.plannedRelease ?? "未定"}`,
      c.plan.outline ? `提纲：${c.plan.outline}` : "",
    ]
      .filter(Boolean)
      .join("\n");
  if (!same(before.plan, after.plan)) changes.push({ area: "解读方案", kind: "changed", before: planText(before), after: planText(after) });
  for (const key of SECTION_KEYS) {
    const a = htmlToPlainText(before.sections[key] ?? "");
    const b = htmlToPlainText(after.sections[key] ?? "");
    if ((before.sections[key] ?? "") === (after.sections[key] ?? "")) continue;
    const area = `文字解读·${SECTION_LABELS[key]}`;
    if (!a && b) changes.push({ area, kind: "added", after: b });
    else if (a && !b) changes.push({ area, kind: "removed", before: a });
    else changes.push({ area, kind: "changed", before: a, after: b });
  }
  changes.push(
    ...listChanges("问答", stripIds(before.qa), stripIds(after.qa), (q) => `问：${q.question}\n答：${q.answer}`, (q) => q.question),
    ...listChanges("图表", stripIds(before.charts), stripIds(after.charts), (c) => `${c.title}：${c.data.map((r) => `${r.label} ${r.value}`).join("，")}`),
    ...listChanges("图解", stripIds(before.graphics), stripIds(after.graphics), (g) => `${g.templateId}：${g.altText ?? ""}`),
    ...listChanges("案例", stripIds(before.cases), stripIds(after.cases), (c) => `${c.title}\n${c.situation}\n${c.explanation}`, (c) => c.title),
    ...listChanges("媒体记录", stripIds(before.media), stripIds(after.media), (m) => [m.date, m.speaker, m.link].filter(Boolean).join(" ")),
  );
  return changes;
}

const KIND_WORDS: Record<Change["kind"], string> = { added: "新增", removed: "删除", changed: "修改" };

/** One line for the history list, at most ~200 characters. */
export function summarizeChanges(changes: Change[]): string {
  if (changes.length === 0) return "无改动";
  const parts = changes.map((c) => `${KIND_WORDS[c.kind]} ${c.area}`);
  let out = "";
  for (const [i, part] of parts.entries()) {
    const next = out ? `${out}；${part}` : part;
    if (next.length > 180) return `${out} 等 ${parts.length} 处`;
    out = next;
    if (i === parts.length - 1) return out;
  }
  return out;
}

export type DiffSegment = { op: "same" | "add" | "del"; text: string };

function sentences(text: string): string[] {
  return text.match(/[^。！？；\n]+[。！？；]?|\n/g)?.filter((s) => s !== "\n" && s.trim()) ?? [];
}

/** Sentence-level diff (LCS), readable for Chinese prose. Texts beyond 600 sentences compare whole. */
export function diffText(before: string, after: string): DiffSegment[] {
  const a = sentences(before);
  const b = sentences(after);
  if (a.length * b.length > 360_000) return [{ op: "del", text: before }, { op: "add", text: after }];
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: DiffSegment[] = [];
  const push = (op: DiffSegment["op"], text: string) => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) push("del", a[i++]);
    else push("add", b[j++]);
  }
  while (i < a.length) push("del", a[i++]);
  while (j < b.length) push("add", b[j++]);
  return out;
}

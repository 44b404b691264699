/**
 * What changed between two versions of a package: a list of field-level changes (for the
 * revision summary "修改 起草背景；修改 图表 1（数据）；新增 问答 3") and a sentence-level diff of two
 * texts (for the history page). Child rows are compared by position — ids are not stable across
 * saves — and by value, whatever the order of their keys (a row read back from the database lists
 * its columns in another order than the editor sent them); a chart's vega-lite spec is derived
 * from its data on every save and is not compared.
 */
import { type PackageContent } from "./content";
import { SCENE_KIND_LABELS } from "~/domain/video/storyboard";
import { htmlToPlainText } from "./sanitize-html";
import { CHANNEL_LABELS, FORM_LABELS, SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";

export type Change = {
  area: string;
  kind: "added" | "removed" | "changed";
  before?: string;
  after?: string;
  /** for a changed item: which of its parts changed, in Chinese ("数据", "替代文字") */
  fields?: string[];
};

function labelFrom(table: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(table, key) ? table[key] : key;
}

/** JSON with sorted keys; undefined and null are both "no value". */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** The labelled parts of two items that differ. */
function changedFields<T extends object>(before: T, after: T, labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels);
  return keys.filter((k) => !same(Reflect.get(before, k), Reflect.get(after, k))).map((k) => labels[k]);
}

type ListSpec<T> = { describe: (item: T) => string; key?: (item: T) => string; fields?: Readonly<Record<string, string>> };

function listChanges<T extends object>(label: string, before: T[], after: T[], spec: ListSpec<T>): Change[] {
  const { describe, key } = spec;
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
    else if (!same(before[i], after[i])) {
      const fields = spec.fields ? changedFields(before[i], after[i], spec.fields) : [];
      changes.push({ area, kind: "changed", before: describe(before[i]), after: describe(after[i]), ...(fields.length ? { fields } : {}) });
    }
  }
  return changes;
}

const stripIds = <T extends { id?: number }>(items: T[]) => items.map(({ id: _id, ...rest }) => rest);
const chartsForDiff = (items: PackageContent["charts"]) => items.map(({ id: _id, spec: _spec, ...rest }) => rest);

const QA_FIELDS = { question: "问题", answer: "回答", clauseRefs: "依据条款" };
const CHART_FIELDS = { type: "类型", title: "标题", subtitle: "副标题", unit: "单位", source: "数据来源", palette: "配色", data: "数据", altText: "替代文字", dataTable: "数据表" };
const FIGURE_FIELDS = { value: "数字", unit: "单位", label: "说明" };
const DEADLINE_FIELDS = { date: "日期", label: "事项" };
const GRAPHIC_FIELDS = { templateId: "模板", templateVersion: "模板版本", slots: "内容", altText: "替代文字", longDescription: "长描述" };
const CASE_FIELDS = { title: "标题", situation: "情形", explanation: "说明" };
const MEDIA_FIELDS = { kind: "类型", date: "日期", speaker: "发布人", speakerIsHead: "是否主要负责人", link: "链接", transcript: "文字实录" };

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
  const chartText = (c: ReturnType<typeof chartsForDiff>[number]) =>
    `${c.title}：${c.data.map((r) => `${r.series ? `${r.series}·` : ""}${r.label} ${r.value}`).join("，")}${c.altText ? `\n替代文字：${c.altText}` : ""}`;
  changes.push(
    ...listChanges("问答", stripIds(before.qa), stripIds(after.qa), { describe: (q) => `问：${q.question}\n答：${q.answer}`, key: (q) => q.question, fields: QA_FIELDS }),
    ...listChanges("图表", chartsForDiff(before.charts), chartsForDiff(after.charts), { describe: chartText, key: (c) => c.title, fields: CHART_FIELDS }),
    ...listChanges("关键数字", before.keyFigures, after.keyFigures, {
      describe: (k) => `${k.value}${k.unit ?? ""} ${k.label}`,
      key: (k) => `${k.value}|${k.label}`,
      fields: FIGURE_FIELDS,
    }),
    ...listChanges("时间节点", before.timeline, after.timeline, { describe: (t) => `${t.date} ${t.label}`, key: (t) => `${t.date}|${t.label}`, fields: DEADLINE_FIELDS }),
    ...listChanges("图解", stripIds(before.graphics), stripIds(after.graphics), { describe: (g) => `${g.templateId}：${g.altText ?? ""}`, fields: GRAPHIC_FIELDS }),
    ...listChanges("案例", stripIds(before.cases), stripIds(after.cases), { describe: (c) => `${c.title}\n${c.situation}\n${c.explanation}`, key: (c) => c.title, fields: CASE_FIELDS }),
    ...listChanges("媒体记录", stripIds(before.media), stripIds(after.media), {
      describe: (m) => [m.date, m.speaker, m.link, m.transcript].filter(Boolean).join(" "),
      fields: MEDIA_FIELDS,
    }),
  );
  const videoText = (c: PackageContent) =>
    (c.video?.scenes ?? []).map((s, i) => `${i + 1}. ${SCENE_KIND_LABELS[s.kind]} ${s.ref + 1} · ${s.duration} 秒${s.caption ? `：${s.caption}` : "（字幕按内容生成）"}`).join("\n") +
    (c.video?.music ? `\n背景音乐：${c.video.music.name}` : "");
  if (!same(before.video ?? null, after.video ?? null)) {
    const a = videoText(before);
    const b = videoText(after);
    changes.push(!a ? { area: "视频分镜", kind: "added", after: b } : !b ? { area: "视频分镜", kind: "removed", before: a } : { area: "视频分镜", kind: "changed", before: a, after: b });
  }
  return changes;
}

const KIND_WORDS: Record<Change["kind"], string> = { added: "新增", removed: "删除", changed: "修改" };

/** One line for the history list, at most ~200 characters. */
export function summarizeChanges(changes: Change[]): string {
  if (changes.length === 0) return "无改动";
  const parts = changes.map((c) => `${KIND_WORDS[c.kind]} ${c.area}${c.fields?.length ? `（${c.fields.join("、")}）` : ""}`);
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

/**
 * Generated stand-in text that must never be published: what the analyzer writes where the
 * document says nothing ("文件中未找到相关表述，请起草单位补充。"), the drafting note it appends to
 * an answer it copied from the document ("（草稿：请用通俗语言改写……）"), and the markers the 图解
 * starter puts into empty parts ("（待填写）"). A field that holds one is not written yet: it counts
 * as missing in the completeness rules, blocks submission and publishing, and keeps an export from
 * starting (app/domain/package/completeness.ts, package-data-export.ts).
 */
import type { PackageContent } from "./content";
import { htmlToPlainText } from "./sanitize-html";
import { SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";

/** Stands for an answer or section the document says nothing about (written by 从文件生成初稿). */
export const DRAFT_PLACEHOLDER = "文件中未找到相关表述，请起草单位补充。";

/** Appended to draft answers built from the document's own words: they must be rewritten. */
export const REWRITE_NOTE = "（草稿：请用通俗语言改写，不要照抄原文）";

/** Whether a text (plain or light HTML) still holds the analyzer's placeholder. */
export function containsDraftPlaceholder(text: string | null | undefined): boolean {
  return typeof text === "string" && text.includes(DRAFT_PLACEHOLDER);
}

/** The 图解 starter's marker for an empty part (app/domain/package/package-data-draft.ts). */
export const GRAPHIC_SLOT_PLACEHOLDER = "（待填写）";
/** The 图解 starter's stand-in question when the package has no Q&A yet. */
export const EMPTY_QA_PLACEHOLDER = "（请先在“简明问答”中添加问答）";

/** What the stand-ins look like; the match is quoted back to the officer. */
const PATTERNS: readonly RegExp[] = [
  /(?:文件中未找到相关表述，)?请起草单位补充。?/,
  /（草稿：[^）]{0,40}）/,
  /请说明具体适用对象。?/,
  /（待填写）/,
  /文号待定/,
  /（请先在“简明问答”中添加问答）/,
];

/** The placeholder text found in `text` (as written there), or null. */
export function placeholderIn(text: string | null | undefined): string | null {
  if (!text) return null;
  for (const pattern of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return m[0].trim();
  }
  return null;
}

/** `text` with every stand-in removed: what is left is what somebody (or the analyzer) really wrote. */
export function withoutPlaceholders(text: string): string {
  return PATTERNS.reduce((rest, pattern) => rest.replace(new RegExp(pattern.source, "g"), ""), text);
}

export type PlaceholderHit = {
  /** the content path, as the editor and 审校 name fields: "qa[2].answer", "sections.purpose" */
  field: string;
  /** where, in Chinese: "问答 3 的回答" */
  where: string;
  /** the placeholder as written */
  found: string;
};

function stringsIn(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => stringsIn(v, `${path}.${k}`));
  return [];
}

/** Every field of the package that still holds generated stand-in text, in reading order. */
export function placeholderHits(content: PackageContent): PlaceholderHit[] {
  const hits: PlaceholderHit[] = [];
  const check = (field: string, where: string, text: string | null | undefined) => {
    const found = placeholderIn(text);
    if (found) hits.push({ field, where, found });
  };
  for (const key of SECTION_KEYS) check(`sections.${key}`, `“${SECTION_LABELS[key]}”`, htmlToPlainText(content.sections[key] ?? ""));
  content.qa.forEach((q, i) => {
    check(`qa[${i}].question`, `问答 ${i + 1} 的问题`, q.question);
    check(`qa[${i}].answer`, `问答 ${i + 1} 的回答`, q.answer);
  });
  content.charts.forEach((c, i) => {
    const texts = [c.title, c.subtitle, c.source, c.altText, c.dataTable, ...c.data.flatMap((r) => [r.label, r.series])];
    const found = texts.map(placeholderIn).find((f) => f !== null);
    if (found) hits.push({ field: `charts[${i}]`, where: `图表 ${i + 1}`, found });
  });
  for (const [i, k] of content.keyFigures.entries()) check(`keyFigures[${i}]`, `关键数字 ${i + 1}`, `${k.value} ${k.unit ?? ""} ${k.label}`);
  for (const [i, t] of content.timeline.entries()) check(`timeline[${i}]`, `时间节点 ${i + 1}`, t.label);
  content.graphics.forEach((g, i) => {
    const found = [...stringsIn(g.slots, "").map(([, v]) => v), g.altText, g.longDescription].map(placeholderIn).find((f) => f !== null);
    if (found) hits.push({ field: `graphics[${i}]`, where: `图解 ${i + 1}`, found });
  });
  content.cases.forEach((c, i) => {
    const found = [c.title, c.situation, c.explanation].map(placeholderIn).find((f) => f !== null);
    if (found) hits.push({ field: `cases[${i}]`, where: `案例 ${i + 1}`, found });
  });
  for (const [i, m] of content.media.entries()) check(`media[${i}].transcript`, `媒体记录 ${i + 1} 的文字实录`, m.transcript);
  return hits;
}

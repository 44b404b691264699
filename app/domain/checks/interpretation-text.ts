/**
 * Builds the one "interpretation text" all 审校 rules read, from a plain text, a stored package
 * (PackageContent, sections in light HTML) or a package.json (PackageData). Fields are joined
 * with blank lines; chart rows read "label value unit" so a chart value is checked like a figure
 * in prose; HTML is reduced to its text so offsets point at what the reader sees.
 */
import { type PackageContent, type PackageSections } from "~/domain/package/content";
import type { PackageData } from "~/domain/package-data";
import type { InterpretationText, Segment } from "./types";
import { SECTION_LABELS } from "~/domain/vocabulary";

const SEPARATOR = "\n\n";

const SECTION_ORDER: (keyof PackageSections)[] = ["background", "basis", "purpose", "measures", "scope", "terms", "comparison"];

class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly segments: Segment[] = [];
  readonly images: InterpretationText["images"] = [];
  readonly channelTitles: InterpretationText["channelTitles"] = [];

  add(field: string, label: string, value: string | null | undefined): void {
    const text = (value ?? "").trim();
    if (!text) return;
    if (this.length > 0) {
      this.parts.push(SEPARATOR);
      this.length += SEPARATOR.length;
    }
    this.segments.push({ field, label, start: this.length, end: this.length + text.length });
    this.parts.push(text);
    this.length += text.length;
  }

  build(): InterpretationText {
    return { text: this.parts.join(""), segments: this.segments, images: this.images, channelTitles: this.channelTitles };
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

/** Light HTML (p, strong, em, ul/ol/li, a, br) → its visible text, one block per line. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|li|ul|ol|h[1-6]|div|section|blockquote)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function textInterpretation(text: string): InterpretationText {
  return { text, segments: [{ field: "text", label: "解读正文", start: 0, end: text.length }], images: [], channelTitles: [] };
}

function formatValue(value: number | string, unit: string | null | undefined): string {
  return `${value}${unit ?? ""}`;
}

function isoToChinese(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** Texts inside a graphic's slots; {label, value, unit} items read "label value unit" like chart rows. */
function flattenSlots(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (typeof value === "number") return [[path, String(value)]];
  if (Array.isArray(value)) return value.flatMap((v, i) => flattenSlots(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) {
    if ("label" in value && "value" in value && typeof value.label === "string" && (typeof value.value === "string" || typeof value.value === "number")) {
      const unit = "unit" in value && typeof value.unit === "string" ? value.unit : "";
      return [[path, `${value.label}${value.value}${unit}`]];
    }
    return Object.entries(value).flatMap(([k, v]) => (k === "page" || k === "pages" ? [] : flattenSlots(v, `${path}.${k}`)));
  }
  return [];
}

/** A stored package (what the editor saves and publishing freezes). */
export function packageContentInterpretation(content: PackageContent): InterpretationText {
  const b = new TextBuilder();
  const channels = new Set(content.plan.channels);
  for (const key of SECTION_ORDER) {
    const html = content.sections[key];
    if (typeof html === "string") b.add(`sections.${key}`, SECTION_LABELS[key], htmlToText(html));
  }
  content.qa.forEach((q, i) => {
    b.add(`qa[${i}].question`, `问答${i + 1}·问题`, q.question);
    b.add(`qa[${i}].answer`, `问答${i + 1}·回答`, q.answer);
  });
  content.charts.forEach((c, i) => {
    b.add(`charts[${i}].title`, `图表${i + 1}·标题`, c.title);
    b.add(`charts[${i}].subtitle`, `图表${i + 1}·副标题`, c.subtitle);
    c.data.forEach((row, r) => {
      // a timeline row is a date and what happens by then (its value is an unused 0)
      const text = c.type === "timeline" ? `${isoToChinese(row.date ?? "")}前${row.label}` : `${row.label}${formatValue(row.value, c.unit)}`;
      b.add(`charts[${i}].data[${r}]`, `图表${i + 1}·数据${r + 1}`, text);
    });
    b.images.push({ field: `charts[${i}].altText`, label: `图表${i + 1}“${c.title}”`, altText: c.altText ?? null });
    if (channels.has("xhs")) b.channelTitles.push({ channel: "xhs", field: `charts[${i}].title`, title: c.title });
  });
  // the 数说政策 cards and the timeline are printed on images: checked like figures in prose
  content.keyFigures.forEach((k, i) => {
    b.add(`keyFigures[${i}]`, `关键数字${i + 1}`, `${k.label}${k.value}${k.unit ?? ""}`);
  });
  content.timeline.forEach((t, i) => {
    b.add(`timeline[${i}]`, `时间节点${i + 1}`, `${isoToChinese(t.date)}前${t.label}`);
  });
  content.graphics.forEach((g, i) => {
    for (const [path, value] of flattenSlots(g.slots, "")) b.add(`graphics[${i}].slots${path}`, `图解${i + 1}`, value);
    b.images.push({ field: `graphics[${i}].altText`, label: `图解${i + 1}`, altText: g.altText ?? null });
    const title = g.slots.title;
    if (channels.has("xhs") && typeof title === "string") b.channelTitles.push({ channel: "xhs", field: `graphics[${i}].slots.title`, title });
  });
  content.cases.forEach((c, i) => {
    b.add(`cases[${i}].title`, `案例${i + 1}·标题`, c.title);
    b.add(`cases[${i}].situation`, `案例${i + 1}·情形`, c.situation);
    b.add(`cases[${i}].explanation`, `案例${i + 1}·说明`, c.explanation);
  });
  content.media.forEach((m, i) => {
    b.add(`media[${i}].transcript`, `音视频${i + 1}·文字稿`, m.transcript);
  });
  return b.build();
}

/** A package.json file (`jiedu check --interpretation package.json`, `jiedu render`). */
export function packageDataInterpretation(data: PackageData): InterpretationText {
  const b = new TextBuilder();
  b.add("document.title", "文件标题", `《${data.document.title}》`);
  b.add("document.docNumber", "文号", data.document.docNumber);
  const s = data.sections;
  b.add("sections.background", "起草背景", s.background);
  b.add("sections.basis", "制定依据", s.basis);
  b.add("sections.purpose", "出台目的", s.purpose);
  b.add("sections.mainContent", "主要内容", s.mainContent);
  b.add("sections.scope", "适用范围与执行时间", s.scope);
  (s.terms ?? []).forEach((t, i) => {
    b.add(`sections.terms[${i}]`, `术语${i + 1}`, `${t.term}：${t.definition}`);
  });
  (s.comparison ?? []).forEach((c, i) => {
    b.add(`sections.comparison[${i}]`, `新旧对比${i + 1}`, `${c.aspect}：原规定${c.before}；新规定${c.after}`);
  });
  data.qa.forEach((q, i) => {
    b.add(`qa[${i}].question`, `问答${i + 1}·问题`, q.question);
    b.add(`qa[${i}].answer`, `问答${i + 1}·回答`, q.answer);
  });
  data.charts.forEach((c, i) => {
    b.add(`charts[${i}].title`, `图表${i + 1}·标题`, c.title);
    b.add(`charts[${i}].subtitle`, `图表${i + 1}·副标题`, c.subtitle);
    c.data.forEach((row, r) => {
    b.add(`charts[${i}].data[${r}]`, `图表${i + 1}·数据${r + 1}`, `${row.label}${formatValue(row.value, c.unit)}`);
  });
    b.images.push({ field: `charts[${i}].altText`, label: `图表${i + 1}“${c.title}”`, altText: c.altText });
  });
  data.keyFigures.forEach((k, i) => {
    b.add(`keyFigures[${i}]`, `关键数字${i + 1}`, `${k.label}${k.value}${k.unit ?? ""}`);
  });
  data.timeline.forEach((t, i) => {
    b.add(`timeline[${i}]`, `时间节点${i + 1}`, `${isoToChinese(t.date)}前${t.label}`);
  });
  data.cases.forEach((c, i) => {
    b.add(`cases[${i}].title`, `案例${i + 1}·标题`, c.title);
    b.add(`cases[${i}].body`, `案例${i + 1}·内容`, c.body);
  });
  data.graphics.forEach((g, i) => {
    b.add(`graphics[${i}].title`, `图解${i + 1}·标题`, g.title);
    b.images.push({ field: `graphics[${i}].altText`, label: `图解${i + 1}“${g.title}”`, altText: g.altText });
    b.channelTitles.push({ channel: "xhs", field: `graphics[${i}].title`, title: g.title });
  });
  return b.build();
}

/** The field a text offset belongs to (for findings). */
export function fieldAt(segments: Segment[], offset: number): string | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s.field;
  }
  return undefined;
}

/**
 * The draft tasks: for each, what the model is asked to write (in Chinese, with the JSON shape it
 * must answer in), the zod schema its answer is read with, and how a valid answer becomes
 * suggestions for the editor. One request per task; a full first draft runs them all.
 *
 *   plan              解读方案: 提纲, forms and channels (from the lists)
 *   sections.<key>    one text section, as paragraphs, each with the clauses it rests on
 *   qa                简明问答: question + answer + clauses
 *   keyFigures        数说政策: value, unit, label, clause (the package's figures get new labels)
 *   charts            title and alt text of each chart (the data stays the document's)
 *   graphics          the text slots of each 图解
 *
 * Answers are read leniently where the model's freedom is harmless (a clause written as
 * "附件1第二部分" instead of ["附件1","二、"], a number given as 16 instead of "16") and strictly
 * where it is not (the shape, the bounds): a wrong shape is an error the officer sees, not a guess.
 */
import { z } from "zod";
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { Analysis } from "~/domain/analysis/types";
import { type PackageContent } from "~/domain/package/content";
import { CHANNEL_LABELS, FORM_LABELS, SECTION_LABELS, type SectionKey } from "~/domain/vocabulary";
import { LIMITS } from "~/domain/package/schema";
import { htmlToPlainText } from "~/domain/package/sanitize-html";
import { type ClauseUnit, clauseUnits } from "./clauses";
import { slotTexts } from "./slots";
import type { ClausePath, DraftTaskId, SuggestedChart, Suggestion, SuggestionPart } from "./types";

export type DraftDocument = { title: string; docNumber: string | null; issuer: string | null; writtenDate: string | null };

/** A 图解 to start from when the package has none yet (starter slots from the template). */
export type StarterGraphic = { templateId: string; templateName: string; templateVersion: number; slots: Record<string, unknown> };

export type DraftContext = {
  analysis: Analysis;
  /** the package as it stands when drafting starts */
  content: PackageContent;
  document: DraftDocument;
  /** names of the 图解 templates, for the prompt */
  templateNames?: Record<string, string>;
  starterGraphic?: StarterGraphic | null;
  /** computed once per context (clauseUnits) */
  units?: ClauseUnit[];
};

// ---------------------------------------------------------------------------------------------
// Clause references as the model writes them

const clauseRef = z.union([z.array(z.union([z.string(), z.number()]).transform(String)).max(8), z.string().max(200)]);
const clauseList = z.array(clauseRef).max(10).optional().default([]);

const compact = (s: string) => s.replace(/[\s\u3000]+/g, "");

/**
 * A cited clause as a path: an array as given; a string that is a path's label ("附件1第二部分第（三）项"),
 * a JSON array, or markers joined by / > | — anything else stays as written (and is marked as a
 * clause that does not exist).
 */
export function resolveClause(raw: string[] | string, units: ClauseUnit[]): ClausePath {
  if (Array.isArray(raw)) return raw.map((m) => m.trim()).filter(Boolean);
  const s = raw.trim();
  if (s.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed.map((m: string) => m.trim());
    } catch {
      /* fall through */
    }
  }
  const byLabel = units.find((u) => u.path.length && compact(u.label) === compact(s));
  if (byLabel) return byLabel.path;
  const pieces = s.split(/\s*[/>｜|]\s*/).filter(Boolean);
  return pieces.length > 1 ? pieces : [s];
}

function resolveAll(list: (string[] | string)[], units: ClauseUnit[]): ClausePath[] {
  const out: ClausePath[] = [];
  for (const raw of list) {
    const path = resolveClause(raw, units);
    if (path.length && !out.some((p) => JSON.stringify(p) === JSON.stringify(path))) out.push(path);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Schemas

const text = (max: number) => z.string().max(max);

const planSchema = z.object({
  outline: z.union([z.array(text(300)).max(20), text(5000)]),
  forms: z.array(z.string().max(40)).max(12).optional().default([]),
  channels: z.array(z.string().max(40)).max(8).optional().default([]),
});
const sectionSchema = z.object({ paragraphs: z.array(z.object({ text: text(3000), clauses: clauseList })).max(10) });
const qaSchema = z.object({ items: z.array(z.object({ question: text(400), answer: text(4000), clauses: clauseList })).max(12) });
const keyFiguresSchema = z.object({
  items: z
    .array(
      z.object({
        value: z.union([text(40), z.number()]).transform(String),
        unit: text(20).nullish(),
        label: text(120),
        clause: clauseRef.optional(),
        clauses: clauseList,
      }),
    )
    .max(12),
});
const chartsSchema = z.object({ items: z.array(z.object({ index: z.number().int().min(0), title: text(200), altText: text(1000), clauses: clauseList })).max(12) });
const graphicsSchema = z.object({ items: z.array(z.object({ index: z.number().int().min(0), texts: z.record(text(2000)), clauses: clauseList })).max(12) });

// ---------------------------------------------------------------------------------------------
// Inputs shown for the item tasks

/** The charts the task titles: the package's, else (new package) those the analysis found in the document. */
export function chartInputs(ctx: DraftContext): { index: number; inPackage: boolean; title: string; chart: SuggestedChart }[] {
  if (ctx.content.charts.length) {
    return ctx.content.charts.map((c, index) => ({
      index,
      inPackage: true,
      title: c.title,
      chart: { type: c.type, unit: c.unit ?? null, source: c.source ?? null, data: c.data.slice(0, 24) },
    }));
  }
  return ctx.analysis.suggestions.charts
    .filter((s) => s.data.length > 0 && s.data.every((d) => s.type !== "grouped-bar" && s.type !== "grouped-hbar" ? true : Boolean(d.series)))
    .slice(0, 4)
    .map((s, index) => ({
      index,
      inPackage: false,
      title: s.title,
      chart: {
        type: s.type,
        unit: s.unit || null,
        source: "根据文件原文整理",
        data:
          s.type === "timeline"
            ? s.data.map((d) => ({ label: d.label.slice(0, 40), value: 0, date: String(d.value) }))
            : s.data.map((d) => ({ label: d.label.slice(0, 40), value: d.value, ...(d.series ? { series: d.series.slice(0, 20) } : {}) })),
      },
    }));
}

export function graphicInputs(ctx: DraftContext): { index: number; inPackage: boolean; templateId: string; templateName: string; templateVersion: number; slots: Record<string, unknown> }[] {
  if (ctx.content.graphics.length) {
    return ctx.content.graphics.map((g, index) => ({
      index,
      inPackage: true,
      templateId: g.templateId,
      templateName: ctx.templateNames?.[g.templateId] ?? g.templateId,
      templateVersion: g.templateVersion,
      slots: g.slots,
    }));
  }
  const s = ctx.starterGraphic;
  return s ? [{ index: 0, inPackage: false, templateId: s.templateId, templateName: s.templateName, templateVersion: s.templateVersion, slots: s.slots }] : [];
}

// ---------------------------------------------------------------------------------------------
// Parts

type PartInit = Omit<SuggestionPart, "multiline" | "order" | "group"> & Partial<Pick<SuggestionPart, "multiline" | "order" | "group">>;

function part(p: PartInit): SuggestionPart {
  return { multiline: false, order: 0, group: p.key, ...p, text: p.text.trim() };
}

// ---------------------------------------------------------------------------------------------
// Tasks

export type TaskDefinition = {
  id: DraftTaskId;
  /** "起草背景", "简明问答" */
  label: string;
  maxTokens: number;
  /** why there is nothing to draft (no charts yet), or null */
  skipReason: (ctx: DraftContext) => string | null;
  /** the task's own requirements and inputs, in Chinese */
  instructions: (ctx: DraftContext) => string;
  /** the JSON the answer must be, as an example */
  shape: string;
  parse: (value: unknown, ctx: DraftContext) => { ok: true; suggestions: Suggestion[] } | { ok: false; issues: string };
};

function schemaTask<S extends z.ZodTypeAny>(def: Omit<TaskDefinition, "parse"> & { schema: S; build: (value: z.infer<S>, ctx: DraftContext, units: ClauseUnit[]) => Suggestion[] }): TaskDefinition {
  const { schema, build, ...rest } = def;
  return {
    ...rest,
    parse: (value, ctx) => {
      const r = schema.safeParse(value);
      if (!r.success)
        return {
          ok: false,
          issues: r.error.issues
            .slice(0, 3)
            .map((i) => (i.path.length ? i.path.join(".") : "整体"))
            .join("、"),
        };
      return { ok: true, suggestions: build(r.data, ctx, ctx.units ?? clauseUnits(ctx.analysis)) };
    },
  };
}

const SECTION_ASKS: Record<SectionKey, string> = {
  background: "写“起草背景”：为什么出台这份文件（上级部署、面临的形势和问题），1–3 段。",
  basis: "写“制定依据”：文件依据的法律法规、上级文件和会议精神，只写文件中明确提到的，1–2 段。",
  purpose: "写“出台目的”：文件要解决什么问题、达到什么目标，1–2 段。",
  measures: "写“主要内容和重要举措”：按文件的结构概括主要任务和举措，2–5 段，每段讲清一个方面。",
  scope: "写“适用范围与执行时间”：管哪些单位和人群、从什么时候起执行、有哪些时间节点，1–2 段。",
  terms: "写“术语释义”：解释文件中群众不易理解的专门用语；文件中没有需要解释的用语时，paragraphs 为空数组。",
  comparison: "写“新旧对比”：与以往的政策相比有哪些变化；文件中没有写明变化时，paragraphs 为空数组，不要推测。",
};

function sectionTask(key: SectionKey): TaskDefinition {
  return schemaTask({
    id: `sections.${key}`,
    label: SECTION_LABELS[key],
    maxTokens: 1500,
    skipReason: () => null,
    instructions: (ctx) => {
      const current = htmlToPlainText(ctx.content.sections[key] ?? "").trim();
      return [
        SECTION_ASKS[key],
        "每段不超过 200 字，用群众听得懂的话解释，不要照抄条文。每段的 clauses 列出这一段依据的条款路径。",
        current ? `（起草人已写的内容，供参考，不要重复：${current.slice(0, 300)}）` : "",
      ]
        .filter(Boolean)
        .join("\n");
    },
    shape: '{"paragraphs":[{"text":"……","clauses":[["附件1","一、"]]}]}',
    schema: sectionSchema,
    build: (value, _ctx, units) => {
      const paragraphs = value.paragraphs.filter((p) => p.text.trim());
      if (paragraphs.length === 0) return [];
      return [
        {
          task: `sections.${key}`,
          target: { kind: "section", key },
          title: SECTION_LABELS[key],
          parts: paragraphs.map((p, i) =>
            part({
              key: `p${i}`,
              label: `第 ${i + 1} 段`,
              text: p.text,
              multiline: true,
              maxLength: 3000,
              field: `sections.${key}`,
              prose: true,
              clauses: resolveAll(p.clauses, units),
            }),
          ),
        },
      ];
    },
  });
}

const FORM_KEYS = Object.keys(FORM_LABELS);
const CHANNEL_KEYS = Object.keys(CHANNEL_LABELS);

/** A form or channel as the model names it: the key, or its Chinese label. */
function pickKey(value: string, labels: Record<string, string>): string | null {
  const v = value.trim();
  if (Object.hasOwn(labels, v)) return v;
  return Object.entries(labels).find(([, label]) => label === v || label.split("/").includes(v))?.[0] ?? null;
}

const planTask = schemaTask({
  id: "plan",
  label: "解读方案",
  maxTokens: 800,
  skipReason: () => null,
  instructions: () =>
    [
      "写“解读方案”：解读提纲（outline，3–6 行，每行一个要点）、解读形式（forms）和发布渠道（channels）。",
      `forms 只能从这些代码中选：${FORM_KEYS.map((k) => `${k}（${FORM_LABELS[k as keyof typeof FORM_LABELS]}）`).join("、")}；要多元化，不要只选文字解读。`,
      `channels 只能从这些代码中选：${CHANNEL_KEYS.map((k) => `${k}（${CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS]}）`).join("、")}。`,
    ].join("\n"),
  shape: '{"outline":["一、……","二、……"],"forms":["text","qa","chart"],"channels":["web","wechat"]}',
  schema: planSchema,
  build: (value) => {
    const lines = (Array.isArray(value.outline) ? value.outline : value.outline.split("\n")).map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) return [];
    const forms = [...new Set(value.forms.map((f) => pickKey(f, FORM_LABELS)).filter((f): f is string => f !== null))];
    const channels = [...new Set(value.channels.map((c) => pickKey(c, CHANNEL_LABELS)).filter((c): c is string => c !== null))];
    return [
      {
        task: "plan",
        target: { kind: "plan" },
        title: "解读方案",
        parts: [part({ key: "outline", label: "解读提纲", text: lines.join("\n"), multiline: true, maxLength: 5000, field: "plan.outline" })],
        plan: { forms, channels },
      },
    ];
  },
});

const qaTask = schemaTask({
  id: "qa",
  label: "简明问答",
  maxTokens: 2500,
  skipReason: () => null,
  instructions: (ctx) =>
    [
      "写 3–6 条“简明问答”：站在群众和企业的角度提问（问题不超过 40 字），回答具体、通俗（每条不超过 200 字），clauses 列出回答依据的条款路径。",
      ctx.content.qa.length ? `已有的问题（不要重复）：${ctx.content.qa.map((q) => q.question).join("；").slice(0, 600)}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  shape: '{"items":[{"question":"……？","answer":"……","clauses":[["附件1","二、","（一）"]]}]}',
  schema: qaSchema,
  build: (value, ctx, units) => {
    const existing = new Set(ctx.content.qa.map((q) => q.question.trim()));
    return value.items
      .filter((q) => q.question.trim() && q.answer.trim() && !existing.has(q.question.trim()))
      .map((q) => ({
        task: "qa",
        target: { kind: "qa" },
        title: `问答：${q.question.trim().slice(0, 40)}`,
        parts: [
          part({ key: "question", label: "问题", text: q.question, maxLength: LIMITS.question, field: "qa[0].question" }),
          part({ key: "answer", label: "回答", text: q.answer, multiline: true, maxLength: LIMITS.answer, field: "qa[0].answer", prose: true, clauses: resolveAll(q.clauses, units) }),
        ],
      }));
  },
});

const keyFiguresTask = schemaTask({
  id: "keyFigures",
  label: "数说政策（关键数字）",
  maxTokens: 1200,
  skipReason: (ctx) => (ctx.analysis.facts.some((f) => f.kind !== "date" && f.kind !== "deadline") ? null : "文件中没有可以作为关键数字的数字。"),
  instructions: (ctx) =>
    [
      `选出最能说明这份文件的关键数字（最多 ${Math.min(6, LIMITS.keyFigures)} 个），用于“数说政策”图片：value 只写数字（不超过 ${LIMITS.keyFigureValue} 个字符），unit 写单位（不超过 ${LIMITS.keyFigureUnit} 个字），label 写这个数字说的是什么（名词短语，不超过 ${LIMITS.keyFigureLabel} 个字），clause 写数字所在的条款路径。只能用文件中的数字。`,
      ctx.content.keyFigures.length
        ? `解读材料已有的关键数字（可为它们改写更好的说明，value 和 unit 保持不变）：${ctx.content.keyFigures.map((k) => `${k.value}${k.unit ?? ""}（${k.label}）`).join("；")}`
        : "",
    ]
      .filter(Boolean)
      .join("\n"),
  shape: '{"items":[{"value":"16","unit":"项","label":"重点工作","clause":["附件1","二、","（一）","1."]}]}',
  schema: keyFiguresSchema,
  build: (value, ctx, units) =>
    value.items
      .filter((k) => k.value.trim() && k.label.trim())
      .map((k) => {
        const unit = (k.unit ?? "").trim();
        const index = ctx.content.keyFigures.findIndex((c) => c.value.trim() === k.value.trim() && (c.unit ?? "").trim() === unit);
        const clauses = resolveAll([...(k.clause ? [k.clause] : []), ...k.clauses], units);
        const group = "figure";
        return {
          task: "keyFigures",
          target: { kind: "keyFigure", index: index >= 0 ? index : null },
          title: `关键数字：${k.value.trim()}${unit} ${k.label.trim()}`.slice(0, 60),
          parts: [
            part({ key: "value", label: "数字", text: k.value, maxLength: LIMITS.keyFigureValue, field: "keyFigures[0]", group, order: 1, clauses }),
            part({ key: "unit", label: "单位", text: unit, maxLength: LIMITS.keyFigureUnit, field: "keyFigures[0]", group, order: 2, optional: true }),
            part({ key: "label", label: "说明", text: k.label, maxLength: LIMITS.keyFigureLabel, field: "keyFigures[0]", group, order: 0 }),
          ],
        } satisfies Suggestion;
      }),
});

function describeChart(input: ReturnType<typeof chartInputs>[number]): string {
  const rows = input.chart.data
    .map((d) => (input.chart.type === "timeline" ? `${d.date ?? ""} ${d.label}` : `${d.series ? `${d.series}·` : ""}${d.label} ${d.value}${input.chart.unit ?? ""}`))
    .join("；");
  return `图表 index=${input.index}（类型 ${input.chart.type}${input.title ? `，现标题“${input.title}”` : ""}）：${rows}`;
}

const chartsTask = schemaTask({
  id: "charts",
  label: "图表标题和替代文字",
  maxTokens: 1200,
  skipReason: (ctx) => (chartInputs(ctx).length ? null : "解读材料和文件中都没有可以做成图表的数据。"),
  instructions: (ctx) =>
    [
      "为下面每个图表写标题（title，不超过 20 字，说清图表表达什么）和替代文字（altText，不超过 150 字，用一两句话完整说出图中的数据，供视障读者使用）。图表中的数据来自文件，不要改动数字。",
      ...chartInputs(ctx).map(describeChart),
    ].join("\n"),
  shape: '{"items":[{"index":0,"title":"……","altText":"柱状图：……","clauses":[["附件1","二、"]]}]}',
  schema: chartsSchema,
  build: (value, ctx, units) => {
    const inputs = chartInputs(ctx);
    return value.items.flatMap((c): Suggestion[] => {
      const input = inputs.find((i) => i.index === c.index);
      if (!input || !c.title.trim()) return [];
      const clauses = resolveAll(c.clauses, units);
      return [
        {
          task: "charts",
          target: input.inPackage ? { kind: "chart", index: input.index } : { kind: "chart", index: null, chart: input.chart },
          title: `图表 ${input.index + 1}：${c.title.trim().slice(0, 30)}`,
          parts: [
            part({ key: "title", label: "标题", text: c.title, maxLength: 60, field: "charts[0].title" }),
            part({ key: "altText", label: "替代文字", text: c.altText, multiline: true, maxLength: 500, field: "charts[0].altText", optional: true, clauses }),
          ],
        },
      ];
    });
  },
});

const SLOT_WORDS: Record<string, string> = {
  title: "标题",
  subtitle: "小标题",
  kicker: "小标题",
  heading: "标题",
  label: "说明",
  value: "数值",
  unit: "单位",
  question: "问题",
  answer: "回答",
  text: "文字",
  body: "正文",
  caption: "说明",
  note: "注释",
  figures: "关键数字",
  items: "条目",
  steps: "步骤",
  events: "时间节点",
  cells: "格",
  sections: "段落",
};

/** "figures.0.label" → "关键数字 1 · 说明": a 图解 slot as the officer reads it. */
export function slotLabel(path: string): string {
  const out: string[] = [];
  for (const step of path.split(".")) {
    if (/^\d+$/.test(step) && out.length) out[out.length - 1] = `${out[out.length - 1]} ${Number(step) + 1}`;
    else out.push(SLOT_WORDS[step] ?? step);
  }
  return out.join(" · ");
}

const graphicsTask = schemaTask({
  id: "graphics",
  label: "图解文字",
  maxTokens: 1500,
  skipReason: (ctx) => (graphicInputs(ctx).length ? null : "解读材料中还没有图解，文件信息也不足以生成图解初稿：请先在“图解”中选择模板。"),
  instructions: (ctx) =>
    [
      "为下面每张图解的文字槽位写文字（texts 的键是槽位路径，值是文字）：标题简短有力，说明准确，数字只能用文件中的。不要新增或删除槽位。",
      ...graphicInputs(ctx).map((g) => `图解 index=${g.index}（模板“${g.templateName}”）槽位：${slotTexts(g.slots).map((s) => `${s.path}=“${s.text.slice(0, 80)}”`).join("；")}`),
    ].join("\n"),
  shape: '{"items":[{"index":0,"texts":{"title":"……"},"clauses":[["附件1","一、"]]}]}',
  schema: graphicsSchema,
  build: (value, ctx, units) => {
    const inputs = graphicInputs(ctx);
    return value.items.flatMap((g): Suggestion[] => {
      const input = inputs.find((i) => i.index === g.index);
      if (!input) return [];
      const leaves = slotTexts(input.slots);
      const clauses = resolveAll(g.clauses, units);
      const parts = leaves
        .filter((leaf) => typeof g.texts[leaf.path] === "string")
        .map((leaf, i) => {
          const figure = leaf.figure;
          return part({
            key: `slot:${leaf.path}`,
            label: slotLabel(leaf.path),
            text: g.texts[leaf.path] ?? "",
            multiline: (g.texts[leaf.path] ?? "").length > 40,
            maxLength: 1500,
            field: `graphics[0].slots.${figure ? figure.group : leaf.path}`,
            group: figure ? `slot:${figure.group}` : `slot:${leaf.path}`,
            order: figure ? { label: 0, value: 1, unit: 2 }[figure.role] : 0,
            optional: figure?.role === "unit",
            ...(i === 0 ? { clauses } : {}),
          });
        });
      if (parts.length === 0) return [];
      return [
        {
          task: "graphics",
          target: input.inPackage
            ? { kind: "graphic", index: input.index, templateId: input.templateId, templateVersion: input.templateVersion, slots: input.slots }
            : { kind: "graphic", index: null, templateId: input.templateId, templateVersion: input.templateVersion, slots: input.slots },
          title: `图解 ${input.index + 1}（${input.templateName}）`,
          parts,
        },
      ];
    });
  },
});

export const TASKS: Record<DraftTaskId, TaskDefinition> = {
  plan: planTask,
  "sections.background": sectionTask("background"),
  "sections.basis": sectionTask("basis"),
  "sections.purpose": sectionTask("purpose"),
  "sections.measures": sectionTask("measures"),
  "sections.scope": sectionTask("scope"),
  "sections.terms": sectionTask("terms"),
  "sections.comparison": sectionTask("comparison"),
  qa: qaTask,
  keyFigures: keyFiguresTask,
  charts: chartsTask,
  graphics: graphicsTask,
};

export function taskLabel(id: DraftTaskId): string {
  return TASKS[id].label;
}

/** "附件1第二部分第（三）项" for a path, the raw text for one that is not a path. */
export function describeCitation(path: ClausePath): string {
  return path.length ? describeClausePath(path) : "全文";
}

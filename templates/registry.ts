/**
 * The template registry. Each entry is a definition checked with `satisfies` in its own folder;
 * `planCards` erases the per-template slot types into uniform `CardJob`s the render stage can
 * queue, dedupe (same template, version, size and slots → one capture) and continue.
 */
import type { PackageData } from "~/domain/package-data";
import { chartCardTemplate } from "./chart-card/template";
import { coverTemplate } from "./cover/template";
import { figuresCardTemplate } from "./figures-card/template";
import { longImageTemplate } from "./long-image/template";
import { nineGridTemplate } from "./nine-grid/template";
import { qaCardTemplate } from "./qa-card/template";
import { type BuildContext, type FlowItem, type Markup, type PlanContext, type Size, type TemplateDefinition } from "./shared/types";
import { timelineTemplate } from "./timeline/template";
import { type TemplateId } from "~/domain/vocabulary";

export type { BuildContext, FlowItem, Markup, Size } from "./shared/types";

type TemplateInfo = { id: TemplateId; name: string; version: number; sizes: Readonly<Record<string, Size>> };

export const templateRegistry = {
  cover: coverTemplate,
  "qa-card": qaCardTemplate,
  "figures-card": figuresCardTemplate,
  "chart-card": chartCardTemplate,
  timeline: timelineTemplate,
  "long-image": longImageTemplate,
  "nine-grid": nineGridTemplate,
} satisfies { [K in TemplateId]: TemplateInfo & { id: K } };

/** Everything the render stage needs for one card, with the slot type erased. */
export type CardJob = {
  /** Same key → same pixels (template, version, size, slots). */
  key: string;
  templateId: TemplateId;
  templateName: string;
  version: number;
  sizeKey: string;
  size: Size;
  /** Stem of the exported file name (`NN-<stem>.png`). */
  stem: string;
  build: (ctx: Omit<BuildContext, "size" | "sizeKey">) => Markup;
  /** Present on flowing templates: the job for the "续" card carrying `remaining`. */
  continueWith: ((remaining: FlowItem[]) => CardJob) | null;
  /** Present on flowing templates: this card with only the paragraphs that were shown. */
  withFlow: ((shown: FlowItem[]) => CardJob) | null;
};

export class TemplateSizeError extends Error {
  constructor(id: TemplateId, sizeKey: string) {
    super(`模板「${templateRegistry[id].name}」没有尺寸 ${sizeKey}，可用：${Object.keys(templateRegistry[id].sizes).join("、")}`);
    this.name = "TemplateSizeError";
  }
}

function toJob<S>(def: TemplateDefinition<S>, slots: S, sizeKey: string): CardJob {
  const size = def.sizes[sizeKey];
  if (!size) throw new TemplateSizeError(def.id, sizeKey);
  const valid = def.slots.parse(slots);
  const continueWith = def.continueWith;
  const withFlow = def.withFlow;
  return {
    key: `${def.id}@${def.version}:${sizeKey}:${JSON.stringify(valid)}`,
    templateId: def.id,
    templateName: def.name,
    version: def.version,
    sizeKey,
    size,
    stem: def.fileStem ? def.fileStem(valid) : def.id,
    build: (ctx) => def.build(valid, { ...ctx, size, sizeKey }),
    continueWith: continueWith ? (remaining) => toJob(def, continueWith(valid, remaining), sizeKey) : null,
    withFlow: withFlow ? (shown) => toJob(def, withFlow(valid, shown), sizeKey) : null,
  };
}

function plan<S>(def: TemplateDefinition<S>, pkg: PackageData, sizeKey: string, ctx: PlanContext): CardJob[] {
  return def.fromPackage(pkg, ctx).map((slots) => toJob(def, slots, sizeKey));
}

const planners: { [K in TemplateId]: (pkg: PackageData, sizeKey: string, ctx: PlanContext) => CardJob[] } = {
  cover: (pkg, size, ctx) => plan(coverTemplate, pkg, size, ctx),
  "qa-card": (pkg, size, ctx) => plan(qaCardTemplate, pkg, size, ctx),
  "figures-card": (pkg, size, ctx) => plan(figuresCardTemplate, pkg, size, ctx),
  "chart-card": (pkg, size, ctx) => plan(chartCardTemplate, pkg, size, ctx),
  timeline: (pkg, size, ctx) => plan(timelineTemplate, pkg, size, ctx),
  "long-image": (pkg, size, ctx) => plan(longImageTemplate, pkg, size, ctx),
  "nine-grid": (pkg, size, ctx) => plan(nineGridTemplate, pkg, size, ctx),
};

// ---------------------------------------------------------------------------------------------
// 图解: one saved graphic (template + the officer's slot values) as a card job. The editor
// preview (app/features/package/graphic-preview.server.ts) and the exporter both build through this, so
// the iframe shows the HTML the exporter screenshots.

export type GraphicJobResult = { ok: true; job: CardJob } | { ok: false; issues: string[] };

function describeSlotIssue(issue: { path: (string | number)[]; code: string }): string {
  const field = issue.path.join(".") || "内容";
  return `“${field}”${issue.code === "too_big" ? "过长，请精简" : issue.code === "too_small" ? "不能为空，请填写" : "格式不对，请检查"}`;
}

function graphicJobOf<S>(def: TemplateDefinition<S>, slots: unknown, sizeKey: string): GraphicJobResult {
  if (!def.sizes[sizeKey]) return { ok: false, issues: [`模板「${def.name}」没有尺寸 ${sizeKey}`] };
  const parsed = def.slots.safeParse(slots);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.slice(0, 8).map(describeSlotIssue) };
  return { ok: true, job: toJob(def, parsed.data, sizeKey) };
}

const graphicJobs: { [K in TemplateId]: (slots: unknown, sizeKey: string) => GraphicJobResult } = {
  cover: (slots, size) => graphicJobOf(coverTemplate, slots, size),
  "qa-card": (slots, size) => graphicJobOf(qaCardTemplate, slots, size),
  "figures-card": (slots, size) => graphicJobOf(figuresCardTemplate, slots, size),
  "chart-card": (slots, size) => graphicJobOf(chartCardTemplate, slots, size),
  timeline: (slots, size) => graphicJobOf(timelineTemplate, slots, size),
  "long-image": (slots, size) => graphicJobOf(longImageTemplate, slots, size),
  "nine-grid": (slots, size) => graphicJobOf(nineGridTemplate, slots, size),
};

/** A saved 图解 as a card job at a named size of its template; slot errors in Chinese. */
export function graphicJob(id: TemplateId, slots: unknown, sizeKey: string): GraphicJobResult {
  return graphicJobs[id](slots, sizeKey);
}

/** The template's size key matching the first of `accepted` (in order) it has, or null. */
export function graphicSizeKey(id: TemplateId, accepted: readonly Size[]): string | null {
  const sizes = Object.entries(templateRegistry[id].sizes);
  for (const want of accepted) {
    const hit = sizes.find(([, s]) => s.width === want.width && s.height === want.height);
    if (hit) return hit[0];
  }
  return null;
}

/** The cards one template makes from a package at a named size. */
export function planCards(id: TemplateId, pkg: PackageData, sizeKey: string, ctx: PlanContext): CardJob[] {
  return planners[id](pkg, sizeKey, ctx);
}

export function templateVersions(): Record<TemplateId, number> {
  return {
    cover: coverTemplate.version,
    "qa-card": qaCardTemplate.version,
    "figures-card": figuresCardTemplate.version,
    "chart-card": chartCardTemplate.version,
    timeline: timelineTemplate.version,
    "long-image": longImageTemplate.version,
    "nine-grid": nineGridTemplate.version,
  };
}

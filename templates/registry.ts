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
import type { BuildContext, FlowItem, Markup, PlanContext, Size, TemplateDefinition, TemplateId } from "./shared/types";
import { timelineTemplate } from "./timeline/template";

export { TEMPLATE_IDS } from "./shared/types";
export type { BuildContext, FlowItem, Markup, Size, TemplateId } from "./shared/types";

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

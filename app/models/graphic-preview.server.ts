/**
 * 图解 preview: the same template `build` and the same standalone HTML document the exporter
 * screenshots (app/render/html.server.ts), returned as a string for a sandboxed iframe. Charts
 * inside a card need the render runtime and are not drawn in this preview.
 */
import { TEMPLATE_IDS, type TemplateId, templateRegistry } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import type { Analysis } from "~/domain/analysis/types";
import type { PackageContent } from "~/domain/package/content";
import { type DraftDocument, draftPackageData } from "~/domain/package/package-data-draft";
import { standaloneDocument } from "~/render/html.server";

export type TemplateChoice = { id: TemplateId; name: string; version: number };

export function templateChoices(): TemplateChoice[] {
  return TEMPLATE_IDS.map((id) => ({ id, name: templateRegistry[id].name, version: templateRegistry[id].version }));
}

export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

/** Starter slots for a template from the current (unsaved) package. */
export function starterSlots(
  templateId: TemplateId,
  content: PackageContent,
  doc: DraftDocument,
  analysis: Analysis | null,
): { ok: true; slots: unknown } | { ok: false; message: string } {
  const pkg = draftPackageData(content, doc, analysis);
  if (!pkg.ok) return { ok: false, message: `无法生成图解初稿：${pkg.issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join("；")}` };
  const def = templateRegistry[templateId];
  const all: unknown[] = def.fromPackage(pkg.data, { warn: () => {} });
  if (all.length === 0) return { ok: false, message: `“${def.name}”需要的内容还没有（例如关键数字、时间节点或图表），请先补充后再选这个模板。` };
  return { ok: true, slots: all[0] };
}

export type PreviewResult =
  | { ok: true; html: string; altText: string; longDescription: string; width: number; height: number }
  | { ok: false; errors: string[] };

export function renderGraphicPreview(templateId: TemplateId, slots: unknown, doc: DraftDocument, content: PackageContent): PreviewResult {
  const def = templateRegistry[templateId];
  const parsed = def.slots.safeParse(slots);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.slice(0, 8).map((i) => `“${i.path.join(".") || "内容"}”${i.code === "too_big" ? "过长，请精简" : i.code === "too_small" ? "不能为空，请填写" : "格式不对，请检查"}`) };
  const pkg = draftPackageData(content, doc, null);
  if (!pkg.ok) return { ok: false, errors: pkg.issues.slice(0, 3).map((i) => `${i.path} ${i.message}`) };
  const [sizeKey, size] = Object.entries(def.sizes)[0];
  const ctx = { theme: resolveTheme(pkg.data.theme), size, sizeKey, document: pkg.data.document, assets: { logo: null, graphics: {} } };
  // `build` is typed per template; the registry's job factory erases that safely for us.
  const markup = buildErased(templateId, parsed.data, ctx);
  return { ok: true, html: standaloneDocument(markup), altText: markup.altText, longDescription: markup.longDescription, width: size.width, height: size.height || 1600 };
}

type Ctx = Parameters<(typeof templateRegistry)["cover"]["build"]>[1];

function buildErased(id: TemplateId, slots: unknown, ctx: Ctx) {
  switch (id) {
    case "cover":
      return templateRegistry.cover.build(templateRegistry.cover.slots.parse(slots), ctx);
    case "qa-card":
      return templateRegistry["qa-card"].build(templateRegistry["qa-card"].slots.parse(slots), ctx);
    case "figures-card":
      return templateRegistry["figures-card"].build(templateRegistry["figures-card"].slots.parse(slots), ctx);
    case "chart-card":
      return templateRegistry["chart-card"].build(templateRegistry["chart-card"].slots.parse(slots), ctx);
    case "timeline":
      return templateRegistry.timeline.build(templateRegistry.timeline.slots.parse(slots), ctx);
    case "long-image":
      return templateRegistry["long-image"].build(templateRegistry["long-image"].slots.parse(slots), ctx);
    case "nine-grid":
      return templateRegistry["nine-grid"].build(templateRegistry["nine-grid"].slots.parse(slots), ctx);
  }
}

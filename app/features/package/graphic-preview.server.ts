/**
 * 图解 preview: the card job the exporter renders for a saved graphic (`graphicJob` in
 * templates/registry.ts — one code path), built with the department's colours at the size the
 * website channel takes it, as an HTML document for a sandboxed iframe (`previewDocument` in
 * app/render/html.server.ts) set in the exporter's bundled Noto fonts, which the app serves
 * itself (/render-fonts). Two things only the exporter's render page has are left out: the
 * department logo (served from the render origin) and charts drawn by the render runtime.
 */
import { graphicJob, graphicSizeKey, templateRegistry } from "../../../templates/registry";
import { resolveTheme } from "../../../templates/shared/themes";
import type { PackageContent } from "~/domain/package/content";
import { type DepartmentBranding, brandedTheme } from "~/domain/package/package-data-export";
import { type DraftDocument, draftPackageData } from "~/domain/package/package-data-draft";
import { previewDocument } from "~/render/html.server";
import { DEFAULT_PRESETS } from "~/render/presets";
import { TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";

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
): { ok: true; slots: unknown } | { ok: false; message: string } {
  const pkg = draftPackageData(content, doc);
  if (!pkg.ok) return { ok: false, message: `无法生成图解初稿：${pkg.issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join("；")}` };
  const def = templateRegistry[templateId];
  const all: unknown[] = def.fromPackage(pkg.data, { warn: () => {} });
  if (all.length === 0) return { ok: false, message: `“${def.name}”需要的内容还没有（例如关键数字、时间节点或图表），请先补充后再选这个模板。` };
  return { ok: true, slots: all[0] };
}

export type PreviewResult =
  | { ok: true; html: string; altText: string; longDescription: string; width: number; height: number }
  | { ok: false; errors: string[] };

/** The size the preview shows: the one the website (the public page's image) gets, else the template's first. */
export function previewSizeKey(templateId: TemplateId): string {
  return graphicSizeKey(templateId, DEFAULT_PRESETS.web.graphicSizes) ?? Object.keys(templateRegistry[templateId].sizes)[0];
}

export function renderGraphicPreview(
  templateId: TemplateId,
  slots: unknown,
  doc: DraftDocument,
  content: PackageContent,
  branding: DepartmentBranding = { themeColor: null, logoDataUri: null },
): PreviewResult {
  const built = graphicJob(templateId, slots, previewSizeKey(templateId));
  if (!built.ok) return { ok: false, errors: built.issues };
  const pkg = draftPackageData(content, doc);
  if (!pkg.ok) return { ok: false, errors: pkg.issues.slice(0, 3).map((i) => `${i.path} ${i.message}`) };
  // The exporter's theme (department colour); the logo is not reachable from the iframe.
  const theme = brandedTheme(pkg.data.theme, { themeColor: branding.themeColor, logoDataUri: null });
  const markup = built.job.build({ theme: resolveTheme(theme), document: pkg.data.document, assets: { logo: null, graphics: {} } });
  const { width, height } = built.job.size;
  return { ok: true, html: previewDocument(markup), altText: markup.altText, longDescription: markup.longDescription, width, height: height || 1600 };
}

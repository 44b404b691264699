/**
 * The text alternative and long description a 图解 gets from its template, computed in the
 * browser on every edit (templates are pure), so they can never lag behind the slots. The editor
 * used to take them once from the first server preview and kept them after later quick edits:
 * the alt text then described a card that no longer existed.
 *
 * A text the officer wrote stays theirs; a text that is still the generated one (or empty)
 * follows the slots.
 */
import { graphicJob, templateRegistry } from "../../../templates/registry";
import { resolveTheme } from "../../../templates/shared/themes";
import type { GraphicContent } from "./content";
import { TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";

export type GraphicTexts = { altText: string; longDescription: string };

function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

const NEUTRAL_CONTEXT = { theme: resolveTheme({ id: "zhengwu-red" }), document: { title: "", department: "" }, assets: { logo: null, graphics: {} } };

/** The template's texts for these slots, or null while the slots do not fit the template. */
export function generatedGraphicTexts(templateId: string, slots: unknown): GraphicTexts | null {
  if (!isTemplateId(templateId)) return null;
  const built = graphicJob(templateId, slots, Object.keys(templateRegistry[templateId].sizes)[0]);
  if (!built.ok) return null;
  const markup = built.job.build(NEUTRAL_CONTEXT);
  return { altText: markup.altText, longDescription: markup.longDescription };
}

/**
 * `next` with its alt text and long description brought up to date: each follows the slots while
 * it is empty, equal to the texts generated for `prev`, or equal to `lastGenerated` (the last
 * texts set automatically — the slots may not fit the template for a keystroke or two).
 * Returns the graphic and the texts now generated (null while the slots do not fit).
 */
export function withGeneratedTexts(prev: GraphicContent, next: GraphicContent, lastGenerated: GraphicTexts | null): { graphic: GraphicContent; generated: GraphicTexts | null } {
  const after = generatedGraphicTexts(next.templateId, next.slots);
  if (!after) return { graphic: next, generated: null };
  const before = generatedGraphicTexts(prev.templateId, prev.slots);
  const follows = (current: string | null | undefined, key: keyof GraphicTexts) =>
    !current?.trim() || current === before?.[key] || current === lastGenerated?.[key];
  return {
    graphic: {
      ...next,
      altText: follows(prev.altText, "altText") && next.altText === prev.altText ? after.altText : next.altText,
      longDescription: follows(prev.longDescription, "longDescription") && next.longDescription === prev.longDescription ? after.longDescription : next.longDescription,
    },
    generated: after,
  };
}

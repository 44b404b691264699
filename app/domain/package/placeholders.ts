/**
 * The texts "从文件生成初稿" writes where the drafting unit still has to write something. They are
 * constants so the editor's completeness check, export and publish can tell a placeholder from an
 * answer (a placeholder counts as missing and is never exported or published).
 */

/** Stands for an answer or section the document says nothing about. */
export const DRAFT_PLACEHOLDER = "文件中未找到相关表述，请起草单位补充。";

/** Appended to draft answers built from the document's own words: they must be rewritten. */
export const REWRITE_NOTE = "（草稿：请用通俗语言改写，不要照抄原文）";

/** Whether a text (plain or light HTML) still holds the placeholder. */
export function containsDraftPlaceholder(text: string | null | undefined): boolean {
  return typeof text === "string" && text.includes(DRAFT_PLACEHOLDER);
}

/**
 * Accepting a suggestion: which marks still stand in the way, and what accepting writes into the
 * package. Pure, so the editor (to enable the button and say why not) and the server (to refuse a
 * save that claims an acceptance it should not have) decide the same way.
 *
 * The rule: what the model wrote and the document does not support cannot be taken over as it
 * is. A blocking mark keeps blocking while its excerpt is still the model's own text in that part
 * (a citation: while the model's clause is still cited); once the officer has changed it, the text
 * is the officer's, judged by the ordinary 审校 after saving like everything else they write.
 * Bounds (length, required, a template's slot rules) block whoever wrote the text: the save would
 * refuse it anyway.
 */
import type { Mark, Suggestion, SuggestionPart } from "./types";

const NUMERAL = /[0-9０-９.．零〇一二两三四五六七八九十百千万亿]/;

/** Whether `excerpt` stands in `original` as written — not as the tail or head of a longer number. */
export function isModelText(original: string, excerpt: string): boolean {
  if (!excerpt) return false;
  for (let i = original.indexOf(excerpt); i >= 0; i = original.indexOf(excerpt, i + 1)) {
    const before = original[i - 1] ?? "";
    const after = original[i + excerpt.length] ?? "";
    if (NUMERAL.test(excerpt[0]) && before && NUMERAL.test(before)) continue;
    if (NUMERAL.test(excerpt[excerpt.length - 1]) && after && NUMERAL.test(after)) continue;
    return true;
  }
  return false;
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((m, i) => m === b[i]);
const sameClauses = (a: SuggestionPart["clauses"], b: SuggestionPart["clauses"]) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((p, i) => samePath(p, (b ?? [])[i] ?? []));

/** The marks (of the current text) that keep the suggestion from being accepted. */
export function blockingMarks(original: Suggestion, current: Suggestion, marks: Mark[]): Mark[] {
  return marks.filter((m) => {
    if (!m.blocking) return false;
    if (m.kind === "length" || m.kind === "format") return true;
    const before = original.parts.find((p) => p.key === m.part);
    const now = current.parts.find((p) => p.key === m.part);
    if (!before) return false;
    if (m.rule === "citation.unknown") return m.clause !== undefined && (before.clauses ?? []).some((p) => samePath(p, m.clause ?? []));
    if (m.rule === "citation.mismatch") return sameClauses(before.clauses, now?.clauses) && isModelText(before.text, m.excerpt);
    return isModelText(before.text, m.excerpt);
  });
}

/** One line per blocking mark, naming the part and what to fix: for the disabled button's message. */
export function blockerLines(current: Suggestion, blocking: Mark[]): string[] {
  return blocking.map((m) => {
    const label = current.parts.find((p) => p.key === m.part)?.label ?? "";
    const what = m.excerpt ? `“${m.excerpt}”` : "";
    const kind = {
      figure: "数字未经核实",
      date: "日期未经核实",
      count: "数量与文件不符",
      title: "文件名称未经核实",
      docNumber: "文号未经核实",
      citation: m.rule === "citation.mismatch" ? "依据条款不对" : "依据的条款不存在",
      length: "长度或必填不符合要求",
      format: "不符合图解模板",
      copy: "摘抄",
      check: "审校提示",
    }[m.kind];
    return `${label}${what ? ` ${what}` : ""}：${kind}`;
  });
}

export function acceptanceState(original: Suggestion, current: Suggestion, marks: Mark[]): { ok: boolean; blocking: Mark[]; message: string | null } {
  const blocking = blockingMarks(original, current, marks);
  if (blocking.length === 0) return { ok: true, blocking, message: null };
  const lines = blockerLines(current, blocking);
  return { ok: false, blocking, message: `还有 ${blocking.length} 处需要先修改才能采纳：${lines.join("；")}。请在“修改”中改正（改为文件中的内容或删去），核实无误后再采纳。` };
}

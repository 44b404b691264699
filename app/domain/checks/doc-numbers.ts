/**
 * 文号 format anywhere in the interpretation (〔〕, 号, no 第, no leading zeros, no spaces — the
 * analysis module's parser names each problem), and a 文号 with the document's 机关代字 but a
 * different year or serial than the document's own.
 */
import { findDocNumbers } from "~/domain/analysis/doc-number";
import type { DocumentIndex } from "./document-index";
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

export function checkDocNumbers(input: InterpretationText, doc: DocumentIndex | null): Finding[] {
  const findings: Finding[] = [];
  for (const n of findDocNumbers(input.text)) {
    const field = fieldAt(input.segments, n.start);
    const excerpt = input.text.slice(n.start, n.end);
    const correct = n.year !== null && n.serial !== null ? `${n.agency}〔${n.year}〕${n.serial}号` : null;
    if (!n.wellFormed) {
      findings.push({
        rule: "docnumber.format",
        severity: "error",
        message: `文号格式不规范：${(n.problems ?? []).join("；")}。${correct ? `应写作“${correct}”。` : "请按“机关代字〔年份〕序号号”改正。"}`,
        excerpt,
        offset: n.start,
        expected: correct,
        field,
      });
      continue;
    }
    const own = doc?.docNumber;
    if (own && own.agency === n.agency && (own.year !== n.year || own.serial !== n.serial)) {
      findings.push({
        rule: "docnumber.mismatch",
        severity: "error",
        message: `文号与文件不一致：文件为“${own.raw}”。请改正。`,
        excerpt,
        offset: n.start,
        expected: own.raw,
        field,
      });
    }
  }
  return findings;
}

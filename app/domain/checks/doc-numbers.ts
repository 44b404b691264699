/**
 * 文号 format anywhere in the interpretation (〔〕, 号, no 第, no leading zeros, no spaces — the
 * analysis module's parser names each problem), and a 文号 with the document's 机关代字 but a
 * different year or serial than the document's own.
 */
import { findDocNumbers } from "~/domain/analysis/doc-number";
import type { DocumentIndex } from "./document-index";
import { fieldAt } from "./interpretation-text";
import { citesOwnDocument } from "./titles";
import type { Finding, InterpretationText } from "./types";

/** Words that run into a 机关代字 in prose ("文号写作青西新管办发…"): the code starts after them. */
const LEAD_IN = /^.*(?:写作|写成|文号|为|是|即|见|据|照|发布|印发|转发|关于|的|和|及|与|以|经|日)(?=[\u4e00-\u9fa5]{2,})/;

function trimAgency<T extends { agency: string; start: number; raw: string }>(n: T, ownAgency: string | null): T {
  if (ownAgency && n.agency !== ownAgency && n.agency.endsWith(ownAgency)) {
    const cut = n.agency.length - ownAgency.length;
    return { ...n, agency: ownAgency, start: n.start + cut, raw: n.raw.slice(cut) };
  }
  const lead = LEAD_IN.exec(n.agency);
  if (!lead) return n;
  const cut = lead[0].length;
  return { ...n, agency: n.agency.slice(cut), start: n.start + cut, raw: n.raw.slice(cut) };
}

/**
 * A 文号 that belongs to another document: the document itself cites it ("原《…暂行办法》（云教发
 * 〔2019〕15号）同时废止"), or it stands right after the title of another document.
 */
function citedElsewhere(text: string, at: number, raw: string, doc: DocumentIndex): boolean {
  const compact = (s: string) => s.replace(/[\s\u3000]+/g, "");
  if (compact(doc.text).includes(compact(raw))) return true;
  const title = /《([^《》]{2,150})》\s*[（(]?\s*$/.exec(text.slice(Math.max(0, at - 160), at));
  return title !== null && !citesOwnDocument(title[1], doc);
}

export function checkDocNumbers(input: InterpretationText, doc: DocumentIndex | null): Finding[] {
  const findings: Finding[] = [];
  for (const found of findDocNumbers(input.text)) {
    const n = trimAgency(found, doc?.docNumber?.agency ?? null);
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
    if (own && own.agency === n.agency && (own.year !== n.year || own.serial !== n.serial) && doc && !citedElsewhere(input.text, n.start, excerpt, doc)) {
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

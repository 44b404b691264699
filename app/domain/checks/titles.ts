/**
 * 《titles》: a title cited in the interpretation that is close to — but not exactly — the
 * document's title (or one of its attached documents' titles) is a mistake. Titles of other
 * documents (《条例》) are far from all of them and are left alone.
 */
import { compactTitle, type DocumentIndex } from "./document-index";
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

function bigramSet(s: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) set.add(s.slice(i, i + 2));
  return set;
}

/** Dice similarity of character pairs, 0–1. */
export function titleSimilarity(a: string, b: string): number {
  const x = bigramSet(a);
  const y = bigramSet(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

const SIMILAR = 0.6;

export function checkTitles(input: InterpretationText, doc: DocumentIndex): Finding[] {
  const findings: Finding[] = [];
  for (const m of input.text.matchAll(/《([^《》\n]{2,150})》/g)) {
    const cited = compactTitle(m[1]);
    if (doc.titles.includes(cited)) continue;
    // "关于印发《X》的通知" inside a citation: an exact title inside is fine too
    if (doc.titles.some((t) => cited === `关于印发${t}的通知`)) continue;
    let best = "";
    let score = 0;
    for (const t of doc.titles) {
      const s = titleSimilarity(cited, t);
      if (s > score) {
        score = s;
        best = t;
      }
    }
    if (score < SIMILAR) continue;
    const offset = m.index ?? 0;
    findings.push({
      rule: "title.mismatch",
      severity: "error",
      message: `引用的文件标题与原文不一致，应为《${best}》。请照原标题改正。`,
      excerpt: m[0],
      offset,
      expected: `《${best}》`,
      field: fieldAt(input.segments, offset),
    });
  }
  return findings;
}

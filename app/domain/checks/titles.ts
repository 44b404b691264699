/**
 * 《titles》: a title cited in the interpretation that is a near-miss of the document's own title
 * (or one of its attached documents' titles) is a mistake: same issuer, same year, same kind of
 * document, with a word dropped, added or changed ("《2020年青岛西海岸新区政务公开要点》").
 *
 * Everything else an interpretation cites is another document and is left alone: laws
 * (《条例》), the higher-level plan the document implements (a district 要点 cites the city's
 * 《2020年青岛市政务公开工作要点》), a 政府工作报告, a 编制指南 or 格式模板, last year's edition.
 * They differ from the own title in issuer or place, year, or kind of document. Short forms of
 * the own title (《通知》, 《要点》, the title without its issuer) are fine.
 */
import { compactTitle, type DocumentIndex } from "./document-index";
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

/** kinds of 公文 and other documents, longest first; the kind is the word a title ends with */
const KINDS = [
  "实施细则",
  "工作要点",
  "实施意见",
  "实施方案",
  "工作方案",
  "指导意见",
  "管理办法",
  "考核办法",
  "工作报告",
  "编制指南",
  "格式模板",
  "标准指引",
  "要点",
  "办法",
  "方案",
  "意见",
  "通知",
  "规划",
  "计划",
  "细则",
  "规定",
  "条例",
  "决定",
  "措施",
  "报告",
  "指南",
  "指引",
  "模板",
  "标准",
  "目录",
  "清单",
  "制度",
  "纲要",
  "公告",
  "通告",
  "批复",
  "函",
  "法",
];

/** words that name an issuer or a place level: a difference there is another issuer's document */
const ISSUER_WORDS = /[省市区县镇乡村州盟旗]|街道|国务院|国家|中央|中共|政府|办公厅|办公室|委员会|管委|人大|政协|部|厅|局|委|办/;

function kindOf(title: string): string | null {
  const t = title.replace(/的通知$/, "").replace(/[（(][^）)]*[）)]$/, "");
  return KINDS.find((k) => t.endsWith(k)) ?? null;
}

function yearsOf(title: string): string {
  return [...title.matchAll(/(?:19|20)\d{2}(?=年)/g)].map((m) => m[0]).join(",");
}

type Chunk = { text: string; at: number };

/** Longest common subsequence, with the stretches only in `a` and only in `b` (and where they sit). */
function align(a: string, b: string): { common: number; onlyA: Chunk[]; onlyB: Chunk[] } {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const onlyA: Chunk[] = [];
  const onlyB: Chunk[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (j >= m || (i < n && dp[i + 1][j] >= dp[i][j + 1])) {
      const last = onlyA[onlyA.length - 1];
      if (last && last.at + last.text.length === i) last.text += a[i];
      else onlyA.push({ text: a[i], at: i });
      i++;
    } else {
      const last = onlyB[onlyB.length - 1];
      if (last && last.at + last.text.length === j) last.text += b[j];
      else onlyB.push({ text: b[j], at: j });
      j++;
    }
  }
  return { common: dp[0][0], onlyA, onlyB };
}

/** The document's titles and their short forms (without the issuer, the attached title of a 印发通知). */
function ownTitles(doc: DocumentIndex): { full: string[]; short: string[] } {
  const full = doc.titles;
  const short = new Set<string>();
  for (const t of full) {
    const wrapped = /关于印发(.+)的通知$/.exec(t);
    // "关于印发《南塘区…实施方案》的通知": the attached title, without its brackets
    if (wrapped) short.add(wrapped[1].replace(/^《(.+)》$/, "$1"));
    const about = /(关于.+)$/.exec(t);
    if (about) short.add(about[1]);
  }
  return { full, short: [...short] };
}

/** pieces a short form may leave out of the middle of a title: a year, an issuer or place, 关于/印发 */
const OMISSIBLE = /^(?:(?:19|20)\d{2}年(?:度)?|关于|印发|关于印发|的通知|的)$/;

/**
 * A short form: the own title with pieces left out — anything at the edges ("《通知》", the title
 * without its issuer), or in the middle only a year, an issuer/place or 关于/印发. A word left out
 * of the middle of the subject ("政务公开要点" for "政务公开工作要点") is a near-miss, not a short form.
 */
function isShortForm(cited: string, own: string): boolean {
  if (cited.length >= 2 && own.includes(cited)) return true;
  if (cited.includes(own)) return true;
  const { common, onlyA, onlyB } = align(cited, own);
  if (common !== cited.length || onlyA.length > 0 || cited.length < 4) return false;
  return onlyB.every(({ text, at }) => at === 0 || at + text.length === own.length || OMISSIBLE.test(text) || ISSUER_WORDS.test(text));
}

/** Why `cited` is a mistaken form of `own`, or null when it is another document or a short form. */
export function nearMiss(cited: string, own: string): boolean {
  if (cited === own || isShortForm(cited, own)) return false;
  if (yearsOf(cited) !== yearsOf(own)) return false;
  const kc = kindOf(cited);
  const ko = kindOf(own);
  // another kind is another document (a 办法 is not a 方案), but within one kind the qualifier
  // may slip ("工作方案" for "实施方案")
  if (kc && ko && kc !== ko && !kc.endsWith(ko) && !ko.endsWith(kc) && kc.slice(-2) !== ko.slice(-2)) return false;
  const { common, onlyA, onlyB } = align(cited, own);
  const added = onlyA.reduce((n, c) => n + c.text.length, 0);
  const dropped = onlyB.reduce((n, c) => n + c.text.length, 0);
  // one phrase left out of the middle of the subject ("秸秆禁烧和综合利用工作方案" → "秸秆禁烧工作方案")
  const phraseDropped = added === 0 && onlyB.length === 1 && dropped <= 6 && onlyB[0].at > 0 && onlyB[0].at + dropped < own.length && common >= 0.7 * own.length;
  if (!phraseDropped && (common < 0.8 * own.length || added > 4 || dropped > 4)) return false;
  if (added + dropped === 0) return false;
  // a different issuer or place is a different document (the city's plan, the province's)
  if ([...onlyA, ...onlyB].some((c) => ISSUER_WORDS.test(c.text))) return false;
  return true;
}

export function checkTitles(input: InterpretationText, doc: DocumentIndex): Finding[] {
  const findings: Finding[] = [];
  const { full, short } = ownTitles(doc);
  const all = [...full, ...short];
  // titles the document itself cites (the plan it replaces, last year's edition) are other documents
  const citedByDocument = new Set([...doc.text.matchAll(/《([^《》]{2,150})》/g)].map((m) => compactTitle(m[1])));
  for (const m of input.text.matchAll(/《([^《》\n]{2,150})》/g)) {
    const cited = compactTitle(m[1]);
    if (!cited || all.includes(cited) || citedByDocument.has(cited)) continue;
    if (all.some((t) => isShortForm(cited, t))) continue;
    const miss = all.find((t) => nearMiss(cited, t));
    if (!miss) continue;
    const offset = m.index ?? 0;
    findings.push({
      rule: "title.mismatch",
      severity: "error",
      message: `引用的文件标题与原文不一致，应为《${miss}》。请照原标题改正。`,
      excerpt: m[0],
      offset,
      expected: `《${miss}》`,
      field: fieldAt(input.segments, offset),
    });
  }
  return findings;
}

/** Whether a cited title names this document (exactly, as a short form or as a near-miss). */
export function citesOwnDocument(cited: string, doc: DocumentIndex): boolean {
  const c = compactTitle(cited);
  if (!c) return false;
  const { full, short } = ownTitles(doc);
  const all = [...full, ...short];
  return all.includes(c) || all.some((t) => isShortForm(c, t) || nearMiss(c, t));
}

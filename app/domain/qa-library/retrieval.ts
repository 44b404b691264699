/**
 * The 问答库 (Q&A library) and 智能问答 (ask a question): pure retrieval over the published 简明问答,
 * no generation — every answer shown is one an officer wrote and the four gates passed.
 *
 * Two ways in:
 *   filterQa()  the library search box: the words typed (split like the policy library's search,
 *               `searchTerms`), each word — or one of its synonyms — must occur in the question or
 *               the answer; question hits rank first. A 2-character Chinese word is a plain
 *               substring here, so it always works (the policy library needs a trigram-vocabulary
 *               expansion for that; this corpus is small enough to scan in memory).
 *   askQa()     the "ask a question" box: a sentence without spaces ("小微企业的惠企政策去哪查"), so
 *               it is cut into overlapping character pairs (CJK bigrams, the usual segmentation-free
 *               unit for Chinese retrieval) plus Latin/digit words, expanded by the synonym list, and
 *               scored BM25-style against each question (weighted) and answer. Question-word pairs
 *               such as 什么/怎么 carry no meaning and are ignored. An answer is offered only when
 *               enough of the question's weight is matched (MIN_COVERAGE) — better "没有找到" than a
 *               confident wrong answer.
 */
import { searchTerms } from "~/domain/public/search-query";

export type QaCitation = { label: string; href: string };

export type QaEntry = {
  /** stable key: `<documentId>-<position>` */
  key: string;
  documentId: number;
  /** 1-based position in its interpretation's 简明问答 */
  position: number;
  question: string;
  /** the answer as plain text (for matching and FAQPage); the page renders the light HTML */
  answerText: string;
  documentTitle: string;
  docNumber: string | null;
  publishedAt: string;
  citations: QaCitation[];
};

/** A synonym group: words that mean the same to a citizen (e.g. 补贴 补助 资助). */
export type SynonymGroup = string[];

export const SYNONYM_LIMITS = { lines: 300, wordsPerLine: 12, wordChars: 16 } as const;

export type SynonymParse = { ok: true; groups: SynonymGroup[] } | { ok: false; errors: string[] };

/**
 * The admin's synonym list: one group per line, words separated by spaces, 、，, or =.
 * Empty lines and lines starting with # are ignored. Every error names its line.
 */
export function parseSynonymLines(text: string): SynonymParse {
  const errors: string[] = [];
  const groups: SynonymGroup[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let counted = 0;
  lines.forEach((raw, i) => {
    const line = raw.normalize("NFKC").trim();
    if (!line || line.startsWith("#")) return;
    counted++;
    const words = [...new Set(line.split(/[\s,，、=;；|]+/).map((w) => w.trim().toLowerCase()).filter(Boolean))];
    const at = `第 ${i + 1} 行`;
    if (words.length < 2) errors.push(`${at}只有一个词“${words[0] ?? line}”：同义词每行至少写两个词，用空格或顿号分开。`);
    else if (words.length > SYNONYM_LIMITS.wordsPerLine) errors.push(`${at}有 ${words.length} 个词，每行最多 ${SYNONYM_LIMITS.wordsPerLine} 个，请拆成几行。`);
    else {
      const long = words.find((w) => Array.from(w).length > SYNONYM_LIMITS.wordChars);
      if (long) errors.push(`${at}的“${long.slice(0, 20)}”太长：每个词最多 ${SYNONYM_LIMITS.wordChars} 个字。`);
      else groups.push(words);
    }
  });
  if (counted > SYNONYM_LIMITS.lines) errors.unshift(`同义词表有 ${counted} 行，最多 ${SYNONYM_LIMITS.lines} 行，请删去不常用的几行。`);
  return errors.length ? { ok: false, errors } : { ok: true, groups };
}

export function formatSynonymLines(groups: readonly SynonymGroup[]): string {
  return groups.map((g) => g.join(" ")).join("\n");
}

/** A stored value read back defensively (the settings table holds JSON). */
export function readSynonymGroups(value: unknown): SynonymGroup[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((g) => (Array.isArray(g) ? [g.filter((w): w is string => typeof w === "string" && w.length > 0)] : [])).filter((g) => g.length >= 2);
}

/** The word and every word that shares a synonym group with it. */
export function alternativesOf(word: string, groups: readonly SynonymGroup[]): string[] {
  const w = word.toLowerCase();
  const out = new Set([w]);
  for (const g of groups) if (g.includes(w)) for (const s of g) out.add(s);
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Library search

export type QaHit = { entry: QaEntry; /** the words (and synonyms) that matched, for highlighting */ matched: string[]; score: number };

export function filterQa(entries: readonly QaEntry[], query: string, groups: readonly SynonymGroup[]): { terms: string[]; hits: QaHit[] } {
  const terms = searchTerms(query);
  if (!terms.length) return { terms, hits: entries.map((entry) => ({ entry, matched: [], score: 0 })) };
  const alternatives = terms.map((t) => alternativesOf(t, groups));
  const hits: QaHit[] = [];
  for (const entry of entries) {
    const q = entry.question.normalize("NFKC").toLowerCase();
    const a = entry.answerText.normalize("NFKC").toLowerCase();
    const matched: string[] = [];
    let score = 0;
    let all = true;
    for (const alts of alternatives) {
      const inQuestion = alts.filter((w) => q.includes(w));
      const inAnswer = alts.filter((w) => a.includes(w));
      if (!inQuestion.length && !inAnswer.length) {
        all = false;
        break;
      }
      // the word as typed counts more than a synonym, a question hit more than an answer hit
      score += (inQuestion.length ? 3 : 0) + (inAnswer.length ? 1 : 0) + (inQuestion.includes(alts[0]) || inAnswer.includes(alts[0]) ? 0.5 : 0);
      matched.push(...new Set([...inQuestion, ...inAnswer]));
    }
    if (all) hits.push({ entry, matched: [...new Set(matched)], score });
  }
  hits.sort((x, y) => y.score - x.score || y.entry.publishedAt.localeCompare(x.entry.publishedAt) || x.entry.position - y.entry.position);
  return { terms, hits };
}

// ---------------------------------------------------------------------------------------------
// Ask a question

const HAN = /\p{Script=Han}/u;
/** Pairs that only say "this is a question". */
const QUESTION_PAIRS = new Set([
  "什么", "怎么", "怎样", "如何", "哪些", "哪里", "哪儿", "请问", "是否", "可以", "能否", "多少", "为什", "么样", "么时", "时候",
  "我们", "我想", "想问", "一下", "有没", "没有", "需要", "应该", "的是", "是什", "有什", "有哪", "在哪", "去哪", "么办",
]);

/** Overlapping CJK character pairs and lower-cased Latin/digit words of a text. */
export function textUnits(text: string): string[] {
  const units: string[] = [];
  const normal = text.normalize("NFKC").toLowerCase();
  for (const run of normal.match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) ?? []) {
    const chars = Array.from(run);
    if (!HAN.test(chars[0])) units.push(run);
    else if (chars.length === 1) units.push(run);
    else for (let i = 0; i + 1 < chars.length; i++) units.push(chars[i] + chars[i + 1]);
  }
  return units;
}

/** Particles: a pair containing one spans a word boundary or only marks the question (分的, 么计). */
const PARTICLES = /[的了吗呢么啥哪吧呀啊]/u;

function queryUnits(text: string): string[] {
  return textUnits(text).filter((u) => !QUESTION_PAIRS.has(u) && !PARTICLES.test(u) && !(Array.from(u).length === 1 && HAN.test(u)));
}

export type QaIndex = {
  entries: QaEntry[];
  docs: { q: Map<string, number>; a: Map<string, number>; qLen: number; aLen: number }[];
  df: Map<string, number>;
  avgQ: number;
  avgA: number;
};

function tally(units: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const u of units) m.set(u, (m.get(u) ?? 0) + 1);
  return m;
}

export function buildQaIndex(entries: readonly QaEntry[]): QaIndex {
  const docs = entries.map((e) => {
    const q = textUnits(e.question);
    const a = textUnits(e.answerText);
    return { q: tally(q), a: tally(a), qLen: q.length, aLen: a.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const u of new Set([...d.q.keys(), ...d.a.keys()])) df.set(u, (df.get(u) ?? 0) + 1);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 1) || 1;
  return { entries: [...entries], docs, df, avgQ: avg(docs.map((d) => d.qLen)), avgA: avg(docs.map((d) => d.aLen)) };
}

export const ASK_LIMITS = { maxChars: 200, results: 5 } as const;
/**
 * Share of the question's weight an answer must match to be offered at all; an answer that
 * matches a single unit of the question needs SINGLE_UNIT_COVERAGE. A unit the corpus never uses
 * (often a pair spanning two words, 核是) weighs UNKNOWN_WEIGHT of the rarest known unit: it says
 * little about which answer fits, but a question made mostly of them is about something else.
 */
export const MIN_COVERAGE = 0.3;
export const SINGLE_UNIT_COVERAGE = 0.6;
const UNKNOWN_WEIGHT = 0.35;

export type AskResult = { entry: QaEntry; score: number; coverage: number };

/**
 * Best-matching published answers for a question typed in plain words, best first (at most
 * ASK_LIMITS.results). Synonyms: when the question contains a word of a group, the group's other
 * words are searched too, at a lower weight, and count towards that word's coverage.
 */
export function askQa(index: QaIndex, question: string, groups: readonly SynonymGroup[]): { results: AskResult[]; units: string[] } {
  const text = Array.from(question).slice(0, ASK_LIMITS.maxChars).join("");
  const own = [...new Set(queryUnits(text))];
  if (!own.length || !index.entries.length) return { results: [], units: own };
  const normal = text.normalize("NFKC").toLowerCase();
  const n = index.entries.length;
  const idf = (u: string) => Math.log(1 + (n - (index.df.get(u) ?? 0) + 0.5) / ((index.df.get(u) ?? 0) + 0.5));

  // Each "concept" is a unit of the question; a synonym group present in the question adds a
  // concept whose alternatives are all its words' units.
  type Concept = { alternatives: { unit: string; weight: number }[]; weight: number };
  const rarest = idf("\u0000");
  const concepts: Concept[] = own.map((u) => ({ alternatives: [{ unit: u, weight: 1 }], weight: index.df.has(u) ? idf(u) : UNKNOWN_WEIGHT * rarest }));
  for (const g of groups) {
    const present = g.filter((w) => normal.includes(w));
    if (!present.length) continue;
    const others = g.filter((w) => !present.includes(w)).flatMap((w) => textUnits(w));
    if (!others.length) continue;
    // the synonyms stand in for the present word's own units
    const presentUnits = new Set(present.flatMap((w) => textUnits(w)));
    for (const c of concepts) if (presentUnits.has(c.alternatives[0].unit)) c.alternatives.push(...others.map((unit) => ({ unit, weight: 0.8 })));
  }

  const k1 = 1.2;
  const b = 0.75;
  const bm = (tf: number, len: number, avg: number) => (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg));
  const total = concepts.reduce((s, c) => s + c.weight, 0) || 1;
  const results: AskResult[] = [];
  index.docs.forEach((d, i) => {
    let score = 0;
    let covered = 0;
    let units = 0;
    for (const c of concepts) {
      let best = 0;
      for (const alt of c.alternatives) {
        const tq = d.q.get(alt.unit) ?? 0;
        const ta = d.a.get(alt.unit) ?? 0;
        if (!tq && !ta) continue;
        const s = alt.weight * idf(alt.unit) * (2 * bm(tq, d.qLen, index.avgQ) + bm(ta, d.aLen, index.avgA));
        best = Math.max(best, s);
      }
      if (best > 0) {
        score += best;
        covered += c.weight;
        units++;
      }
    }
    const coverage = covered / total;
    if (score > 0 && coverage >= (units > 1 ? MIN_COVERAGE : SINGLE_UNIT_COVERAGE)) results.push({ entry: index.entries[i], score, coverage });
  });
  results.sort((x, y) => y.score - x.score || y.entry.publishedAt.localeCompare(x.entry.publishedAt));
  return { results: results.slice(0, ASK_LIMITS.results), units: own };
}

/**
 * Suggestions for the interpretation package, drafted from the analysis (the officer accepts,
 * edits or ignores each one):
 *   - a Q&A skeleton on the topics an interpretation must cover (背景/依据/目的/主要任务/
 *     时间节点/适用对象), each draft answer pointing to the clauses it comes from;
 *   - chart candidates: tiered amounts (A/B/C/D 档 × 城市/农村) → grouped bar; headline figures
 *     sharing a unit and period in one paragraph (or in neighbouring paragraphs under one
 *     heading) → bar; headings whose figures add up to their parent's figure or to 100 → donut;
 *     deadlines → timeline;
 *   - key-figure cards (headline figures first, labelled by `figure-labels.ts`) and a timeline.
 * Draft answers say where the text comes from and ask to be rewritten — an interpretation must
 * not be an excerpt of the document.
 */
import { DRAFT_PLACEHOLDER, REWRITE_NOTE } from "~/domain/package/placeholders";
import { toChineseNumeral } from "./chinese-numerals";
import { describeClausePath } from "./clause-path";
import { eventLabel, type FigureReading, readFigures } from "./figure-labels";
import { flattenOutline } from "./outline";
import { partitionPoint } from "./partition-point";
import { policyName } from "./policy-name";
import type { TextTable } from "./tables";
import type {
  ChartSuggestion,
  DocumentMeta,
  DocumentPart,
  Fact,
  KeyFigureSuggestion,
  OutlineNode,
  QaSuggestion,
  TimelineSuggestion,
} from "./types";

export type SuggestionInput = {
  text: string;
  meta: DocumentMeta;
  parts: (DocumentPart & { label: string | null; start: number; end: number })[];
  facts: Fact[];
  locate: (offset: number) => string[];
  /** tables flattened into the text, `start` an offset in the normalised text */
  tables?: TextTable[];
};

type Sentence = { text: string; start: number };

const NOT_FOUND = DRAFT_PLACEHOLDER;
const REWRITE = REWRITE_NOTE;
/** The most a draft answer quotes from the document: a few clauses, never a paragraph. */
export const MAX_QUOTED_CHARS = 60;

export function buildSuggestions(input: SuggestionInput): {
  qa: QaSuggestion[];
  charts: ChartSuggestion[];
  keyFigures: KeyFigureSuggestion[];
  timeline: TimelineSuggestion[];
} {
  const timeline = buildTimeline(input);
  const readings = readFigures(input.text, input.facts, headingLocator(input.parts));
  return {
    qa: buildQa(input, timeline),
    charts: buildCharts(input, timeline, readings),
    keyFigures: buildKeyFigures(input, readings),
    timeline,
  };
}

// ---------------------------------------------------------------- Q&A

function sentencesOf(text: string, from: number, to: number): Sentence[] {
  const out: Sentence[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === "。" || ch === "\n" || ch === "！" || ch === "？" || i === to - 1) {
      const s = text.slice(start, i + 1).trim();
      if (s.length > 1) out.push({ text: s, start });
      start = i + 1;
    }
  }
  return out;
}

/** A 简明问答 question is short: a reader sees it on a card or a phone screen. */
export const MAX_QUESTION_CHARS = 30;

/**
 * The question `template` makes with the first of `names` that keeps it within
 * MAX_QUESTION_CHARS ("为什么要发放价格临时补贴？"), else with the last ("为什么要出台本通知？").
 */
function askWith(names: string[], template: (name: string) => string): string {
  for (const n of names) {
    const q = template(n);
    if ([...q].length <= MAX_QUESTION_CHARS) return q;
  }
  return template(names[names.length - 1]);
}

/** A clause path for a draft answer; the lines before the first heading are the 开头. */
function cite(path: string[]): string {
  return path.length === 0 ? "文件开头" : describeClausePath(path);
}

/** The top-level clauses of a sentence (between ，；, brackets and 《》 kept whole), marker and 。 dropped. */
function clausesOf(sentence: Sentence): Sentence[] {
  const out: Sentence[] = [];
  let depth = 0;
  let start = 0;
  const t = sentence.text;
  const push = (end: number) => {
    const raw = t.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim().replace(/[。！？]+$/, "");
    const marker = /^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|第[一二三四五六七八九十百零〇\d]+[条章节]\s*)/.exec(body)?.[0] ?? "";
    const clause = body.slice(marker.length).trim();
    if (clause.length >= 2) out.push({ text: clause, start: sentence.start + start + lead + marker.length });
  };
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if ("（(《“".includes(ch)) depth++;
    else if ("）)》”".includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && "，,；;".includes(ch)) {
      push(i);
      start = i + 1;
    }
  }
  push(t.length);
  return out;
}

/**
 * A short quotation for a draft answer: the clauses that carry it (those matching `cue`, else the
 * first ones), at most MAX_QUOTED_CHARS characters in all, cut at a clause or list boundary.
 * An interpretation must not be an excerpt of the document, so the draft never copies a paragraph.
 */
function quoteClauses(found: Sentence[], cue: RegExp | null, max = MAX_QUOTED_CHARS): { quoted: string; starts: number[] } {
  const pool = found.flatMap(clausesOf);
  const chosen = cue ? pool.filter((c) => cue.test(c.text)) : pool;
  const parts: string[] = [];
  const starts: number[] = [];
  let used = 0;
  for (const c of chosen) {
    const room = max - used;
    if (room < 8) break;
    const piece = c.text.length <= room ? c.text : cutAtBoundary(c.text, room);
    if (!piece) break;
    parts.push(piece);
    starts.push(c.start);
    used += piece.length + 1;
    if (piece.length < c.text.length) break;
  }
  return { quoted: parts.join("，"), starts };
}

/** The longest head of `text` within `max` characters ending at a list boundary, with "等" when cut. */
function cutAtBoundary(text: string, max: number): string {
  const head = text.slice(0, max);
  const at = Math.max(head.lastIndexOf("、"), head.lastIndexOf("和"), head.lastIndexOf("及"));
  if (at >= 6) return `${head.slice(0, at)}等`;
  return head.length >= 8 ? `${head.slice(0, max - 1)}…` : "";
}

/** Lines of the preamble that are prose (not the masthead, the 文号, the title or the 主送 line). */
function isProse(s: Sentence, title: string): boolean {
  const t = s.text;
  if (t === title || t.length < 10) return false;
  if (/^[^，。]{0,20}[〔[（(]\d{4}[〕\]）)]\d+号$|^[^，。]{0,30}文件$|[：:]$/.test(t)) return false;
  return /[，,。]/.test(t);
}

function buildQa(input: SuggestionInput, timeline: TimelineSuggestion[]): QaSuggestion[] {
  const { text, meta, parts, locate } = input;
  // The documents that carry the policy: the attachments of a 印发通知, else the whole text.
  const policyParts = parts.length > 1 ? parts.slice(1) : parts;
  // Questions call the policy by its short name, never by a title in 《》 (nor by an attached form's).
  const pn = policyName(meta.title, parts.length > 1 ? policyParts.map((p) => p.title) : [], text, meta.issuer);
  const acts = [pn.act, `出台${pn.fallbackRef}`];
  const refs = [pn.ref, pn.fallbackRef];
  const ask = {
    background: askWith(acts, (a) => `为什么要${a}？`),
    basis: askWith(acts, (a) => `${a}的依据是什么？`),
    purpose: askWith(acts, (a) => `${a}要达到什么目的？`),
    timeline: askWith(refs, (r) => `${r}有哪些时间节点？`),
    scope: askWith(refs, (r) => (r.startsWith("这次") ? `${r}的对象有哪些？` : `${r}适用于哪些对象？`)),
  };
  const sentences = policyParts.flatMap((p) => sentencesOf(text, p.start, p.end));
  const all = sentencesOf(text, 0, text.length);
  const qa: QaSuggestion[] = [];

  const pick = (re: RegExp, pool: Sentence[], max: number): Sentence[] => pool.filter((s) => re.test(s.text)).slice(0, max);
  const answerFrom = (found: Sentence[], cue: RegExp | null, lead: string): { answer: string; clauses: string[][] } => {
    const { quoted, starts } = quoteClauses(found, cue);
    if (!quoted) return { answer: NOT_FOUND, clauses: [] };
    const clauses = uniquePaths(starts.map((start) => locate(start)));
    return { answer: `${lead}${quoted}。${REWRITE}（见${clauses.map(cite).join("、")}）`, clauses };
  };

  // The preamble (before the first heading) is where 公文 state background and purpose.
  const preambles = policyParts.flatMap((p) => {
    const firstHeading = p.outline.length > 0 ? p.outline[0].start : p.end;
    const titleEnd = text.indexOf("\n", p.start);
    const from = parts.length > 1 && titleEnd >= 0 && titleEnd < firstHeading ? titleEnd + 1 : p.start;
    return sentencesOf(text, from, firstHeading).filter((s) => isProse(s, p.title));
  });
  // Only what the document says about its background: no cue, no draft (the unit writes it).
  const backgroundCue = /背景|近年来|当前|目前|随着|之年|形势|现状|存在.{0,6}问题|要求是/;
  const cued = pick(backgroundCue, preambles, 2);
  // Without a cue, what the preamble states besides basis, purpose and procedure is the situation
  // the policy answers ("经测算，2024年7月我区居民消费价格指数同比涨幅达到3.6%，达到联动机制启动条件").
  const situation = cued.length > 0 ? null : situationOf(preambles);
  qa.push({
    topic: "背景",
    question: ask.background,
    ...(situation ? answerFrom([situation], null, "文件所述背景：") : answerFrom(cued, backgroundCue, "文件所述背景：")),
  });

  const basisSentences = pick(/(?:根据|依据|按照|依照|贯彻落实|遵照)[^。]{0,40}《/, sentences.length > 0 ? sentences : all, 3);
  const basisNames = new Set<string>();
  for (const s of basisSentences) for (const m of s.text.matchAll(/《([^《》]{2,60})》/g)) basisNames.add(m[1]);
  for (const own of meta.attachments) basisNames.delete(own);
  if (basisNames.size > 0) {
    const clauses = uniquePaths(basisSentences.map((s) => locate(s.start)));
    qa.push({
      topic: "依据",
      question: ask.basis,
      answer: `主要依据${[...basisNames].map((b) => `《${b}》`).join("、")}等。${REWRITE}（见${clauses.map(cite).join("、")}）`,
      clauses,
    });
  } else {
    qa.push({ topic: "依据", question: ask.basis, answer: NOT_FOUND, clauses: [] });
  }

  // A clause opening the sentence, or right after a heading marker ("第一条为规范…").
  const purposeClause = /(?:^|[，。：条）)、.])(为(?:了)?[^，。；：]{4,60})[，,]/;
  const enacting = /制定|印发|出台|结合|本(?:办法|方案|要点|意见|规定|细则|通知)/;
  const purposeSentence =
    [...preambles, ...sentences].find((s) => purposeClause.test(s.text) && enacting.test(s.text)) ??
    preambles.find((s) => purposeClause.test(s.text)) ??
    all.find((s) => /目的是|旨在/.test(s.text));
  const purpose = purposeSentence ? purposeOf(purposeSentence) : "";
  if (purposeSentence && purpose) {
    const clauses = [locate(purposeSentence.start)];
    qa.push({
      topic: "目的",
      question: ask.purpose,
      answer: `文件提出，${purpose}。${REWRITE}（见${cite(clauses[0])}）`,
      clauses,
    });
  } else {
    qa.push({ topic: "目的", question: ask.purpose, answer: NOT_FOUND, clauses: [] });
  }

  for (const part of policyParts) {
    const content = mainContent(part.outline, locate);
    if (!content) continue;
    const partName = policyParts.length > 1 ? policyName(part.title, [], text, meta.issuer) : pn;
    qa.push({ topic: "主要任务", question: askWith([partName.ref, partName.fallbackRef], (r) => `${r}的主要内容有哪些？`), ...content });
  }

  if (timeline.length > 0) {
    const items = timeline.slice(0, 8);
    qa.push({
      topic: "时间节点",
      question: ask.timeline,
      answer: `${items.map((t) => `${chineseDate(t.date)}${input.facts[t.factIndex].kind === "deadline" ? "前" : ""}，${t.label}`).join("；")}。${REWRITE}`,
      clauses: uniquePaths(items.map((t) => input.facts[t.factIndex].path)),
    });
  } else {
    qa.push({ topic: "时间节点", question: ask.timeline, answer: NOT_FOUND, clauses: [] });
  }

  const scopeNode = policyParts
    .flatMap((p) => flattenOutline(p.outline))
    .find((n) => /适用范围|适用对象|考核对象|实施范围|支持对象|申报对象|服务对象|(?:保障|资助|补贴|补助|救助|发放|参保|享受|扶持|奖补)(?:对象|范围)|申请条件/.test(n.title));
  const scopeSentences = pick(/适用于|适用范围|面向|对象为|对象是/, sentences, 2);
  // a section listing the objects ("一、保障对象 （一）城乡低保对象；（二）特困人员…"): its items
  let listing = scopeNode;
  while (listing && listing.children.length === 1) listing = listing.children[0];
  const items = listing && listing.children.length > 1 ? listing.children : [];
  const scopeBody = scopeNode ? firstSentence(scopeNode.text.slice(scopeNode.marker.length + scopeNode.title.length).replace(/^[。：:\n]+/, "").trim()) : "";
  const scopeLead = scopeNode && /条件/.test(scopeNode.title) ? "需符合的条件：" : "适用于";
  if (scopeNode && items.length > 0) {
    const short = items.every((n) => n.title.length <= 12);
    const quoted = quoteClauses([{ text: items.map((n) => n.title.replace(/[。；;，,]$/, "")).join(short ? "、" : "；"), start: items[0].start }], null).quoted;
    const clauses = uniquePaths(items.map((n) => locate(n.start)));
    qa.push({ topic: "适用对象", question: ask.scope, answer: `${scopeLead}${quoted}。${REWRITE}（见${cite(locate(scopeNode.start))}）`, clauses });
  } else if (scopeNode && scopeBody) {
    const bodyStart = scopeNode.start + scopeNode.text.indexOf(scopeBody);
    // a body that names the objects itself ("补贴对象原则上为…") needs no lead
    const lead = /对象|范围|条件/.test(scopeBody.slice(0, 8)) ? "" : scopeLead;
    qa.push({ topic: "适用对象", question: ask.scope, ...answerFrom([{ text: scopeBody, start: bodyStart }], null, lead) });
  } else if (scopeSentences.length > 0) {
    qa.push({ topic: "适用对象", question: ask.scope, ...answerFrom(scopeSentences, /适用于|适用范围|面向|对象为|对象是/, "") });
  } else if (meta.recipients.length > 0) {
    // The 主送 line says who must act, not who the policy is for: a placeholder with a hint.
    qa.push({
      topic: "适用对象",
      question: ask.scope,
      answer: `${NOT_FOUND}（文件主送${cutAtBoundary(meta.recipients.join("、"), 40) || meta.recipients[0]}，请说明政策具体适用于哪些对象。）`,
      clauses: [],
    });
  } else {
    qa.push({ topic: "适用对象", question: ask.scope, answer: NOT_FOUND, clauses: [] });
  }
  return qa;
}

/** Up to the first 。 (or line break) of a text. */
function firstSentence(text: string): string {
  const end = text.search(/[。\n]/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

/** Clauses that end what a preamble says of the situation: the purpose, the decision, the enacting words. */
const ENDS_SITUATION = /^(?:为了?|决定|现将|现就|现对|特|结合|制定|进一步)/;
/** Clauses that cite or say how, not what: the basis, the procedure ("经测算", "经区政府同意"). */
const NOT_SITUATION = /^(?:根据|依据|按照|依照|遵照|贯彻|落实|经.{0,8}$)|《|如下/;

/** The clauses of the preamble that state the situation, as one quotable sentence, or null. */
function situationOf(preambles: Sentence[]): Sentence | null {
  const kept: Sentence[] = [];
  for (const s of preambles) {
    for (const c of clausesOf(s)) {
      if (ENDS_SITUATION.test(c.text)) break;
      if (!NOT_SITUATION.test(c.text)) kept.push(c);
    }
  }
  const text = kept.map((c) => c.text).join("，");
  return kept.length > 0 && text.length >= 8 ? { text, start: kept[0].start } : null;
}

/**
 * The purpose a "为…，" clause states. A clause that only cites what is implemented ("为深入贯彻
 * 落实《…》精神") is the basis; the purpose then follows it ("全力稳住经济基本盘，推动…").
 */
function purposeOf(sentence: Sentence): string {
  const clauses = clausesOf(sentence);
  const at = clauses.findIndex((c) => /^为(?:了)?/.test(c.text));
  if (at < 0) return /目的是|旨在/.test(sentence.text) ? quoteClauses([sentence], /目的是|旨在/).quoted : "";
  const first = clauses[at].text;
  if (!/(?:贯彻|落实|根据|按照)[^，]*《/.test(first)) return first.length <= MAX_QUOTED_CHARS ? first : cutAtBoundary(first, MAX_QUOTED_CHARS);
  const goals = clauses.slice(at + 1).filter((c) => !/^(?:结合|制定|经|现|特|根据|按照|依据)/.test(c.text) && !/《/.test(c.text));
  return quoteClauses(goals.slice(0, 2), null).quoted;
}

/** A heading as a list item: up to its first comma when it runs long. */
function shortHeading(title: string): string {
  if (title.length <= 30) return title;
  const comma = title.indexOf("，");
  return comma >= 4 && comma <= 30 ? title.slice(0, comma) : `${title.slice(0, 29)}…`;
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/** 1 → 一, 12 → 十二, 20 → 二十 (outlines seldom run further). */
function ordinal(n: number): string {
  if (n <= 10) return ORDINALS[n - 1];
  if (n < 20) return `十${ORDINALS[n - 11]}`;
  return `${ORDINALS[Math.floor(n / 10) - 1]}十${n % 10 ? ORDINALS[(n % 10) - 1] : ""}`;
}

/** A section that holds the tasks themselves ("二、主要任务" with (一)–(四) under it). */
const TASK_SECTION = /主要任务|重点任务|工作任务|主要措施|重点工作/;

/**
 * The 主要内容 draft: the document's own outline, counted as it is — "共5个部分：一是…；…五是…",
 * "共5章" for a regulation — so the count can never contradict the document (审校 count.outline).
 * A section holding the tasks adds "其中，主要任务包括：…；…" from its children.
 */
function mainContent(outline: OutlineNode[], locate: (offset: number) => string[]): { answer: string; clauses: string[][] } | null {
  let top = outline;
  // a single heading over everything says nothing of the parts: its children are the parts
  while (top.length === 1 && top[0].children.length > 1) top = top[0].children;
  if (top.length === 0) return null;
  const chapters = /^第.+章$/.test(top[0].marker);
  const clauses = top.map((n) => locate(n.start));
  const list = top.map((n, i) => `${ordinal(i + 1)}是${shortHeading(n.title) || "（无标题）"}`).join("；");
  const tasks = top.find((n) => TASK_SECTION.test(n.title) && n.children.length > 1);
  // no second count: "包括4个方面" reads to a reader (and to 审校) as a count of the document's parts
  const taskList = tasks ? `其中，${shortHeading(tasks.title)}包括：${tasks.children.map((c) => shortHeading(c.title)).join("；")}。` : "";
  const where = clauses.length > 1 ? `${cite(clauses[0])}至${cite(clauses[clauses.length - 1])}` : cite(clauses[0]);
  return {
    answer: `共${top.length}${chapters ? "章" : "个部分"}：${list}。${taskList}${REWRITE}（见${where}）`,
    clauses,
  };
}

function uniquePaths(paths: string[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const p of paths) {
    const key = p.join("/");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- labels

/** The deepest heading holding an offset, as a short title (marker and trailing 。 removed). */
function headingLocator(parts: SuggestionInput["parts"]): (offset: number) => string | null {
  return (offset) => headingChain(parts, offset).at(-1) ?? null;
}

/** The short titles (marker and trailing 。 removed, at most 16 characters) of the headings holding an offset, outermost first. */
function headingChain(parts: SuggestionInput["parts"], offset: number): string[] {
  const part = parts.find((p) => offset >= p.start && offset < p.end);
  const chain: string[] = [];
  let level = part?.outline ?? [];
  for (;;) {
    const hit = level.find((n) => offset >= n.start && offset < n.end);
    if (!hit) return chain;
    const t = hit.title.replace(/[。：:]$/, "").trim();
    if (t.length >= 2 && t.length <= 16) chain.push(t);
    level = hit.children;
  }
}

// ---------------------------------------------------------------- timeline

/**
 * The steps of the policy, by date. The 成文日期 (a date alone on its line) and the 印发日期 are
 * the document's metadata, not steps; the document's own "本通知自…起执行" is left out when another
 * step falls on that day (the standard raised on 7月1日 *is* the notice taking effect).
 */
function buildTimeline(input: SuggestionInput): TimelineSuggestion[] {
  const { text, facts } = input;
  const items: (TimelineSuggestion & { selfEffective: boolean })[] = [];
  facts.forEach((f, i) => {
    if (f.kind !== "deadline" && f.kind !== "date") return;
    const startsLine = f.start === 0 || text[f.start - 1] === "\n";
    const endsLineAt = (end: number) => end === text.length || text[end] === "\n";
    if (startsLine && endsLineAt(f.end)) return;
    if (startsLine && text.startsWith("印发", f.end) && endsLineAt(f.end + 2)) return;
    if (qualifiesPeople(text, f)) return;
    const label = eventLabel(text, f, facts);
    if (label.length < 2) return;
    items.push({ date: String(f.value), label, factIndex: i, selfEffective: SELF_EFFECTIVE.test(label) });
  });
  const dates = new Map<string, number>();
  for (const t of items) if (!t.selfEffective) dates.set(t.date, (dates.get(t.date) ?? 0) + 1);
  return items
    .filter((t) => !t.selfEffective || !dates.has(t.date))
    .sort((a, b) => a.date.localeCompare(b.date) || a.factIndex - b.factIndex)
    .map(({ date, label, factIndex }) => ({ date, label, factIndex }));
}

/**
 * A date that says who, not when: "2025年1月1日之前出生、不满3周岁的婴幼儿，按…折算发放" opens its
 * clause and the clause is a "…的<noun>" naming people.
 */
function qualifiesPeople(text: string, f: Fact): boolean {
  const before = text.slice(Math.max(0, f.start - 8), f.start);
  if (!/(?:^|[\n，,。；;：:]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．])$/.test(before)) return false;
  return /^(?:之前|以前|以后|之后|前|后)?[^，,。；;\n]{1,16}的[^，,。；;\n的]{1,10}[，,]/.test(text.slice(f.end, f.end + 40)) &&
    /^(?:之前|以前|以后|之后|前|后)?(?:出生|登记|注册|参保|入学|入伍|退休|离校|毕业|认定|签订|设立|成立)/.test(text.slice(f.end, f.end + 8));
}

/** "本通知开始执行", "本办法开始施行": the document taking effect. */
const SELF_EFFECTIVE = /^本(?:通知|办法|方案|措施|意见|规定|细则|要点|公告|决定)(?:开始)?(?:执行|施行|实施)$/;

/** "2024-09-30" → "2024年9月30日" for a draft answer (the 审校 reads dates written this way). */
function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

// ---------------------------------------------------------------- charts

function buildCharts(input: SuggestionInput, timeline: TimelineSuggestion[], readings: Map<number, FigureReading>): ChartSuggestion[] {
  const { facts, parts } = input;
  const tables = [...tierCharts(input, readings), ...textTableCharts(input)];
  const charts: ChartSuggestion[] = [
    ...tables.filter((c) => c.type !== "bar"),
    ...changeCharts(input, readings),
    ...tables.filter((c) => c.type === "bar"),
    ...barCharts(input, readings),
    ...breakdownCharts(input, readings),
  ];

  // Donut: child headings whose figures add up to the parent's figure, or to 100 (百分制).
  for (const part of parts) {
    const visit = (parent: OutlineNode | null, children: OutlineNode[]): void => {
      if (children.length >= 2) {
        const items = children.map((c) => ({ node: c, index: headingFact(facts, c) }));
        const unit = items[0].index >= 0 ? facts[items[0].index].unit : null;
        if (unit && items.every((x) => x.index >= 0 && facts[x.index].unit === unit && typeof facts[x.index].value === "number")) {
          const sum = items.reduce((s, x) => s + Number(facts[x.index].value), 0);
          const parentIndex = parent ? headingFact(facts, parent) : -1;
          const parentTotal = parentIndex >= 0 && facts[parentIndex].unit === unit ? Number(facts[parentIndex].value) : null;
          if (sum === parentTotal || sum === 100) {
            charts.push({
              type: "donut",
              title: parent ? `${parent.title.replace(/[（(][^（）()]*[）)]/g, "")}构成（共${sum}${unit}）` : `构成（共${sum}${unit}）`,
              unit,
              data: items.map((x) => ({ label: shortTitle(x.node.title), value: facts[x.index].value })),
              factIndexes: items.map((x) => x.index),
            });
          }
        }
      }
      for (const c of children) visit(c, c.children);
    };
    visit(null, part.outline);
  }

  // Timeline: every deadline (dates of signature and printing are not milestones).
  const milestones = timeline.filter((t) => input.facts[t.factIndex].kind === "deadline");
  if (milestones.length > 0) {
    charts.push({
      type: "timeline",
      title: "时间节点",
      unit: "日期",
      data: milestones.map((t) => ({ label: t.label, value: t.date })),
      factIndexes: milestones.map((t) => t.factIndex),
    });
  }
  return charts;
}

/** Index of the first numeric figure inside a heading's title, or -1. */
function headingFact(facts: Fact[], node: OutlineNode): number {
  const titleEnd = node.start + node.marker.length + node.title.length;
  return facts.findIndex((f) => f.start >= node.start && f.end <= titleEnd && typeof f.value === "number");
}

function shortTitle(title: string): string {
  const plain = title.replace(/[（(][^（）()]*\d[^（）()]*[）)]/g, "").trim();
  if (plain.length <= MAX_SLICE_CHARS) return plain;
  // the first clause, without a manner ("按时间节点完成…") or a place ("在…平台宣传推广") before its verb
  const clause = (plain.split(/[；;，,。：:]/)[0] ?? plain)
    .replace(/^按[\u4e00-\u9fa5]{2,8}?(?=完成|开展|做好|落实|推进|实施|组织|建立|制定)/, "")
    .replace(/在[^，,；;。]{2,24}?(?:平台|网站|媒体|会议)(?:上)?(?=[\u4e00-\u9fa5]{2})/, "");
  if (clause.length <= MAX_SLICE_CHARS) return clause;
  // a list: its first item stands for it ("网站信息更新、政务新媒体等…" → "网站信息更新等")
  const item = clause.indexOf("、");
  if (item >= 4 && item < MAX_SLICE_CHARS) return `${clause.slice(0, item)}等`;
  return `${clause.slice(0, MAX_SLICE_CHARS - 1)}…`;
}

/** A slice's name in a donut's legend: longer ones the chart itself would cut (labelLimit). */
const MAX_SLICE_CHARS = 16;

// ---------------------------------------------------------------- bar charts

/** Offset → start of its paragraph (line), by binary search over the line breaks found once. */
function paragraphLocator(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks.push(i);
  return (offset) => {
    const before = partitionPoint(breaks.length, (i) => breaks[i] < offset);
    return before === 0 ? 0 : breaks[before - 1] + 1;
  };
}

type BarGroup = { unit: string; period: string | null; paragraph: number; parentKey: string; items: number[] };

/**
 * Bars: headline figures with one unit and period in one paragraph; neighbouring paragraphs under
 * one heading that state one or two such figures each ("（一）城乡低保标准", "（二）特困人员基本生活
 * 标准") make one chart. Previous values, restatements and tiers are left out.
 */
function barCharts(input: SuggestionInput, readings: Map<number, FigureReading>): ChartSuggestion[] {
  const { text, facts, parts } = input;
  const paragraphStart = paragraphLocator(text);
  const groups: BarGroup[] = [];
  const byKey = new Map<string, BarGroup>();
  for (const [i, r] of readings) {
    const f = facts[i];
    if (r.role !== "headline" || r.tier || r.partOf !== undefined || !r.chartLabel || f.unit === "倍") continue;
    const paragraph = paragraphStart(f.start);
    // 每亩 and 每吨 amounts are not one quantity
    const key = `${paragraph}|${f.unit}|${r.period ?? ""}|${r.per ?? ""}`;
    let group = byKey.get(key);
    if (!group) {
      group = { unit: f.unit, period: r.period, paragraph, parentKey: f.path.slice(0, -1).join("/"), items: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.items.push(i);
  }
  groups.sort((a, b) => a.items[0] - b.items[0]);
  const merged: (BarGroup & { spansParagraphs: boolean })[] = [];
  for (const g of groups) {
    const last = merged.at(-1);
    const small = (x: BarGroup) => x.items.length <= 2;
    // Only figures of one kind of thing: labels sharing their last two characters ("…标准").
    const ending = (x: BarGroup) => new Set(x.items.map((i) => readings.get(i)?.chartLabel.slice(-2) ?? ""));
    const sameKind = (a: BarGroup, b: BarGroup) => {
      const ends = new Set([...ending(a), ...ending(b)]);
      return ends.size === 1 && !ends.has("");
    };
    if (last && last.unit === g.unit && last.period === g.period && last.parentKey === g.parentKey && small(g) && last.items.length + g.items.length <= 6 && (last.spansParagraphs || small(last)) && last.paragraph !== g.paragraph && sameKind(last, g)) {
      last.items.push(...g.items);
      last.spansParagraphs = true;
      last.paragraph = g.paragraph;
    } else merged.push({ ...g, items: [...g.items], spansParagraphs: false });
  }
  const charts: ChartSuggestion[] = [];
  const named: { chart: ChartSuggestion; heading: string; unitText: string; marker: string }[] = [];
  for (const g of merged) {
    const seenLabels = new Set<string>();
    const seenValues = new Set<string>();
    const items = g.items.filter((i) => {
      const r = readings.get(i);
      const valueKey = String(facts[i].value);
      if (!r || seenLabels.has(r.chartLabel) || seenValues.has(valueKey)) return false;
      seenLabels.add(r.chartLabel);
      seenValues.add(valueKey);
      return true;
    });
    if (items.length < 2) continue;
    // 2200 beside 22 (a monthly and an hourly wage) is no comparison a bar can show
    const sizes = items.map((i) => Math.abs(Number(facts[i].value)));
    if (Math.max(...sizes) >= 50 * Math.min(...sizes)) continue;
    const first = facts[items[0]];
    const chain = headingChain(parts, first.start);
    const path = g.spansParagraphs ? first.path.slice(0, -1) : first.path;
    const heading = g.spansParagraphs ? chain.at(-2) : chain.at(-1);
    const unitText = `（${g.unit}${g.period ? `/${g.period}` : ""}）`;
    const title = heading ? `${heading}${unitText}` : `${describeClausePath(path)}中的${g.unit === "%" ? "比例" : "数量"}${unitText}`;
    const chart: ChartSuggestion = {
      type: "bar",
      title,
      unit: g.unit,
      data: items.map((i) => ({ label: readings.get(i)?.chartLabel ?? "", value: facts[i].value })),
      factIndexes: items,
    };
    charts.push(chart);
    if (heading) named.push({ chart, heading, unitText, marker: path.at(-1) ?? "" });
  }
  // Charts under one heading ("大比例扣分事项" (一)–(三)) are told apart by their clause's number:
  // "大比例扣分事项之一", "…之二" (by their order when the clauses' numbers do not tell them apart).
  const byTitle = new Map<string, typeof named>();
  for (const n of named) byTitle.set(`${n.heading}${n.unitText}`, [...(byTitle.get(`${n.heading}${n.unitText}`) ?? []), n]);
  for (const same of byTitle.values()) {
    if (same.length < 2) continue;
    const numbers = same.map((n) => clauseNumber(n.marker));
    const distinct = numbers.every((x) => x !== null) && new Set(numbers).size === numbers.length;
    same.forEach((n, k) => {
      n.chart.title = `${n.heading}之${distinct ? numbers[k] : toChineseNumeral(k + 1)}${n.unitText}`;
    });
  }
  return charts;
}

/** The number of an outline marker in Chinese numerals: "（二）" → "二", "3." → "三". */
function clauseNumber(marker: string): string | null {
  const chinese = /[一二三四五六七八九十]+/.exec(marker);
  if (chinese) return chinese[0];
  const digits = /\d+/.exec(marker);
  return digits ? toChineseNumeral(Number(digits[0])) : null;
}

// ---------------------------------------------------------------- tiered standards

/**
 * Tables the text states as tiers × series — "城市低保：A档885元、B档710元…；农村低保：A档660元…",
 * "寄宿生…小学1250元、初中1500元" with "非寄宿生…小学625元、初中750元" in the next paragraph under
 * one heading, "城镇低保家庭1人户、2人户…分别为…；城镇低收入家庭分别为…", "拆除重建的，…；修缮加固
 * 的，分别…" — one chart per section and unit: a grouped bar (rows {label: tier, value, series})
 * when two or more series share tiers, a bar of the tiers when there is one series. Series are
 * named by what tells them apart ("城市低保"/"农村低保" → "城市"/"农村").
 */
function tierCharts(input: SuggestionInput, readings: Map<number, FigureReading>): ChartSuggestion[] {
  const { facts, parts } = input;
  const groups = new Map<string, number[]>();
  for (const [i, r] of readings) {
    if (!r.tier || r.partOf !== undefined || typeof facts[i].value !== "number") continue;
    const own = facts[i].path.filter((m) => !/^(?:附件\d*|正文)$/.test(m));
    const section = own.length >= 2 ? own.slice(0, -1) : own;
    const key = `${facts[i].path[0] ?? ""}|${section.join("/")}|${facts[i].unit}|${r.per ?? ""}`;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  }
  const charts: ChartSuggestion[] = [];
  for (const indexes of groups.values()) {
    const rows = indexes.map((i) => ({ i, tier: readings.get(i)?.tier ?? { tier: "", series: "" } }));
    const seriesNames = [...new Set(rows.map((r) => r.tier.series))];
    const tiers = [...new Set(rows.map((r) => r.tier.tier))];
    if (tiers.length < 2 && seriesNames.length < 2) continue;
    const shared = tiers.some((t) => new Set(rows.filter((r) => r.tier.tier === t).map((r) => r.tier.series)).size > 1);
    const grouped = seriesNames.length > 1 && shared;
    if (!grouped && seriesNames.length > 1) continue;
    const shortSeries = distinguishingNames(seriesNames);
    const seen = new Set<string>();
    const data: { label: string; value: number | string; series?: string }[] = [];
    const factIndexes: number[] = [];
    for (const { i, tier } of rows) {
      const series = shortSeries.get(tier.series) ?? tier.series;
      const key = `${series}|${tier.tier}`;
      if (seen.has(key) || !tier.tier) continue;
      seen.add(key);
      data.push(grouped ? { label: tier.tier, value: facts[i].value, series } : { label: tier.tier, value: facts[i].value });
      factIndexes.push(i);
    }
    if (data.length < 2 || (grouped && data.some((d) => !d.series))) continue;
    const first = facts[factIndexes[0]];
    const chain = headingChain(parts, first.start);
    // a table over sibling paragraphs is named by their parent heading
    const spans = new Set(factIndexes.map((i) => facts[i].path.join("/"))).size > 1;
    const topic = (spans ? chain.at(-2) : chain.at(-1)) ?? chain.at(-1) ?? (grouped ? "分档标准" : seriesNames[0] || "分档标准");
    const period = readings.get(factIndexes[0])?.period;
    const unitText = `${first.unit}${period ? `/${period}` : ""}`;
    charts.push({
      type: grouped ? (data.length > 12 ? "grouped-hbar" : "grouped-bar") : "bar",
      title: `${topic}（${unitText}）`,
      unit: first.unit,
      data,
      factIndexes,
    });
  }
  return charts;
}

/**
 * Tables flattened into the text (tables.ts): value columns with one unit make a grouped bar
 * (rows × columns: "失能等级 特困人员 低保对象…"), otherwise each column is a bar over the rows
 * ("各乡镇补贴资金（万元）"). Their cells are no facts: `factIndexes` is empty.
 */
function textTableCharts(input: SuggestionInput): ChartSuggestion[] {
  const charts: ChartSuggestion[] = [];
  for (const t of input.tables ?? []) {
    const heading = headingChain(input.parts, t.start).at(-1) ?? "";
    const units = new Set(t.columns.map((c) => `${c.unit}/${c.period ?? ""}`));
    const unitText = (c: { unit: string; period: string | null }) => `${c.unit}${c.period ? `/${c.period}` : ""}`;
    if (t.columns.length >= 2 && units.size === 1) {
      const c0 = t.columns[0];
      const data = t.columns.flatMap((c) => t.labels.map((label, r) => ({ label, value: c.values[r], series: c.name })));
      charts.push({ type: data.length > 12 ? "grouped-hbar" : "grouped-bar", title: `${heading || t.labelHeader}（${unitText(c0)}）`, unit: c0.unit, data, factIndexes: [] });
      continue;
    }
    for (const c of t.columns) {
      const by = t.labelHeader.length <= 4 ? `各${t.labelHeader}` : "";
      charts.push({ type: "bar", title: `${by}${c.name}（${unitText(c)}）`, unit: c.unit, data: t.labels.map((label, r) => ({ label, value: c.values[r] })), factIndexes: [] });
    }
  }
  return charts;
}

/**
 * 新旧对比: values raised or cut from another ("由2000元调整为2200元") in one section, with one unit and
 * period, as a grouped bar with the series 调整前/调整后 — per measure when a list head says whose
 * each is ("县城规划区：月最低工资标准由…；小时最低工资标准由…"), else over the subjects.
 */
function changeCharts(input: SuggestionInput, readings: Map<number, FigureReading>): ChartSuggestion[] {
  const { facts, parts } = input;
  const groups = new Map<string, number[]>();
  for (const [i, r] of readings) {
    if (r.before === undefined || r.tier || r.partOf !== undefined || typeof facts[i].value !== "number") continue;
    const own = facts[i].path.filter((m) => !/^(?:附件\d*|正文)$/.test(m));
    const section = own.length >= 2 ? own.slice(0, -1) : own;
    const key = `${facts[i].path[0] ?? ""}|${section.join("/")}|${facts[i].unit}|${r.period ?? ""}|${r.per ?? ""}|${r.owner ? r.measure : ""}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const charts: ChartSuggestion[] = [];
  for (const indexes of groups.values()) {
    const labels = indexes.map((i) => readings.get(i)?.owner ?? readings.get(i)?.chartLabel ?? "");
    if (indexes.length < 2 || labels.some((l) => !l) || new Set(labels).size < labels.length) continue;
    const first = readings.get(indexes[0]);
    const unit = facts[indexes[0]].unit;
    const topic = first?.owner ? (first.measure ?? "") : (headingChain(parts, facts[indexes[0]].start).at(-2) ?? headingChain(parts, facts[indexes[0]].start).at(-1) ?? "标准");
    const data = [
      ...indexes.map((i, k) => ({ label: labels[k], value: facts[readings.get(i)?.before ?? i].value, series: "调整前" })),
      ...indexes.map((i, k) => ({ label: labels[k], value: facts[i].value, series: "调整后" })),
    ];
    charts.push({
      type: data.length > 12 ? "grouped-hbar" : "grouped-bar",
      title: `${topic}调整前后（${unit}${first?.period ? `/${first.period}` : ""}）`,
      unit,
      data,
      factIndexes: indexes.flatMap((i) => [readings.get(i)?.before ?? i, i]),
    });
  }
  return charts;
}

/** "…共12项，其中国家设立的9项、省设立的3项": the parts of a total that add up to it, as a donut. */
function breakdownCharts(input: SuggestionInput, readings: Map<number, FigureReading>): ChartSuggestion[] {
  const { facts } = input;
  const byWhole = new Map<number, number[]>();
  for (const [i, r] of readings) {
    if (r.partOf === undefined) continue;
    const list = byWhole.get(r.partOf) ?? [];
    list.push(i);
    byWhole.set(r.partOf, list);
  }
  const charts: ChartSuggestion[] = [];
  for (const [whole, parts] of byWhole) {
    const total = facts[whole].value;
    const sum = parts.reduce((n, i) => n + Number(facts[i].value), 0);
    if (parts.length < 2 || typeof total !== "number" || Math.abs(sum - total) > 1e-9) continue;
    const labels = parts.map((i) => {
      const r = readings.get(i);
      return (r?.tier?.tier || r?.chartLabel || r?.subject || "").replace(/的$/, "");
    });
    if (labels.some((l) => l.length < 2)) continue;
    const name = readings.get(whole)?.chartLabel || readings.get(whole)?.subject || "构成";
    charts.push({
      type: "donut",
      title: `${name}构成（共${total}${facts[whole].unit}）`,
      unit: facts[whole].unit,
      data: parts.map((i, k) => ({ label: labels[k], value: facts[i].value })),
      factIndexes: parts,
    });
  }
  return charts;
}

/** "城市低保", "农村低保" → "城市", "农村": the common ending is dropped when something is left. */
function distinguishingNames(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (names.length < 2) {
    for (const n of names) out.set(n, n);
    return out;
  }
  let common = 0;
  const min = Math.min(...names.map((n) => n.length));
  // the common ending goes only if every name keeps two characters ("寄宿生…"/"非寄宿生…" stay whole)
  while (common < min - 2 && names.every((n) => n[n.length - 1 - common] === names[0][names[0].length - 1 - common])) common++;
  for (const n of names) out.set(n, common > 0 ? n.slice(0, n.length - common) : n);
  return out;
}

// ---------------------------------------------------------------- key figures

const MAX_KEY_FIGURES = 6;
/** Units that rank or age rather than count ("省市县三级", "60岁"): never a headline card. */
const NOT_A_CARD = /^(?:级|岁|周岁|轮|期)$/;
/** Units that count people or households. */
const PEOPLE = /^(?:万|亿)?(?:人|人次|户|户次|家|名)$/;

/**
 * Cards: headline figures first (the standards themselves), then derived ones (restatements,
 * multiples, tiers); never a value a standard was raised from, never one value or label twice.
 */
/** Whether an offset sits inside “…” within its paragraph. */
function insideQuotes(text: string, offset: number): boolean {
  let open = false;
  // (within 200 characters: a text without line breaks must not make every figure scan it all)
  for (let i = offset - 1; i >= Math.max(0, offset - 200) && text[i] !== "\n"; i--) {
    if (text[i] === "”") return false;
    if (text[i] === "“") {
      open = true;
      break;
    }
  }
  if (!open) return false;
  for (let i = offset; i < Math.min(text.length, offset + 200) && text[i] !== "\n"; i++) if (text[i] === "”") return true;
  return false;
}

function buildKeyFigures(input: SuggestionInput, readings: Map<number, FigureReading>): KeyFigureSuggestion[] {
  const { facts } = input;
  const scored: { score: number; i: number; r: FigureReading }[] = [];
  for (const [i, r] of readings) {
    const f = facts[i];
    if (typeof f.value !== "number" || r.role === "previous" || r.label.length < 2) continue;
    // one thing counted is rarely news ("1个收储点"); 1.2万人 is twelve thousand
    if (f.kind === "quantity" && f.unit !== "倍" && !/^[万亿]/.test(f.unit) && f.value < 2) continue;
    if (NOT_A_CARD.test(f.unit)) continue;
    // "二类区域", "三级医院": a class written in words names it, it counts nothing
    if (f.kind === "quantity" && /^(?:类|级|档|等)$/.test(f.unit) && !/\d/.test(f.text)) continue;
    if (f.value <= 0) continue;
    // "重点资助以下四类学生" announces a list; "“七个方面、十六项重点工作”" is a name, not a figure
    if (/(?:以下|下列|如下|下述)$/.test(input.text.slice(Math.max(0, f.start - 3), f.start))) continue;
    if (insideQuotes(input.text, f.start)) continue;
    // a detail of a detail ("（三）主要收费标准 1.不动产登记费…") ranks below a section's own figures
    // (a regulation's 第X章 and its 第X条 are one level)
    const depth = f.path.filter((m) => !/^(?:附件\d*|正文|第.+章)$/.test(m)).length;
    const magnitude = f.value * (f.unit.startsWith("亿") ? 1e8 : f.unit.startsWith("万") ? 1e4 : f.unit.startsWith("千") ? 1e3 : 1);
    const score =
      (r.role === "headline" ? 10 : 4) +
      (r.fromNoun ? 2 : 0) +
      (f.kind === "quantity" ? 0 : 0.5) +
      // how many people a policy reaches is what a reader asks first ("惠及困难群众约1.2万人")
      (r.role === "headline" && PEOPLE.test(f.unit) ? 0.75 : 0) +
      (f.unit === "分" ? -1 : 0) -
      Math.max(0, depth - 2) / 2 +
      Math.min(Math.log10(magnitude + 1), 9) / 9;
    scored.push({ score, i, r });
  }
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const values = new Set<string>();
  const labels = new Set<string>();
  const cards: KeyFigureSuggestion[] = [];
  for (const { i, r } of scored) {
    const f = facts[i];
    const valueKey = `${f.value}|${f.unit}`;
    if (values.has(valueKey) || labels.has(r.label)) continue;
    values.add(valueKey);
    labels.add(r.label);
    cards.push({ value: String(f.value), unit: f.unit, label: r.label, factIndex: i });
    if (cards.length === MAX_KEY_FIGURES) break;
  }
  return cards.sort((a, b) => a.factIndex - b.factIndex);
}

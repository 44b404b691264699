/**
 * Suggestions for the interpretation package, drafted from the analysis (the officer accepts,
 * edits or ignores each one):
 *   - a Q&A skeleton on the topics an interpretation must cover (背景/依据/目的/主要任务/
 *     时间节点/适用对象), each draft answer pointing to the clauses it comes from;
 *   - chart candidates: figures sharing a unit in one paragraph → bar; headings whose figures add
 *     up to their parent's figure or to 100 → donut; deadlines → timeline;
 *   - key-figure cards and a timeline.
 * Draft answers say where the text comes from and ask to be rewritten — an interpretation must
 * not be an excerpt of the document.
 */
import { describeClausePath } from "./clause-path";
import { flattenOutline } from "./outline";
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
};

type Sentence = { text: string; start: number };

const NOT_FOUND = "文件中未找到相关表述，请起草单位补充。";
const REWRITE = "（草稿：请用通俗语言改写，不要照抄原文）";

export function buildSuggestions(input: SuggestionInput): {
  qa: QaSuggestion[];
  charts: ChartSuggestion[];
  keyFigures: KeyFigureSuggestion[];
  timeline: TimelineSuggestion[];
} {
  const timeline = buildTimeline(input);
  return {
    qa: buildQa(input, timeline),
    charts: buildCharts(input, timeline),
    keyFigures: buildKeyFigures(input),
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

function docName(meta: DocumentMeta): string {
  if (meta.attachments.length > 0) return meta.attachments.map((a) => `《${a}》`).join("和");
  return meta.title ? `《${meta.title}》` : "本文件";
}

function cite(path: string[]): string {
  return describeClausePath(path);
}

function buildQa(input: SuggestionInput, timeline: TimelineSuggestion[]): QaSuggestion[] {
  const { text, meta, parts, locate } = input;
  const name = docName(meta);
  // The documents that carry the policy: the attachments of a 印发通知, else the whole text.
  const policyParts = parts.length > 1 ? parts.slice(1) : parts;
  const sentences = policyParts.flatMap((p) => sentencesOf(text, p.start, p.end));
  const all = sentencesOf(text, 0, text.length);
  const qa: QaSuggestion[] = [];

  const pick = (re: RegExp, pool: Sentence[], max: number): Sentence[] => pool.filter((s) => re.test(s.text)).slice(0, max);
  const answerFrom = (found: Sentence[], lead: string): { answer: string; clauses: string[][] } => {
    if (found.length === 0) return { answer: NOT_FOUND, clauses: [] };
    const clauses = uniquePaths(found.map((s) => locate(s.start)));
    const quoted = found.map((s) => s.text.replace(/^[^\s]{0,6}[、.）)]/, "")).join("");
    return { answer: `${lead}${quoted}${REWRITE}（见${clauses.map(cite).join("、")}）`, clauses };
  };

  // The preamble (before the first heading) is where 公文 state background and purpose.
  const preambles = policyParts.flatMap((p) => {
    const firstHeading = p.outline.length > 0 ? p.outline[0].start : p.end;
    const titleEnd = text.indexOf("\n", p.start);
    const from = parts.length > 1 && titleEnd >= 0 && titleEnd < firstHeading ? titleEnd + 1 : p.start;
    return sentencesOf(text, from, firstHeading).filter((s) => s.text !== p.title);
  });
  const backgroundCue = /背景|近年来|当前|目前|随着|之年|形势|现状|存在.{0,6}问题|要求是/;
  const background = pick(backgroundCue, preambles, 2);
  qa.push({
    topic: "背景",
    question: `${name}出台的背景是什么？`,
    ...answerFrom(background.length > 0 ? background : preambles.slice(0, 1), "文件所述背景："),
  });

  const basisSentences = pick(/(?:根据|依据|按照|依照|贯彻落实|遵照)[^。]{0,40}《/, sentences.length > 0 ? sentences : all, 3);
  const basisNames = new Set<string>();
  for (const s of basisSentences) for (const m of s.text.matchAll(/《([^《》]{2,60})》/g)) basisNames.add(m[1]);
  for (const own of meta.attachments) basisNames.delete(own);
  if (basisNames.size > 0) {
    const clauses = uniquePaths(basisSentences.map((s) => locate(s.start)));
    qa.push({
      topic: "依据",
      question: `制定${name}的依据是什么？`,
      answer: `主要依据${[...basisNames].map((b) => `《${b}》`).join("、")}等。${REWRITE}（见${clauses.map(cite).join("、")}）`,
      clauses,
    });
  } else {
    qa.push({ topic: "依据", question: `制定${name}的依据是什么？`, answer: NOT_FOUND, clauses: [] });
  }

  // A clause opening the sentence, or right after a heading marker ("第一条为规范…").
  const purposeClause = /(?:^|[，。：条）)、.])(为(?:了)?[^，。；：]{4,60})[，,]/;
  const enacting = /制定|印发|出台|结合|本(?:办法|方案|要点|意见|规定|细则|通知)/;
  const purposeSentence =
    [...preambles, ...sentences].find((s) => purposeClause.test(s.text) && enacting.test(s.text)) ??
    preambles.find((s) => purposeClause.test(s.text)) ??
    all.find((s) => /目的是|旨在/.test(s.text));
  if (purposeSentence) {
    const clause = purposeClause.exec(purposeSentence.text)?.[1] ?? purposeSentence.text;
    const clauses = [locate(purposeSentence.start)];
    qa.push({
      topic: "目的",
      question: `${name}的出台目的是什么？`,
      answer: `文件提出，${clause}。${REWRITE}（见${cite(clauses[0])}）`,
      clauses,
    });
  } else {
    qa.push({ topic: "目的", question: `${name}的出台目的是什么？`, answer: NOT_FOUND, clauses: [] });
  }

  for (const part of policyParts) {
    const tasks = taskNodes(part.outline);
    if (tasks.length === 0) continue;
    const label = part.title ? `《${part.title}》` : name;
    const clauses = tasks.map((n) => locate(n.start));
    const ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    const list = tasks.map((n, i) => `${i < 10 ? `${ordinals[i]}是` : ""}${n.title}`).join("；");
    qa.push({
      topic: "主要任务",
      question: `${label}的主要内容有哪些？`,
      answer: `共${tasks.length}个方面：${list}。${REWRITE}`,
      clauses,
    });
  }

  if (timeline.length > 0) {
    const items = timeline.slice(0, 8);
    qa.push({
      topic: "时间节点",
      question: `${name}有哪些时间节点？`,
      answer: `${items.map((t) => `${t.date}：${t.label}`).join("；")}。${REWRITE}`,
      clauses: uniquePaths(items.map((t) => input.facts[t.factIndex].path)),
    });
  } else {
    qa.push({ topic: "时间节点", question: `${name}有哪些时间节点？`, answer: NOT_FOUND, clauses: [] });
  }

  const scopeNode = policyParts
    .flatMap((p) => flattenOutline(p.outline))
    .find((n) => /适用范围|适用对象|考核对象|实施范围|支持对象|申报对象|服务对象/.test(n.title));
  const scopeSentences = pick(/适用于|适用范围|面向|对象为|对象是/, sentences, 2);
  if (scopeNode) {
    const body = scopeNode.text.slice(scopeNode.marker.length + scopeNode.title.length).replace(/^[。：:\n]+/, "").trim();
    const clauses = [locate(scopeNode.start)];
    qa.push({
      topic: "适用对象",
      question: `${name}适用于哪些对象？`,
      answer: `${body || scopeNode.title}${REWRITE}（见${cite(clauses[0])}）`,
      clauses,
    });
  } else if (scopeSentences.length > 0) {
    qa.push({ topic: "适用对象", question: `${name}适用于哪些对象？`, ...answerFrom(scopeSentences, "") });
  } else if (meta.recipients.length > 0) {
    qa.push({
      topic: "适用对象",
      question: `${name}适用于哪些对象？`,
      answer: `文件主送${meta.recipients.join("、")}。请说明具体适用对象。`,
      clauses: [],
    });
  } else {
    qa.push({ topic: "适用对象", question: `${name}适用于哪些对象？`, answer: NOT_FOUND, clauses: [] });
  }
  return qa;
}

const GENERIC_SECTION = /总体要求|指导思想|基本原则|工作目标|组织(?:保障|领导|实施)|保障措施|工作要求|附则|结果运用/;

function taskNodes(outline: OutlineNode[]): OutlineNode[] {
  const named = outline.find((n) => /主要任务|重点任务|工作任务|主要措施|重点工作/.test(n.title) && n.children.length > 0);
  if (named) return named.children;
  const tasks = outline.filter((n) => !GENERIC_SECTION.test(n.title));
  return tasks.length > 0 ? tasks : outline;
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

const STOP = /[，。；、：,;:\n“”"]/;
const TRAILING = /(?:信息公开|为准|等|的|了)+$/;

/** Words that name what a figure counts: the noun after it ("294项改革任务"), else before it. */
export function figureLabel(text: string, fact: Fact): { label: string; fromNoun: boolean } {
  let after = "";
  for (let i = fact.end; i < Math.min(text.length, fact.end + 20); i++) {
    if (STOP.test(text[i])) break;
    after += text[i];
  }
  if (/^[）)]/.test(after)) after = "";
  after = after.replace(TRAILING, "");
  if (after.length >= 2) return { label: after.slice(0, 16), fromNoun: true };
  let before = "";
  for (let i = fact.start - 1; i >= Math.max(0, fact.start - 20); i--) {
    if (STOP.test(text[i]) || text[i] === "（" || text[i] === "(") break;
    before = text[i] + before;
  }
  before = before.replace(/(?:扣|达到|达|超过|超|占|为|约|共计|合计|共|不低于|不少于|至少|上限|以上)+$/, "");
  return { label: before.slice(-16), fromNoun: false };
}

function clauseAfter(text: string, fact: Fact): string {
  let out = "";
  for (let i = fact.end; i < text.length && out.length < 40; i++) {
    if (/[。；;\n]/.test(text[i])) break;
    out += text[i];
  }
  out = out.replace(/^[，,、：:]+/, "").trim();
  if (out.length >= 2) return out;
  let before = "";
  for (let i = fact.start - 1; i >= 0 && before.length < 40; i--) {
    if (/[。；;\n]/.test(text[i])) break;
    before = text[i] + before;
  }
  return before.replace(/[，,、]+$/, "").trim();
}

// ---------------------------------------------------------------- timeline

function buildTimeline(input: SuggestionInput): TimelineSuggestion[] {
  const { text, facts } = input;
  const items: TimelineSuggestion[] = [];
  facts.forEach((f, i) => {
    if (f.kind !== "deadline" && f.kind !== "date") return;
    const lineStart = text.lastIndexOf("\n", f.start - 1) + 1;
    const lineEndRaw = text.indexOf("\n", f.end);
    const line = text.slice(lineStart, lineEndRaw < 0 ? text.length : lineEndRaw);
    let label: string;
    if (line === f.text) label = "成文日期";
    else if (line === `${f.text}印发`) label = "印发日期";
    else label = clauseAfter(text, f);
    items.push({ date: String(f.value), label, factIndex: i });
  });
  return items.sort((a, b) => a.date.localeCompare(b.date) || a.factIndex - b.factIndex);
}

// ---------------------------------------------------------------- charts

function buildCharts(input: SuggestionInput, timeline: TimelineSuggestion[]): ChartSuggestion[] {
  const { text, facts, parts } = input;
  const charts: ChartSuggestion[] = [];

  // Bar: two or more figures with the same unit in one paragraph.
  const groups = new Map<string, number[]>();
  facts.forEach((f, i) => {
    if (f.kind !== "quantity" && f.kind !== "money" && f.kind !== "percent") return;
    const para = text.lastIndexOf("\n", f.start - 1) + 1;
    const key = `${para}|${f.unit}`;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  for (const [key, idx] of groups) {
    if (idx.length < 2) continue;
    const labelled = idx.map((i) => ({ i, ...figureLabel(text, facts[i]) })).filter((x) => x.label.length > 0);
    const labels = new Set(labelled.map((x) => x.label));
    if (labelled.length < 2 || labels.size < labelled.length) continue;
    const unit = key.split("|")[1];
    const path = facts[idx[0]].path;
    charts.push({
      type: "bar",
      title: `${describeClausePath(path)}中的${unit === "%" ? "比例" : "数量"}（${unit}）`,
      unit,
      data: labelled.map((x) => ({ label: x.label, value: facts[x.i].value })),
      factIndexes: labelled.map((x) => x.i),
    });
  }

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
  return plain.length > 16 ? `${plain.slice(0, 15)}…` : plain;
}

// ---------------------------------------------------------------- key figures

function buildKeyFigures(input: SuggestionInput): KeyFigureSuggestion[] {
  const { text, facts } = input;
  const scored: { score: number; card: KeyFigureSuggestion }[] = [];
  const seen = new Set<string>();
  facts.forEach((f, i) => {
    if (f.kind !== "quantity" && f.kind !== "money" && f.kind !== "percent") return;
    if (typeof f.value !== "number" || f.value < 2) return;
    const { label, fromNoun } = figureLabel(text, f);
    if (label.length < 2) return;
    const key = `${f.value}|${f.unit}|${label}`;
    if (seen.has(key)) return;
    seen.add(key);
    const score = (fromNoun ? 2 : 0) + (f.kind === "quantity" ? 0 : 1) + Math.log10(f.value) / 2 + (f.unit === "分" ? -1 : 0);
    scored.push({ score, card: { value: String(f.value), unit: f.unit, label, factIndex: i } });
  });
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, 6)
    .map((s) => s.card)
    .sort((a, b) => a.factIndex - b.factIndex);
}

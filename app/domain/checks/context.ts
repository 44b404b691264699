/**
 * The words around a figure ("做好294项改革任务" → before "做好", after "改革任务"), so a figure in
 * the interpretation can be paired with the document's figure about the same thing.
 */
export type FigureContext = { before: string; after: string; bigrams: Set<string> };

const WINDOW = 10;
const STOP = /[，。；：、！？,.;:!?（）()【】《》“”"'‘’\n]/;
const SPACE = /[\s\u3000]/;
const CJK = /[\u4e00-\u9fff]/;

/**
 * One bracket or comma right next to the figure is transparent: "日常考核（30 分）" is about
 * 日常考核, "2020 年年底前，编制完成……" about 编制完成.
 */
const ADJACENT_BRACKET = { "-1": /[（(，,]/, "1": /[）)，,]/ } as const;

function collect(text: string, from: number, step: 1 | -1): string {
  let out = "";
  let skippedBracket = false;
  for (let i = from, n = 0; i >= 0 && i < text.length && n < WINDOW; i += step) {
    const ch = text[i];
    if (SPACE.test(ch)) continue;
    if (n === 0 && !skippedBracket && ADJACENT_BRACKET[step === 1 ? "1" : "-1"].test(ch)) {
      skippedBracket = true;
      continue;
    }
    if (STOP.test(ch)) break;
    out = step === 1 ? out + ch : ch + out;
    n++;
  }
  return out;
}

function bigrams(s: string, into: Set<string>): void {
  for (let i = 0; i + 1 < s.length; i++) {
    const pair = s.slice(i, i + 2);
    if (CJK.test(pair[0]) && CJK.test(pair[1])) into.add(pair);
  }
}

/** `ownWords`: also count the figure's own words ("每月至少报送") — for frequencies. */
export function contextOf(text: string, start: number, end: number, ownWords = false): FigureContext {
  const before = collect(text, start - 1, -1);
  const after = collect(text, end, 1);
  const set = new Set<string>();
  if (ownWords) bigrams(text.slice(start, end), set);
  bigrams(before, set);
  bigrams(after, set);
  return { before, after, bigrams: set };
}

/** How many word pairs two contexts share (0 = unrelated). */
export function relatedness(a: FigureContext, b: FigureContext): number {
  let n = 0;
  const [small, large] = a.bigrams.size <= b.bigrams.size ? [a.bigrams, b.bigrams] : [b.bigrams, a.bigrams];
  for (const g of small) if (large.has(g)) n++;
  return n;
}

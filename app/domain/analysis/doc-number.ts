/**
 * 发文字号 (文号): 机关代字〔年份〕序号号, per GB/T 9704-2012 §7.2.4 — the year in 六角括号 〔〕,
 * written in full; the serial without leading zeros and without 第; no spaces.
 * The parser is lenient (it accepts [2020], （2020）, 第45号, missing 号 …) so it can report
 * exactly what is wrong instead of missing the number altogether.
 */
import type { DocNumber } from "./types";

const OPEN = "〔\\[［【（(﹝{";
const CLOSE = "〕\\]］】）)﹞}";
const SP = "[\\s\\u3000]*";
const PATTERN_SOURCE = `([\\u4e00-\\u9fa5]{1,20})${SP}([${OPEN}])${SP}(\\d{2,4})${SP}([${CLOSE}])${SP}(第?)${SP}(\\d{1,5})(${SP}号)?`;
const WHOLE = new RegExp(`^${PATTERN_SOURCE}$`);

export function parseDocNumber(raw: string): DocNumber | null {
  const trimmed = raw.trim();
  const m = WHOLE.exec(trimmed);
  if (!m) return null;
  return buildDocNumber(trimmed, m);
}

export type DocNumberMatch = DocNumber & { start: number; end: number };

/** Every 文号 in running text (used by 审校 on interpretation drafts), with offsets. */
export function findDocNumbers(text: string): DocNumberMatch[] {
  const re = new RegExp(PATTERN_SOURCE, "g");
  const found: DocNumberMatch[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // Inside prose the agency code is preceded by words such as "根据"; keep the last run of
    // characters after such a word so "根据博政办字〔2020〕45号" yields agency "博政办字".
    const lead = /^(?:.*?(?:根据|依据|按照|依照|参照|对照|执行|落实|印发|转发|关于|见|的|和|及|与))(?=[\u4e00-\u9fa5]{2})/.exec(m[1]);
    const skip = lead ? lead[0].length : 0;
    const start = m.index + skip;
    const rawText = m[0].slice(skip);
    const sub = WHOLE.exec(rawText);
    if (!sub) continue;
    found.push({ ...buildDocNumber(rawText, sub), start, end: m.index + m[0].length });
  }
  return found;
}

function buildDocNumber(raw: string, m: RegExpExecArray): DocNumber {
  const [, agency, open, yearText, close, di, serialText, hao] = m;
  const problems: string[] = [];
  if (open !== "〔" || close !== "〕") {
    problems.push(`年份应使用六角括号“〔〕”，文中写作“${open}${close}”`);
  }
  if (yearText.length !== 4) problems.push(`年份应写全四位数字，文中写作“${yearText}”`);
  if (di) problems.push("序号前不加“第”字");
  if (serialText.length > 1 && serialText.startsWith("0")) {
    problems.push(`序号不编虚位，“${serialText}”应写作“${Number(serialText)}”`);
  }
  if (!hao) problems.push("序号后缺少“号”字");
  if (/[\s\u3000]/.test(raw)) problems.push("文号中不应有空格");
  const year = yearText.length === 4 ? Number(yearText) : null;
  return {
    raw,
    agency,
    year,
    serial: Number(serialText),
    wellFormed: problems.length === 0,
    problems,
  };
}

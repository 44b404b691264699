/**
 * Classified markings (保密关): any of them in material meant for the public is an error.
 * One marking is one finding, however many words it has ("内部资料 注意保密", "秘密★1年").
 * The nouns of the law are not markings: "国家秘密、商业秘密", 《保守国家秘密法》, "商业机密".
 */
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

export const CLASSIFIED_MARKINGS = ["绝密", "机密", "秘密", "★", "内部资料", "内部文件", "内部参考", "注意保密", "不得外传"] as const;

// "不得公开身份证号码" is a rule of the document, "不得外传" a marking
const RE = /(?:绝密|机密|秘密)(?:★(?:[\d一二三四五六七八九十]+(?:年|个月))?)?|★|内部资料|内部文件|内部参考|内部使用|仅供内部(?:使用|参考)?|注意保密|(?:不得|请勿|严禁)(?:外传|扩散)/g;
/** 秘密/机密 as a noun: "国家秘密", "商业秘密", "工作秘密", "商业机密" */
const NOUN_BEFORE = /(?:国家|商业|工作|个人|技术|经营|军事|党的|党和国家|核心)$/;
/** … or followed by what makes it a noun phrase: "秘密事项", "秘密法" */
const NOUN_AFTER = /^(?:法|事项|信息|载体|范围|等级|的|、|和|或|等|及)/;
/** what may stand between two words of one marking */
const JOINER = /^[\s\u3000、，,：:·•|/（）()【】[\]]{0,4}$/;

export function checkClassified(input: InterpretationText): Finding[] {
  const { text } = input;
  const hits: { start: number; end: number }[] = [];
  for (const m of text.matchAll(RE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (/^(?:绝密|机密|秘密)$/.test(m[0]) && (NOUN_BEFORE.test(text.slice(Math.max(0, start - 4), start)) || NOUN_AFTER.test(text.slice(end, end + 2)))) continue;
    const last = hits[hits.length - 1];
    if (last && JOINER.test(text.slice(last.end, start)) && fieldAt(input.segments, last.start) === fieldAt(input.segments, start)) last.end = end;
    else hits.push({ start, end });
  }
  return hits.map(({ start, end }) => {
    const excerpt = text.slice(start, end);
    return {
      rule: "secrecy.marking",
      severity: "error" as const,
      message: `出现密级或内部标识“${excerpt}”。涉密或内部内容不得公开，请删除该内容并交保密关审核。`,
      excerpt,
      offset: start,
      expected: null,
      field: fieldAt(input.segments, start),
    };
  });
}

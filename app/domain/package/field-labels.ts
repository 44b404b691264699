/**
 * Content paths ("qa[1].answer", "charts[0].data[2]", "sections.purpose") as the officer reads
 * them ("问答 2 · 回答"), and the path's parent — the editor uses both to put a 审校 finding or a
 * completeness gap beside its field and to jump there.
 */
import { sectionLabel } from "./content";

const PARTS: Record<string, string> = {
  question: "问题",
  answer: "回答",
  title: "标题",
  subtitle: "副标题",
  unit: "单位",
  source: "数据来源",
  altText: "替代文字",
  dataTable: "数据表",
  longDescription: "长描述",
  situation: "情形",
  explanation: "说明",
  transcript: "文字实录",
  slots: "内容",
  value: "数字",
  label: "说明",
  date: "日期",
};

/** The package's item lists, as the editor names them ("问答 3"). */
export const LIST_LABELS = {
  qa: "问答",
  charts: "图表",
  keyFigures: "关键数字",
  timeline: "时间节点",
  graphics: "图解",
  cases: "案例",
  media: "媒体记录",
} as const;
const LISTS: Readonly<Record<string, string>> = LIST_LABELS;

/** "问答 2 · 回答", "图表 1 · 第 3 行", "出台目的"; an unknown path is returned as it is. */
export function describeField(field: string): string {
  const section = /^sections\.(\w+)$/.exec(field);
  if (section) return sectionLabel(section[1]);
  const item = /^(\w+)\[(\d+)\](.*)$/.exec(field);
  if (!item || !Object.hasOwn(LISTS, item[1])) return field;
  const head = `${LISTS[item[1]]} ${Number(item[2]) + 1}`;
  const rest = item[3];
  const row = /^\.data\[(\d+)\]/.exec(rest);
  if (row) return `${head} · 第 ${Number(row[1]) + 1} 行`;
  const part = /^\.(\w+)/.exec(rest);
  if (!part) return head;
  return Object.hasOwn(PARTS, part[1]) ? `${head} · ${PARTS[part[1]]}` : head;
}

/** "charts[0].data[2]" → "charts[0]" → "charts"; "" at the top. */
export function parentField(field: string): string {
  const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(field);
  return m ? m[1] : "";
}

/** Whether `field` is `scope` or lies inside it ("qa[0]" holds "qa[0].answer", not "qa[01]"). */
export function fieldWithin(field: string, scope: string): boolean {
  return field === scope || field.startsWith(`${scope}.`) || field.startsWith(`${scope}[`);
}

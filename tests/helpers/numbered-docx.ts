/**
 * A 实施方案 whose headings are numbered by Word's automatic numbering, as officers' files are:
 * no "一、" / "（一）" / "1." / "（1）" in the paragraph text, only numbering.xml levels —
 * level 0 through a heading style (numPr in the style, level linked by w:pStyle), level 1 both
 * directly and through a style based on a numbered style, a restart of the lower levels under
 * each new parent, an empty numbered paragraph, and a second instance of a circled-number list
 * that restarts with w:startOverride (or, with `restartCircles: false`, continues it as Word does).
 */
import { buildDocx, type DocxNumbering, type DocxParagraph, type DocxStyle } from "./docx";

export const PLAN_STYLES: DocxStyle[] = [
  { id: "a", name: "Normal", default: true },
  // Heading 1 names only the list; its level comes from the lvl that links back to it.
  { id: "1", name: "heading 1", basedOn: "a", num: { id: 1 } },
  { id: "2", name: "heading 2", basedOn: "a", num: { id: 1, level: 1 } },
  { id: "subhead", name: "小标题", basedOn: "2" },
];

export function planNumbering(restartCircles = true): DocxNumbering {
  return {
    abstractNums: [
      {
        id: 0,
        levels: [
          { ilvl: 0, start: 1, numFmt: "chineseCounting", lvlText: "%1、", suff: "nothing", pStyle: "1" },
          { ilvl: 1, start: 1, numFmt: "chineseCounting", lvlText: "（%2）", suff: "nothing" },
          { ilvl: 2, start: 1, numFmt: "decimal", lvlText: "%3." },
          { ilvl: 3, start: 1, numFmt: "decimal", lvlText: "（%4）", suff: "nothing" },
        ],
      },
      { id: 1, levels: [{ ilvl: 0, start: 1, numFmt: "decimalEnclosedCircle", lvlText: "%1", suff: "nothing" }] },
    ],
    nums: [
      { id: 1, abstractNumId: 0 },
      { id: 3, abstractNumId: 1 },
      { id: 4, abstractNumId: 1, ...(restartCircles ? { startOverrides: { 0: 1 } } : {}) },
    ],
  };
}

export const PLAN_PARAGRAPHS: DocxParagraph[] = [
  "某某市数字政府建设实施方案",
  "为加快推进数字政府建设，结合我市实际，制定本方案。",
  { text: "总体要求", style: "1" },
  { text: "基本原则", num: { id: 1, level: 1 } },
  { text: "坚持统筹推进。全市一盘棋，统一规划建设。", num: { id: 1, level: 2 } },
  { text: "坚持便民高效。", num: { id: 1, level: 2 } },
  { text: "线上办理。", num: { id: 1, level: 3 } },
  { text: "线下办理。", num: { id: 1, level: 3 } },
  { text: "发展目标", style: "subhead" },
  { text: "到2025年，政务服务事项全部网上可办。", num: { id: 1, level: 2 } },
  { text: "主要任务", style: "1" },
  { text: "推进政务服务一网通办", style: "2" },
  { text: "办事指南标准化；", num: { id: 3, level: 0 } },
  { text: "申报材料电子化。", num: { id: 3, level: 0 } },
  { text: "加强数据共享", num: { id: 1, level: 1 } },
  { text: "目录统一编制；", num: { id: 4, level: 0 } },
  { text: "接口统一管理。", num: { id: 4, level: 0 } },
  { text: "", num: { id: 1, level: 2 } },
  { text: "共享数据按需申请。", num: { id: 1, level: 2 } },
  { text: "保障措施", style: "1", splitAt: [2] },
  "各部门要加强组织领导，确保各项任务落到实处。",
];

export function buildNumberedPlan(options: { restartCircles?: boolean } = {}): Promise<Uint8Array> {
  return buildDocx(PLAN_PARAGRAPHS, { numbering: planNumbering(options.restartCircles ?? true), styles: PLAN_STYLES });
}

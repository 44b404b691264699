/**
 * Responsible units where a document tags them: "（区发改局牵头，区财政局、区统计局配合）",
 * "（区政务服务中心负责）", "责任单位：区发改局、区财政局", "牵头单位：…；配合单位：…".
 */
import type { Responsibility } from "./types";

const TAGGED =
  /[（(]([^（）()\n。]{2,60}?)(?:牵头|负责)(?:[，,；;]\s*([^（）()\n。]{2,120}?)(?:配合|参与|协同|协助|按职责分工负责|分工负责))?[）)]/g;
const LABELLED =
  /(?:责任单位|牵头单位|主责单位|责任部门|牵头部门)[:：]([^。；;\n]+?)(?:[；;，,]\s*(?:配合单位|协同单位|参与单位|配合部门)[:：]([^。；;\n]+))?(?=[。；;\n）)]|$)/g;

function units(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(/[、，,]/)
    .map((s) => s.trim().replace(/^(?:由|各)$/, ""))
    .filter((s) => s.length >= 2);
}

export function extractResponsibilities(text: string, locate: (offset: number) => string[]): Responsibility[] {
  const found: Responsibility[] = [];
  // Many plans state "列第一位的为牵头单位": then the first unit listed leads, the rest support.
  const firstLeads = /(?:列|排)(?:在)?第一位的(?:为|是)牵头单位/.test(text);
  for (const m of text.matchAll(TAGGED)) {
    const start = m.index ?? 0;
    found.push({ lead: units(m[1]), support: units(m[2]), text: m[0], start, end: start + m[0].length, path: locate(start) });
  }
  for (const m of text.matchAll(LABELLED)) {
    const start = m.index ?? 0;
    let lead = units(m[1]);
    let support = units(m[2]);
    const marked = lead.filter((u) => /[（(]牵头[）)]$/.test(u));
    if (marked.length > 0) {
      support = [...lead.filter((u) => !marked.includes(u)), ...support];
      lead = marked.map((u) => u.replace(/[（(]牵头[）)]$/, ""));
    } else if (firstLeads && !m[2] && lead.length > 1) {
      support = lead.slice(1);
      lead = lead.slice(0, 1);
    }
    found.push({ lead, support, text: m[0], start, end: start + m[0].length, path: locate(start) });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Tables flattened into text, as Word and WPS paste them and as text PDFs extract them: a header
 * line of column names, then rows with the same number of cells, separated by spaces or tabs.
 *
 *   序号 乡镇 补贴面积（万亩） 补贴资金（万元）        失能等级 特困人员 低保对象 低保边缘家庭
 *   1 城关镇 5.2 579.8                              轻度失能 200 150 100
 *   …                                                …
 *   合计 38.4 4281.6
 *
 * They are read from the text *before* normalisation (which joins short lines and drops the spaces
 * between CJK and digits — the columns would run together). A table gives charts only; its cells
 * are no facts, so nothing the 审校 compares changes.
 *
 * Map of the flow (`readTables`): candidate header (≥ 3 cells, none a number) → the rows that
 * follow with as many cells (a 合计 row is the total, left out) → numeric columns (every row a
 * number) and the label column (the first other column that is no 序号) → units from the header
 * ("补贴面积（万亩）") or from a note just before ("（单位：元/人·月）").
 */

export type TableColumn = { name: string; unit: string; period: "月" | "年" | null; values: number[] };

export type TextTable = {
  /** offset in the original text where the header line starts */
  start: number;
  /** the label column's header ("乡镇", "失能等级") */
  labelHeader: string;
  labels: string[];
  columns: TableColumn[];
};

const CELL_SPLIT = /[\t \u3000]+/;
const NUMBER = /^-?\d+(?:,\d{3})*(?:\.\d+)?$/;
const TOTAL_ROW = /^(?:合计|总计|小计|共计|全县|全区|全市)$/;
const INDEX_HEADER = /^(?:序号|编号|排序)$/;
/** "（单位：元/人·月）", "单位：万元" */
const UNIT_NOTE = /单位[:：]\s*([^）)\s，。；]+)/;

function parseUnit(raw: string): { unit: string; period: "月" | "年" | null } {
  const [unit, ...rest] = raw.split(/[/／]/);
  const per = rest.join("/");
  const period = /月/.test(per) ? "月" : /年/.test(per) ? "年" : null;
  return { unit: unit.trim(), period };
}

/** "补贴面积（万亩）" → name 补贴面积, unit 万亩 */
function headerCell(cell: string): { name: string; unit: string | null; period: "月" | "年" | null } {
  const m = /^(.+?)[（(]([^（）()]+)[）)]$/.exec(cell);
  if (!m) return { name: cell, unit: null, period: null };
  const { unit, period } = parseUnit(m[2]);
  return { name: m[1], unit, period };
}

type Line = { text: string; start: number };

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    out.push({ text: raw.trim(), start });
    start += raw.length + 1;
  }
  return out;
}

export function readTables(original: string): TextTable[] {
  const lines = linesOf(original);
  const tables: TextTable[] = [];
  for (let h = 0; h < lines.length; h++) {
    const header = lines[h].text.split(CELL_SPLIT).filter(Boolean);
    if (header.length < 3 || header.some((c) => NUMBER.test(c)) || lines[h].text.length > 80) continue;
    const rows: string[][] = [];
    let k = h + 1;
    for (; k < lines.length; k++) {
      const cells = lines[k].text.split(CELL_SPLIT).filter(Boolean);
      if (cells.length === 0) break;
      if (cells.length === header.length) rows.push(cells);
      else if (TOTAL_ROW.test(cells[0])) continue; // "合计 38.4 4281.6": the total, merged across 序号
      else break;
    }
    const body = rows.filter((r) => !r.some((c) => TOTAL_ROW.test(c)));
    if (body.length < 2) continue;
    const numeric = header.map((_, c) => body.every((r) => NUMBER.test(r[c])));
    const labelColumn = header.findIndex((name, c) => !numeric[c] && !INDEX_HEADER.test(name));
    const valueColumns = header.map((_, c) => c).filter((c) => numeric[c] && !INDEX_HEADER.test(header[c]));
    if (labelColumn < 0 || valueColumns.length === 0) continue;
    // a unit note in the two lines before the header applies to every column without its own
    const before = `${lines[h - 2]?.text ?? ""}${lines[h - 1]?.text ?? ""}`;
    const note = UNIT_NOTE.exec(before);
    const shared = note ? parseUnit(note[1]) : null;
    const columns: TableColumn[] = [];
    for (const c of valueColumns) {
      const cell = headerCell(header[c]);
      const unit = cell.unit ?? shared?.unit ?? "";
      if (!unit) continue;
      columns.push({ name: cell.name, unit, period: cell.unit ? cell.period : (shared?.period ?? null), values: body.map((r) => Number(r[c].replace(/,/g, ""))) });
    }
    if (columns.length === 0) continue;
    tables.push({ start: lines[h].start, labelHeader: header[labelColumn], labels: body.map((r) => r[labelColumn]), columns });
    h = k - 1;
  }
  return tables;
}

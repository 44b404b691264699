/**
 * Pasting a table from Excel / WPS: the clipboard holds tab-separated text, one row per line,
 * cells with tabs or line breaks wrapped in double quotes. The row limit is checked before any
 * work per row, so a 10,000-row paste is refused at once with a message instead of freezing.
 */
import { MAX_CHART_ROWS, parseChartNumber, usesSeries } from "./charts";
import type { ChartContent, ChartRow } from "./content";

export type TsvResult = { ok: true; rows: string[][] } | { ok: false; message: string };

export const MAX_PASTE_CHARS = 200_000;

export function parseTsv(text: string, maxRows = MAX_CHART_ROWS): TsvResult {
  if (text.length > MAX_PASTE_CHARS) return { ok: false, message: `粘贴的内容过大（超过 ${MAX_PASTE_CHARS.toLocaleString("zh-CN")} 个字符），图表最多 ${maxRows} 行数据，请只复制需要的行。` };
  const source = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
  // Quick count first: a huge paste is refused before it is parsed.
  const roughLines = source.split("\n").length;
  if (roughLines > maxRows * 4 + 10) return { ok: false, message: `粘贴了约 ${roughLines.toLocaleString("zh-CN")} 行，超过上限 ${maxRows} 行，请只复制需要的行。` };
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === "\t") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  row.push(cell);
  rows.push(row);
  const cleaned = rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ""));
  if (cleaned.length === 0) return { ok: false, message: "剪贴板里没有表格数据，请在 Excel 或 WPS 中选中单元格后复制。" };
  if (cleaned.length > maxRows + 1) return { ok: false, message: `粘贴了 ${cleaned.length.toLocaleString("zh-CN")} 行，超过上限 ${maxRows} 行，请只复制需要的行。` };
  return { ok: true, rows: cleaned };
}

const HEADER_WORDS = /^(项目|名称|类别|类型|档次|分档|标签|指标|对象|地区|区域|年份|月份|日期|时间|系列|数值|数量|分值|金额|标准|占比|比例|label|name|value|date|series)/i;
const DATE_CELL = /^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?$/;
/** "补贴标准（元）", "金额(万元)": a unit in brackets at the end of a heading. */
const UNIT_IN_HEADING = /^(.*?)\s*[（(]([^（）()]{1,12})[）)]$/;

export type PastedChart = {
  data: ChartRow[];
  /** the chart type the table calls for (several value columns → a grouped chart) */
  type: ChartContent["type"];
  /** a unit read from the headings ("标准（元）"), when all value columns name the same one */
  unit: string | null;
  /** what was understood, in Chinese, for the notice under the table */
  note: string;
};

const isNumberCell = (cell: string) => cell !== "" && parseChartNumber(cell) !== null;

/** Columns after the first whose filled body cells are mostly numbers: the value columns. */
function valueColumns(body: string[][], width: number): number[] {
  const columns: number[] = [];
  for (let j = 1; j < width; j++) {
    const filled = body.map((r) => r[j] ?? "").filter((c) => c !== "");
    const numbers = filled.filter(isNumberCell).length;
    if (filled.length > 0 && numbers * 2 >= filled.length) columns.push(j);
  }
  return columns;
}

/**
 * A first row of headings: a known heading word, or text where the rows below hold numbers
 * ("类别 / 标准" over "B档 / 120") — never a row that itself holds the numbers.
 */
function hasHeaderRow(cells: string[][], columns: number[], type: ChartContent["type"]): boolean {
  if (cells.length < 2) return false;
  const [first, second] = cells;
  if (type === "timeline") return !DATE_CELL.test(first[0] ?? "") && DATE_CELL.test(second[0] ?? "");
  if (first.some((c) => HEADER_WORDS.test(c)) && !columns.some((j) => isNumberCell(first[j] ?? ""))) return true;
  return columns.length > 0 && columns.every((j) => !isNumberCell(first[j] ?? "") && (first[j] ?? "") !== "");
}

function groupedType(type: ChartContent["type"]): ChartContent["type"] {
  if (usesSeries(type)) return type;
  return type === "hbar" || type === "grouped-hbar" ? "grouped-hbar" : "grouped-bar";
}

function ungroupedType(type: ChartContent["type"]): ChartContent["type"] {
  if (type === "grouped-bar") return "bar";
  if (type === "grouped-hbar") return "hbar";
  return type;
}

/** The unit all value headings share, and the headings without it. */
function headingUnit(headings: string[]): { unit: string | null; names: string[] } {
  const parts = headings.map((h) => UNIT_IN_HEADING.exec(h));
  const unit = parts[0]?.[2] ?? null;
  if (unit === null || !parts.every((p) => p !== null && p[2] === unit)) return { unit: null, names: headings };
  return { unit, names: parts.map((p, i) => p?.[1] || headings[i]) };
}

/**
 * Pasted cells → chart rows, read the way people lay out a table in Excel or WPS:
 *   - a first row of headings is recognised and skipped (its words name the series);
 *   - one value column: 名称 | 数值;
 *   - several value columns (城市 | 农村 over B档 / C档 / D档): one row per cell with the column
 *     heading as its series, and the chart becomes a grouped chart;
 *   - three columns where the first two are text: 系列 | 名称 | 数值 (long format);
 *   - timeline: 日期 | 事项.
 * Cells are kept as typed; `validateChartRows` reports the ones that are not numbers, on the cell.
 */
export function pastedChart(cells: string[][], type: ChartContent["type"]): PastedChart {
  const width = Math.max(...cells.map((r) => r.length));
  if (type === "timeline") {
    const header = hasHeaderRow(cells, [], type);
    const body = header ? cells.slice(1) : cells;
    return {
      data: body.map((r) => ({ date: r[0] ?? "", label: r[1] ?? "", value: 0 })),
      type,
      unit: null,
      note: `已粘贴 ${body.length} 个时间节点${header ? "（已跳过表头）" : ""}。`,
    };
  }
  const columns = valueColumns(cells.slice(1), width);
  const header = hasHeaderRow(cells, columns, type);
  const body = header ? cells.slice(1) : cells;
  const skipped = header ? `已识别表头“${cells[0].filter(Boolean).join("、")}”，` : "";

  const long = width === 3 && !columns.includes(1) && columns.includes(2);
  if (long) {
    const data = body.map((r) => ({ series: r[0] ?? "", label: r[1] ?? "", value: r[2] ?? "" }));
    const series = new Set(data.map((r) => r.series).filter(Boolean)).size;
    const next = series > 1 ? groupedType(type) : type;
    return { data, type: next, unit: null, note: `${skipped}按“系列、名称、数值”三列粘贴了 ${data.length} 行（${series} 个系列）。` };
  }

  if (columns.length >= 2) {
    const headings = columns.map((j, k) => (header ? cells[0][j] : "") || `系列${k + 1}`);
    const { unit, names } = headingUnit(headings);
    const data = body.flatMap((r) => columns.map((j, k) => ({ label: r[0] ?? "", value: r[j] ?? "", series: names[k] })));
    const next = groupedType(type);
    return {
      data,
      type: next,
      unit,
      note: `${skipped}共 ${body.length} 行 × ${columns.length} 个系列（${names.join("、")}），已改为${next === "grouped-hbar" ? "分组条形图" : next === "grouped-bar" ? "分组柱状图" : "多系列图表"}。`,
    };
  }

  const { unit } = header && columns.length === 1 ? headingUnit([cells[0][columns[0]] ?? ""]) : { unit: null };
  const valueAt = columns[0] ?? 1;
  const data = body.map((r) => ({ label: r[0] ?? "", value: r[valueAt] ?? "" }));
  return { data, type: ungroupedType(type), unit, note: `${skipped}已粘贴 ${data.length} 行数据。` };
}

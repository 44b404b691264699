/**
 * Pasting a table from Excel / WPS: the clipboard holds tab-separated text, one row per line,
 * cells with tabs or line breaks wrapped in double quotes. The row limit is checked before any
 * work per row, so a 10,000-row paste is refused at once with a message instead of freezing.
 */
import type { ChartContent, ChartRow } from "./content";
import { MAX_CHART_ROWS } from "./charts";

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

const HEADER_WORDS = /^(项目|名称|类别|标签|指标|日期|时间|系列|数值|数量|分值|金额|占比|label|name|value|date|series)/i;

/**
 * Pasted cells → chart rows. Columns: label, value (timeline: date, label; stacked/line with
 * three columns: series, label, value). A first row of headings is skipped. Cells are kept as
 * typed; `validateChartRows` reports the ones that are not numbers, on the cell.
 */
export function cellsToChartRows(cells: string[][], type: ChartContent["type"]): ChartRow[] {
  const body = cells.length > 1 && cells[0].some((c) => HEADER_WORDS.test(c)) ? cells.slice(1) : cells;
  return body.map((r) => {
    if (type === "timeline") return { date: r[0] ?? "", label: r[1] ?? "", value: 0 };
    if (r.length >= 3 && (type === "stacked" || type === "line")) return { series: r[0], label: r[1] ?? "", value: r[2] ?? "" };
    return { label: r[0] ?? "", value: r[1] ?? "" };
  });
}

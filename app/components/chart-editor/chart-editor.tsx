/**
 * One chart: type, texts, palette, the editable data table (typing or pasting from Excel/WPS —
 * headings recognised, several value columns make a grouped chart), the live preview and the
 * generated-but-editable text alternative and data-table fallback. A blank row is where the user
 * is about to type: it shows no error and is dropped on save.
 */
import { useId, useMemo, useState } from "react";
import { chartAltText, chartDataTable, chartSpecFor, isGroupedChart, isPaletteId, PALETTES, PREVIEW_SIZE, usesSeries, validateChartRows } from "~/domain/package/charts";
import type { ChartContent, ChartRow } from "~/domain/package/content";
import { parseTsv, pastedChart } from "~/domain/package/tsv";
import { TextField } from "../package-editor/fields";
import { FieldFindings } from "../package-editor/findings";
import { ChartPreview } from "./chart-preview";
import { CHART_TYPE_LABELS, CHART_TYPES } from "~/domain/vocabulary";

type Props = {
  chart: ChartContent;
  index: number;
  onChange: (chart: ChartContent) => void;
  errorsAt: (path: string) => string[];
  /** the server's messages for the data table (any row), shown when the table itself has none */
  dataErrors: string[];
  readOnly: boolean;
};

function isChartType(value: string): value is ChartContent["type"] {
  return (CHART_TYPES as readonly string[]).includes(value);
}

/** Keeps the generated texts in step with the data until the user edits them by hand. */
function withGenerated(prev: ChartContent, next: ChartContent): ChartContent {
  const altAuto = !prev.altText || prev.altText === chartAltText(prev);
  const tableAuto = !prev.dataTable || prev.dataTable === chartDataTable(prev);
  return { ...next, altText: altAuto ? chartAltText(next) : next.altText, dataTable: tableAuto ? chartDataTable(next) : next.dataTable };
}

export function ChartEditor({ chart, index, onChange, errorsAt, dataErrors, readOnly }: Props) {
  const id = useId();
  const [pasteMessage, setPasteMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const cellErrors = useMemo(() => validateChartRows(chart), [chart]);
  const spec = useMemo(() => {
    const r = chartSpecFor(chart, PREVIEW_SIZE);
    return r.ok ? r.spec : null;
  }, [chart]);
  const set = (patch: Partial<ChartContent>) => onChange(withGenerated(chart, { ...chart, ...patch }));
  const setRow = (i: number, patch: Partial<ChartRow>) => set({ data: chart.data.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const hasSeries = usesSeries(chart.type);
  const isTimeline = chart.type === "timeline";
  const cellError = (row: number, column: string) => cellErrors.find((e) => e.row === row + 1 && e.column === column)?.message;
  // what the save found beyond the table's own checks (e.g. a label that was only markup)
  const otherDataErrors = dataErrors.filter((m) => !cellErrors.some((e) => e.message === m));

  const onPaste = (e: React.ClipboardEvent) => {
    const text = e.clipboardData.getData("text/plain");
    if (!/[\t\n]/.test(text)) return; // a single value: let the input take it
    e.preventDefault();
    const parsed = parseTsv(text);
    if (!parsed.ok) {
      setPasteMessage({ ok: false, text: parsed.message });
      return;
    }
    const pasted = pastedChart(parsed.rows, chart.type);
    const unit = chart.unit?.trim() ? chart.unit : pasted.unit;
    const next = { ...chart, data: pasted.data, type: pasted.type, unit };
    const bad = validateChartRows(next).filter((e) => e.row > 0).length;
    setPasteMessage({
      ok: true,
      text: `${pasted.note}${pasted.unit && !chart.unit?.trim() ? `单位取自表头：${pasted.unit}。` : ""}${bad ? `有 ${bad} 个单元格需要修改，已用红色标出。` : ""}`,
    });
    onChange(withGenerated(chart, next));
  };

  return (
    <div className="chart-editor">
      <div className="grid-2">
        <div>
          <div className="field">
            <label htmlFor={`${id}-type`}>图表类型</label>
            <select id={`${id}-type`} name={`chart-${index}-type`} value={chart.type} disabled={readOnly} onChange={(e) => isChartType(e.target.value) && set({ type: e.target.value })}>
              {CHART_TYPES.map((t) => (
                <option key={t} value={t}>
                  {CHART_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <TextField label="标题" name={`chart-${index}-title`} field={`charts[${index}].title`} value={chart.title} onChange={(v) => set({ title: v })} errors={errorsAt("title")} />
          <TextField label="副标题" field={`charts[${index}].subtitle`} value={chart.subtitle ?? ""} onChange={(v) => set({ subtitle: v })} errors={errorsAt("subtitle")} />
          <div className="grid-2 tight">
            <TextField label="单位" name={`chart-${index}-unit`} value={chart.unit ?? ""} onChange={(v) => set({ unit: v })} errors={errorsAt("unit")} />
            <div className="field">
              <label htmlFor={`${id}-palette`}>配色</label>
              <select id={`${id}-palette`} value={isPaletteId(chart.palette) ? chart.palette : "standard"} disabled={readOnly} onChange={(e) => set({ palette: e.target.value })}>
                {Object.entries(PALETTES).map(([key, p]) => (
                  <option key={key} value={key}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <TextField label="数据来源" field={`charts[${index}].source`} value={chart.source ?? ""} onChange={(v) => set({ source: v })} errors={errorsAt("source")} hint="例如：《2020年政务公开工作考核办法》" />
        </div>
        <ChartPreview spec={spec} label={chart.title || `图表 ${index + 1}`} />
      </div>

      <fieldset className="data-table" onPaste={readOnly ? undefined : onPaste}>
        <legend>数据表</legend>
        <p className="hint">
          {isGroupedChart(chart.type)
            ? "分组图表每行填写系列（如“城市”“农村”）、名称（如“A档”）和数值。也可在 Excel 或 WPS 中选中表格（可连同表头）复制，然后在任一单元格中粘贴：有多列数值（如“城市、农村”）时按系列生成分组图表。最多 50 行。"
            : "在 Excel 或 WPS 中选中表格（可连同表头）复制，然后在任一单元格中粘贴：两列为“名称、数值”；有多列数值（如“城市、农村”）时按系列生成分组图表。最多 50 行。"}
        </p>
        {pasteMessage ? (
          <p className={pasteMessage.ok ? "notice" : "form-error"} role="status" data-testid="paste-message">
            {pasteMessage.text}
          </p>
        ) : null}
        <table className="list compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              {hasSeries ? <th scope="col">系列</th> : null}
              {isTimeline ? <th scope="col">日期</th> : null}
              <th scope="col">{isTimeline ? "事项" : "名称"}</th>
              {isTimeline ? null : <th scope="col">数值{chart.unit ? `（${chart.unit}）` : ""}</th>}
              {readOnly ? null : <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {chart.data.map((row, i) => {
              const cells: { field: "series" | "date" | "label" | "value"; label: string }[] = [];
              if (hasSeries) cells.push({ field: "series", label: "系列" });
              if (isTimeline) cells.push({ field: "date", label: "日期" });
              cells.push({ field: "label", label: isTimeline ? "事项" : "名称" });
              if (!isTimeline) cells.push({ field: "value", label: "数值" });
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                <tr key={i} data-field={`charts[${index}].data[${i}]`}>
                  <td>{i + 1}</td>
                  {cells.map(({ field, label }) => {
                    const message = cellError(i, field);
                    const errId = `${id}-r${i}-${field}-err`;
                    return (
                      <td key={field}>
                        <input
                          type="text"
                          name={`chart-${index}-row-${i}-${field}`}
                          aria-label={`第 ${i + 1} 行${label}`}
                          value={String(row[field] ?? "")}
                          readOnly={readOnly}
                          inputMode={field === "value" ? "decimal" : undefined}
                          aria-invalid={message ? true : undefined}
                          aria-describedby={message ? errId : undefined}
                          onChange={(e) => setRow(i, { [field]: e.target.value })}
                        />
                        {message ? (
                          <span className="cell-error" id={errId}>
                            {message}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                  {readOnly ? null : (
                    <td>
                      <button type="button" className="secondary small" onClick={() => set({ data: chart.data.filter((_, j) => j !== i) })} aria-label={`删除第 ${i + 1} 行`}>
                        删除
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {cellErrors.some((e) => e.row === 0) || otherDataErrors.length ? (
          <p className="error" role="alert">
            {[...cellErrors.filter((e) => e.row === 0).map((e) => e.message), ...otherDataErrors].join(" ")}
          </p>
        ) : null}
        <FieldFindings field={`charts[${index}].data`} within />
        {readOnly ? null : (
          <button type="button" className="secondary small" onClick={() => set({ data: [...chart.data, isTimeline ? { label: "", value: 0, date: "" } : { label: "", value: "" }] })}>
            添加一行
          </button>
        )}
      </fieldset>

      <div className="grid-2">
        <div>
          <TextField label="替代文字（读屏软件朗读）" field={`charts[${index}].altText`} multiline rows={3} value={chart.altText ?? ""} onChange={(v) => onChange({ ...chart, altText: v })} errors={errorsAt("altText")} />
          {readOnly ? null : (
            <button type="button" className="secondary small" onClick={() => onChange({ ...chart, altText: chartAltText(chart) })}>
              根据数据重新生成替代文字
            </button>
          )}
        </div>
        <div>
          <TextField label="数据表文字版" multiline rows={3} value={chart.dataTable ?? ""} onChange={(v) => onChange({ ...chart, dataTable: v })} errors={errorsAt("dataTable")} />
          {readOnly ? null : (
            <button type="button" className="secondary small" onClick={() => onChange({ ...chart, dataTable: chartDataTable(chart) })}>
              根据数据重新生成数据表
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

export function newChart(): ChartContent {
  const chart: ChartContent = { type: "bar", title: "", subtitle: null, unit: null, source: null, palette: "standard", data: [{ label: "", value: "" }] };
  return chart;
}

import { formatRate } from "~/domain/dashboard/metrics";

type Figures = {
  published: number;
  notRequired: number;
  required: number;
  interpreted: number;
  interpretationRate: number | null;
  synced: number;
  syncRate: number | null;
  lagged: number;
  singleForm: number;
  lag: { maxWorkingDays: number | null; overLimit: number };
};

/** The headline figures of a period (all departments, or one). */
export function Kpis({ figures: f, maxLag }: { figures: Figures; maxLag: number }) {
  const items: [string, string][] = [
    ["发布文件数", String(f.published)],
    ["需解读 / 已解读", `${f.required} / ${f.interpreted}`],
    ["未解读", String(f.required - f.interpreted)],
    ["无需解读", String(f.notRequired)],
    ["解读率", formatRate(f.interpretationRate)],
    ["同步率", formatRate(f.syncRate)],
    ["滞后发布", f.lagged ? `${f.lagged}（最长 ${f.lag.maxWorkingDays ?? 0} 个工作日）` : "0"],
    [`滞后超过${maxLag}个工作日`, String(f.lag.overLimit)],
    ["形式单一", String(f.singleForm)],
  ];
  return (
    <ul className="kpis" aria-label="主要指标">
      {items.map(([label, value]) => (
        <li key={label}>
          <span className="kpi-value">{value}</span>
          <span className="kpi-label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";

export type PeriodValues = { period: string; year: string; quarter: string; month: string; from: string; to: string };

/**
 * The period picker: a plain GET form, so a period is a shareable URL and works without scripts.
 * The fields that do not apply to the chosen kind are hidden once scripts run.
 */
export function PeriodForm({ values, error, action }: { values: PeriodValues; error: string | null; action?: string }) {
  const [kind, setKind] = useState(values.period || "year");
  // Without scripts every field stays visible (the server ignores the ones that do not apply).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const show = (k: string[]) => (!hydrated || k.includes(kind) ? undefined : { display: "none" });
  return (
    <Form method="get" action={action} className="card period-form" aria-describedby={error ? "period-error" : undefined}>
      {error ? (
        <p className="form-error" role="alert" id="period-error">
          {error}
        </p>
      ) : null}
      <div className="period-fields">
        <div className="field">
          <label htmlFor="period">统计周期</label>
          <select id="period" name="period" defaultValue={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="year">年度</option>
            <option value="quarter">季度</option>
            <option value="month">月度</option>
            <option value="custom">自定义</option>
          </select>
        </div>
        <div className="field" style={show(["year", "quarter", "month"])}>
          <label htmlFor="year">年份</label>
          <input id="year" name="year" type="number" min={2000} max={2100} defaultValue={values.year} />
        </div>
        <div className="field" style={show(["quarter"])}>
          <label htmlFor="quarter">季度</label>
          <select id="quarter" name="quarter" defaultValue={values.quarter}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                第{q}季度
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={show(["month"])}>
          <label htmlFor="month">月份</label>
          <select id="month" name="month" defaultValue={values.month}>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
              <option key={m} value={m}>
                {m}月
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={show(["custom"])}>
          <label htmlFor="from">开始日期</label>
          <input id="from" name="from" type="date" defaultValue={values.from} />
        </div>
        <div className="field" style={show(["custom"])}>
          <label htmlFor="to">结束日期</label>
          <input id="to" name="to" type="date" defaultValue={values.to} />
        </div>
        <div className="field">
          <button type="submit">查询</button>
        </div>
      </div>
    </Form>
  );
}

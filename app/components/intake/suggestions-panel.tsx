import { describeClausePath } from "~/domain/analysis/clause-path";
import type { Analysis } from "~/domain/analysis/types";
import { CHART_TYPE_LABELS } from "~/domain/vocabulary";

/** What the analysis suggests for the package, read-only here: it is applied in the package editor. */
export function SuggestionsPanel({ suggestions }: { suggestions: Analysis["suggestions"] }) {
  const { qa, charts, keyFigures, timeline } = suggestions;
  return (
    <div className="intake-suggestions">
      <p className="notice">
        以下是根据正文生成的解读建议，仅供参考，此处不能修改。保存后请在“编辑解读材料”中逐条采纳、修改或忽略。
      </p>
      <h3>简明问答（草稿，{qa.length} 条）</h3>
      {qa.length === 0 ? (
        <p className="muted">未生成问答建议。</p>
      ) : (
        <ol className="intake-qa">
          {qa.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, read-only list
            <li key={`${i}-${item.topic}`}>
              <p className="intake-q">
                <span className="badge badge-info">{item.topic}</span> {item.question}
              </p>
              <p className="intake-a">{item.answer}</p>
              {item.clauses.length ? (
                <p className="muted">依据条款：{item.clauses.map((c) => describeClausePath(c)).join("；")}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <h3>图表建议（{charts.length} 个）</h3>
      {charts.length === 0 ? (
        <p className="muted">未找到适合制图的数字。</p>
      ) : (
        <ul className="intake-charts">
          {charts.map((chart, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, read-only list
            <li key={`${i}-${chart.title}`}>
              <strong>
                {CHART_TYPE_LABELS[chart.type]}：{chart.title}
              </strong>
              {chart.unit ? <span className="muted">（单位：{chart.unit}）</span> : null}
              <ul>
                {chart.data.map((d, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, read-only list
                  <li key={`${j}-${d.label}`}>
                    {d.series ? `${d.series} · ` : ""}
                    {d.label}：{d.value}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <h3>关键数字（{keyFigures.length} 个）</h3>
      {keyFigures.length === 0 ? (
        <p className="muted">未找到关键数字。</p>
      ) : (
        <ul className="intake-figures">
          {keyFigures.map((f) => (
            <li key={f.factIndex}>
              <span className="intake-figure-value">
                {f.value}
                <small>{f.unit}</small>
              </span>
              <span>{f.label}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>时间节点（{timeline.length} 个）</h3>
      {timeline.length === 0 ? (
        <p className="muted">未找到时间节点。</p>
      ) : (
        <ol className="intake-timeline">
          {timeline.map((t) => (
            <li key={t.factIndex}>
              <time dateTime={t.date}>{t.date}</time> {t.label}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

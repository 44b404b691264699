/**
 * The body of a published interpretation — 文字解读, 简明问答 (clause citations), 图表 (accessible
 * SVG + data table), 图解, 案例, 发布会与访谈 — shared by the public page (/jiedu/<id>) and the CMS
 * import bundle's jiedu.html, so both always show the same thing. Image sources and citation
 * links are given by the caller (site paths or bundle-relative files).
 */
import { LightHtml } from "~/components/public/light-html";
import type { ChartContent, PackageContent } from "~/domain/package/content";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import type { LightNode } from "~/domain/public/light-html";

function formatValue(v: number | string): string {
  return typeof v === "number" ? v.toLocaleString("zh-CN") : v;
}

export type ChartItem = { chart: ChartContent; svg: string | null };

export function ChartFigure({ item, index }: { item: ChartItem; index: number }) {
  const { chart, svg } = item;
  const captionId = `chart-${index + 1}-caption`;
  const multiSeries = chart.data.some((r) => r.series);
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {chart.title}
        {chart.unit ? `（单位：${chart.unit}）` : ""}
        {chart.subtitle ? <span className="muted"> {chart.subtitle}</span> : null}
      </figcaption>
      {chart.type === "bignumber" ? (
        <ul>
          {chart.data.map((r) => (
            <li key={`${r.label}-${r.value}`}>
              <span className="big-number">
                {formatValue(r.value)}
                {chart.unit ?? ""}
              </span>{" "}
              {r.label}
            </li>
          ))}
        </ul>
      ) : svg ? (
        // The SVG is produced on the server by vega from data values (text escaped by vega);
        // role="img" with <title>/<desc> is set in public-charts.server.ts.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart SVG
        <div dangerouslySetInnerHTML={{ __html: svg }} />
      ) : null}
      {chart.altText ? <p className="muted">{chart.altText}</p> : null}
      <details open={!svg && chart.type !== "bignumber"}>
        <summary>查看数据表</summary>
        <table className="data-table">
          <caption className="sr-only">{chart.title}数据表</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {multiSeries ? <th scope="col">系列</th> : null}
              <th scope="col">数值{chart.unit ? `（${chart.unit}）` : ""}</th>
            </tr>
          </thead>
          <tbody>
            {chart.data.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <tr key={i}>
                <th scope="row">{r.date ? `${r.date} ${r.label}` : r.label}</th>
                {multiSeries ? <td>{r.series ?? ""}</td> : null}
                <td className="num">{formatValue(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {chart.source ? <p className="muted">数据来源：{chart.source}</p> : null}
      </details>
    </figure>
  );
}

const MEDIA_LABELS = { press_conference: "新闻发布会", briefing: "吹风会", video: "视频解读", head_interview: "主要负责人解读" } as const;

/** A 简明问答's clause citations ("对应条款：附件1第二部分、…"), each a link into the document. */
export function QaCitations({ citations }: { citations: { label: string; href: string }[] }) {
  if (!citations.length) return null;
  return (
    <p className="qa-cites">
      对应条款：
      {citations.map((c, k) => (
        <span key={c.href + String(k)}>
          {k > 0 ? "、" : ""}
          <a href={c.href} data-clause-link="">
            {c.label}
          </a>
        </span>
      ))}
    </p>
  );
}

export type InterpretationBodyProps = {
  sections: { key: string; label: string; nodes: LightNode[] }[];
  qa: { question: string; answer: LightNode[]; citations: { label: string; href: string }[] }[];
  charts: ChartItem[];
  graphics: {
    altText: string | null;
    longDescription: string | null;
    image: { file: string; width: number; height: number } | null;
    /** where the image is served from, or null when there is none */
    src: string | null;
  }[];
  cases: PackageContent["cases"];
  media: PackageContent["media"];
};

export function InterpretationBody({ sections, qa, charts, graphics, cases, media }: InterpretationBodyProps) {
  const mediaGroups = [
    { id: FORM_ANCHORS.press, title: "新闻发布会/吹风会", items: media.filter((m) => m.kind === "press_conference" || m.kind === "briefing") },
    { id: FORM_ANCHORS.video, title: "视频解读", items: media.filter((m) => m.kind === "video") },
    { id: FORM_ANCHORS.head, title: "主要负责人解读", items: media.filter((m) => m.speakerIsHead || m.kind === "head_interview") },
  ].filter((g) => g.items.length);
  return (
    <>
      {sections.length ? (
        <section className="jd-section" id={FORM_ANCHORS.text} aria-labelledby="h-wenzi">
          <h2 id="h-wenzi">文字解读</h2>
          {sections.map((s) => (
            <div key={s.key}>
              <h3>{s.label}</h3>
              <LightHtml nodes={s.nodes} />
            </div>
          ))}
        </section>
      ) : null}

      {qa.length ? (
        <section className="jd-section" id={FORM_ANCHORS.qa} aria-labelledby="h-wenda">
          <h2 id="h-wenda">简明问答</h2>
          <ol className="qa-list">
            {qa.map((q, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: Q&A order is the published order
              <li key={i} id={`wenda-${i + 1}`}>
                <h3>
                  问{i + 1}：{q.question}
                </h3>
                <LightHtml nodes={q.answer} />
                <QaCitations citations={q.citations} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {charts.length ? (
        <section className="jd-section" id={FORM_ANCHORS.chart} aria-labelledby="h-tubiao">
          <h2 id="h-tubiao">图表解读</h2>
          {charts.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: charts are positional
            <ChartFigure key={i} item={c} index={i} />
          ))}
        </section>
      ) : null}

      {graphics.length ? (
        <section className="jd-section" id={FORM_ANCHORS.graphic} aria-labelledby="h-tujie">
          <h2 id="h-tujie">图解</h2>
          {graphics.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: graphics are positional
            <figure className="graphic-figure" key={i} aria-labelledby={`graphic-${i + 1}-caption`}>
              {g.image && g.src ? (
                <img
                  src={g.src}
                  alt={g.altText || `图解${i + 1}`}
                  width={g.image.width}
                  height={g.image.height}
                  aria-describedby={g.longDescription ? `graphic-${i + 1}-desc` : undefined}
                  loading="lazy"
                />
              ) : null}
              <figcaption id={`graphic-${i + 1}-caption`}>{g.altText || `图解${i + 1}`}</figcaption>
              {g.longDescription ? (
                <div id={`graphic-${i + 1}-desc`}>
                  <h3 className="sr-only">图解{i + 1}文字说明</h3>
                  {g.longDescription
                    .split(/\n+/)
                    .filter((l) => l.trim())
                    .map((l, k) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static paragraphs
                      <p key={k}>{l}</p>
                    ))}
                </div>
              ) : null}
            </figure>
          ))}
        </section>
      ) : null}

      {cases.length ? (
        <section className="jd-section" id={FORM_ANCHORS.case} aria-labelledby="h-anli">
          <h2 id="h-anli">案例说明</h2>
          {cases.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: cases are positional
            <div key={i}>
              <h3>{c.title}</h3>
              <p>{c.situation}</p>
              <p>
                <strong>解读：</strong>
                {c.explanation}
              </p>
            </div>
          ))}
        </section>
      ) : null}

      {mediaGroups.length ? (
        <section className="jd-section" aria-labelledby="h-media">
          <h2 id="h-media">发布会与访谈</h2>
          {mediaGroups.map((g) => (
            <div key={g.id} id={g.id}>
              <h3>{g.title}</h3>
              <ul>
                {g.items.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: media records are positional
                  <li key={i}>
                    {[MEDIA_LABELS[m.kind], m.date, m.speaker].filter(Boolean).join(" · ")}
                    {m.link && /^https?:\/\//i.test(m.link) ? (
                      <>
                        {" "}
                        <a href={m.link} rel="noopener noreferrer">
                          观看/收听
                        </a>
                      </>
                    ) : null}
                    {m.transcript ? (
                      <details>
                        <summary>文字实录</summary>
                        <p>{m.transcript}</p>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}

    </>
  );
}

/**
 * The two static pages of the CMS import bundle (zhengce.html, jiedu.html): the same content and
 * conventions as the public pages (GB/T 9704 typesetting of the text, the 政府网站 meta tags,
 * 双向关联 between document and interpretation, FAQPage data), as self-contained HTML whose every
 * reference is relative — assets/site.css, assets/fonts/…, images/… — or a fragment of the other
 * page. No script, no form, no link to a page the bundle does not hold: a CMS imports the files
 * as they are.
 */
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { LightHtml } from "~/components/public/light-html";
import type { ChartContent } from "~/domain/package/content";
import { FORM_LABELS, type InterpretationForm } from "~/domain/package/content";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import type { LightNode } from "~/domain/public/light-html";
import type { MetaTag } from "~/domain/public/meta";
import type { TextBlock } from "~/domain/public/typeset";
import type { QaCitation } from "~/domain/qa-library/retrieval";

export const BUNDLE_FILES = { document: "zhengce.html", interpretation: "jiedu.html", css: "assets/site.css" } as const;

function Head({ meta }: { meta: MetaTag[] }) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {meta.map((m, i) => {
        const key = String(i);
        if ("title" in m) return <title key={key}>{m.title}</title>;
        if ("name" in m) return <meta key={key} name={m.name} content={m.content} />;
        if ("property" in m) return <meta key={key} property={m.property} content={m.content} />;
        // JSON-LD: "<" escaped so the data can never close the script element
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON with < escaped
        return <script key={key} type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(m["script:ld+json"]).replace(/</g, "\\u003c") }} />;
      })}
      <link rel="stylesheet" href={BUNDLE_FILES.css} />
    </head>
  );
}

function Chrome({ siteName, current, children }: { siteName: string; current: "document" | "interpretation" | null; children: ReactNode }) {
  return (
    <div className="pub">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="pub-header">
        <div className="pub-inner">
          <span className="pub-brand">{siteName}</span>
          <nav aria-label="本文件导航">
            <ul>
              <li>
                <a href={BUNDLE_FILES.document} aria-current={current === "document" ? "page" : undefined}>
                  政策原文
                </a>
              </li>
              {current ? (
                <li>
                  <a href={BUNDLE_FILES.interpretation} aria-current={current === "interpretation" ? "page" : undefined}>
                    政策解读
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="pub-main">
        {children}
      </main>
      <footer className="pub-footer">
        <div className="pub-inner">
          <p>主办：{siteName} · 政策文件与政策解读同步发布（谁起草谁解读）</p>
        </div>
      </footer>
    </div>
  );
}

function page(meta: MetaTag[], body: ReactNode): string {
  return `<!DOCTYPE html>\n${renderToStaticMarkup(
    <html lang="zh-CN">
      <Head meta={meta} />
      <body>{body}</body>
    </html>,
  )}\n`;
}

function Block({ b }: { b: TextBlock }) {
  switch (b.kind) {
    case "head":
      return <p className={b.role === "organ" ? "gw-organ" : b.role === "number" ? "gw-number" : "gw-title"}>{b.text}</p>;
    case "heading": {
      const H = `h${b.level}` as const;
      return <H id={b.id ?? undefined}>{b.text}</H>;
    }
    case "para":
      if (!b.text && !b.lead) return <span id={b.id ?? undefined} />;
      return (
        <p id={b.id ?? undefined} className={b.style === "body" || b.style === "item" ? undefined : b.style}>
          {b.lead ? <span className="lead">{b.lead}</span> : null}
          {b.text}
        </p>
      );
  }
}

export type BundleDocument = {
  siteName: string;
  meta: MetaTag[];
  title: string;
  rows: [string, string | null][];
  blocks: TextBlock[];
  interpretation: { forms: InterpretationForm[] } | null;
};

export function documentPageHtml(d: BundleDocument): string {
  return page(
    d.meta,
    <Chrome siteName={d.siteName} current={d.interpretation ? "document" : null}>
      <h1>{d.title}</h1>
      <table className="doc-meta">
        <caption>文件信息</caption>
        <tbody>
          {[0, 2, 4, 6].map((i) => (
            <tr key={i}>
              <th scope="row">{d.rows[i][0]}</th>
              <td>{d.rows[i][1] ?? ""}</td>
              <th scope="row">{d.rows[i + 1][0]}</th>
              <td>{d.rows[i + 1][1] ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="related" aria-labelledby="related-title" id="xiangguan-jiedu">
        <h2 id="related-title">相关解读</h2>
        {d.interpretation ? (
          <>
            <p className="primary">
              <a href={BUNDLE_FILES.interpretation}>《{d.title}》政策解读</a>
            </p>
            <ul>
              {d.interpretation.forms.map((f) => (
                <li key={f}>
                  <a href={`${BUNDLE_FILES.interpretation}#${FORM_ANCHORS[f]}`}>{FORM_LABELS[f]}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>本文件暂无解读材料。</p>
        )}
      </section>
      <article className="gw-doc" aria-labelledby="doc-text-title">
        <h2 id="doc-text-title" className="sr-only">
          文件正文
        </h2>
        {d.blocks.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the document's fixed paragraphs
          <Block key={i} b={b} />
        ))}
      </article>
    </Chrome>,
  );
}

export type BundleChart = { chart: ChartContent; svg: string | null };
export type BundleGraphic = { altText: string; longDescription: string | null; image: { src: string; width: number; height: number } | null };

export type BundleInterpretation = {
  siteName: string;
  meta: MetaTag[];
  title: string;
  subtitle: string;
  forms: InterpretationForm[];
  sections: { key: string; label: string; nodes: LightNode[] }[];
  qa: { question: string; answer: LightNode[]; citations: QaCitation[] }[];
  charts: BundleChart[];
  graphics: BundleGraphic[];
  cases: { title: string; situation: string; explanation: string }[];
  /** grouped as on the public page; each group's id is its form's anchor */
  media: { id: string; title: string; items: { label: string; link: string | null; transcript: string | null }[] }[];
};

const num = (v: number | string) => (typeof v === "number" ? v.toLocaleString("zh-CN") : v);

export function interpretationPageHtml(d: BundleInterpretation): string {
  return page(
    d.meta,
    <Chrome siteName={d.siteName} current="interpretation">
      <h1>《{d.title}》政策解读</h1>
      <p className="muted">{d.subtitle}</p>
      <p className="related">
        <a className="back-link" href={BUNDLE_FILES.document}>
          查看政策原文：《{d.title}》
        </a>
      </p>
      {d.forms.length ? (
        <nav aria-label="解读形式">
          <ul className="jd-forms">
            {d.forms.map((f) => (
              <li key={f}>
                <a href={`#${FORM_ANCHORS[f]}`}>{FORM_LABELS[f]}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {d.sections.length ? (
        <section className="jd-section" id={FORM_ANCHORS.text} aria-labelledby="h-wenzi">
          <h2 id="h-wenzi">文字解读</h2>
          {d.sections.map((s) => (
            <div key={s.key}>
              <h3>{s.label}</h3>
              <LightHtml nodes={s.nodes} />
            </div>
          ))}
        </section>
      ) : null}
      {d.qa.length ? (
        <section className="jd-section" id={FORM_ANCHORS.qa} aria-labelledby="h-wenda">
          <h2 id="h-wenda">简明问答</h2>
          <ol className="qa-list">
            {d.qa.map((q, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the published order
              <li key={i} id={`wenda-${i + 1}`}>
                <h3>
                  问{i + 1}：{q.question}
                </h3>
                <LightHtml nodes={q.answer} />
                {q.citations.length ? (
                  <p className="qa-cites">
                    对应条款：
                    {q.citations.map((c, k) => (
                      <span key={c.href + String(k)}>
                        {k > 0 ? "、" : ""}
                        <a href={c.href}>{c.label}</a>
                      </span>
                    ))}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {d.charts.length ? (
        <section className="jd-section" id={FORM_ANCHORS.chart} aria-labelledby="h-tubiao">
          <h2 id="h-tubiao">图表解读</h2>
          {d.charts.map(({ chart, svg }, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: charts are positional
            <figure className="chart-figure" key={i} aria-labelledby={`chart-${i + 1}-caption`}>
              <figcaption id={`chart-${i + 1}-caption`}>
                {chart.title}
                {chart.unit ? `（单位：${chart.unit}）` : ""}
              </figcaption>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart SVG (vega escapes text) */}
              {svg ? <div dangerouslySetInnerHTML={{ __html: svg }} /> : null}
              {chart.altText ? <p className="muted">{chart.altText}</p> : null}
              <table className="data-table">
                <caption>{chart.title}数据表</caption>
                <thead>
                  <tr>
                    <th scope="col">项目</th>
                    <th scope="col">数值{chart.unit ? `（${chart.unit}）` : ""}</th>
                  </tr>
                </thead>
                <tbody>
                  {chart.data.map((r, k) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                    <tr key={k}>
                      <th scope="row">{[r.date, r.series, r.label].filter(Boolean).join(" ")}</th>
                      <td className="num">{num(r.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {chart.source ? <p className="muted">数据来源：{chart.source}</p> : null}
            </figure>
          ))}
        </section>
      ) : null}
      {d.graphics.length ? (
        <section className="jd-section" id={FORM_ANCHORS.graphic} aria-labelledby="h-tujie">
          <h2 id="h-tujie">图解</h2>
          {d.graphics.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: graphics are positional
            <figure className="graphic-figure" key={i} aria-labelledby={`graphic-${i + 1}-caption`}>
              {g.image ? <img src={g.image.src} alt={g.altText} width={g.image.width} height={g.image.height} /> : null}
              <figcaption id={`graphic-${i + 1}-caption`}>{g.altText}</figcaption>
              {g.longDescription?.split(/\n+/).filter((l) => l.trim()).map((l, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static paragraphs
                <p key={k}>{l}</p>
              ))}
            </figure>
          ))}
        </section>
      ) : null}
      {d.cases.length ? (
        <section className="jd-section" id={FORM_ANCHORS.case} aria-labelledby="h-anli">
          <h2 id="h-anli">案例说明</h2>
          {d.cases.map((c, i) => (
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
      {d.media.length ? (
        <section className="jd-section" aria-labelledby="h-media">
          <h2 id="h-media">发布会与访谈</h2>
          {d.media.map((g) => (
            <div key={g.id} id={g.id}>
              <h3>{g.title}</h3>
              <ul>
                {g.items.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: media records are positional
                  <li key={i}>
                    {m.label}
                    {m.link ? (
                      <>
                        {" "}
                        <a href={m.link} rel="noopener noreferrer">
                          观看/收听
                        </a>
                      </>
                    ) : null}
                    {m.transcript ? <p>{m.transcript}</p> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
      <p>
        <a className="back-link" href={BUNDLE_FILES.document}>
          返回政策原文
        </a>
      </p>
    </Chrome>,
  );
}

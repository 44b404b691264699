/**
 * 长图: the whole package in one 1080-wide image. Its height follows the content; the render
 * stage slices it at block or line boundaries (`data-break`, text lines) when a channel limits
 * the height, so no line of text is ever cut in half.
 */
import { packageDataSchema, paragraphsOf } from "~/domain/package-data";
import type { PackageData } from "~/domain/package-data";
import { chartAsText, resolveChartSpec } from "../shared/charts";
import { type RawHtml, baseCss, formatDate, formatOptionalDate, html, joinPresent, raw, truncateForAlt } from "../shared/html";
import type { ChartMount, TemplateDefinition } from "../shared/types";

export const LONG_PLOT = { width: 880, height: 620 } as const;

const CSS = `
.long{height:auto;background:var(--bg)}
.long .hero{background:var(--primary);color:var(--on-primary);padding:96px 80px 72px}
.long .hero .kicker{display:inline-block;font-size:32px;font-weight:700;letter-spacing:.2em;color:var(--accent);background:rgba(0,0,0,.18);border-radius:999px;padding:6px 24px}
.long .hero .brandline{display:flex;align-items:center;gap:20px;font-size:32px;font-weight:700;margin-bottom:40px}
.long .hero .logo{width:72px;height:72px;background:#fff;border-radius:10px;object-fit:contain}
.long .hero h1{margin-top:32px;font-size:60px;line-height:1.4;font-weight:900}
.long .hero .meta{margin-top:32px;font-size:28px;line-height:1.6;opacity:.92}
.long .sec{margin:56px 80px 0}
.long h2{display:flex;align-items:center;gap:16px;font-size:44px;font-weight:900;color:var(--primary-dark);margin-bottom:28px}
.long h2::before{content:"";width:12px;height:44px;background:var(--primary);border-radius:6px}
.long p{font-size:34px;line-height:1.75;text-align:justify}
.long p + p{margin-top:20px}
.long .panel{background:var(--surface);border-radius:24px;padding:40px 44px}
.long .figs{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:28px}
.long .fig{background:var(--surface);border-radius:20px;padding:28px 32px;border-top:8px solid var(--primary)}
.long .fig .v{font-size:var(--fs,80px);font-weight:900;color:var(--primary);line-height:1.1;white-space:nowrap}
.long .fig .u{font-size:.45em;margin-left:6px}
.long .fig .l{margin-top:10px;font-size:28px;line-height:1.5}
.long .chart h3{font-size:38px;line-height:1.4;font-weight:900;color:var(--primary-dark)}
.long .chart .sub{margin-top:8px;font-size:28px;color:var(--muted)}
.long .chart .mount{width:${LONG_PLOT.width}px;height:${LONG_PLOT.height}px;margin:24px auto 8px}
.long .chart .src{font-size:24px;color:var(--muted)}
.long .chart + .chart{margin-top:32px}
.long .qa + .qa{margin-top:28px}
.long .qa .q{font-size:36px;line-height:1.5;font-weight:900;color:var(--primary-dark)}
.long .qa .q::before{content:"问";display:inline-block;margin-right:16px;padding:0 12px;background:var(--primary);color:#fff;border-radius:10px;font-family:"Noto Sans SC",sans-serif}
.long .qa p{margin-top:16px;font-size:32px}
.long .qa p.cite{font-size:26px;color:var(--muted);border-left:6px solid var(--accent);padding-left:16px}
.long .tl .item{padding:0 0 28px 40px;border-left:6px solid var(--accent);position:relative}
.long .tl .item::before{content:"";position:absolute;left:-17px;top:8px;width:28px;height:28px;border-radius:50%;background:var(--primary)}
.long .tl .d{font-size:30px;font-weight:700;color:var(--primary)}
.long .tl .t{font-size:32px;line-height:1.6}
.long dl dt{font-size:34px;font-weight:900;color:var(--primary-dark)}
.long dl dd{font-size:32px;line-height:1.7;margin:8px 0 24px}
.long table{width:100%;border-collapse:collapse;font-size:28px;line-height:1.6}
.long th,.long td{border:2px solid #E0E0E0;padding:16px;text-align:left;vertical-align:top}
.long th{background:var(--primary);color:#fff}
.long .graphic img{display:block;max-width:100%;margin:16px auto}
.long .sec.tujie{margin-left:0;margin-right:0}
.long .sec.tujie h2{margin-left:80px;margin-right:80px}
.long .tujie-item img{display:block;width:100%;height:auto}
.long .tujie-item img + img{margin-top:16px}
.long .tujie-item.sliced img + img{margin-top:0}
.long .tujie-item + .tujie-item{margin-top:40px}
.long .end{margin:64px 0 0;padding:48px 80px 64px;background:var(--primary-dark);color:var(--on-primary);font-size:28px;line-height:1.7}
`;

function paragraphs(text: string): RawHtml {
  return raw(paragraphsOf(text).map((p) => html`<p data-text data-break>${p}</p>`.html).join(""));
}

function section(title: string, content: RawHtml | string): string {
  return html`<section class="sec" data-break><h2 class="serif" data-break>${title}</h2>${typeof content === "string" ? raw(content) : content}</section>`.html;
}

export const longImageTemplate = {
  id: "long-image",
  name: "长图",
  version: 1,
  sizes: { long: { width: 1080, height: 0 } },
  slots: packageDataSchema,
  fromPackage(pkg, ctx) {
    for (const chart of pkg.charts) {
      if (resolveChartSpec(chart, LONG_PLOT).rejected) ctx.warn(`长图中的图表「${chart.title}」按数据重新绘制（自定义规格未通过安全检查）`);
    }
    return [pkg];
  },
  build(pkg: PackageData, ctx) {
    const doc = pkg.document;
    const s = pkg.sections;
    const parts: string[] = [];
    const charts: ChartMount[] = [];
    const logo = ctx.assets.logo ? html`<img class="logo" src="${ctx.assets.logo}" alt="">` : "";
    const meta = joinPresent([doc.issuer, doc.docNumber, formatOptionalDate(doc.date)], "　");
    parts.push(
      html`<header class="hero" data-break><div class="brandline">${logo}<span data-text>${doc.department}</span></div><span class="kicker">政策解读</span><h1 class="serif" data-text data-title>${doc.title}</h1>${meta ? html`<div class="meta" data-text>${meta}</div>` : ""}</header>`.html,
    );
    parts.push(section("起草背景", paragraphs(s.background)));
    parts.push(section("制定依据", paragraphs(s.basis)));
    parts.push(section("出台目的", paragraphs(s.purpose)));
    if (pkg.keyFigures.length > 0) {
      const figs = pkg.keyFigures.map((f) => html`<div class="fig" data-break><div class="v serif" data-box="figure" data-fit="80,68,56,48,40">${f.value}${f.unit ? html`<span class="u">${f.unit}</span>` : ""}</div><div class="l" data-text>${f.label}</div></div>`.html);
      parts.push(section("数说政策", raw(`<div class="figs">${figs.join("")}</div>`)));
    }
    parts.push(section("主要内容", paragraphs(s.mainContent)));
    if (pkg.charts.length > 0) {
      const blocks = pkg.charts.map((chart) => {
        const mountId = `long-${chart.id}`;
        charts.push({ id: mountId, spec: resolveChartSpec(chart, LONG_PLOT).spec });
        return html`<div class="chart panel" data-break><h3 class="serif" data-text data-title>${chart.title}</h3>${chart.subtitle ? html`<div class="sub" data-text>${chart.subtitle}</div>` : ""}<div class="mount" data-chart="${mountId}" role="img" aria-label="${chart.altText}"></div>${chart.unit || chart.source ? html`<div class="src" data-text>${joinPresent([chart.unit ? `单位：${chart.unit}` : null, chart.source ? `数据来源：${chart.source}` : null], "　")}</div>` : ""}</div>`.html;
      });
      parts.push(section("图表图解", raw(blocks.join(""))));
    }
    parts.push(section("适用范围与执行时间", paragraphs(s.scope)));
    if (pkg.timeline.length > 0) {
      const items = [...pkg.timeline]
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((d) => html`<div class="item" data-break><div class="d" data-text>${formatDate(d.date)}</div><div class="t" data-text>${d.label}</div></div>`.html);
      parts.push(section("时间节点", raw(`<div class="tl panel">${items.join("")}</div>`)));
    }
    const qa = pkg.qa.map(
      (item) =>
        html`<div class="qa panel" data-break><div class="q" data-text data-title>${item.question}</div>${paragraphs(item.answer)}${item.citation ? html`<p class="cite" data-text>${item.citation}</p>` : ""}</div>`.html,
    );
    parts.push(section("简明问答", raw(qa.join(""))));
    if (s.terms && s.terms.length > 0) {
      const dl = s.terms.map((t) => html`<dt data-text data-break>${t.term}</dt><dd data-text data-break>${t.definition}</dd>`.html);
      parts.push(section("术语释义", raw(`<dl>${dl.join("")}</dl>`)));
    }
    if (s.comparison && s.comparison.length > 0) {
      const rows = s.comparison.map((c) => html`<tr data-break><td data-text>${c.aspect}</td><td data-text>${c.before}</td><td data-text>${c.after}</td></tr>`.html);
      parts.push(section("新旧对比", raw(`<table><thead><tr><th>对比项</th><th>原规定</th><th>新规定</th></tr></thead><tbody>${rows.join("")}</tbody></table>`)));
    }
    if (pkg.cases.length > 0) {
      const cases = pkg.cases.map((c) => html`<div class="qa panel" data-break><div class="q" data-text>${c.title}</div>${paragraphs(c.body)}</div>`.html);
      parts.push(section("案例说明", raw(cases.join(""))));
    }
    for (const g of pkg.graphics) {
      const src = ctx.assets.graphics[g.id];
      if (src) parts.push(section(g.title, html`<div class="graphic" data-break><img src="${src}" alt="${g.altText}"></div>`));
    }
    // Saved 图解: the images of the graphic's own card (the pixels its channel image has), full
    // width so they are drawn 1:1; the slicer may cut between them, never through one.
    const tujie = ctx.assets.tujie ?? [];
    if (tujie.length > 0) {
      const items = tujie.map((g) => {
        const images = g.images.map((img, index) => html`<img src="${img.src}" width="${img.width}" height="${img.height}" alt="${index === 0 ? g.altText : ""}" data-break>`.html);
        return html`<figure class="tujie-item${g.sliced ? " sliced" : ""}" data-break data-tujie="${g.position}">${raw(images.join(""))}</figure>`.html;
      });
      parts.push(html`<section class="sec tujie" data-break><h2 class="serif" data-break>图解</h2>${raw(items.join(""))}</section>`.html);
    }
    parts.push(html`<footer class="end" data-break><div data-text>本解读由${doc.department}起草并解读，与原文件同步发布。</div><div data-text>原文：${doc.title}${doc.docNumber ? `（${doc.docNumber}）` : ""}</div></footer>`.html);

    const description = [
      `${doc.title}${meta ? `（${joinPresent([doc.docNumber, doc.issuer, formatOptionalDate(doc.date)], "，")}）` : ""}政策解读`,
      `起草背景：${s.background}`,
      `制定依据：${s.basis}`,
      `出台目的：${s.purpose}`,
      ...pkg.keyFigures.map((f) => `${f.label}：${f.value}${f.unit ?? ""}`),
      `主要内容：${s.mainContent}`,
      ...pkg.charts.map(chartAsText),
      `适用范围与执行时间：${s.scope}`,
      ...pkg.timeline.map((d) => `${formatDate(d.date)}：${d.label}`),
      ...pkg.qa.map((q) => `问：${q.question}\n答：${q.answer}${q.citation ? `（${q.citation}）` : ""}`),
      ...tujie.map((g) => `图解 ${g.position}：${g.altText}${g.longDescription && g.longDescription !== g.altText ? `\n${g.longDescription}` : ""}`),
    ];
    return {
      css: baseCss(ctx) + CSS,
      body: `<section class="card long">${parts.join("")}</section>`,
      charts,
      altText: truncateForAlt(`长图：${doc.title}政策解读，含起草背景、主要内容、图表、问答${tujie.length > 0 ? "、时间节点和图解" : "和时间节点"}`),
      longDescription: description.join("\n"),
    };
  },
} satisfies TemplateDefinition<PackageData>;

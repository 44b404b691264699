/**
 * PackageContent → WeChat-safe HTML (微信公众号排版), pure.
 *
 * The WeChat editor keeps only inline styles: no <style> blocks, no classes or ids, no scripts,
 * no external CSS; blocks are <section>, not <div>. Every element this module emits carries a
 * style attribute; section text goes through the light-HTML allow-list
 * (app/domain/public/light-html.ts), never through as-is.
 *
 * Images: each 图解 and each chart slot gets *its own* exported image (the caller matches them by
 * identity, never by order), as an absolute https URL of the published site. The 公众号 editor
 * fetches pasted external images and stores them in the 素材库 itself; data: URIs are not taken
 * over reliably and would make the copied HTML several megabytes. A slot whose image is missing
 * keeps its caption, long description and data table — never another image.
 */
import { formsPresent, type PackageContent, type PackageSections } from "~/domain/package/content";
import { describeClausePath } from "~/domain/analysis/clause-path";
import { type LightNode, escapeHtml, parseLightHtml } from "~/domain/public/light-html";
import { FORM_LABELS, SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";

/** An exported image: an absolute URL the 公众号 editor can fetch, and its text alternative. */
export type WechatImage = { src: string; altText: string };

export type WechatInput = {
  /** the interpretation's headline, e.g. 《…》政策解读 */
  title: string;
  documentTitle: string;
  docNumber?: string | null;
  issuer?: string | null;
  publishedDate?: string | null;
  /** absolute URL of the document page, for 原文链接 */
  documentUrl?: string | null;
  content: PackageContent;
  /** per 图解 of `content.graphics`: its own exported image, or null */
  graphicImages: ReadonlyArray<WechatImage | null>;
  /** per chart of `content.charts`: its own exported chart card, or null */
  chartImages: ReadonlyArray<WechatImage | null>;
};

const COLOR = { ink: "#222222", muted: "#595959", brand: "#a4161a", line: "#e5e5e5", soft: "#f7f4f0" };
const S = {
  root: `margin:0;padding:0 8px;color:${COLOR.ink};font-size:16px;line-height:1.8;letter-spacing:0.5px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;`,
  title: `margin:0 0 12px;font-size:22px;line-height:1.4;font-weight:bold;color:${COLOR.ink};text-align:center;`,
  meta: `margin:0 0 20px;font-size:14px;color:${COLOR.muted};text-align:center;`,
  heading: `margin:28px 0 12px;padding:4px 0 4px 10px;border-left:4px solid ${COLOR.brand};font-size:18px;font-weight:bold;color:${COLOR.brand};line-height:1.5;`,
  sub: `margin:20px 0 8px;font-size:17px;font-weight:bold;color:${COLOR.ink};`,
  p: "margin:0 0 12px;text-align:justify;",
  list: "margin:0 0 12px;padding-left:24px;",
  li: "margin:0 0 6px;",
  strong: `font-weight:bold;color:${COLOR.ink};`,
  em: "font-style:italic;",
  a: `color:${COLOR.brand};text-decoration:underline;`,
  br: "display:block;",
  box: `margin:0 0 16px;padding:12px 14px;background:${COLOR.soft};border-radius:6px;`,
  q: `margin:0 0 6px;font-weight:bold;color:${COLOR.brand};`,
  cite: `margin:6px 0 0;font-size:14px;color:${COLOR.muted};`,
  figure: "margin:0 0 16px;text-align:center;",
  img: "display:block;max-width:100%;height:auto;margin:0 auto;",
  caption: `margin:6px 0 0;font-size:14px;color:${COLOR.muted};text-align:center;`,
  table: `width:100%;border-collapse:collapse;margin:8px 0 16px;font-size:14px;`,
  th: `border:1px solid ${COLOR.line};padding:6px 8px;background:${COLOR.soft};text-align:left;font-weight:bold;`,
  td: `border:1px solid ${COLOR.line};padding:6px 8px;text-align:left;`,
  tr: "border:0;",
  tbody: "border:0;",
  footer: `margin:28px 0 0;padding-top:12px;border-top:1px solid ${COLOR.line};font-size:14px;color:${COLOR.muted};`,
} as const;

function el(tag: string, style: string, inner: string, attrs = ""): string {
  return `<${tag} style="${escapeHtml(style)}"${attrs}>${inner}</${tag}>`;
}

function renderLight(nodes: LightNode[]): string {
  return nodes
    .map((n) => {
      if (n.kind === "text") return escapeHtml(n.text);
      const inner = renderLight(n.children);
      switch (n.tag) {
        case "p":
          return el("p", S.p, inner);
        case "ul":
        case "ol":
          return el(n.tag, S.list, inner);
        case "li":
          return el("li", S.li, inner);
        case "strong":
          return el("strong", S.strong, inner);
        case "em":
          return el("em", S.em, inner);
        case "br":
          return `<br style="${S.br}">`;
        default:
          return n.href ? el("a", S.a, inner, ` href="${escapeHtml(n.href)}"`) : el("span", S.a, inner);
      }
    })
    .join("");
}

/** Loose text (not wrapped in <p>) becomes paragraphs, one per line. */
function sectionBody(html: string): string {
  const nodes = parseLightHtml(html);
  const blocks: LightNode[] = [];
  let loose: LightNode[] = [];
  const flush = () => {
    const text = loose.map((n) => (n.kind === "text" ? n.text : "")).join("");
    if (loose.some((n) => n.kind === "element") || text.trim()) {
      for (const line of loose.length === 1 && loose[0].kind === "text" ? text.split(/\n+/) : [null]) {
        if (line === null) blocks.push({ kind: "element", tag: "p", children: loose });
        else if (line.trim()) blocks.push({ kind: "element", tag: "p", children: [{ kind: "text", text: line.trim() }] });
      }
    }
    loose = [];
  };
  for (const n of nodes) {
    const isBlock = n.kind === "element" && (n.tag === "p" || n.tag === "ul" || n.tag === "ol");
    if (isBlock) {
      flush();
      blocks.push(n);
    } else loose.push(n);
  }
  flush();
  return renderLight(blocks);
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => el("p", S.p, escapeHtml(l)))
    .join("");
}

function formatValue(v: number | string): string {
  return typeof v === "number" ? v.toLocaleString("zh-CN") : v;
}

export function toWechatHtml(input: WechatInput): string {
  const { content } = input;
  const out: string[] = [];
  out.push(el("p", S.title, escapeHtml(input.title)));
  const metaBits = [input.issuer, input.publishedDate ? `发布日期：${input.publishedDate}` : null].filter((v): v is string => Boolean(v));
  if (metaBits.length) out.push(el("p", S.meta, escapeHtml(metaBits.join(" · "))));
  const forms = formsPresent(content).map((f) => FORM_LABELS[f]);
  out.push(
    el(
      "section",
      S.box,
      el("p", S.p, `${el("strong", S.strong, "解读文件：")}${escapeHtml(`《${input.documentTitle}》${input.docNumber ? `（${input.docNumber}）` : ""}`)}`) +
        (forms.length ? el("p", S.cite, escapeHtml(`本解读包含：${forms.join("、")}`)) : ""),
    ),
  );

  for (const key of SECTION_KEYS) {
    const label = SECTION_LABELS[key];
    const html = content.sections[key];
    if (!html?.trim()) continue;
    out.push(el("section", "margin:0;", el("p", S.heading, escapeHtml(label)) + sectionBody(html)));
  }

  const figure = (img: WechatImage, caption: string, alt: string) =>
    el("section", S.figure, `<img src="${escapeHtml(img.src)}" alt="${escapeHtml(alt || img.altText)}" style="${S.img}">${el("p", S.caption, escapeHtml(caption))}`);

  if (content.graphics.length) {
    const items = content.graphics.map((g, i) => {
      const img = input.graphicImages[i] ?? null;
      const caption = g.altText || `图解${i + 1}`;
      return (img ? figure(img, caption, g.altText ?? "") : "") + (g.longDescription ? paragraphs(g.longDescription) : "");
    });
    out.push(el("section", "margin:0;", el("p", S.heading, "图解") + items.join("")));
  }

  if (content.charts.length) {
    const items = content.charts.map((c, i) => {
      const img = input.chartImages[i] ?? null;
      const heading = el("p", S.sub, escapeHtml(c.title + (c.unit ? `（单位：${c.unit}）` : "")));
      // Grouped and multi-series charts get a 系列 column (城市/农村 × A/B/C/D 档).
      const hasSeries = c.data.some((r) => r.series);
      const cell = (text: string) => el("td", S.td, escapeHtml(text));
      const rows = c.data.map((r) => el("tr", S.tr, (hasSeries ? cell(r.series ?? "") : "") + cell(r.label) + cell(formatValue(r.value)))).join("");
      const head = [...(hasSeries ? ["系列"] : []), "项目", "数值"].map((h) => el("th", S.th, h)).join("");
      const table = el("table", S.table, el("tbody", S.tbody, el("tr", S.tr, head) + rows));
      const source = c.source ? el("p", S.cite, escapeHtml(`数据来源：${c.source}`)) : "";
      return heading + (img ? figure(img, c.altText || c.title, c.altText ?? "") : "") + table + source;
    });
    out.push(el("section", "margin:0;", el("p", S.heading, "图表") + items.join("")));
  }

  if (content.qa.length) {
    const items = content.qa.map((q, i) => {
      const cites = q.clauseRefs.length ? el("p", S.cite, escapeHtml(`对应条款：${q.clauseRefs.map(describeClausePath).join("、")}`)) : "";
      return el("section", S.box, el("p", S.q, escapeHtml(`问${i + 1}：${q.question}`)) + sectionBody(q.answer) + cites);
    });
    out.push(el("section", "margin:0;", el("p", S.heading, "简明问答") + items.join("")));
  }

  if (content.cases.length) {
    const items = content.cases.map((c) =>
      el("section", S.box, el("p", S.q, escapeHtml(c.title)) + paragraphs(c.situation) + el("p", S.p, `${el("strong", S.strong, "解读：")}${escapeHtml(c.explanation)}`)),
    );
    out.push(el("section", "margin:0;", el("p", S.heading, "案例说明") + items.join("")));
  }

  const footer = [
    `原文：《${input.documentTitle}》`,
    input.documentUrl ? `原文链接：${input.documentUrl}` : null,
    content.plan.interpreterName ? `解读人：${content.plan.interpreterName}` : null,
  ].filter((v): v is string => Boolean(v));
  out.push(el("section", S.footer, footer.map((l) => el("p", "margin:0 0 4px;", escapeHtml(l))).join("")));

  return el("section", S.root, out.join(""));
}

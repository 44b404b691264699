/**
 * Building blocks shared by the templates: escaping, the base CSS (fonts, 避头尾 line breaking),
 * the department header and the document footer.
 *
 * Layout contract with the render stage (app/render/page-runtime.ts):
 * - `data-box="name"` marks a box whose content must stay inside it (checked after layout).
 * - `data-fit="40,36,32"` lists the font sizes (px, into `--fs`) tried from large to small.
 * - `data-flow` marks the one box whose paragraphs may continue on a "续" card.
 * - `data-text` marks text blocks checked for 避头尾.
 * - `data-next` is shown on a card whose text continues on the next one.
 * - `data-break` marks blocks a long image may be sliced after.
 */
import type { BuildContext, FlowItem, Size } from "./types";
import { themeCss } from "./themes";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return "&#39;";
    }
  });
}

/** Tagged template: every interpolated value is escaped unless wrapped by `raw()`. */
export class RawHtml {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new RawHtml(html);

type HtmlValue = string | number | RawHtml | null | undefined | false | ReadonlyArray<string | RawHtml>;

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): RawHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new RawHtml(out);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof RawHtml) return value.html;
  if (Array.isArray(value)) return value.map((v) => (v instanceof RawHtml ? v.html : escapeHtml(String(v)))).join("");
  return escapeHtml(String(value));
}

export function flowParagraphs(items: readonly FlowItem[]): RawHtml {
  return raw(items.map((item) => html`<p class="${item.kind}" data-kind="${item.kind}" data-text>${item.text}</p>`.html).join(""));
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The 成文日期 as printed, or "" when the document has none (never a stand-in date). */
export function formatOptionalDate(iso: string | null | undefined): string {
  return iso ? formatDate(iso) : "";
}

/** The metadata that is present, joined; missing pieces leave no gap and no stand-in. */
export function joinPresent(parts: ReadonlyArray<string | null | undefined>, separator: string): string {
  return parts.filter((p): p is string => Boolean(p?.trim())).join(separator);
}

const BASE_CSS = `
*{box-sizing:border-box;margin:0;padding:0}
html,body{background:var(--bg)}
body{font-family:"Noto Sans SC",sans-serif;color:var(--text);line-break:strict;word-break:normal;overflow-wrap:break-word;font-kerning:normal;-webkit-font-smoothing:antialiased}
.serif{font-family:"Noto Serif SC",serif}
.card{position:relative;width:var(--w);height:var(--h);background:var(--bg);display:flex;flex-direction:column;overflow:visible}
.nobr,.seg{white-space:nowrap}
.brand{display:flex;align-items:center;gap:20px;height:120px;padding:0 80px;background:var(--primary);color:var(--on-primary);flex:none}
.brand .logo{width:64px;height:64px;object-fit:contain;background:#fff;border-radius:8px}
.brand .dept{font-size:32px;font-weight:700;letter-spacing:2px}
.brand .kicker{margin-left:auto;font-size:28px;padding:6px 18px;border:2px solid currentColor;border-radius:30px}
.foot{display:flex;align-items:center;gap:24px;height:96px;padding:0 80px;color:var(--muted);font-size:24px;border-top:2px solid rgba(0,0,0,.08);flex:none}
.foot .page{margin-left:auto}
.foot [data-next]{visibility:hidden;color:var(--primary);font-weight:700}
.foot [data-next].shown{visibility:visible}
`;

/** CSS common to all cards at a given size. */
export function baseCss(ctx: BuildContext, size: Size = ctx.size): string {
  const height = size.height > 0 ? `${size.height}px` : "auto";
  return `${themeCss(ctx.theme)}:root{--w:${size.width}px;--h:${height}}${BASE_CSS}`;
}

export function brandHeader(ctx: BuildContext, kicker = "政策解读"): RawHtml {
  return html`<header class="brand">${ctx.assets.logo ? raw(`<img class="logo" src="${escapeHtml(ctx.assets.logo)}" alt="">`) : ""}<span class="dept">${ctx.document.department}</span><span class="kicker">${kicker}</span></header>`;
}

export function footer(ctx: BuildContext, page: string, withNext = false): RawHtml {
  return html`<footer class="foot"><span data-text>${ctx.document.docNumber ?? ""}</span>${withNext ? raw('<span data-next>转下页</span>') : ""}<span class="page">${page}</span></footer>`;
}

const PLACE = "(?:特别行政区|自治区|自治州|自治县|地区|新区|街道|省|市|州|盟|县|旗|区|镇|乡)";
const PLACE_PREFIX = new RegExp(`^(?:[^省市州盟县旗区镇乡]{1,10}?${PLACE})+`);

/**
 * An organisation's name cut where a line may break without splitting a word: after its place
 * names (青岛西海岸新区 | 管委办公室, 青山县 | 人力资源和社会保障局; 县委/市委 stay whole).
 */
export function orgSegments(name: string): string[] {
  const prefix = PLACE_PREFIX.exec(name)?.[0] ?? "";
  if (!prefix || prefix === name) return [name];
  const cut = name[prefix.length] === "委" ? prefix.length + 1 : prefix.length;
  return cut >= name.length ? [name] : [name.slice(0, cut), name.slice(cut)];
}

/**
 * Pieces that never break inside (a 文号, a date, parts of a name); lines may break only
 * between them. Each piece is escaped.
 */
export function unbreakable(pieces: ReadonlyArray<string>, separator = ""): RawHtml {
  return raw(pieces.map((p) => `<span class="seg">${escapeHtml(p)}</span>`).join(escapeHtml(separator)));
}

export function truncateForAlt(value: string, max = 150): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

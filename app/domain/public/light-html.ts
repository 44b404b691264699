/**
 * The interpretation's text sections are "light HTML" (p, strong, em, ul/ol/li, a[href], br).
 * They were sanitised on save, but the public page and the WeChat export treat them as untrusted
 * anyway: `parseLightHtml` reads any string into a tree that can only contain allowed elements
 * (anything else is dropped, its text kept; script/style bodies are dropped entirely), and the
 * renderers build output from that tree — never by passing the input through.
 */

export const LIGHT_TAGS = ["p", "strong", "em", "ul", "ol", "li", "a", "br"] as const;
export type LightTag = (typeof LIGHT_TAGS)[number];

export type LightNode = { kind: "text"; text: string } | { kind: "element"; tag: LightTag; href?: string; children: LightNode[] };

const ALIASES: Record<string, LightTag> = { b: "strong", i: "em" };
const DROP_WITH_CONTENT = new Set(["script", "style", "template", "iframe", "object", "noscript", "svg", "math", "textarea", "select"]);
const VOID = new Set(["br"]);

function isLightTag(tag: string): tag is LightTag {
  return (LIGHT_TAGS as readonly string[]).includes(tag);
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#39": "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, body: string) => {
    const lower = body.toLowerCase();
    if (lower in NAMED) return NAMED[lower];
    const code = lower.startsWith("#x") ? Number.parseInt(lower.slice(2), 16) : lower.startsWith("#") ? Number.parseInt(lower.slice(1), 10) : Number.NaN;
    if (Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
    return whole;
  });
}

/** Only http(s), mailto and site-relative links survive; everything else loses its href. */
export function safeHref(raw: string): string | undefined {
  const href = decodeEntities(raw).trim();
  if (/^https?:\/\/[^\s]+$/i.test(href) || /^mailto:[^\s]+$/i.test(href)) return href;
  if (/^\/(?!\/)[^\s]*$/.test(href) || /^#[\w-]+$/.test(href)) return href;
  return undefined;
}

function hrefOf(attrs: string): string | undefined {
  const m = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attrs);
  if (!m) return undefined;
  return safeHref(m[1] ?? m[2] ?? m[3] ?? "");
}

export function parseLightHtml(input: string): LightNode[] {
  const root: LightNode[] = [];
  const stack: { tag: LightTag; children: LightNode[] }[] = [];
  const current = () => (stack.length ? stack[stack.length - 1].children : root);
  const pushText = (text: string) => {
    if (!text) return;
    const list = current();
    const last = list[list.length - 1];
    if (last && last.kind === "text") last.text += text;
    else list.push({ kind: "text", text });
  };
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>/g;
  let pos = 0;
  let dropUntil: string | null = null;
  for (let m = tagRe.exec(input); m; m = tagRe.exec(input)) {
    const text = input.slice(pos, m.index);
    pos = tagRe.lastIndex;
    if (dropUntil) {
      if (m[1] && m[0].startsWith("</") && m[1].toLowerCase() === dropUntil) dropUntil = null;
      continue;
    }
    pushText(decodeEntities(text));
    const name = m[1]?.toLowerCase();
    if (!name) continue; // comment, doctype, processing instruction
    const closing = m[0].startsWith("</");
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !m[0].endsWith("/>")) dropUntil = name;
      continue;
    }
    const tag = ALIASES[name] ?? name;
    if (!isLightTag(tag)) continue;
    if (closing) {
      const at = stack.map((s) => s.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const element: LightNode = { kind: "element", tag, children: [] };
    if (tag === "a") {
      const href = hrefOf(m[2] ?? "");
      if (href) element.href = href;
    }
    current().push(element);
    if (!VOID.has(tag)) stack.push({ tag, children: element.children });
  }
  if (!dropUntil) pushText(decodeEntities(input.slice(pos).replace(/<[^>]*$/, "")));
  return root;
}

/** Plain text of a tree (for descriptions, JSON-LD answers, search snippets). */
export function lightText(nodes: LightNode[]): string {
  return nodes
    .map((n) => (n.kind === "text" ? n.text : n.tag === "br" ? "\n" : `${lightText(n.children)}${n.tag === "p" || n.tag === "li" ? "\n" : ""}`))
    .join("");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

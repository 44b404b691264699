/**
 * Allow-list sanitiser for the light formatting the text sections permit: paragraphs, line
 * breaks, bold, italics, lists and http(s)/mailto links. Everything else is dropped — the tags of
 * unknown elements vanish but their text stays; the contents of script/style/iframe-like elements
 * vanish entirely. Output is rebuilt from tokens, never copied through, so attributes, comments
 * and entities that are not in the list cannot survive.
 *
 * Map: tokenize (text | start tag | end tag | comment) → walk with a stack of open allowed
 * elements → re-emit escaped text and canonical tags → close whatever is still open.
 */

type Token =
  | { kind: "text"; value: string }
  | { kind: "start"; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: "end"; name: string };

/** Elements kept, after aliasing (b → strong, i → em). */
const ALLOWED = new Set(["p", "br", "strong", "em", "ul", "ol", "li", "a"]);
const ALIASES: Record<string, string> = { b: "strong", i: "em", div: "p" };
/** Elements whose whole content is dropped, not only the tags. */
const DROP_CONTENT = new Set(["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea", "title", "select", "xmp", "noembed", "noframes", "plaintext"]);
const VOID = new Set(["br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "base", "col", "embed", "param", "track"]);

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "";
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const pushText = (value: string) => {
    if (value) tokens.push({ kind: "text", value: decodeEntities(value) });
  };
  while (i < input.length) {
    const lt = input.indexOf("<", i);
    if (lt === -1) {
      pushText(input.slice(i));
      break;
    }
    pushText(input.slice(i, lt));
    if (input.startsWith("<!--", lt)) {
      const end = input.indexOf("-->", lt + 4);
      i = end === -1 ? input.length : end + 3;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/.exec(input.slice(lt, lt + 4000));
    if (!m) {
      if (/^<[!?/]/.test(input.slice(lt, lt + 2))) {
        // <!doctype …>, <?xml …?>, stray </ … — markup, not text
        const end = input.indexOf(">", lt);
        i = end === -1 ? input.length : end + 1;
      } else {
        pushText("<");
        i = lt + 1;
      }
      continue;
    }
    const name = m[2].toLowerCase();
    if (m[1]) tokens.push({ kind: "end", name });
    else {
      const attrs: Record<string, string> = {};
      const attrText = m[3];
      for (const a of attrText.matchAll(ATTR)) {
        const key = a[1].toLowerCase();
        if (!(key in attrs)) attrs[key] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? "");
      }
      tokens.push({ kind: "start", name, attrs, selfClosing: /\/\s*$/.test(attrText) });
      if (DROP_CONTENT.has(name)) {
        // Skip raw content up to the matching close tag (or the end: an unclosed script eats the rest).
        const close = input.toLowerCase().indexOf(`</${name}`, lt + m[0].length);
        const closeEnd = close === -1 ? -1 : input.indexOf(">", close);
        i = closeEnd === -1 ? input.length : closeEnd + 1;
        tokens.push({ kind: "end", name });
        continue;
      }
    }
    i = lt + m[0].length;
  }
  return tokens;
}

/** Only absolute http(s) and mailto links; control characters and whitespace tricks are removed first. */
export function safeHref(raw: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const href = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(href) || /^mailto:[^\s@]+@[^\s@]+$/i.test(href)) return href;
  return null;
}

/**
 * Sanitises light HTML. Plain text (no tags) comes back as paragraphs, one per blank-line
 * separated block, so a pasted plain paragraph and an edited one store the same way.
 */
export function sanitizeLightHtml(input: string): string {
  const source = input.replace(/\r\n?/g, "\n");
  if (!/<[a-zA-Z/!]/.test(source)) return plainTextToHtml(decodeEntities(source));
  const out: string[] = [];
  const open: string[] = [];
  let dropDepth = 0;
  // Text and inline elements outside a paragraph or list item get a paragraph of their own.
  const inBlock = () => open.some((name) => name === "p" || name === "li");
  const ensureBlock = () => {
    if (inBlock()) return;
    while (open.length && (open.at(-1) === "ul" || open.at(-1) === "ol") === false) out.push(`</${open.pop()}>`);
    if (open.length === 0) {
      out.push("<p>");
      open.push("p");
    } else {
      out.push("<li>");
      open.push("li");
    }
  };
  for (const token of tokenize(source)) {
    if (token.kind === "text") {
      if (dropDepth > 0) continue;
      if (!inBlock() && !token.value.trim()) continue;
      ensureBlock();
      out.push(escapeHtml(token.value).replace(/\n/g, " "));
      continue;
    }
    const name = ALIASES[token.name] ?? token.name;
    if (DROP_CONTENT.has(token.name)) {
      dropDepth += token.kind === "start" ? 1 : -1;
      if (dropDepth < 0) dropDepth = 0;
      continue;
    }
    if (!ALLOWED.has(name) || dropDepth > 0) continue;
    if (token.kind === "start") {
      if (name === "br") {
        if (inBlock()) out.push("<br>");
        continue;
      }
      if (name === "a" || name === "strong" || name === "em") ensureBlock();
      else if (name === "p" || name === "ul" || name === "ol") {
        // blocks do not nest in this subset: close an open paragraph first
        const at = open.lastIndexOf("p");
        if (at !== -1) while (open.length > at) out.push(`</${open.pop()}>`);
      }
      if (name === "a") {
        const href = safeHref(token.attrs.href ?? "");
        if (!href) continue; // keep the text, drop the link
        out.push(`<a href="${escapeHtml(href)}" rel="noopener noreferrer">`);
      } else {
        if ((name === "p" || name === "li") && open.at(-1) === name) out.push(`</${open.pop()}>`);
        out.push(`<${name}>`);
      }
      if (!token.selfClosing && !VOID.has(name)) open.push(name);
      else out.push(`</${name}>`);
    } else {
      if (name === "br") continue;
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
    }
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out
    .join("")
    .replace(/<(p|li|strong|em|ul|ol)><\/\1>/g, "")
    .replace(/<a href="[^"]*" rel="noopener noreferrer"><\/a>/g, "")
    .trim();
}

export function plainTextToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/** Visible text of light HTML: paragraphs and list items on their own lines. */
export function htmlToPlainText(html: string): string {
  return decodeEntities(
    html
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/(p|li|ul|ol|div)>/gi, "\n")
      .replace(/<[^>]*>/g, ""),
  )
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/**
 * Plain-text fields (questions, titles, answers…) are rendered as text, so markup is already
 * inert on screen; it is still removed on save so exports, 审校 and the public page never
 * carry a `<script>` someone pasted.
 */
export function stripMarkup(value: string): string {
  const noDropped = value.replace(/<(script|style|iframe|object|embed|noscript|template|svg|math)\b[\s\S]*?(<\/\1\s*>|$)/gi, "");
  return decodeEntities(noDropped.replace(/<\/?[a-zA-Z!?][^>]*>/g, "")).replace(/[<>]/g, (c) => (c === "<" ? "＜" : "＞"));
}

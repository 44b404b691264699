/**
 * Where a form may send the browser next (?redirectTo= of the sign-in, the 适老化 switch's
 * back link): only a path of this site. The value is read the way a browser reads a URL — tabs
 * and line breaks anywhere are dropped, control characters and spaces at the ends trimmed, "\"
 * counts as "/" — so "/\t/evil.example" (which a browser follows to //evil.example) is refused,
 * and what comes back is the parsed, percent-encoded path: never a header value with a line
 * break in it.
 */
const BASE = "http://jiedu.invalid";

export function safeRedirect(to: unknown, fallback = "/app"): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  // the normalisation the URL parser applies anyway, made explicit for the "/" check
  const cleaned = trimControls(to.replace(/[\t\n\r]/g, ""));
  if (!cleaned.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(cleaned, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Without C0 control characters and spaces at either end (U+0000–U+0020), as the URL parser trims. */
function trimControls(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

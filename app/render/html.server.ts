/**
 * Stage 1 — HTML. The render page is a long-lived "shell" (fonts stylesheet, chart libraries and
 * the runtime, all from the render origin) whose body is swapped per card, so fonts and scripts
 * are parsed once per page, not once per image. `standaloneDocument` gives the same card as one
 * HTML file (debug output, and the benchmark's floor).
 */
import type { Markup } from "../../templates/registry";
import { RENDER_ORIGIN } from "./assets.server";

/**
 * Only the render origin may provide fonts, images and scripts; no fetch/XHR at all. Vega
 * compiles expressions with `new Function`, hence 'unsafe-eval' (scripts still come only from the
 * bundled files; inline scripts and event handlers stay blocked).
 */
export const RENDER_CSP = [
  "default-src 'none'",
  `font-src ${RENDER_ORIGIN}`,
  `img-src ${RENDER_ORIGIN}`,
  `style-src 'unsafe-inline' ${RENDER_ORIGIN}`,
  `script-src ${RENDER_ORIGIN} 'unsafe-eval'`,
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join("; ");

const HEAD = `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${RENDER_CSP}"><link rel="stylesheet" href="${RENDER_ORIGIN}/fonts.css">`;

const SCRIPTS = ["vega.js", "vega-lite.js", "vega-embed.js", "runtime.js"].map((name) => `<script src="${RENDER_ORIGIN}/lib/${name}"></script>`).join("");

export const SHELL_PATH = "/shell.html";

export function shellDocument(): string {
  return `<!doctype html><html lang="zh-CN"><head>${HEAD}<style id="jiedu-job"></style>${SCRIPTS}</head><body></body></html>`;
}

/** One card as a complete document (no charts drawn: those need the runtime). */
export function standaloneDocument(markup: Pick<Markup, "css" | "body">): string {
  return `<!doctype html><html lang="zh-CN"><head>${HEAD}<style id="jiedu-job">${markup.css}</style>${SCRIPTS}</head><body>${markup.body}</body></html>`;
}

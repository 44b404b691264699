/**
 * Stage 1 — HTML. The render page is a long-lived "shell" (fonts stylesheet, chart libraries and
 * the runtime, all from the render origin) whose body is swapped per card, so fonts and scripts
 * are parsed once per page, not once per image. `standaloneDocument` gives the same card as one
 * HTML file (debug output, and the benchmark's floor).
 */
import type { Markup } from "../../templates/registry";
import { APP_FONT_PATH, RENDER_ORIGIN } from "./assets.server";

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

/**
 * The 图解 editor preview: the card's markup for a sandboxed iframe (srcdoc) of an app page,
 * with the exporter's bundled fonts served by the app itself (root-relative, so whatever host
 * the officer reached the app by; 'self' is the embedding page's origin). No scripts at all;
 * charts are drawn only by the render runtime.
 */
export const PREVIEW_CSP = ["default-src 'none'", "font-src 'self'", "style-src 'unsafe-inline' 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'"].join("; ");

export function previewDocument(markup: Pick<Markup, "css" | "body">): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><link rel="stylesheet" href="${APP_FONT_PATH}/noto.css"><style>${markup.css}</style></head><body>${markup.body}</body></html>`;
}

/** One card as a complete document (no charts drawn: those need the runtime). */
export function standaloneDocument(markup: Pick<Markup, "css" | "body">): string {
  return `<!doctype html><html lang="zh-CN"><head>${HEAD}<style id="jiedu-job">${markup.css}</style>${SCRIPTS}</head><body>${markup.body}</body></html>`;
}

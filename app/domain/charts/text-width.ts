/**
 * Width of a chart label in the bundled Noto Sans SC, estimated without a canvas — for layout
 * decisions made before a browser draws (bars too crowded for horizontal labels) and for vega on
 * the server, whose own estimate (0.8 em per character) is too narrow for Chinese and made the
 * public SVG cut its axis labels ("城市全额" lost its first character).
 *
 * Noto Sans SC draws every CJK ideograph and full-width mark exactly 1 em wide; Latin letters and
 * digits are proportional, and the figures below round their advance widths up, so the estimate
 * errs on the wide side (a little extra room, never a clipped label).
 */

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Advance width in em of one character (rounded up). */
export function charWidthEm(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (ch === " ") return 0.25;
  if (/[0-9]/.test(ch)) return 0.58;
  if (/[.,:;'!|]/.test(ch)) return 0.3;
  if (/[A-Z]/.test(ch)) return 0.7;
  if (/[a-z]/.test(ch)) return 0.56;
  if (/[%@#&~MW]/.test(ch)) return 0.9;
  return 0.62;
}

/** Estimated width in px of `text` at `fontSize` px (bold adds about 5 %). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize * (bold ? 1.05 : 1);
}

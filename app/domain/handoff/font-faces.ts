/**
 * Which woff2 subsets a static page needs: @fontsource splits each face by unicode-range, so the
 * import bundle carries only the subsets whose ranges cover a character the pages print (a few
 * dozen files instead of hundreds), each referenced by a relative URL.
 */
export type FontFace = { family: string; weight: number; file: string; ranges: [number, number][] };

/** The @font-face rules of a fontsource stylesheet (woff2 sources only). */
export function parseFontFaces(css: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
    const family = /font-family:\s*'([^']+)'/.exec(block)?.[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1]);
    const file = /url\(\.\/files\/([a-z0-9-]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!family || !Number.isFinite(weight) || !file) continue;
    const ranges: [number, number][] = range
      ? range.split(",").flatMap((r): [number, number][] => {
          const m = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(r.trim());
          if (!m) return [];
          const lo = Number.parseInt(m[1], 16);
          return [[lo, m[2] ? Number.parseInt(m[2], 16) : lo]];
        })
      : [[0, 0x10ffff]];
    faces.push({ family, weight, file, ranges });
  }
  return faces;
}

/** The faces with at least one of the text's characters in range. */
export function facesFor(text: string, faces: readonly FontFace[]): FontFace[] {
  const points = [...new Set(Array.from(text, (c) => c.codePointAt(0) ?? 0))].sort((a, b) => a - b);
  return faces.filter((f) => f.ranges.some(([lo, hi]) => points.some((p) => p >= lo && p <= hi)));
}

/** The @font-face rules of the chosen faces, with sources relative to the stylesheet (`fonts/<file>`). */
export function fontFaceCss(faces: readonly FontFace[], dir = "fonts"): string {
  const range = (f: FontFace) => f.ranges.map(([lo, hi]) => (lo === hi ? `U+${lo.toString(16)}` : `U+${lo.toString(16)}-${hi.toString(16)}`)).join(",");
  return faces
    .map((f) => `@font-face{font-family:'${f.family}';font-style:normal;font-display:swap;font-weight:${f.weight};src:url(${dir}/${f.file}) format('woff2');unicode-range:${range(f)};}`)
    .join("\n");
}

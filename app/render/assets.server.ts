/**
 * Bundled resources the render page may load, answered from memory by request interception:
 * the Noto Sans SC / Noto Serif SC woff2 subsets (@fontsource, split by unicode-range so a page
 * only pulls the subsets its text needs), vega + vega-lite + vega-embed, and the page runtime.
 * Each file is read from node_modules once per process and kept.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PAGE_RUNTIME } from "./page-runtime.server";

/** The render page's own origin. It never resolves on the network: interception answers it. */
export const RENDER_ORIGIN = "https://jiedu.render";

const require = createRequire(import.meta.url);

type FontPackage = { pkg: string; family: string; weights: number[] };
const FONT_PACKAGES: FontPackage[] = [
  { pkg: "@fontsource/noto-sans-sc", family: "Noto Sans SC", weights: [400, 700] },
  { pkg: "@fontsource/noto-serif-sc", family: "Noto Serif SC", weights: [700, 900] },
];

const LIBRARIES: Record<string, { pkg: string; file: string }> = {
  "vega.js": { pkg: "vega", file: "build/vega.min.js" },
  "vega-lite.js": { pkg: "vega-lite", file: "build/vega-lite.min.js" },
  "vega-embed.js": { pkg: "vega-embed", file: "build/vega-embed.min.js" },
};

export type Asset = { body: Buffer; contentType: string };

/** The package's folder; its "exports" map may hide package.json and build/*.min.js. */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, "utf8"));
      if (typeof parsed === "object" && parsed !== null && "name" in parsed && parsed.name === pkg) return dir;
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot locate package ${pkg}`);
}

let fontCss: string | null = null;
const fontDirs = new Map<string, string>();

/**
 * One stylesheet for all bundled faces, pointing at /fonts/<file>.woff2 on the render origin.
 * `font-display: block` so text is never painted in a fallback face while a subset loads.
 */
export function bundledFontCss(): string {
  if (fontCss) return fontCss;
  const parts: string[] = [];
  for (const { pkg, weights } of FONT_PACKAGES) {
    const dir = packageDir(pkg);
    for (const weight of weights) {
      const css = readFileSync(join(dir, `${weight}.css`), "utf8");
      parts.push(
        css
          .replace(/font-display:\s*swap;/g, "font-display: block;")
          .replace(/src:\s*url\(\.\/files\/([^)]+\.woff2)\)\s*format\('woff2'\)[^;]*;/g, (_m, file: string) => {
            fontDirs.set(file, join(dir, "files"));
            return `src: url(${RENDER_ORIGIN}/fonts/${file}) format('woff2');`;
          }),
      );
    }
  }
  fontCss = parts.join("\n");
  return fontCss;
}

/**
 * Where the app itself serves the same faces (app/routes/render-fonts.$file.tsx), for pages
 * outside the render browser — the 图解 editor preview. Never a system font, never another host.
 */
export const APP_FONT_PATH = "/render-fonts";

let appFontCss: string | null = null;

/** The bundled faces' stylesheet with font URLs relative to itself (served at APP_FONT_PATH). */
export function appFontStylesheet(): string {
  appFontCss ??= bundledFontCss().split(`${RENDER_ORIGIN}/fonts/`).join("");
  return appFontCss;
}

/** One bundled woff2 file by name (as listed in the stylesheet), or null. */
export function bundledFontFile(file: string): Asset | null {
  return /^[a-z0-9-]+\.woff2$/.test(file) ? bundledAsset(`/fonts/${file}`) : null;
}

const cache = new Map<string, Asset>();

function remember(path: string, make: () => Asset | null): Asset | null {
  const hit = cache.get(path);
  if (hit) return hit;
  const asset = make();
  if (asset) cache.set(path, asset);
  return asset;
}

/** Answers a bundled path (`/fonts/…`, `/lib/…`, `/fonts.css`) or null. */
export function bundledAsset(path: string): Asset | null {
  if (path === "/fonts.css") return remember(path, () => ({ body: Buffer.from(bundledFontCss()), contentType: "text/css; charset=utf-8" }));
  if (path.startsWith("/fonts/")) {
    const file = path.slice("/fonts/".length);
    if (!/^[a-z0-9-]+\.woff2$/.test(file)) return null;
    bundledFontCss();
    const dir = fontDirs.get(file);
    if (!dir) return null;
    return remember(path, () => ({ body: readFileSync(join(dir, file)), contentType: "font/woff2" }));
  }
  if (path === "/lib/runtime.js") return remember(path, () => ({ body: Buffer.from(PAGE_RUNTIME), contentType: "text/javascript; charset=utf-8" }));
  if (path.startsWith("/lib/")) {
    const target = LIBRARIES[path.slice("/lib/".length)];
    if (!target) return null;
    return remember(path, () => ({ body: readFileSync(join(packageDir(target.pkg), target.file)), contentType: "text/javascript; charset=utf-8" }));
  }
  return null;
}

/** Reads the chart libraries and the font stylesheet up front (e.g. before timing a benchmark). */
export function preloadBundledAssets(): void {
  bundledAsset("/fonts.css");
  for (const name of Object.keys(LIBRARIES)) bundledAsset(`/lib/${name}`);
  bundledAsset("/lib/runtime.js");
}

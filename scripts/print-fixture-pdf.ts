/**
 * Prints a fixture notice (.txt, one paragraph per line) as a PDF laid out like a 公文 (GB/T 9704:
 * A4, 三号 serif body with a two-character indent, 二号 title with a blank line before the 主送
 * line, "— N —" page numbers), in Chromium with Noto Serif SC embedded — the way
 * tests/fixtures/intake/dibao-2023-biaozhun.pdf was made, so the PDF and the pasted text are the
 * same document:
 *
 *   npx tsx scripts/print-fixture-pdf.ts tests/fixtures/intake/dibao-2023-biaozhun.txt tests/fixtures/intake/dibao-2023-biaozhun.pdf [page1.png]
 *
 * The optional PNG is a screenshot of the first screen, to look at the layout.
 */
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser } from "../tests/helpers/browser";

const [src, out, png] = process.argv.slice(2);
if (!src || !out) {
  console.error("用法：npx tsx scripts/print-fixture-pdf.ts <公文.txt> <输出.pdf> [截图.png]");
  process.exit(1);
}
const lines = readFileSync(src, "utf8").split("\n").filter((l) => l.trim());
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const css = pathToFileURL(path.resolve("node_modules/@fontsource/noto-serif-sc/400.css")).href;
const body = lines
  .map((l, i) => {
    if (i === 0) return `<p class="masthead">${esc(l)}</p>`;
    if (/〔\d{4}〕/.test(l) && l.length < 20) return `<p class="docno">${esc(l)}</p>`;
    if (i === 2) return `<h1>${esc(l)}</h1>`;
    if (/：$/.test(l) && i === 3) return `<p class="noindent">${esc(l)}</p>`;
    if (/^\d{4}年\d+月\d+日$/.test(l) || /局　/.test(l)) return `<p class="sign">${esc(l)}</p>`;
    return `<p>${esc(l)}</p>`;
  })
  .join("\n");
const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="${css}">
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: 'Noto Serif SC'; font-size: 16pt; line-height: 28.9pt; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.noindent { text-indent: 0; }
.masthead { text-indent: 0; text-align: center; color: #c00; font-size: 26pt; line-height: 1.4; margin-bottom: 12pt; }
.docno { text-indent: 0; text-align: center; margin-bottom: 20pt; }
h1 { font-size: 22pt; font-weight: 400; text-align: center; line-height: 1.5; margin: 0 0 28.9pt; }
.sign { text-align: right; text-indent: 0; margin-top: 12pt; }
</style></head><body>${body}</body></html>`;
const dir = mkdtempSync(path.join(tmpdir(), "jiedu-print-"));
const file = path.join(dir, "notice.html");
writeFileSync(file, html);
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(pathToFileURL(file).href, { waitUntil: "networkidle0" });
await page.evaluate(() => document.fonts.ready);
const pdf = await page.pdf({
  format: "A4",
  displayHeaderFooter: true,
  headerTemplate: "<span></span>",
  footerTemplate: `<div style="width:100%;text-align:center;font-size:14pt;font-family:'Noto Serif SC'">— <span class="pageNumber"></span> —</div>`,
  margin: { top: "37mm", bottom: "35mm", left: "28mm", right: "26mm" },
});
writeFileSync(out, pdf);
if (png) {
  await page.setViewport({ width: 794, height: 1123 });
  await page.screenshot({ path: png });
}
await browser.close();
console.log(out, pdf.length);

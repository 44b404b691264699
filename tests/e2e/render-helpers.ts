/**
 * Measurements the exporter's e2e tests make on the laid-out render page — independent of the
 * runtime's own checks, so a bug there cannot hide itself.
 */
import { readFileSync } from "node:fs";
import type { Page } from "puppeteer";
import { z } from "zod";
import { type PackageData, parsePackageData } from "~/domain/package-data";

export const FIXTURE_PATH = new URL("../fixtures/packages/xihaian.json", import.meta.url).pathname;

export function loadFixture(): PackageData {
  const parsed = parsePackageData(JSON.parse(readFileSync(FIXTURE_PATH, "utf8")));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

/** Characters that must never start a line (DOMAIN.md). */
export const FORBIDDEN_LINE_STARTS = "，。、；：？！）》";

/** Every line start in every text block: the first glyph whose box drops below the previous one. */
export async function lineStarts(page: Page): Promise<string[]> {
  return z.array(z.string()).parse(
    await page.evaluate(`(() => {
      const starts = [];
      const range = document.createRange();
      document.querySelectorAll("[data-text]").forEach((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let prev = null, node;
        while ((node = walker.nextNode())) {
          for (let i = 0; i < node.data.length; i++) {
            if (/\\s/.test(node.data[i])) continue;
            range.setStart(node, i); range.setEnd(node, i + 1);
            const r = range.getClientRects()[0];
            if (!r) continue;
            if (prev && r.top >= prev.top + prev.height * 0.6) starts.push(node.data[i]);
            prev = r;
          }
        }
      });
      return starts;
    })()`),
  );
}

/** Elements or text outside their [data-box] or outside the card; text rects allow half-leading. */
export async function outOfBounds(page: Page, width: number, height: number): Promise<string[]> {
  return z.array(z.string()).parse(
    await page.evaluate(`((W, H) => {
      const bad = [];
      const within = (r, b, slack) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - slack - 1 && r.bottom <= b.bottom + slack + 1;
      for (const box of document.querySelectorAll("[data-box]")) {
        const b = box.getBoundingClientRect();
        for (const el of box.querySelectorAll("*")) {
          const r = el.getBoundingClientRect();
          if ((r.width || r.height) && !within(r, b, 0)) bad.push(box.dataset.box + " > " + el.tagName);
        }
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let node;
        while ((node = walker.nextNode())) {
          if (!node.data.trim()) continue;
          range.selectNodeContents(node);
          // "normal" line-height: the line box is the glyph box, no slack needed.
          const lh = parseFloat(getComputedStyle(node.parentElement).lineHeight);
          for (const r of range.getClientRects()) if (!within(r, b, Number.isNaN(lh) ? 0 : Math.max(0, (r.height - lh) / 2))) bad.push(box.dataset.box + " > text " + node.data.slice(0, 10));
        }
      }
      const card = { left: 0, top: 0, right: W, bottom: H > 0 ? H : Infinity };
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if ((r.width || r.height) && !within(r, card, 0)) bad.push("card > " + el.tagName + "." + el.className);
      }
      return bad;
    })(${width}, ${height})`),
  );
}

/** The platform fonts Chromium actually used for the text of every [data-text] element (CDP). */
export async function fontsUsed(page: Page): Promise<Map<string, number>> {
  const client = await page.createCDPSession();
  try {
    await client.send("DOM.enable");
    await client.send("CSS.enable");
    const { root } = await client.send("DOM.getDocument", { depth: -1 });
    const { nodeIds } = await client.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector: "[data-text]" });
    const used = new Map<string, number>();
    for (const nodeId of nodeIds) {
      const { fonts } = await client.send("CSS.getPlatformFontsForNode", { nodeId });
      for (const font of fonts) used.set(font.familyName, (used.get(font.familyName) ?? 0) + font.glyphCount);
    }
    return used;
  } finally {
    await client.detach();
  }
}

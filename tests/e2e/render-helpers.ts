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
          // An inline span is as tall as its glyphs; its text is checked below, with the leading.
          if (el.tagName === "SPAN" && getComputedStyle(el).display === "inline") continue;
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

export type LineRuleFacts = {
  /** Line breaks that separate a number from its digits, unit or tier ("3540|元", "D档465|元"). */
  numberSplits: string[];
  /** Titles and other text blocks whose last line holds a single character ("…标|准"). */
  titleOrphans: string[];
};

/**
 * How `text` is laid out: the lines of the innermost element showing it, cut to that text
 * (e.g. a cover's department: ["青岛西海岸新区管委办公", "室"] is a break inside a word).
 */
export async function linesOfText(page: Page, text: string): Promise<string[]> {
  return z.array(z.string()).parse(
    await page.evaluate(`((text) => {
      const squash = (s) => s.replace(/\\s/g, "");
      let el = Array.from(document.body.querySelectorAll("*")).filter((e) => squash(e.textContent).includes(text)).pop();
      if (!el) return [];
      const range = document.createRange();
      const chars = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) for (let i = 0; i < node.data.length; i++) {
        if (/\\s/.test(node.data[i])) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (r) chars.push({ ch: node.data[i], top: r.top, height: r.height });
      }
      const all = chars.map((c) => c.ch).join("");
      const at = all.indexOf(text);
      const mine = chars.slice(at, at + text.length);
      const out = [];
      let prev = null;
      for (const c of mine) {
        if (!prev || c.top >= prev.top + prev.height * 0.6) out.push("");
        out[out.length - 1] += c.ch;
        prev = c;
      }
      return out;
    })(${JSON.stringify(text)})`),
  );
}

/**
 * The line rules, measured on the laid-out line boxes (a glyph whose box drops below the one
 * before starts a line) — written here independently of the render runtime's own fixes.
 */
export async function lineRules(page: Page): Promise<LineRuleFacts> {
  return z
    .object({ numberSplits: z.array(z.string()), titleOrphans: z.array(z.string()) })
    .parse(
      await page.evaluate(`(() => {
        const range = document.createRange();
        const lines = (el) => {
          const out = [];
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let prev = null, node;
          while ((node = walker.nextNode())) {
            for (let i = 0; i < node.data.length; i++) {
              const ch = node.data[i];
              if (/\\s/.test(ch)) continue;
              range.setStart(node, i); range.setEnd(node, i + 1);
              const r = range.getClientRects()[0];
              if (!r) continue;
              if (!prev || r.top >= prev.top + prev.height * 0.6) out.push("");
              out[out.length - 1] += ch;
              prev = r;
            }
          }
          return out;
        };
        const digit = (c) => /[0-9０-９]/.test(c || "");
        const unitStart = /[%％‰元万亿千百人户个项条次天日月年岁分亩倍档名家所台辆份件类级批周号时公里米吨克/／]/;
        const split = (line, next) => {
          const a = line[line.length - 1], before = line[line.length - 2], b = next[0];
          if (digit(a) && (digit(b) || unitStart.test(b) || /[.,]/.test(b))) return true;
          if (/[.,]/.test(a) && digit(before) && digit(b)) return true;
          if (/[A-Za-z]/.test(a) && b === "档") return true;
          if (a === "档" && /[A-Za-z]/.test(before || "") && digit(b)) return true;
          return false;
        };
        const numberSplits = [];
        document.querySelectorAll("[data-text]").forEach((el) => {
          const ls = lines(el);
          for (let k = 0; k + 1 < ls.length; k++) if (split(ls[k], ls[k + 1])) numberSplits.push(ls[k].slice(-6) + "|" + ls[k + 1].slice(0, 4));
        });
        const titleOrphans = [];
        document.querySelectorAll("h1, h2, h3, [data-title], [data-text]").forEach((el) => {
          const ls = lines(el);
          if (ls.length < 2) return;
          const last = ls[ls.length - 1];
          if (last.replace(/[^0-9A-Za-z\\u3400-\\u9fff]/g, "").length <= 1) titleOrphans.push(ls.slice(-2).join("|"));
        });
        return { numberSplits, titleOrphans };
      })()`),
    );
}

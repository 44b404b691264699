/**
 * Text that does not fit shrinks, then continues on "续" cards — never clipped, never lost —
 * measured on the laid-out page.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { paragraphsOf } from "~/domain/package-data";
import { BrowserPool, type CardContext, renderCard } from "~/render/browser.server";
import { planCards } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { FORBIDDEN_LINE_STARTS, lineStarts, loadFixture, outOfBounds } from "./render-helpers";

const pageFacts = z.object({ fontSize: z.string(), continued: z.boolean(), nextShown: z.boolean() });
let pool: BrowserPool;
beforeAll(async () => {
  pool = await BrowserPool.create({ size: 1 });
});
afterAll(async () => {
  await pool?.close();
});

describe("continuation cards", () => {
  it("an answer three times too long flows onto 续 cards with nothing outside its box", async () => {
    const pkg = loadFixture();
    const ctx: CardContext = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
    // About 1,450 characters of real fixture text, punctuation-dense: three times what one card
    // holds at its minimum size.
    const source = pkg.qa.map((q) => q.answer).join("\n");
    const paragraphs: string[] = [];
    for (const p of paragraphsOf(`${source}\n${source}`)) if ([...paragraphs, p].join("\n").length <= 1500) paragraphs.push(p);
    const answer = paragraphs.join("\n");
    expect(answer.length).toBeGreaterThan(1300);
    pkg.qa = [{ question: pkg.qa[1].question, answer, citation: "依据：工作要点第二部分第（五）项" }];

    const measured: Array<{ part: number; fontSize: string; outside: string[]; starts: string[]; continued: boolean; nextShown: boolean }> = [];
    const job = planCards("qa-card", pkg, "portrait", { warn: () => {} })[0];
    const captures = await pool.run((w) =>
      renderCard(w, job, ctx, async (page, info) => {
        const facts = pageFacts.parse(await page.evaluate(`(() => ({
          fontSize: getComputedStyle(document.querySelector("[data-flow] p")).fontSize,
          continued: document.querySelector(".q .tag")?.textContent === "续",
          nextShown: document.querySelector("[data-next]").classList.contains("shown"),
        }))()`));
        measured.push({ part: info.part, ...facts, outside: await outOfBounds(page, info.width, info.height), starts: await lineStarts(page) });
      }),
    );

    expect(captures.length).toBeGreaterThanOrEqual(3);
    for (const m of measured) {
      expect(m.outside).toEqual([]);
      expect(m.starts.filter((ch) => FORBIDDEN_LINE_STARTS.includes(ch))).toEqual([]);
      // Shrunk to the minimum before flowing.
      expect(m.fontSize).toBe("30px");
      expect(m.continued).toBe(m.part > 0);
      expect(m.nextShown).toBe(m.part < captures.length - 1);
    }
    for (const c of captures) {
      const meta = await sharp(c.png).metadata();
      expect([meta.width, meta.height]).toEqual([1080, 1440]);
    }
    // Nothing lost: the cards' texts, joined, are the answer and its citation.
    const shown = captures.map((c) => c.longDescription.replace(/^问：.*\n答：/, "")).join("\n");
    expect(shown.replace(/\s/g, "")).toBe(`${answer}依据：工作要点第二部分第（五）项`.replace(/\s/g, ""));
  });

  it("a short answer stays on one card at the largest size", async () => {
    const pkg = loadFixture();
    const ctx: CardContext = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
    let fontSize = "";
    const captures = await pool.run((w) =>
      renderCard(w, planCards("qa-card", pkg, "portrait", { warn: () => {} })[2], ctx, async (page) => {
        fontSize = String(await page.evaluate(`getComputedStyle(document.querySelector("[data-flow] p")).fontSize`));
      }),
    );
    expect(captures).toHaveLength(1);
    expect(fontSize).toBe("40px");
  });
});

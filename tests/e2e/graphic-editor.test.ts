/**
 * The 图解 editor in real Chromium, on a machine without any system CJK font: the preview is set
 * in the exporter's bundled Noto faces, served by the app (never an external host — it used to
 * ask for https://jiedu.render and show boxes), and the alt text follows a quick edit at once.
 */
import type { CDPSession, Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openSeededCorrection, signIn as signInAt, withE2eApp } from "../helpers/e2e";

let docId: number;

const app = withE2eApp((t) => {
  docId = openSeededCorrection(t, "补充图解");
});

const signIn = (page: Page, username: string) => signInAt(page, app.server.url, username);

type DomNode = { nodeId: number; nodeName: string; contentDocument?: DomNode; children?: DomNode[] };
const domNode: z.ZodType<DomNode> = z.lazy(() =>
  z.object({ nodeId: z.number(), nodeName: z.string(), contentDocument: domNode.optional(), children: z.array(domNode).optional() }),
);

/** The platform fonts Chromium used for the text of the preview iframe's [data-text] elements. */
async function previewFonts(client: CDPSession, iframeIndex: number): Promise<string[]> {
  await client.send("DOM.enable");
  await client.send("CSS.enable");
  const { root } = await client.send("DOM.getDocument", { depth: -1, pierce: true });
  const docs: DomNode[] = [];
  (function walk(n: DomNode) {
    if (n.nodeName === "IFRAME" && n.contentDocument) docs.push(n.contentDocument);
    for (const c of n.children ?? []) walk(c);
    if (n.contentDocument) walk(n.contentDocument);
  })(domNode.parse(root));
  const doc = docs[iframeIndex];
  if (!doc) return [];
  const { nodeIds } = await client.send("DOM.querySelectorAll", { nodeId: doc.nodeId, selector: "[data-text]" });
  const families = new Set<string>();
  for (const nodeId of nodeIds) {
    const { fonts } = await client.send("CSS.getPlatformFontsForNode", { nodeId });
    for (const f of fonts) families.add(f.familyName);
  }
  return [...families];
}

const fieldTexts = (page: Page, item: string) =>
  page.$$eval(`${item} > .field textarea`, (els) => els.map((el) => (el instanceof HTMLTextAreaElement ? el.value : "")));

describe("the 图解 editor", () => {
  it("previews in the bundled fonts served by the app, and the alt text follows a quick edit", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const fontResponses: Array<{ url: string; status: number }> = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("response", (r) => {
      if (r.url().includes("/render-fonts/")) fontResponses.push({ url: r.url(), status: r.status() });
    });
    await signIn(page, "drafter");
    await page.goto(`${app.server.url}/app/documents/${docId}/package`);
    await page.waitForSelector(".package-editor[data-hydrated=true]");
    const before = (await page.$$("li.graphic-item")).length;

    await page.select("#graphics select", "qa-card");
    await page.click("#graphics button::-p-text(添加图解)");
    const item = `li.graphic-item:nth-of-type(${before + 1})`;
    await page.waitForSelector(`${item} iframe`, { timeout: 20_000 });

    // The preview's fonts: the bundled Noto faces, loaded from this app.
    const frame = await (await page.$(`${item} iframe`))?.contentFrame();
    if (!frame) throw new Error("preview iframe has no frame");
    // The frame runs no scripts (sandbox=""), so it cannot poll itself: ask it from here.
    const loadedFaces = async () => z.array(z.string()).parse(await frame.evaluate("[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/\"/g, ''))"));
    let loaded: string[] = [];
    for (let tries = 0; tries < 200 && !(loaded.includes("Noto Sans SC") && loaded.includes("Noto Serif SC")); tries++) {
      loaded = await loadedFaces();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(loaded).toContain("Noto Sans SC");
    expect(loaded).toContain("Noto Serif SC");
    const client = await page.createCDPSession();
    const families = await previewFonts(client, before);
    await client.detach();
    expect(families.length).toBeGreaterThan(0);
    for (const family of families) expect(family).toMatch(/^Noto (Sans|Serif) SC/);
    expect(requests.filter((u) => !u.startsWith(app.server.url) && !u.startsWith("data:") && u !== "about:srcdoc")).toEqual([]);
    expect(fontResponses.some((r) => r.url.endsWith(".woff2"))).toBe(true);
    expect(fontResponses.filter((r) => r.status !== 200)).toEqual([]);

    // The alt text is the generated one for the starter slots…
    const question = await page.$eval(`${item} input[name="slot-${before}.question"]`, (el) => (el instanceof HTMLInputElement ? el.value : ""));
    expect(question.length).toBeGreaterThan(0);
    const [alt] = await fieldTexts(page, item);
    expect(alt).toContain(question);

    // …and follows a quick edit at once, before any preview round trip.
    await page.$eval(`${item} input[name="slot-${before}.question"]`, (el) => {
      if (el instanceof HTMLInputElement) el.select();
    });
    await page.keyboard.press("Backspace");
    await page.type(`${item} input[name="slot-${before}.question"]`, "低保标准提高了多少？", { delay: 5 });
    const [altNow, longNow] = await fieldTexts(page, item);
    expect(altNow).toContain("低保标准提高了多少？");
    expect(altNow).not.toContain(question);
    expect(longNow).toContain("低保标准提高了多少？");

    // A text the officer writes stays theirs through further edits.
    await page.$eval(`${item} > .field textarea`, (el) => {
      if (el instanceof HTMLTextAreaElement) el.select();
    });
    await page.keyboard.press("Backspace");
    await page.type(`${item} > .field textarea`, "问答卡：城乡低保标准调整");
    await page.type(`${item} input[name="slot-${before}.question"]`, "从哪天起？");
    expect((await fieldTexts(page, item))[0]).toBe("问答卡：城乡低保标准调整");

    // Saved immediately, the stored texts are the current ones.
    await page.click(".save-bar button::-p-text(保存)");
    await page.waitForSelector(".save-state[data-state=saved]", { timeout: 15_000 });
    const stored = app.t.db.$client
      .prepare("select g.alt_text as alt, g.long_description as long from graphics g join packages p on p.id = g.package_id where p.document_id = ? order by g.position desc limit 1")
      .get(docId);
    expect(stored).toMatchObject({ alt: "问答卡：城乡低保标准调整" });
    expect(z.object({ long: z.string() }).parse(stored).long).toContain("低保标准提高了多少？从哪天起？");
    await context.close();
  }, 180_000);
});

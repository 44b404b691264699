/**
 * Bar charts with many bars stay readable — measured in Chromium with the bundled fonts:
 * the editor preview (its spec drawn by vega at the preview size, scaled into the editor column
 * as the editor's CSS does) and the exported chart card. No two category labels overlap, no
 * label is drawn smaller than 11 px in the editor, and every value label is there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { VegaLiteSpec } from "~/domain/charts/spec";
import { PREVIEW_SIZE, chartSpecFor } from "~/domain/package/charts";
import type { ChartContent } from "~/domain/package/content";
import { BrowserPool, renderCard } from "~/render/browser.server";
import { type CardJob, planCards } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { dibaoChart, loadDibao } from "../helpers/dibao";

const ARTIFACTS = new URL("../.artifacts/chart-readability/", import.meta.url).pathname;


let pool: BrowserPool;
beforeAll(async () => {
  pool = await BrowserPool.create({ size: 1 });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await pool?.close();
});

const labelBoxes = z.array(z.object({ text: z.string(), left: z.number(), right: z.number(), top: z.number(), bottom: z.number(), height: z.number() }));
type Box = z.infer<typeof labelBoxes>[number];

/** The drawn text boxes of the chart's SVG (tick labels hidden by vega have opacity 0). */
async function textBoxes(page: Page): Promise<Box[]> {
  return labelBoxes.parse(
    await page.evaluate(`Array.from(document.querySelectorAll("svg text")).filter((t) => t.textContent.trim() && getComputedStyle(t).opacity !== "0").map((t) => { const r = t.getBoundingClientRect(); return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height }; })`),
  );
}

function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${a.text}×${b.text}`);
    }
  return out;
}

/** A card that only holds the chart, at the editor preview's on-screen width. */
function previewJob(spec: VegaLiteSpec, width: number): CardJob {
  const body = `<section class="card"><div class="m" data-chart="p"></div></section>`;
  return {
    key: `preview:${width}:${JSON.stringify(spec)}`,
    templateId: "chart-card",
    templateName: "图表预览",
    version: 1,
    sizeKey: "portrait",
    stem: "preview",
    size: { width: width + 40, height: 800 },
    build: () => ({ css: `body{margin:0;background:#fff}.card{padding:20px}.m svg{max-width:100%;height:auto;display:block}.m{width:${width}px}`, body, charts: [{ id: "p", spec }], altText: "", longDescription: "" }),
    continueWith: null,
    withFlow: null,
  };
}

const nine = dibaoChart("all-standards");

describe("bar charts with 8+ bars", () => {
  it.each([
    ["nine bars", nine],
    ["twelve grouped bars", { ...nine, type: "grouped-bar", data: ["A档", "B档", "C档", "D档", "E档", "F档"].flatMap((label, i) => ["城市", "农村"].map((series, k) => ({ series, label, value: 900 - i * 100 - k * 150 }))) } satisfies ChartContent],
  ])("the editor preview of %s: labels apart, at least 11 px, every value shown", async (name, chart) => {
    const spec = chartSpecFor(chart, PREVIEW_SIZE);
    if (!spec.ok) throw new Error(spec.errors.join(" "));
    let boxes: Box[] = [];
    const [cap] = await pool.run((w) => renderCard(w, previewJob(spec.spec, 460), { theme: resolveTheme({ id: "zhengwu-red" }), document: { title: "", department: "" }, assets: { logo: null, graphics: {} } }, async (page) => {
      boxes = await textBoxes(page);
    }));
    writeFileSync(`${ARTIFACTS}editor-${name.replace(/\s/g, "-")}.png`, cap.png);
    const labels = boxes.filter((b) => chart.data.some((r) => r.label === b.text));
    expect(labels.length).toBeGreaterThanOrEqual(new Set(chart.data.map((r) => r.label)).size);
    expect(overlaps(labels)).toEqual([]);
    // Nor do value labels, axis titles or the legend.
    expect(overlaps(boxes)).toEqual([]);
    for (const b of labels) expect(b.height, b.text).toBeGreaterThanOrEqual(11);
    for (const r of chart.data) expect(boxes.some((b) => b.text === `${Number(r.value).toLocaleString("en-US")}元`), String(r.value)).toBe(true);
  });

  it("the exported chart card of nine bars: labels apart, values shown", async () => {
    const pkg = loadDibao();
    const job = planCards("chart-card", pkg, "portrait", { warn: () => {} }).find((j) => j.stem.startsWith("chart-card-2-"));
    if (!job) throw new Error("chart card 2 missing");
    let boxes: Box[] = [];
    const [cap] = await pool.run((w) => renderCard(w, job, { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } }, async (page) => {
      boxes = await textBoxes(page);
    }));
    writeFileSync(`${ARTIFACTS}card-nine-bars.png`, cap.png);
    const chart = pkg.charts[1];
    const labels = boxes.filter((b) => chart.data.some((r) => r.label === b.text));
    expect(labels).toHaveLength(chart.data.length);
    expect(overlaps(labels)).toEqual([]);
    expect(overlaps(boxes)).toEqual([]);
  });
});

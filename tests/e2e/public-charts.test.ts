/**
 * The public page's chart SVG (server-rendered by vega, drawn by the browser in Noto Sans SC):
 * measured in real Chromium — no label is cut off by the SVG's edge, every bar carries its value,
 * category labels never overlap, and grouped charts show every series.
 * Pictures of each chart land in tests/.artifacts/public-charts for a human look.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ChartContent } from "~/domain/package/content";
import { chartSvg } from "~/features/publish/charts.server";
import { RENDER_ORIGIN, bundledAsset } from "~/render/assets.server";
import { launchBrowser } from "../helpers/browser";
import { dibaoChart } from "../helpers/dibao";

const ARTIFACTS = new URL("../.artifacts/public-charts/", import.meta.url).pathname;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setRequestInterception(true);
  // The public page serves the same @fontsource faces; here they come from the bundled assets.
  page.on("request", (request) => {
    const url = request.url();
    const asset = url.startsWith(RENDER_ORIGIN) ? bundledAsset(url.slice(RENDER_ORIGIN.length)) : null;
    if (asset) void request.respond({ status: 200, contentType: asset.contentType, body: asset.body, headers: { "Access-Control-Allow-Origin": "*" } });
    else if (url === "about:blank") void request.continue();
    else void request.abort();
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const base = { subtitle: null, source: "青山县民政局", palette: null } as const;

const dibaoTiers: ChartContent = {
  ...base,
  type: "grouped-hbar",
  title: "城乡低保分档补助标准",
  unit: "元",
  data: [
    { series: "城市", label: "城市全额", value: 885 },
    { series: "城市", label: "A档", value: 708 },
    { series: "城市", label: "B档", value: 531 },
    { series: "城市", label: "D档", value: 465 },
    { series: "农村", label: "农村全额", value: 660 },
    { series: "农村", label: "A档", value: 528 },
    { series: "农村", label: "B档", value: 396 },
    { series: "农村", label: "D档", value: 330 },
  ],
};

const CHARTS: Array<[string, ChartContent]> = [
  [
    "hbar-long-labels",
    {
      ...base,
      type: "hbar",
      title: "保障标准",
      unit: "元",
      data: [
        { label: "城市全额", value: 885 },
        { label: "农村全额", value: 660 },
        { label: "城市特困人员基本生活标准", value: 1150 },
        { label: "农村特困人员基本生活标准", value: 860 },
      ],
    },
  ],
  ["bar-nine", dibaoChart("all-standards")],
  [
    "bar-short",
    {
      ...base,
      type: "bar",
      title: "城乡低保标准",
      unit: "元",
      data: [
        { label: "城市", value: 885 },
        { label: "农村", value: 660 },
      ],
    },
  ],
  ["grouped-bar", dibaoChart("dibao-tiers")],
  ["grouped-hbar", dibaoTiers],
  ["grouped-hbar-before-after", dibaoChart("before-after")],
  [
    "stacked",
    {
      ...base,
      type: "stacked",
      title: "救助对象构成",
      unit: "人",
      data: [
        { series: "城市", label: "低保", value: 1200 },
        { series: "农村", label: "低保", value: 5300 },
        { series: "城市", label: "特困", value: 150 },
        { series: "农村", label: "特困", value: 900 },
      ],
    },
  ],
];

const boxes = z.object({
  svg: z.object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() }),
  texts: z.array(z.object({ text: z.string(), left: z.number(), top: z.number(), right: z.number(), bottom: z.number(), axis: z.boolean() })),
});

async function show(svg: string, name: string): Promise<z.infer<typeof boxes>> {
  await page.setContent(
    `<!doctype html><html><head><link rel="stylesheet" href="${RENDER_ORIGIN}/fonts.css"><style>body{margin:16px;font-family:"Noto Sans SC"}</style></head><body><div id="c">${svg}</div></body></html>`,
    { waitUntil: "load" },
  );
  await page.evaluate(`(async () => { const t = document.querySelector("#c").innerText + Array.from(document.querySelectorAll("svg text")).map((n) => n.textContent).join(""); await document.fonts.load('400 13px "Noto Sans SC"', t); await document.fonts.load('700 13px "Noto Sans SC"', t); await document.fonts.ready; })()`);
  const svgEl = await page.$("#c svg");
  await svgEl?.screenshot({ path: `${ARTIFACTS}${name}.png` });
  return boxes.parse(
    await page.evaluate(`(() => {
      const s = document.querySelector("#c svg").getBoundingClientRect();
      // vega hides overlapping tick labels with opacity 0; only what is drawn counts.
      const drawn = (t) => { for (let n = t; n && n.tagName !== "svg"; n = n.parentElement) { const cs = getComputedStyle(n); if (cs.opacity === "0" || cs.fillOpacity === "0" || cs.visibility === "hidden") return false; } return true; };
      const texts = Array.from(document.querySelectorAll("#c svg text")).filter((t) => t.textContent.trim() && drawn(t)).map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom, axis: Boolean(t.closest(".role-axis-label")) };
      });
      return { svg: { left: s.left, top: s.top, right: s.right, bottom: s.bottom }, texts };
    })()`),
  );
}

const display = (v: number, unit: string | null | undefined) => `${v.toLocaleString("zh-CN")}${unit ?? ""}`;

describe("public chart SVG in Chromium", () => {
  it.each(CHARTS)("%s: labels inside the SVG, values on the bars, axis labels apart", async (name, chart) => {
    const svg = await chartSvg(chart, `test:${name}`, `chart-${name}-title`);
    expect(svg).not.toBeNull();
    const { svg: box, texts } = await show(svg ?? "", name);
    const cut = texts.filter((t) => t.left < box.left - 0.5 || t.right > box.right + 0.5 || t.top < box.top - 0.5 || t.bottom > box.bottom + 0.5).map((t) => t.text);
    expect(cut).toEqual([]);
    const shown = texts.map((t) => t.text);
    for (const label of new Set(chart.data.map((r) => r.label))) expect(shown).toContain(label);
    // Every bar carries its value label.
    const values = chart.data.map((r) => display(Number(r.value), chart.unit));
    const valueCount = new Map<string, number>();
    for (const v of values) valueCount.set(v, (valueCount.get(v) ?? 0) + 1);
    for (const [v, n] of valueCount) expect(shown.filter((t) => t === v).length, `value label ${v}`).toBe(n);
    // Category labels never run into each other.
    const axis = texts.filter((t) => t.axis && chart.data.some((r) => r.label === t.text));
    for (let i = 0; i < axis.length; i++)
      for (let j = i + 1; j < axis.length; j++) {
        const a = axis[i];
        const b = axis[j];
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        expect(overlap, `${a.text} overlaps ${b.text}`).toBe(false);
      }
    // Grouped charts name their series in a legend.
    if (chart.type.startsWith("grouped")) for (const s of new Set(chart.data.map((r) => r.series ?? ""))) expect(shown).toContain(s);
  });
});

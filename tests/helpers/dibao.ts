/**
 * The county 低保 notice fixture (tests/fixtures/packages/dibao.json): tiered standards
 * (城市/农村 × A/B/C/D 档), a nine-bar chart, long county titles — as the exporter's PackageData
 * and its charts as the editor's ChartContent.
 */
import { readFileSync } from "node:fs";
import type { ChartContent } from "~/domain/package/content";
import { type PackageData, parsePackageData } from "~/domain/package-data";

export function loadPackageFixture(name: "dibao" | "xihaian"): PackageData {
  const parsed = parsePackageData(JSON.parse(readFileSync(new URL(`../fixtures/packages/${name}.json`, import.meta.url), "utf8")));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

export const loadDibao = () => loadPackageFixture("dibao");

/** One of the fixture's charts (by id) as the editor stores it. */
export function dibaoChart(id: "dibao-tiers" | "all-standards" | "before-after"): ChartContent {
  const chart = loadDibao().charts.find((c) => c.id === id);
  if (!chart) throw new Error(`dibao.json has no chart ${id}`);
  return { type: chart.type, title: chart.title, subtitle: chart.subtitle ?? null, unit: chart.unit ?? null, source: chart.source ?? null, palette: null, data: chart.data };
}

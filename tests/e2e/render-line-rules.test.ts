/**
 * Line-breaking rules of the images, measured on real line boxes in Chromium (render-helpers
 * `lineRules`, independent of the runtime that enforces them), on a realistic county 低保 notice:
 * - a number never leaves its unit, digits or tier behind ("3540 / 元", "D档465 / 元");
 * - no title ends with a single character alone on its last line (the 小红书 cover's "准");
 * - the WeChat cover's department line breaks only after its place names, and its 文号 and
 *   date never wrap.
 * Every page of every template of the package is checked, and nothing may stick out of its box.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageData } from "~/domain/package-data";
import { BrowserPool, type CardContext, type InspectHook, renderCard, renderLong } from "~/render/browser.server";
import { type CardJob, planCards, templateRegistry } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { loadDibao } from "../helpers/dibao";
import { type LineRuleFacts, lineRules, linesOfText, outOfBounds } from "./render-helpers";
import { TEMPLATE_IDS } from "~/domain/vocabulary";

const dibao = loadDibao;

const ctxOf = (pkg: PackageData): CardContext => ({ theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } });

type Page = { template: string; part: number; rules: LineRuleFacts; outside: string[]; meta: string[][] };

/** Texts whose line breaks a test looks at (set before rendering). */
let watched: string[] = [];

let pool: BrowserPool;
beforeAll(async () => {
  pool = await BrowserPool.create({ size: 2 });
});
afterAll(async () => {
  await pool?.close();
});

function collect(pages: Page[]): InspectHook {
  return async (page, info) => {
    const meta = [];
    for (const text of watched) meta.push(await linesOfText(page, text));
    pages.push({ template: `${info.templateId}/${info.sizeKey}`, part: info.part, rules: await lineRules(page), outside: await outOfBounds(page, info.width, info.height), meta });
  };
}

async function renderAll(jobs: CardJob[], ctx: CardContext): Promise<Page[]> {
  const pages: Page[] = [];
  await Promise.all(
    jobs.map((job) => pool.run<unknown>((w) => (job.size.height === 0 ? renderLong(w, job, ctx, [16000], collect(pages)) : renderCard(w, job, ctx, collect(pages))))),
  );
  return pages;
}

function jobsOf(pkg: PackageData): CardJob[] {
  return TEMPLATE_IDS.flatMap((id) => Object.keys(templateRegistry[id].sizes).flatMap((size) => planCards(id, pkg, size, { warn: () => {} })));
}

describe("line rules on a county 低保 notice", () => {
  it("every card of every template: numbers keep their units, titles keep no orphan, nothing sticks out", async () => {
    const pkg = dibao();
    const jobs = jobsOf(pkg);
    const pages = await renderAll(jobs, ctxOf(pkg));
    expect(pages.length).toBeGreaterThanOrEqual(jobs.length);
    const report = (pick: (p: Page) => string[]) => pages.flatMap((p) => pick(p).map((x) => `${p.template}#${p.part}: ${x}`));
    expect(report((p) => p.rules.numberSplits)).toEqual([]);
    expect(report((p) => p.rules.titleOrphans)).toEqual([]);
    expect(report((p) => p.outside)).toEqual([]);
  }, 240_000);

  it("a number lands at every position of a line and is never split from its unit or tier", async () => {
    const pkg = dibao();
    const lead = "低保金按低保标准与家庭人均收入的差额发放，";
    const answer = Array.from({ length: 20 }, (_, k) => `${lead.slice(0, k)}城市D档最高465元、农村D档最高330元，价值低于3540元的车辆除外。`).join("\n");
    pkg.qa = [{ question: "D档低保金最高是多少？", answer }];
    const jobs = [...planCards("qa-card", pkg, "portrait", { warn: () => {} }), ...planCards("long-image", pkg, "long", { warn: () => {} })];
    const pages = await renderAll(jobs, ctxOf(pkg));
    const splits = pages.flatMap((p) => p.rules.numberSplits);
    expect(splits).toEqual([]);
    expect(pages.flatMap((p) => p.outside)).toEqual([]);
  }, 120_000);

  it("the longest key figure the schema allows (12 + 8 characters) shrinks to fit every card that shows it", async () => {
    const pkg = dibao();
    pkg.keyFigures[0] = { value: "123456789012", unit: "万元/人·月", label: "城市低保标准（每人每月）" };
    const jobs = (["nine-grid", "figures-card", "long-image"] as const).flatMap((id) => Object.keys(templateRegistry[id].sizes).flatMap((size) => planCards(id, pkg, size, { warn: () => {} })));
    const pages = await renderAll(jobs, ctxOf(pkg));
    expect(pages.flatMap((p) => p.outside)).toEqual([]);
    expect(pages.flatMap((p) => p.rules.numberSplits)).toEqual([]);
  }, 120_000);

  it("the 小红书 cover does not end its title with one character alone", async () => {
    const pkg = dibao();
    pkg.document = { ...pkg.document, title: "关于提高城乡居民最低生活保障和特困供养标准" };
    const pages = await renderAll(planCards("cover", pkg, "portrait", { warn: () => {} }), ctxOf(pkg));
    expect(pages.flatMap((p) => p.rules.titleOrphans)).toEqual([]);
    expect(pages.flatMap((p) => p.outside)).toEqual([]);
  });

  it.each([
    ["青山县人力资源和社会保障局", "青人社发〔2024〕128号", ["青山县", "人力资源和社会保障局"]],
    ["青岛西海岸新区管委办公室", "青西新管办发〔2020〕84号", ["青岛西海岸新区", "管委办公室"]],
    ["中共青山县委办公室", "青办发〔2024〕7号", ["中共青山县委", "办公室"]],
  ])("the WeChat covers print “%s” and its 文号 without a break inside a word", async (department, docNumber, words) => {
    const pkg = dibao();
    pkg.document = { ...pkg.document, department, docNumber };
    watched = [department, docNumber, "2024年6月28日"];
    const pages = await renderAll(["wide", "square"].flatMap((size) => planCards("cover", pkg, size, { warn: () => {} })), ctxOf(pkg));
    watched = [];
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page.outside).toEqual([]);
      const [dept, number, date] = page.meta;
      // The department is on one line, or breaks exactly between its words.
      expect([[department], words]).toContainEqual(dept);
      // The 文号 and the date never wrap.
      expect(number).toEqual([docNumber]);
      expect(date).toEqual(["2024年6月28日"]);
    }
  });
});

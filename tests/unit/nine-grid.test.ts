/**
 * 九宫格 planning: a question never appears without its answer; long answers continue on "续"
 * tiles that repeat the question; nine tiles at most, none repeating another; missing metadata
 * leaves the info tile without stand-ins.
 */
import { describe, expect, it } from "vitest";
import type { PackageData } from "~/domain/package-data";
import { TILE_ANSWER_CHARS, type NineGridSlots, splitAnswer } from "../../templates/nine-grid/template";
import { planCards, templateRegistry } from "../../templates/registry";
import { orgSegments } from "../../templates/shared/html";
import { resolveTheme } from "../../templates/shared/themes";
import { loadPackageFixture } from "../helpers/dibao";

const load = (name: "dibao" | "xihaian") => loadPackageFixture(name);

function tiles(pkg: PackageData): NineGridSlots[] {
  return templateRegistry["nine-grid"].fromPackage(pkg);
}

describe("九宫格 tiles", () => {
  const fixtures: Array<"xihaian" | "dibao"> = ["xihaian", "dibao"];
  it.each(fixtures)("%s: nine tiles; every question tile carries (part of) its answer", (name) => {
    const pkg = load(name);
    const list = tiles(pkg);
    expect(list).toHaveLength(9);
    expect(list[0].kind).toBe("title");
    expect(list[8].kind).toBe("info");
    const questions = list.filter((t) => t.kind === "question");
    expect(questions.length).toBeGreaterThan(0);
    for (const t of questions) {
      const qa = pkg.qa.find((q) => q.question === t.heading);
      expect(qa, t.heading).toBeDefined();
      expect(t.body.length).toBeGreaterThan(0);
      expect(qa?.answer.replace(/\n/g, "")).toContain(t.body.replace(/\n/g, ""));
    }
    // A Q&A is shown whole: its tiles, in order, give back the entire answer.
    for (const question of new Set(questions.map((t) => t.heading))) {
      const parts = list.filter((t) => t.kind === "question" && t.heading === question);
      expect(parts.map((t) => t.part)).toEqual(parts.map((_, i) => i));
      const qa = pkg.qa.find((q) => q.question === question);
      expect(parts.map((t) => t.body).join("").replace(/\n/g, "")).toBe(qa?.answer.replace(/\n/g, ""));
    }
    expect(new Set(list.map((t) => `${t.kind}|${t.heading}|${t.body}`)).size).toBe(9);
  });

  it("a long answer continues on 续 tiles that repeat the question; the alt text has question and answer", () => {
    const pkg = load("dibao");
    const long = pkg.qa[1];
    expect(long.answer.length).toBeGreaterThan(TILE_ANSWER_CHARS);
    const list = tiles(pkg).filter((t) => t.heading === long.question);
    expect(list.length).toBe(2);
    const jobs = planCards("nine-grid", pkg, "tile", { warn: () => {} });
    const ctx = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
    const built = jobs.map((j) => j.build(ctx));
    const cont = built.find((m) => m.body.includes("tile question cont"));
    expect(cont?.body).toContain(long.question);
    expect(cont?.body).toContain(">续<");
    const first = built.find((m) => m.altText.includes(long.question));
    expect(first?.altText).toMatch(/问：.*答：低保金根据家庭困难程度/);
  });

  it("cuts answers after sentences, then clauses, never inside a number", () => {
    const answer = `${"城市每人每月708元，".repeat(10)}农村每人每月528元。第二句。`;
    const parts = splitAnswer(answer, 60);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(60);
    expect(parts.join("")).toBe(answer);
    for (const p of parts.slice(0, -1)) expect(p).toMatch(/[，。；！？]$/);
    const dense = splitAnswer("1234567890".repeat(8), 25);
    expect(dense.join("")).toBe("1234567890".repeat(8));
  });

  it("skips a Q&A that would need more than three tiles rather than cutting its answer", () => {
    const pkg = load("dibao");
    pkg.qa = [{ question: "很长的问题？", answer: "这是一句很长的回答。".repeat(60) }, ...pkg.qa.slice(0, 1)];
    const list = tiles(pkg);
    expect(list.some((t) => t.heading === "很长的问题？")).toBe(false);
    expect(list.some((t) => t.heading === pkg.qa[1].question)).toBe(true);
  });

  it("the info tile lists only the metadata there is", () => {
    const pkg = load("dibao");
    pkg.document = { title: pkg.document.title, department: pkg.document.department, date: "2024-06-28" };
    expect(tiles(pkg)[8]).toMatchObject({ kind: "info", heading: "青山县民政局", body: "2024年6月28日" });
  });
});

describe("organisation names break only after their place names", () => {
  it.each([
    ["青岛西海岸新区管委办公室", ["青岛西海岸新区", "管委办公室"]],
    ["青山县人力资源和社会保障局", ["青山县", "人力资源和社会保障局"]],
    ["青山县市场监督管理局", ["青山县", "市场监督管理局"]],
    ["中共青山县委办公室", ["中共青山县委", "办公室"]],
    ["山东省青岛市西海岸新区管委办公室", ["山东省青岛市西海岸新区", "管委办公室"]],
    ["区政府办公室", ["区政府办公室"]],
    ["青山县民政局", ["青山县", "民政局"]],
  ])("%s", (name, expected) => {
    expect(orgSegments(name)).toEqual(expected);
  });
});

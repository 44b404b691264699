/** 图解 alt text and long description follow the slots until the officer writes their own. */
import { describe, expect, it } from "vitest";
import type { GraphicContent } from "~/domain/package/content";
import { generatedGraphicTexts, withGeneratedTexts } from "~/domain/package/graphic-texts";

const slots = (question: string) => ({ index: 1, total: 1, question, flow: [{ kind: "p", text: "城市低保标准由每人每月850元提高到885元。" }], part: 0 });

function graphic(question: string, altText?: string | null): GraphicContent {
  const texts = generatedGraphicTexts("qa-card", slots(question));
  return { templateId: "qa-card", templateVersion: 1, slots: slots(question), altText: altText === undefined ? (texts?.altText ?? null) : altText, longDescription: texts?.longDescription ?? null };
}

describe("withGeneratedTexts", () => {
  it("a generated alt text follows each edit of the slots", () => {
    const prev = graphic("低保标准是多少？");
    const { graphic: next } = withGeneratedTexts(prev, { ...prev, slots: slots("低保标准提高了多少？") }, null);
    expect(next.altText).toBe("问答卡：低保标准提高了多少？");
    expect(next.longDescription).toContain("问：低保标准提高了多少？");
  });

  it("keeps following through a keystroke where the slots do not fit the template (empty question)", () => {
    let g = graphic("低保标准是多少？");
    let last = generatedGraphicTexts("qa-card", g.slots);
    for (const q of ["", "特", "特困供养标准是多少？"]) {
      const r = withGeneratedTexts(g, { ...g, slots: slots(q) }, last);
      if (r.generated) last = r.generated;
      g = r.graphic;
    }
    expect(g.altText).toBe("问答卡：特困供养标准是多少？");
  });

  it("an alt text the officer wrote is kept", () => {
    const prev = graphic("低保标准是多少？", "城乡低保标准调整问答");
    const { graphic: next } = withGeneratedTexts(prev, { ...prev, slots: slots("低保标准提高了多少？") }, null);
    expect(next.altText).toBe("城乡低保标准调整问答");
    expect(next.longDescription).toContain("低保标准提高了多少？");
  });

  it("an empty alt text is filled; an unknown template gives nothing to generate", () => {
    const prev = graphic("低保标准是多少？", "");
    expect(withGeneratedTexts(prev, { ...prev }, null).graphic.altText).toBe("问答卡：低保标准是多少？");
    expect(generatedGraphicTexts("no-such-template", {})).toBeNull();
  });
});

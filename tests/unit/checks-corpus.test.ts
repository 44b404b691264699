/**
 * The 审校 regression corpus (tests/fixtures/checks/corpus.json, evaluator in
 * tests/helpers/check-corpus.ts): every planted error applied alone to a copy of its clean
 * interpretation. Targets from issue 11: recall ≥ 0.95 on planted errors, at most one false error
 * over the clean official-style interpretations, no wrong suggested value. `npm run corpus:check`
 * prints the same figures per rule and per set.
 */
import { describe, expect, it } from "vitest";
import { evaluateCorpus, formatCorpusFigures, loadCorpus } from "../helpers/check-corpus";

describe("审校 regression corpus", () => {
  const cases = loadCorpus();
  const figures = evaluateCorpus(cases);
  const report = formatCorpusFigures(figures);

  it("is a real corpus: the two seed documents, county documents, at least four clean interpretations, every rule kind planted", () => {
    const documents = new Set(cases.map((c) => c.document));
    expect(documents.has("drizzle/seed/documents/xihaian-2020-zwgk-yaodian-kaohe.txt")).toBe(true);
    expect(documents.has("drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt")).toBe(true);
    expect(documents.size).toBeGreaterThanOrEqual(6);
    expect(cases.length).toBeGreaterThanOrEqual(4);
    const planted = new Set(cases.flatMap((c) => c.plants.flatMap((p) => p.rule.split("|"))));
    for (const id of ["figure.mismatch", "date.mismatch", "count.outline", "count.enumeration", "title.mismatch", "docnumber.format", "docnumber.mismatch", "personal.id", "personal.mobile", "personal.email", "secrecy.marking", "word.confusable", "overlap.excerpt"]) {
      expect(planted.has(id), id).toBe(true);
    }
  });

  it("finds at least 95% of the planted errors, with the document and without it", () => {
    expect(figures.recall, report).toBeGreaterThanOrEqual(0.95);
    expect(figures.withoutDocument.recall, report).toBeGreaterThanOrEqual(0.95);
  });

  it("suggests no wrong value and adds no error elsewhere in a planted copy", () => {
    expect(figures.wrongSuggestions, report).toBe(0);
    expect(figures.withoutDocument.wrongSuggestions, report).toBe(0);
    expect(figures.collateral, report).toBe(0);
  });

  it("raises at most one error over all clean interpretations", () => {
    expect(figures.cleanErrors.length, report).toBeLessThanOrEqual(1);
  });
});

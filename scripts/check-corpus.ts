/**
 * `npm run corpus:check`: runs the 审校 regression corpus (tests/fixtures/checks/corpus.json) and
 * prints per rule: planted errors, found, recall, wrong suggestions, found without a suggestion,
 * collateral errors and false alarms on the clean interpretations — for the cases the matcher was
 * tuned on, for each set of held-out cases written afterwards (holdout: new interpretations of
 * the same documents; holdout2: two documents never seen before; blind: nine documents of new kinds, written and
 * committed before their author read the checker; blind2: two more, written after the checker was
 * generalised and before it was run on them), and for all — then every miss, then one
 * JSON line of the figures. The same figures are asserted by tests/unit/checks-corpus.test.ts.
 */
import { corpusJson, evaluateCorpus, formatCorpusFigures, loadCorpus } from "../tests/helpers/check-corpus.ts";

const cases = loadCorpus();
const sets = {
  tuning: cases.filter((c) => !c.set || c.set === "tuning"),
  holdout: cases.filter((c) => c.set === "holdout"),
  holdout2: cases.filter((c) => c.set === "holdout2"),
  holdout3: cases.filter((c) => c.set === "holdout3"),
  holdout4: cases.filter((c) => c.set === "holdout4"),
  blind: cases.filter((c) => c.set === "blind"),
  blind2: cases.filter((c) => c.set === "blind2"),
  all: cases,
};
const json: Record<string, unknown> = {};
for (const [name, subset] of Object.entries(sets)) {
  const figures = evaluateCorpus(subset);
  console.log(`\n== ${name} (${subset.length} interpretations)\n${formatCorpusFigures(figures)}`);
  json[name] = JSON.parse(corpusJson(figures));
}
console.log(JSON.stringify({ corpus: "checks", ...json }));

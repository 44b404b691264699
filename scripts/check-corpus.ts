/**
 * `npm run corpus:check`: runs the 审校 regression corpus (tests/fixtures/checks/corpus.json) and
 * prints per rule: planted errors, found, recall, wrong suggestions, found without a suggestion,
 * collateral errors and false alarms on the clean interpretations; then every miss, then one JSON
 * line of the figures. The same figures are asserted by tests/unit/checks-corpus.test.ts.
 */
import { corpusJson, evaluateCorpus, formatCorpusFigures } from "../tests/helpers/check-corpus.ts";

const figures = evaluateCorpus();
console.log(formatCorpusFigures(figures));
console.log(corpusJson(figures));

/**
 * `npm run corpus:intake`: scores the intake suggestions (key figures, timeline, charts, draft
 * questions, counts in the drafts, 审校 errors on the generated draft) against the hand-written
 * expectations in tests/fixtures/intake/*.expected.json and tests/fixtures/documents/ — per
 * document (with every miss), per set (blind: written before the analyzer was read; seen; tuned)
 * and overall; the last line is one JSON object of the figures. Rules: tests/helpers/intake-corpus.ts.
 * `--brief` prints one line per document.
 */
import { formatDocument, formatTotals, loadIntakeCorpus, scoreDocument, totals } from "../tests/helpers/intake-corpus.ts";

const verbose = !process.argv.includes("--brief");
const corpus = loadIntakeCorpus();
const scores = corpus.map((e) => scoreDocument(e));
for (const s of scores) console.log(formatDocument(s, verbose));
const sets = [...new Set(scores.map((s) => s.set))];
const json: Record<string, unknown> = {};
for (const set of [...sets, "all"]) {
  const subset = set === "all" ? scores : scores.filter((s) => s.set === set);
  const t = totals(subset);
  console.log(`\n${formatTotals(set, t)}`);
  json[set] = t;
}
console.log(JSON.stringify({ corpus: "intake", ...json }));

/**
 * The 审校 regression corpus (tests/fixtures/checks/corpus.json): real public documents,
 * interpretations written for them the way departments write them, and planted errors.
 *
 * Each planted error is applied alone to a copy of its clean interpretation (`find` → `replace`),
 * the checks run against the document, and the finding of the planted rule must sit on the
 * changed text. Measured per rule:
 *   recall           planted errors found (a finding of the rule, not "info", on the changed text)
 *   wrong            findings on the changed text suggesting a value other than the true one
 *   unsuggested      found, but without a suggestion (the matcher was not sure enough)
 *   collateral       new errors elsewhere in the planted copy
 * and, per clean interpretation, the errors it gets (false alarms). Document-free rules are also
 * run without the document.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyzeDocument } from "~/domain/analysis";
import {
  type DocumentIndex,
  type Finding,
  type InterpretationText,
  packageDataInterpretation,
  prepareDocument,
  runChecks,
  textInterpretation,
} from "~/domain/checks";
import { fieldAt } from "~/domain/checks/interpretation-text";
import { parsePackageData } from "~/domain/package-data";

/** `rule`: the rule that must report it; "a|b" when either is right ("4个部分" after a list of three) */
export type Plant = { rule: string; find: string; replace: string; excerpt: string; expected?: string };
/** `set`: "tuning" (the matcher was tuned on it) or "holdout" (written afterwards, measured as is) */
export type CorpusCase = { id: string; set?: string; document: string; interpretation: string; referenceYear: number; plants: Plant[] };

export type PlantResult = {
  caseId: string;
  plant: Plant;
  withDocument: boolean;
  found: boolean;
  wrong: Finding[];
  suggested: boolean;
  collateral: Finding[];
  findings: Finding[];
};

export type RuleFigures = {
  rule: string;
  planted: number;
  found: number;
  recall: number;
  wrongSuggestions: number;
  unsuggested: number;
  collateral: number;
  /** errors of this rule on the clean interpretations */
  falseAlarms: number;
};

export type CorpusFigures = {
  cases: number;
  planted: number;
  found: number;
  recall: number;
  wrongSuggestions: number;
  collateral: number;
  /** error findings on the clean interpretations, all cases */
  cleanErrors: { caseId: string; finding: Finding }[];
  /** 要素 warnings on the clean interpretations (allowed: each names an element really missing) */
  cleanElementWarnings: { caseId: string; message: string }[];
  perRule: RuleFigures[];
  /** the document-free rules run without the document */
  withoutDocument: { planted: number; found: number; recall: number; wrongSuggestions: number };
  results: PlantResult[];
};

const ROOT = resolve(import.meta.dirname, "../..");
const DOCUMENT_FREE = new Set(["docnumber.format", "personal.id", "personal.mobile", "personal.email", "secrecy.marking", "word.confusable", "count.enumeration"]);

export function loadCorpus(): CorpusCase[] {
  const raw: { cases: CorpusCase[] } = JSON.parse(readFileSync(resolve(ROOT, "tests/fixtures/checks/corpus.json"), "utf8"));
  return raw.cases;
}

function interpretationOf(path: string, source: string): InterpretationText {
  if (!path.endsWith(".json")) return textInterpretation(source);
  const parsed = parsePackageData(JSON.parse(source));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`);
  return packageDataInterpretation(parsed.data);
}

const documents = new Map<string, DocumentIndex>();
function documentOf(path: string): DocumentIndex {
  let doc = documents.get(path);
  if (!doc) {
    doc = prepareDocument(analyzeDocument(readFileSync(resolve(ROOT, path), "utf8")));
    documents.set(path, doc);
  }
  return doc;
}

/** Where the planted text differs from the clean one, widened to the planted excerpt. */
function changedSpan(clean: string, planted: string, excerpt: string): { start: number; end: number } {
  let p = 0;
  while (p < clean.length && p < planted.length && clean[p] === planted[p]) p++;
  let s = 0;
  while (s < clean.length - p && s < planted.length - p && clean[clean.length - 1 - s] === planted[planted.length - 1 - s]) s++;
  let start = p;
  let end = Math.max(p + 1, planted.length - s);
  if (excerpt) {
    const at = planted.indexOf(excerpt, Math.max(0, p - excerpt.length));
    if (at >= 0 && at <= end) {
      start = Math.min(start, at);
      end = Math.max(end, at + excerpt.length);
    }
  }
  return { start, end };
}

const on = (f: Finding, span: { start: number; end: number }) => f.offset < span.end && span.start < f.offset + Math.max(1, f.excerpt.length);
const same = (a: Finding, b: Finding) => a.rule === b.rule && a.excerpt === b.excerpt && a.expected === b.expected && a.severity === b.severity;

function runPlant(c: CorpusCase, source: string, plant: Plant, withDocument: boolean): PlantResult {
  const doc = withDocument ? documentOf(c.document) : null;
  const clean = interpretationOf(c.interpretation, source);
  const planted = interpretationOf(c.interpretation, source.replace(plant.find, plant.replace));
  // the 要素 check on, as in the app: its warnings must never be errors on a clean interpretation
  const options = { document: doc, referenceYear: c.referenceYear, elements: {} };
  const before = runChecks(clean, options);
  const findings = runChecks(planted, options);
  const span = changedSpan(clean.text, planted.text, plant.excerpt);
  // 摘抄 findings name the field they measure; the others sit on the changed text
  const field = fieldAt(planted.segments, span.start);
  const rules = plant.rule.split("|");
  const mine = findings.filter((f) => rules.includes(f.rule) && f.severity !== "info" && (f.rule.startsWith("overlap.") ? f.field === field : on(f, span)));
  const wrong = findings.filter((f) => on(f, span) && f.expected !== null && f.expected !== (plant.expected ?? null));
  const collateral = findings.filter((f) => f.severity === "error" && !on(f, span) && !before.some((b) => same(b, f)));
  return {
    caseId: c.id,
    plant,
    withDocument,
    found: mine.length > 0,
    wrong,
    suggested: mine.some((f) => f.expected !== null),
    collateral,
    findings,
  };
}

export function evaluateCorpus(cases: CorpusCase[] = loadCorpus()): CorpusFigures {
  const results: PlantResult[] = [];
  const cleanErrors: CorpusFigures["cleanErrors"] = [];
  const cleanElementWarnings: CorpusFigures["cleanElementWarnings"] = [];
  for (const c of cases) {
    const source = readFileSync(resolve(ROOT, c.interpretation), "utf8");
    for (const f of runChecks(interpretationOf(c.interpretation, source), { document: documentOf(c.document), referenceYear: c.referenceYear, elements: {} })) {
      if (f.severity === "error") cleanErrors.push({ caseId: c.id, finding: f });
      if (f.rule === "elements.missing") cleanElementWarnings.push({ caseId: c.id, message: f.message });
    }
    for (const plant of c.plants) {
      results.push(runPlant(c, source, plant, true));
      if (plant.rule.split("|").every((r) => DOCUMENT_FREE.has(r))) results.push(runPlant(c, source, plant, false));
    }
  }
  const withDoc = results.filter((r) => r.withDocument);
  const rules = [...new Set(withDoc.map((r) => r.plant.rule))].sort();
  const perRule = rules.map((rule): RuleFigures => {
    const rs = withDoc.filter((r) => r.plant.rule === rule);
    const found = rs.filter((r) => r.found).length;
    return {
      rule,
      planted: rs.length,
      found,
      recall: rs.length ? found / rs.length : 1,
      wrongSuggestions: rs.reduce((n, r) => n + r.wrong.length, 0),
      unsuggested: rs.filter((r) => r.found && !r.suggested && r.plant.expected !== undefined).length,
      collateral: rs.reduce((n, r) => n + r.collateral.length, 0),
      falseAlarms: cleanErrors.filter((e) => e.finding.rule === rule).length,
    };
  });
  const without = results.filter((r) => !r.withDocument);
  const found = withDoc.filter((r) => r.found).length;
  return {
    cases: cases.length,
    planted: withDoc.length,
    found,
    recall: withDoc.length ? found / withDoc.length : 1,
    wrongSuggestions: withDoc.reduce((n, r) => n + r.wrong.length, 0),
    collateral: withDoc.reduce((n, r) => n + r.collateral.length, 0),
    cleanErrors,
    cleanElementWarnings,
    perRule,
    withoutDocument: {
      planted: without.length,
      found: without.filter((r) => r.found).length,
      recall: without.length ? without.filter((r) => r.found).length / without.length : 1,
      wrongSuggestions: without.reduce((n, r) => n + r.wrong.length, 0),
    },
    results,
  };
}

/** A table for people and one JSON line for tools. */
export function formatCorpusFigures(f: CorpusFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    "rule                  planted found recall  wrong unsugg collateral falseAlarms",
    ...f.perRule.map(
      (r) =>
        `${r.rule.padEnd(22)}${String(r.planted).padStart(7)}${String(r.found).padStart(6)} ${pct(r.recall).padStart(7)}${String(r.wrongSuggestions).padStart(6)}${String(r.unsuggested).padStart(7)}${String(r.collateral).padStart(11)}${String(r.falseAlarms).padStart(12)}`,
    ),
    `all: ${f.found}/${f.planted} planted errors found (recall ${pct(f.recall)}), ${f.wrongSuggestions} wrong suggestions, ${f.collateral} collateral errors, ${f.cleanErrors.length} errors on ${f.cases} clean interpretations`,
    `without the document: ${f.withoutDocument.found}/${f.withoutDocument.planted} (recall ${pct(f.withoutDocument.recall)}), ${f.withoutDocument.wrongSuggestions} wrong suggestions`,
  ];
  for (const r of f.results.filter((x) => !x.found || x.wrong.length || x.collateral.length)) {
    const why = !r.found ? "MISSED" : r.wrong.length ? "WRONG" : "COLLATERAL";
    const got = [...r.wrong, ...r.collateral].map((x) => `${x.rule} “${x.excerpt}” → ${x.expected}`);
    const near = r.findings.filter((x) => x.excerpt && r.plant.replace.includes(x.excerpt)).map((x) => `${x.rule}/${x.severity} “${x.excerpt}” → ${x.expected}`);
    lines.push(`  ${why}${r.withDocument ? "" : " (no document)"} ${r.caseId} ${r.plant.rule} “${r.plant.excerpt}” (want ${r.plant.expected ?? "—"}): ${[...got, ...near].join("; ")}`);
  }
  for (const e of f.cleanErrors) lines.push(`  CLEAN ERROR ${e.caseId} ${e.finding.rule} “${e.finding.excerpt}” → ${e.finding.expected}`);
  for (const e of f.cleanElementWarnings) lines.push(`  要素 ${e.caseId}: ${e.message}`);
  return lines.join("\n");
}

export function corpusJson(f: CorpusFigures): string {
  return JSON.stringify({
    corpus: "checks",
    cases: f.cases,
    planted: f.planted,
    found: f.found,
    recall: Number(f.recall.toFixed(3)),
    wrongSuggestions: f.wrongSuggestions,
    collateral: f.collateral,
    cleanErrors: f.cleanErrors.length,
    withoutDocument: { ...f.withoutDocument, recall: Number(f.withoutDocument.recall.toFixed(3)) },
    perRule: f.perRule.map((r) => ({ ...r, recall: Number(r.recall.toFixed(3)) })),
  });
}

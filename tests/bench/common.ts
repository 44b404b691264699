/** What several benchmarks share: the nearest-rank percentile and the long fixture document. */
import { readFileSync } from "node:fs";
import path from "node:path";

/** Nearest-rank percentile (p in 0–100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))];
}

/** The two fixture documents repeated and cut to exactly `chars` characters. */
export function fixtureDocument(chars: number): string {
  const fixtures = path.resolve(import.meta.dirname, "../../drizzle/seed/documents");
  const source = ["boshan-2020-zwgk-yaodian.txt", "xihaian-2020-zwgk-yaodian-kaohe.txt"]
    .map((f) => readFileSync(path.join(fixtures, f), "utf8"))
    .join("\n\n");
  let doc = "";
  while (doc.length < chars) doc += `${source}\n\n`;
  return doc.slice(0, chars);
}

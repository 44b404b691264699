/**
 * `jiedu check` through the real entry point (bin/jiedu.js) in a child process: the JSON shape
 * stays `{findings: [{rule, severity, message, excerpt, offset, expected, field}]}` and the
 * suggestion is the document's value for the same item (issue 11).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "jiedu-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jiedu(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "bin/jiedu.js"), ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("jiedu check --json", () => {
  it("reports the 城市 figure against the 城市 standard, in the documented shape", () => {
    const interpretation = path.join(dir, "dibao.txt");
    writeFileSync(interpretation, "城市低保标准为每人每月895元，农村低保标准为每人每月660元。本材料系内部资料 注意保密。\n");
    const r = jiedu(["check", "--interpretation", interpretation, "--document", "tests/fixtures/checks/documents/qinghe-2024-dibao-biaozhun.txt", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const { findings } = JSON.parse(r.stdout);
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(["excerpt", "expected", "field", "message", "offset", "rule", "severity"]);
    expect(findings.map((f: { rule: string; excerpt: string; expected: string | null }) => [f.rule, f.excerpt, f.expected])).toEqual([
      ["figure.mismatch", "895元", "885 元"],
      ["secrecy.marking", "内部资料 注意保密", null],
    ]);
  });

  it("without the document, the counts of the interpretation's own lists are still checked", () => {
    const interpretation = path.join(dir, "counts.txt");
    writeFileSync(interpretation, "《措施》共分为2个部分、4项具体措施。第一部分一是审批提速二是要素保障三是专项债券第二部分一是升规奖励二是专精特新。\n");
    const r = jiedu(["check", "--interpretation", interpretation, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const { findings } = JSON.parse(r.stdout);
    expect(findings).toMatchObject([{ rule: "count.enumeration", excerpt: "4项具体措施", expected: null, field: "text" }]);
  });
});

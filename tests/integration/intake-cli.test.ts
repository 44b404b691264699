/**
 * `jiedu analyze` through the real entry point (bin/jiedu.js) in a child process.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Analysis } from "~/domain/analysis";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixtures = path.resolve(repoRoot, "drizzle/seed/documents");

function jiedu(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "bin/jiedu.js"), ...args], {
    cwd: repoRoot,
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("jiedu analyze", () => {
  it("prints exactly one JSON object for a fixture and exits 0", () => {
    const r = jiedu(["analyze", path.join(fixtures, "xihaian-2020-zwgk-yaodian-kaohe.txt"), "--json"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const a: Analysis = JSON.parse(r.stdout);
    expect(a.meta.docNumber).toMatchObject({ raw: "青西新管办发〔2020〕84号", agency: "青西新管办发", year: 2020, serial: 84, wellFormed: true });
    expect(a.meta.attachments).toHaveLength(2);
    expect(a.parts).toHaveLength(3);
    expect(a.facts.find((f) => f.text === "294项")).toMatchObject({ kind: "quantity", value: 294, unit: "项" });
    expect(Object.keys(a.suggestions).sort()).toEqual(["charts", "keyFigures", "qa", "timeline"]);
  });

  it("reads stdin with '-' and prints a Chinese summary without --json", () => {
    const gbk = readFileSync(path.join(repoRoot, "tests/fixtures/intake/gbk-notice.txt"));
    const r = jiedu(["analyze", "-"], gbk);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("标题：某某县人民政府办公室关于印发某某县政务公开工作方案的通知");
    expect(r.stdout).toContain("文号：某政办发〔2021〕7号");
  });

  it("exits non-zero with one line on stderr for a bad file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "jiedu-cli-"));
    const bad = path.join(dir, "坏文件.pdf");
    writeFileSync(bad, "%PDF-1.7\n1 0 obj");
    const r = jiedu(["analyze", bad, "--json"]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^错误：PDF 文件.*不完整/);

    const missing = jiedu(["analyze", path.join(dir, "不存在.txt")]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("找不到文件");
  });
});

/**
 * `jiedu check --interpretation <file.txt|package.json> [--document <file>] [--elements] [--json]`
 * 审校 of an interpretation, optionally against its policy document; --elements adds the 要素 check
 * (all elements; 新旧差异 and 办事指引 only when the document calls for them). Prints
 * `{ "findings": [{ rule, severity, message, excerpt, offset, expected, field? }] }` with --json
 * (offset/excerpt locate each finding in the interpretation text; for a package.json that text is
 * the package's fields joined by blank lines, in the order of the file). Findings — even errors —
 * exit 0; only unreadable input exits non-zero.
 */
import { readFile } from "node:fs/promises";
import { analyzeDocument } from "~/domain/analysis/index";
import {
  type Finding,
  type InterpretationText,
  countBySeverity,
  packageDataInterpretation,
  prepareDocument,
  runChecks,
  textInterpretation,
} from "~/domain/checks";
import { IntakeError, extractText } from "~/domain/intake/extract-text.server";
import { parsePackageData } from "~/domain/package-data";
import { SEVERITY_LABELS } from "~/domain/vocabulary";

const USAGE = "用法 usage: jiedu check --interpretation <解读.txt|package.json> [--document <文件>] [--elements] [--json]";

function fail(message: string, code = 1): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, " ")}\n`);
  return code;
}

class Unreadable extends Error {}

async function readBytes(file: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    if (code === "ENOENT") throw new Unreadable(`错误：找不到${what}“${file}”，请检查路径。`);
    if (code === "EISDIR") throw new Unreadable(`错误：${what}“${file}”是文件夹，请指定一个文件。`);
    throw new Unreadable(`错误：无法读取${what}“${file}”（${code || "未知原因"}）。`);
  }
}

async function readText(file: string, what: string): Promise<string> {
  const bytes = await readBytes(file, what);
  try {
    return (await extractText(bytes, file)).text;
  } catch (error) {
    if (error instanceof IntakeError) throw new Unreadable(`错误：${what}无法读取：${error.message}`);
    throw error;
  }
}

async function readInterpretation(file: string): Promise<{ input: InterpretationText; year?: number }> {
  if (!file.toLowerCase().endsWith(".json")) return { input: textInterpretation(await readText(file, "解读文件")) };
  const raw = new TextDecoder("utf-8", { fatal: false }).decode(await readBytes(file, "解读文件"));
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Unreadable(`错误：“${file}”不是有效的 JSON（${error instanceof Error ? error.message : "解析失败"}），请检查括号和引号。`);
  }
  const parsed = parsePackageData(json);
  if (!parsed.ok) {
    const issues = parsed.issues.slice(0, 5).map((i) => `${i.path}：${i.message}`).join("；");
    throw new Unreadable(`错误：“${file}”不符合 package.json 格式：${issues}${parsed.issues.length > 5 ? "……" : ""}`);
  }
  const date = parsed.data.document.date;
  return { input: packageDataInterpretation(parsed.data), year: date ? Number(date.slice(0, 4)) : undefined };
}

function summary(findings: Finding[]): string {
  const c = countBySeverity(findings);
  const lines = findings.map(
    (f) => `[${SEVERITY_LABELS[f.severity]}] ${f.rule} @${f.offset}${f.field ? ` (${f.field})` : ""} “${f.excerpt}”：${f.message}`,
  );
  lines.push(`共 ${findings.length} 条：错误 ${c.error}，提示 ${c.warning}，参考 ${c.info}。`);
  return lines.join("\n");
}

export async function run(args: string[]): Promise<number> {
  let interpretation: string | null = null;
  let document: string | null = null;
  let json = false;
  let elements = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--elements") elements = true;
    else if (a === "--interpretation" || a === "-i") interpretation = args[++i] ?? null;
    else if (a === "--document" || a === "-d") document = args[++i] ?? null;
    else if (a === "-h" || a === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else return fail(`错误：无法识别的参数“${a}”。${USAGE}`, 2);
  }
  if (!interpretation) return fail(`错误：缺少 --interpretation <文件>。${USAGE}`, 2);
  try {
    const { input, year } = await readInterpretation(interpretation);
    let prepared = null;
    let referenceYear = year;
    if (document) {
      const analysis = analyzeDocument(await readText(document, "文件"));
      prepared = prepareDocument(analysis);
      if (analysis.meta.date) referenceYear = Number(analysis.meta.date.slice(0, 4));
    }
    const findings = runChecks(input, { document: prepared, referenceYear, ...(elements ? { elements: {} } : {}) });
    process.stdout.write(json ? `${JSON.stringify({ findings })}\n` : `${summary(findings)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof Unreadable) return fail(error.message);
    throw error;
  }
}

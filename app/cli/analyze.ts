/**
 * `jiedu analyze <file|-> [--json] [--max-size <MB>]`
 * Reads a .txt/.docx/.pdf (or stdin with "-"), analyses it and prints either one JSON object
 * (the Analysis) or a short Chinese summary. Bad input → exit 1 with one line on stderr.
 */
import { readFile } from "node:fs/promises";
import { describeClausePath } from "~/domain/analysis/clause-path";
import { analyzeDocument } from "~/domain/analysis/index";
import type { Analysis } from "~/domain/analysis/types";
import { IntakeError, extractText } from "~/domain/intake/extract-text.server";

const USAGE = "用法 usage: jiedu analyze <文件|-> [--json] [--max-size <MB>]";

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

function fail(message: string, code = 1): number {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, " ")}\n`);
  return code;
}

export async function run(args: string[]): Promise<number> {
  let file: string | null = null;
  let json = false;
  let maxBytes: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--max-size") {
      const mb = Number(args[++i]);
      if (!Number.isFinite(mb) || mb <= 0) return fail(`错误：--max-size 需要一个正数（单位 MB）。${USAGE}`, 2);
      maxBytes = Math.round(mb * 1024 * 1024);
    } else if (a === "-h" || a === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (file === null) file = a;
    else return fail(`错误：多余的参数“${a}”。${USAGE}`, 2);
  }
  if (file === null) return fail(`错误：缺少要分析的文件。${USAGE}`, 2);

  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? await readStdin() : new Uint8Array(await readFile(file));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    if (code === "ENOENT") return fail(`错误：找不到文件“${file}”，请检查路径。`);
    if (code === "EISDIR") return fail(`错误：“${file}”是文件夹，请指定一个文件。`);
    return fail(`错误：无法读取文件“${file}”（${code || "未知原因"}）。`);
  }

  let analysis: Analysis;
  try {
    const extracted = await extractText(bytes, file === "-" ? "" : file, { maxBytes });
    analysis = analyzeDocument(extracted.text);
  } catch (error) {
    if (error instanceof IntakeError) return fail(`错误：${error.message} (${error.code})`);
    throw error;
  }

  if (json) {
    process.stdout.write(`${JSON.stringify(analysis)}\n`);
    return 0;
  }
  process.stdout.write(`${summary(analysis)}\n`);
  return 0;
}

function summary(a: Analysis): string {
  const m = a.meta;
  const lines: string[] = [];
  lines.push(`标题：${m.title || "（未识别）"}`);
  if (m.docNumber) {
    const problems = m.docNumber.problems?.length ? `（格式问题：${m.docNumber.problems.join("；")}）` : "";
    lines.push(`文号：${m.docNumber.raw}${problems}`);
  }
  if (m.issuer) lines.push(`发文机关：${m.issuer}`);
  if (m.date) lines.push(`成文日期：${m.date}`);
  if (m.recipients.length) lines.push(`主送机关：${m.recipients.join("、")}`);
  if (m.publicity) lines.push(`公开属性：${m.publicity}`);
  if (m.attachments.length) lines.push(`所附文件：${m.attachments.map((t) => `《${t}》`).join("、")}`);
  for (const p of a.parts) {
    if (p.outline.length === 0) continue;
    lines.push(`结构《${p.title}》：${p.outline.map((n) => `${n.marker}${n.title}`).join(" ")}`);
  }
  const kinds: Record<string, string> = {
    quantity: "数量",
    percent: "比例",
    money: "金额",
    duration: "期限",
    deadline: "时限",
    date: "日期",
    frequency: "频次",
  };
  const counts = new Map<string, number>();
  for (const f of a.facts) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  lines.push(`数据 ${a.facts.length} 处：${[...counts].map(([k, n]) => `${kinds[k] ?? k}${n}`).join("，")}`);
  for (const k of a.suggestions.keyFigures) {
    lines.push(`  关键数字：${k.value}${k.unit} ${k.label}（${describeClausePath(a.facts[k.factIndex].path)}）`);
  }
  for (const t of a.suggestions.timeline) lines.push(`  时间节点：${t.date} ${t.label}`);
  lines.push(`建议：问答 ${a.suggestions.qa.length} 条，图表 ${a.suggestions.charts.length} 个（${a.suggestions.charts.map((c) => c.type).join("、") || "无"}）`);
  return lines.join("\n");
}

/**
 * The messages sent to the model for one task. What leaves the server is exactly this: the
 * document's metadata, its outline (clause paths and headings) and the clauses retrieved for the
 * task, never the whole text beyond the budget, never anything about users. The same messages
 * are hashed (SHA-256, in the feature layer) and the hash recorded with every suggestion.
 *
 *   system: the rules (only the document's facts, cite clause paths, explain instead of copying,
 *           answer with one JSON object)
 *   user:   【任务】<task id>, 【文件】metadata, 【提纲】every citable path with its heading,
 *           【相关条款原文】retrieved clauses, 【要求】the task's instructions, 【输出格式】the shape
 */
import { type ClauseUnit, clauseUnits, retrieveClauses } from "./clauses";
import { type DraftContext, TASKS } from "./tasks";
import type { DraftTaskId } from "./types";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export const SYSTEM_PROMPT = [
  "你是政府部门的政策解读起草助手，为起草单位写政策解读的初稿，初稿由工作人员逐条核对后采用。",
  "必须遵守：",
  "1. 只依据下面提供的文件提纲和条款原文写作。不得编造文件中没有的数字、日期、数量、文件名称、机构名称或承诺；需要写数字、日期时，照原文写。",
  "2. 每一段、每条问答、每个关键数字都要在 clauses（或 clause）中注明依据的条款路径。条款路径只能从【提纲】中选择，写成 JSON 数组，例如 [\"附件1\",\"二、\",\"（三）\"]。",
  "3. 用通俗、准确的语言解释政策，不要照抄或压缩原文。",
  "4. 不写个人信息，不写密级标识。",
  "5. 只输出一个 JSON 对象，不要输出其他文字，不要使用 Markdown 代码块。",
].join("\n");

const MAX_OUTLINE_LINES = 160;

function outlineLines(units: ClauseUnit[]): string[] {
  const lines = units
    .filter((u) => u.path.length > 0)
    .map((u) => `${JSON.stringify(u.path)} ${u.label}${u.level > 0 && u.title ? `：${u.title.slice(0, 40)}` : u.level === 0 && u.title ? `（${u.title.slice(0, 40)}）` : ""}`);
  return lines.length > MAX_OUTLINE_LINES ? [...lines.slice(0, MAX_OUTLINE_LINES), `……（另有 ${lines.length - MAX_OUTLINE_LINES} 个条款未列出）`] : lines;
}

export type BuiltPrompt = { messages: ChatMessage[]; clauses: string[][] };

/**
 * The messages for `task`; `budget` bounds the characters of retrieved clause text (the
 * outline and instructions come on top, bounded by their own caps).
 */
export function buildPrompt(task: DraftTaskId, ctx: DraftContext, budget: number): BuiltPrompt {
  const def = TASKS[task];
  const units = ctx.units ?? clauseUnits(ctx.analysis);
  const doc = ctx.document;
  const retrieved = retrieveClauses(ctx.analysis, task, budget, units);
  const meta = [
    `标题：${doc.title}`,
    doc.docNumber ? `文号：${doc.docNumber}` : "",
    doc.issuer ? `发文机关：${doc.issuer}` : "",
    doc.writtenDate ? `成文日期：${doc.writtenDate}` : "",
    ctx.analysis.meta.attachments.length ? `所附文件：${ctx.analysis.meta.attachments.map((t) => `《${t}》`).join("、")}` : "",
  ].filter(Boolean);
  const user = [
    `【任务】${task}`,
    `【文件】\n${meta.join("\n")}`,
    `【提纲】（条款路径 说明：标题）\n${outlineLines(units).join("\n")}`,
    `【相关条款原文】\n${retrieved.map((c) => `${JSON.stringify(c.path)} ${c.excerpt}`).join("\n")}`,
    `【要求】\n${def.instructions(ctx)}`,
    `【输出格式】只输出如下结构的 JSON：\n${def.shape}`,
  ].join("\n\n");
  return {
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: user },
    ],
    clauses: retrieved.map((c) => c.path),
  };
}

/** The task named in a prompt's first line — how the test server and logs tell requests apart. */
export function taskOfPrompt(userContent: string): string | null {
  return /【任务】(\S+)/.exec(userContent)?.[1] ?? null;
}

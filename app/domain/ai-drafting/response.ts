/**
 * Reading what the model answered: one JSON object, asked for in the prompt. Models wrap it in
 * Markdown fences, put a reasoning block (<think>…</think>, DeepSeek-R1 and Qwen3 do) before it or
 * a sentence after it; those are removed. Anything else is garbage and reported in Chinese, with
 * where the reading stopped — the officer sees "the model answered in the wrong format", never a
 * stack trace.
 */
import type { z } from "zod";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const THINK = /<think>[\s\S]*?<\/think>/gi;
const FENCE = /```(?:json|JSON)?\s*([\s\S]*?)```/;

/** The first balanced {...} of `text` (strings and escapes respected), or null. */
function firstObject(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

export function extractJsonObject(answer: string): Parsed<unknown> {
  let text = answer.replace(THINK, "");
  // an unterminated reasoning block: everything after <think> is thinking
  const open = text.search(/<think>/i);
  if (open >= 0) text = text.slice(0, open);
  const fenced = FENCE.exec(text);
  if (fenced) text = fenced[1];
  const candidate = firstObject(text);
  if (candidate === null) {
    const trimmed = text.trim();
    return {
      ok: false,
      message: trimmed
        ? `模型没有按约定返回 JSON（回答开头：“${trimmed.slice(0, 40)}”）。请重试；多次出现时请检查模型是否支持按要求输出 JSON。`
        : "模型返回了空的回答。请重试；多次出现时请检查模型服务的日志。",
    };
  }
  try {
    const value: unknown = JSON.parse(candidate);
    return { ok: true, value };
  } catch (error) {
    const where = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    return { ok: false, message: `模型返回的 JSON 格式有误${where ? `（第 ${where} 个字符附近）` : ""}，无法读取。请重试。` };
  }
}

/** The answer parsed and checked against the task's schema; the first problems named in Chinese. */
export function parseAnswer<S extends z.ZodTypeAny>(answer: string, schema: S): Parsed<z.infer<S>> {
  const json = extractJsonObject(answer);
  if (!json.ok) return json;
  const result = schema.safeParse(json.value);
  if (result.success) return { ok: true, value: result.data };
  const where = result.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? i.path.join(".") : "整体"))
    .join("、");
  return { ok: false, message: `模型返回的内容不符合约定的结构（${where}），无法使用。请重试。` };
}

/**
 * AI drafting's pure rules: configuration validated before start-up, what blocks accepting a
 * suggestion and what an edit clears, accepting never writes over the officer's text, clause
 * references as models write them, the per-user limit, and the prompt: only the document's
 * outline and clauses, within the budget.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";
import { acceptanceState, isModelText } from "~/domain/ai-drafting/acceptance";
import { acceptModes, applySuggestion } from "~/domain/ai-drafting/apply";
import { clauseUnits } from "~/domain/ai-drafting/clauses";
import { buildPrompt } from "~/domain/ai-drafting/prompt";
import { extractJsonObject } from "~/domain/ai-drafting/response";
import { withEdits } from "~/domain/ai-drafting/schema";
import { resolveClause, slotLabel } from "~/domain/ai-drafting/tasks";
import type { Suggestion } from "~/domain/ai-drafting/types";
import { verifyContext, verifySuggestion } from "~/domain/ai-drafting/verify";
import { analyzeDocument } from "~/domain/analysis";
import { prepareDocument } from "~/domain/checks";
import { emptyPackageContent } from "~/domain/package/content";
import { llmConfigFrom, llmEnvSchema } from "~/features/ai-drafting/config";
import { ModelRateLimiter, rateLimitMessage } from "~/features/ai-drafting/rate-limit.server";
import { qaSuggestion } from "../helpers/ai-script";

const boshan = analyzeDocument(readFileSync(join(import.meta.dirname, "../../drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt"), "utf8"));
const ctx = verifyContext(boshan, prepareDocument(boshan, boshan.text ?? ""), { warnShare: 0.5 });

const qa = (answer: string, clauses: string[][]) => qaSuggestion(answer, clauses, "要覆盖多少个试点领域？");

const CLAUSE_8 = ["附件1", "二、", "（三）", "8."];

describe("configuration", () => {
  const env = { DATABASE_URL: "/tmp/x.db", SESSION_SECRET: "0123456789abcdef0123" };
  it("is off without LLM_BASE_URL and on with a base URL and a model", () => {
    expect(parseConfig(env).llm).toBeNull();
    const on = parseConfig({ ...env, LLM_BASE_URL: "http://10.0.0.5:8000", LLM_MODEL: "qwen2.5-72b-instruct", LLM_API_KEY: "sk-1" }).llm;
    expect(on).toMatchObject({ endpoint: "http://10.0.0.5:8000/v1/chat/completions", model: "qwen2.5-72b-instruct", apiKey: "sk-1" });
  });
  it("refuses half or unsafe settings before start-up, naming the variable in Chinese", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ LLM_BASE_URL: "http://10.0.0.5:8000/v1" }, /LLM_MODEL: 设置了 LLM_BASE_URL 时必须设置模型名称/],
      [{ LLM_MODEL: "qwen" }, /LLM_MODEL: 设置了模型但没有设置 LLM_BASE_URL/],
      [{ LLM_BASE_URL: "ftp://x", LLM_MODEL: "m" }, /LLM_BASE_URL: 只支持 http/],
      [{ LLM_BASE_URL: "http://u:p@10.0.0.5/v1", LLM_MODEL: "m" }, /LLM_BASE_URL: 地址中不能包含用户名或密码/],
      [{ LLM_BASE_URL: "http://x/v1", LLM_MODEL: "m", LLM_IDLE_TIMEOUT_S: "1" }, /LLM_IDLE_TIMEOUT_S: 应在 5–900 秒之间/],
    ];
    for (const [extra, message] of cases) {
      expect(() => parseConfig({ ...env, ...extra })).toThrow(ConfigError);
      expect(() => parseConfig({ ...env, ...extra })).toThrow(message);
    }
  });
  it("takes an endpoint written with /chat/completions as the API root", () => {
    const parsed = llmEnvSchema.parse({ LLM_BASE_URL: "https://gw.example.gov.cn/v1/chat/completions/", LLM_MODEL: "m" });
    expect(llmConfigFrom(parsed)?.endpoint).toBe("https://gw.example.gov.cn/v1/chat/completions");
  });
});

describe("verification and acceptance", () => {
  it("blocks an invented figure until the officer changes it, and only that", () => {
    const model = qa("全区在2020年年底前完成38个试点领域的标准目录。", [CLAUSE_8]);
    const marks = verifySuggestion(model, ctx);
    const state = acceptanceState(model, model, marks);
    expect(state.ok).toBe(false);
    expect(state.blocking.map((m) => m.excerpt)).toEqual([expect.stringContaining("38")]);

    // changing other words does not clear it; writing the document's figure does
    const cosmetic = withEdits(model, [{ key: "answer", text: "全区要在2020年年底前完成38个试点领域的标准目录编制。" }]);
    expect(acceptanceState(model, cosmetic, verifySuggestion(cosmetic, ctx)).ok).toBe(false);
    const fixed = withEdits(model, [{ key: "answer", text: "全区在2020年年底前完成26个试点领域的标准目录。" }]);
    expect(acceptanceState(model, fixed, verifySuggestion(fixed, ctx))).toMatchObject({ ok: true });
  });

  it("a mark is the model's text only where it stands as written, not inside a longer number", () => {
    expect(isModelText("完成38个试点领域。", "38个")).toBe(true);
    expect(isModelText("完成138个试点领域。", "38个")).toBe(false);
    expect(isModelText("完成3.8个", "8个")).toBe(false);
    expect(isModelText("共38个，另有138个", "38个")).toBe(true);
  });

  it("a clause that does not exist blocks until it is removed; a real figure cited to the wrong clause blocks", () => {
    const model = qa("全区在2020年年底前完成26个试点领域的标准目录。", [["附件3", "九、"]]);
    const marks = verifySuggestion(model, ctx);
    expect(marks).toContainEqual(expect.objectContaining({ rule: "citation.unknown", blocking: true }));
    const recited = withEdits(model, [{ key: "answer", text: model.parts[1].text, clauses: [CLAUSE_8] }]);
    expect(acceptanceState(model, recited, verifySuggestion(recited, ctx)).ok).toBe(true);

    const misplaced = qa("全区在2020年年底前完成26个试点领域的标准目录。", [["附件1", "一、"]]);
    const m2 = verifySuggestion(misplaced, ctx);
    expect(m2).toContainEqual(expect.objectContaining({ rule: "citation.mismatch", blocking: true, excerpt: "26个" }));
  });

  it("a title the document never mentions is unverified; 摘抄 is flagged without blocking", () => {
    const titled = qa("依据《数字政府建设三年行动方案》开展。", [["附件1", "一、"]]);
    expect(verifySuggestion(titled, ctx)).toContainEqual(expect.objectContaining({ kind: "title", blocking: true, excerpt: "《数字政府建设三年行动方案》" }));
    const clause = clauseUnits(boshan).find((u) => u.path.join("/") === "附件1/一、");
    const copied = qa((clause?.text ?? "").slice(0, 200), [["附件1", "一、"]]);
    const copy = verifySuggestion(copied, ctx).find((m) => m.kind === "copy");
    expect(copy).toMatchObject({ blocking: false });
    expect(copy?.message).toContain("摘抄");
  });
});

describe("accepting never overwrites silently", () => {
  const section: Suggestion = {
    task: "sections.background",
    target: { kind: "section", key: "background" },
    title: "起草背景",
    parts: [{ key: "p0", label: "第 1 段", text: "模型写的背景。", multiline: true, maxLength: 3000, group: "p0", order: 0, field: "sections.background", prose: true, clauses: [] }],
  };
  it("fills an empty section; a written one offers only replace or append", () => {
    const empty = emptyPackageContent();
    expect(acceptModes(empty, section)).toEqual(["fill"]);
    const written = { ...empty, sections: { ...empty.sections, background: "<p>起草人写的。</p>" } };
    expect(acceptModes(written, section)).toEqual(["replace", "append"]);
    expect(applySuggestion(written, section, "fill")).toMatchObject({ ok: false });
    const appended = applySuggestion(written, section, "append");
    expect(appended.ok && appended.content.sections.background).toBe("<p>起草人写的。</p><p>模型写的背景。</p>");
    expect(appended.ok && appended.fields).toEqual(["sections.background"]);
  });
  it("adds a Q&A with the answer's clauses and names its field", () => {
    const content = emptyPackageContent();
    const r = applySuggestion(content, qa("答案。", [CLAUSE_8]), "fill");
    expect(r.ok && r.content.qa).toEqual([{ question: "要覆盖多少个试点领域？", answer: "答案。", clauseRefs: [CLAUSE_8] }]);
    expect(r.ok && r.fields).toEqual(["qa[0]"]);
  });
});

describe("what the model writes and what it is sent", () => {
  it("names a 图解 slot in words the officer knows", () => {
    expect(slotLabel("figures.0.label")).toBe("关键数字 1 · 说明");
    expect(slotLabel("title")).toBe("标题");
  });
  it("reads a clause written as a label, a JSON array or joined markers", () => {
    const units = clauseUnits(boshan);
    expect(resolveClause("附件1第二部分第（三）项第8条", units)).toEqual(CLAUSE_8);
    expect(resolveClause('["附件1","二、"]', units)).toEqual(["附件1", "二、"]);
    expect(resolveClause("附件1 / 二、 / （三）", units)).toEqual(["附件1", "二、", "（三）"]);
  });
  it("finds the JSON in an answer wrapped in a code fence or after reasoning, and says so in Chinese when there is none", () => {
    expect(extractJsonObject('<think>先看条款</think>\n```json\n{"items":[]}\n```')).toEqual({ ok: true, value: { items: [] } });
    const none = extractJsonObject("抱歉，我无法回答。");
    expect(none.ok).toBe(false);
    expect(none.ok ? "" : none.message).toMatch(/[\u4e00-\u9fff]/);
  });
  it("sends the outline and the task's clauses within the budget, with the task named", () => {
    const prompt = buildPrompt("qa", { analysis: boshan, content: emptyPackageContent(), document: { title: "博山通知", docNumber: "博政办字〔2020〕45号", issuer: null, writtenDate: "2020-09-03" } }, 3_000);
    const user = prompt.messages.find((m) => m.role === "user")?.content ?? "";
    expect(user).toContain("【任务】qa");
    expect(user).toContain('["附件1","二、","（三）","8."]');
    expect(prompt.clauses.map((c) => c.join("")).join("").length).toBeGreaterThan(0);
    expect(user.length).toBeLessThan(3_000 + 6_000);
  });
});

describe("the per-user limit", () => {
  it("allows LLM_USER_REQUESTS_PER_HOUR requests an hour and says when to try again; one run at a time", () => {
    const limiter = new ModelRateLimiter(() => 2);
    const t0 = 1_000_000;
    expect(limiter.take(7, t0).ok).toBe(true);
    expect(limiter.take(7, t0 + 1_000).ok).toBe(true);
    const refused = limiter.take(7, t0 + 60_000);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : rateLimitMessage(2, refused.retryInMs)).toContain("59 分钟后再试");
    expect(limiter.take(8, t0 + 60_000).ok).toBe(true);
    expect(limiter.take(7, t0 + 3_600_001).ok).toBe(true);
    expect(limiter.begin(7)).toBe(true);
    expect(limiter.begin(7)).toBe(false);
    limiter.end(7);
    expect(limiter.begin(7)).toBe(true);
  });
});

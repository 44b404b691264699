/**
 * A drafting run against a real OpenAI-compatible server on loopback, on the seeded 博山 notice
 * in a real SQLite file: what the model invents is marked before anyone sees it (a figure the
 * document does not have, a clause that does not exist, a real figure cited to the wrong clause),
 * garbage / a cut stream / a 500 / a timeout fail one task with a Chinese message, an unreachable
 * model stops the run, cancelling closes the upstream request, and the save that takes a
 * suggestion over is refused while the invented figure is still the model's, accepted after the
 * officer's edit, and recorded (fields, model, prompt hash, audit, dashboard).
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientSuggestion, DraftEvent, DraftTaskId } from "~/domain/ai-drafting/types";
import type { LlmConfig } from "~/features/ai-drafting/config";
import { draftingScope } from "~/features/ai-drafting/context.server";
import { runDraft } from "~/features/ai-drafting/drafting.server";
import { handleAiAction } from "~/features/ai-drafting/routes.server";
import { ModelRateLimiter } from "~/features/ai-drafting/rate-limit.server";
import { acceptedFields } from "~/features/ai-drafting/store.server";
import { createUserSession } from "~/models/auth.server";
import { loadPackageContent } from "~/features/package/content.server";
import { action as editorAction } from "~/routes/app.documents.$id_.package";
import { type TestDb, createSeededTestDb, userNamed } from "../helpers/db";
import { type ScriptedModelServer, type ScriptedReply, byTask, scriptedLlmConfig, startScriptedModelServer, streamed } from "../helpers/openai-server";
import { freePort } from "../helpers/server";
import { BOSHAN_ANSWERS } from "../helpers/ai-script";

let t: TestDb;
let model: ScriptedModelServer;
let boshan: number;
let pkg: number;

beforeAll(async () => {
  t = await createSeededTestDb();
  model = await startScriptedModelServer();
  boshan = Number(t.db.$client.prepare("select id from documents where index_no = 'zfb/2020-00045'").pluck().get());
  pkg = Number(t.db.$client.prepare("select id from packages where document_id = ?").pluck().get(boshan));
});
afterAll(async () => {
  await model.stop();
  t.cleanup();
});

function config(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return scriptedLlmConfig(model.baseUrl, { connectTimeoutMs: 1_500, idleTimeoutMs: 1_500, maxRetries: 1, ...overrides });
}

async function draft(tasks: DraftTaskId[], llm = config(), signal = new AbortController().signal): Promise<DraftEvent[]> {
  const events: DraftEvent[] = [];
  const user = userNamed(t, "drafter");
  const scope = await draftingScope(t.db, user, boshan);
  await runDraft(t.db, { llm, limiter: new ModelRateLimiter(() => llm.userRequestsPerHour), user, scope, tasks, signal, emit: (e) => events.push(e) });
  return events;
}

const suggestionsOf = (events: DraftEvent[]): ClientSuggestion[] => events.flatMap((e) => (e.type === "suggestions" ? e.items : []));
const errorsOf = (events: DraftEvent[]) => events.flatMap((e) => (e.type === "task-error" ? [e] : []));

/** 26 个试点领域 stands in 附件1 二、（三）8.; the scripted Q&A says "38个" and cites 附件3, which does not exist. */
const QA_ANSWER = BOSHAN_ANSWERS.qa;
const FIGURES_ANSWER = { items: [{ value: "26", unit: "个", label: "试点领域", clause: ["附件1", "一、"] }] };

describe("a drafting run through the scripted model", () => {
  it("marks the invented figure and the citations that do not hold, before the officer sees them", async () => {
    model.requests.length = 0;
    model.setScript(byTask({ qa: streamed(QA_ANSWER, { chunk: 8, delayMs: 15 }), keyFigures: streamed(FIGURES_ANSWER) }));
    const events = await draft(["qa", "keyFigures"]);
    expect(events[0]).toMatchObject({ type: "run", model: "qwen2.5-72b-instruct" });
    expect(events.some((e) => e.type === "progress" && e.task === "qa" && e.chars > 0)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "done", suggestions: 4, failed: 0, cancelled: false });
    const items = suggestionsOf(events);

    const invented = items.find((s) => s.suggestion.parts.some((p) => p.text.includes("38个")));
    const figure = invented?.marks.find((m) => m.kind === "figure" && m.blocking);
    expect(figure?.excerpt).toContain("38");
    expect(figure?.part).toBe("answer");
    expect(invented?.acceptable).toBe(false);
    expect(invented?.blockedBecause).toContain("38");
    // the true date beside it is not marked
    expect(invented?.marks.some((m) => m.excerpt.includes("2020年年底前") && m.blocking)).toBe(false);

    const wrongClause = items.find((s) => s.suggestion.title.includes("依据什么"));
    expect(wrongClause?.marks).toContainEqual(expect.objectContaining({ rule: "citation.unknown", blocking: true, clause: ["附件3", "九、"] }));
    expect(wrongClause?.acceptable).toBe(false);

    const misplaced = items.find((s) => s.suggestion.task === "keyFigures");
    expect(misplaced?.marks).toContainEqual(expect.objectContaining({ rule: "citation.mismatch", blocking: true, expected: expect.stringContaining("（三）") }));

    // what was sent: the document's outline and clauses, hashed exactly as recorded
    const sent = model.requests.find((r) => r.task === "qa");
    expect(sent?.headers.authorization).toBe("Bearer sk-test");
    expect(sent?.body.stream).toBe(true);
    const sha = createHash("sha256").update(JSON.stringify({ model: sent?.body.model, messages: sent?.body.messages })).digest("hex");
    expect(invented?.provenance.promptSha256).toBe(sha);
    const audit = t.db.$client.prepare("select details from audit_log where action = 'ai.draft_requested' order by id desc limit 1").pluck().get();
    expect(JSON.parse(String(audit))).toMatchObject({ model: "qwen2.5-72b-instruct", tasks: expect.arrayContaining([expect.objectContaining({ task: "qa", promptSha256: sha, ok: true })]) });
  });

  it("a garbage answer, a stream cut halfway and a 500 each fail their task with a Chinese message; the others still come", async () => {
    const replies: Record<string, ScriptedReply> = {
      qa: { kind: "garbage" },
      "sections.background": { kind: "cut", text: JSON.stringify({ paragraphs: [{ text: "为落实省市部署，全面推进政务公开。", clauses: [["附件1", "一、"]] }] }), after: 30 },
      "sections.purpose": { kind: "status", status: 500 },
      "sections.basis": streamed("好的，以下是制定依据：依据省市部署。"),
      keyFigures: streamed(FIGURES_ANSWER),
    };
    model.setScript(byTask(replies));
    const events = await draft(["sections.background", "sections.basis", "sections.purpose", "qa", "keyFigures"]);
    const errors = errorsOf(events);
    expect(errors.map((e) => e.task).sort()).toEqual(["qa", "sections.background", "sections.basis", "sections.purpose"].sort());
    expect(errors.find((e) => e.task === "qa")?.message).toContain("无法识别");
    expect(errors.find((e) => e.task === "sections.background")?.message).toContain("中途断开");
    expect(errors.find((e) => e.task === "sections.purpose")?.message).toContain("HTTP 500");
    expect(errors.find((e) => e.task === "sections.basis")?.message).toMatch(/JSON|结构|格式/);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(suggestionsOf(events).map((s) => s.suggestion.task)).toEqual(["keyFigures"]);
    expect(events.some((e) => e.type === "error")).toBe(false);
  });

  it("a model that never answers times out; an unreachable one stops the run with one message", async () => {
    model.setScript(() => ({ kind: "hang" }));
    const timedOut = await draft(["qa"], config({ maxRetries: 0, connectTimeoutMs: 400 }));
    expect(errorsOf(timedOut)[0]?.message).toContain("秒内没有响应");

    const closed = await freePort();
    const down = config({ baseUrl: `http://127.0.0.1:${closed}/v1`, endpoint: `http://127.0.0.1:${closed}/v1/chat/completions`, maxRetries: 0 });
    const events = await draft(["plan", "qa", "keyFigures"], down);
    const fatal = events.find((e) => e.type === "error");
    expect(fatal && fatal.type === "error" ? fatal.message : "").toMatch(/无法连接|连接不上|连不上/);
    // stopped after the first task: no request storm against a dead endpoint
    expect(events.filter((e) => e.type === "task-error").length).toBeLessThanOrEqual(1);
  });

  it("stops at the user's hourly allowance with a message saying when to try again", async () => {
    model.setScript(byTask({ plan: streamed(BOSHAN_ANSWERS.plan), qa: streamed(QA_ANSWER) }));
    const events = await draft(["plan", "qa"], config({ userRequestsPerHour: 1 }));
    expect(suggestionsOf(events).map((s) => s.suggestion.task)).toEqual(["plan"]);
    const fatal = events.find((e) => e.type === "error");
    expect(fatal && fatal.type === "error" ? fatal.message : "").toMatch(/一小时内请求模型的次数已达上限（1 次），请于 \d+ 分钟后再试/);
  });

  it("cancelling mid-stream closes the request to the model and ends the run as cancelled", async () => {
    model.requests.length = 0;
    model.setScript(() => streamed(QA_ANSWER, { chunk: 2, delayMs: 40 }));
    const controller = new AbortController();
    const run = draft(["qa", "keyFigures"], config(), controller.signal);
    await model.waitForRequests(1);
    setTimeout(() => controller.abort(), 150);
    const abandoned = await model.waitForAbandoned(5_000);
    expect(abandoned.task).toBe("qa");
    const events = await run;
    expect(events.at(-1)).toMatchObject({ type: "done", cancelled: true });
    expect(model.requests.map((r) => r.task)).toEqual(["qa"]);
  });
});

describe("taking a suggestion over with a save", () => {
  async function cookie(): Promise<string> {
    const res = await createUserSession(userNamed(t, "drafter").id, "/app");
    return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
  }
  const version = () => Number(t.db.$client.prepare("select version from packages where id = ?").pluck().get(pkg));

  async function save(content: unknown, claims: unknown) {
    const body = new URLSearchParams({ intent: "save", packageId: String(pkg), version: String(version()), content: JSON.stringify(content), aiAccepted: JSON.stringify(claims) });
    const request = new Request(`http://x/app/documents/${boshan}/package`, { method: "POST", body, headers: { Cookie: await cookie() } });
    const args: ActionFunctionArgs = { request, params: { id: String(boshan) }, context: {} };
    return editorAction(args);
  }

  it("refuses the model's invented figure as it is, records the officer's corrected text with the model and prompt hash", async () => {
    model.setScript(byTask({ qa: streamed(QA_ANSWER) }));
    const items = suggestionsOf(await draft(["qa"]));
    const invented = items.find((s) => s.suggestion.parts.some((p) => p.text.includes("38个")));
    if (!invented) throw new Error("no suggestion with the invented figure");
    const question = invented.suggestion.parts.find((p) => p.key === "question")?.text ?? "";
    const modelAnswer = invented.suggestion.parts.find((p) => p.key === "answer")?.text ?? "";
    const base = loadPackageContent(t.db, pkg);
    if (!base) throw new Error("package missing");
    const withQa = (answer: string) => ({ ...base, qa: [...base.qa, { question, answer, clauseRefs: [["附件1", "二、", "（三）", "8."]] }] });
    const field = `qa[${base.qa.length}]`;

    // as the model wrote it: the save is refused and nothing is written
    const before = version();
    const refused = await save(withQa(modelAnswer), [{ suggestionId: invented.id, fields: [field], edits: [] }]);
    expect(refused).toMatchObject({ status: "invalid", aiRefused: expect.stringContaining("38") });
    expect(version()).toBe(before);

    // a browser that claims the edit without making it is refused too
    const sneaky = await save(withQa(modelAnswer.replace("38", "26")), [{ suggestionId: invented.id, fields: [field], edits: [] }]);
    expect(sneaky).toMatchObject({ status: "invalid" });

    // the officer corrects the figure: accepted, recorded as edited model text
    const corrected = modelAnswer.replace("38个", "26个");
    const saved = await save(withQa(corrected), [
      { suggestionId: invented.id, fields: [field], edits: [{ key: "question", text: question }, { key: "answer", text: corrected, clauses: [["附件1", "二、", "（三）", "8."]] }] },
    ]);
    expect(saved).toMatchObject({ status: "saved" });
    const fields = await acceptedFields(t.db, pkg);
    expect(fields).toContainEqual(expect.objectContaining({ field, edited: true, model: "qwen2.5-72b-instruct", promptSha256: invented.provenance.promptSha256, task: "qa" }));
    const revision = t.db.$client.prepare("select summary from revisions where package_id = ? order by version desc limit 1").pluck().get(pkg);
    expect(String(revision)).toContain("采纳模型起草的内容");
    const audit = t.db.$client.prepare("select details from audit_log where action = 'package.ai_accepted' order by id desc limit 1").pluck().get();
    expect(JSON.parse(String(audit))).toMatchObject({ accepted: [expect.objectContaining({ suggestionId: invented.id, model: "qwen2.5-72b-instruct", edited: true })] });
    const status = t.db.$client.prepare("select status from ai_suggestions where id = ?").pluck().get(invented.id);
    expect(status).toBe("accepted");
  });
  it("a suggestion a later run superseded, accepted from the still-open card, is verified and recorded all the same", async () => {
    // a question the package does not have yet (the earlier test took the scripted one over)
    const fresh = { items: [{ question: "标准目录要覆盖几个试点领域？", answer: "年底前完成38个试点领域的标准目录。", clauses: [["附件1", "二、", "（三）", "8."]] }] };
    model.setScript(byTask({ qa: streamed(fresh) }));
    const first = suggestionsOf(await draft(["qa"])).find((s) => s.suggestion.parts.some((p) => p.text.includes("38个")));
    await draft(["qa"]); // supersedes the first run's undecided suggestions
    if (!first) throw new Error("no suggestion");
    expect(t.db.$client.prepare("select status from ai_suggestions where id = ?").pluck().get(first.id)).toBe("discarded");
    const base = loadPackageContent(t.db, pkg);
    if (!base) throw new Error("package missing");
    const question = first.suggestion.parts.find((p) => p.key === "question")?.text ?? "";
    const answer = first.suggestion.parts.find((p) => p.key === "answer")?.text ?? "";
    const field = `qa[${base.qa.length}]`;
    const content = { ...base, qa: [...base.qa, { question, answer, clauseRefs: [["附件1", "二、", "（三）", "8."]] }] };
    // still the model's invented figure: refused, as for any suggestion
    expect(await save(content, [{ suggestionId: first.id, fields: [field], edits: [] }])).toMatchObject({ status: "invalid" });
    const fixed = answer.replace("38个", "26个");
    const ok = await save(
      { ...content, qa: [...base.qa, { question, answer: fixed, clauseRefs: [["附件1", "二、", "（三）", "8."]] }] },
      [{ suggestionId: first.id, fields: [field], edits: [{ key: "answer", text: fixed }] }],
    );
    expect(ok).toMatchObject({ status: "saved" });
    expect((await acceptedFields(t.db, pkg)).some((f) => f.field === field && f.edited)).toBe(true);
  });
});

describe("the drafting route without a configured model", () => {
  it("answers 404 to every intent, so nothing can reach a model that is not configured", async () => {
    for (const intent of ["draft", "verify", "discard"]) {
      const request = new Request(`http://x/app/documents/${boshan}/package/ai`, { method: "POST", body: new URLSearchParams({ intent }) });
      const outcome = await handleAiAction(request, userNamed(t, "drafter"), boshan).then(
        (r) => r.status,
        (e: unknown) => (e instanceof Response ? e.status : -1),
      );
      expect(outcome, intent).toBe(404);
    }
  });
});

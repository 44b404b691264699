/**
 * The document length limit and the bounded review screen (issue 12 "bounded input"), through
 * 新建文件's route action on a real SQLite file: text over MAX_SOURCE_CHARS is refused with a
 * Chinese message and handed back untouched; exactly the limit is accepted even when the browser
 * sends its line breaks as CRLF; the review payload marks at most REVIEW_LIMITS.highlights
 * figures, offers bounded suggestions and no copy of the text per heading; the stored document keeps the
 * bounded suggestions too.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents } from "~/db/schema";
import { MAX_SOURCE_CHARS } from "~/domain/forms/intake";
import { REVIEW_LIMITS } from "~/domain/intake/review";
import { createUserSession } from "~/models/auth.server";
import { stopIntakeWorker } from "~/features/intake/intake-worker.server";
import { action } from "~/routes/app.documents.new";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let cookie = "";
beforeAll(async () => {
  t = await createSeededTestDb();
  const id = t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get();
  if (typeof id !== "number") throw new Error("no drafter");
  cookie = ((await createUserSession(id, "/app")).headers.get("Set-Cookie") ?? "").split(";")[0];
});
afterAll(() => {
  stopIntakeWorker();
  t?.cleanup();
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

async function run(form: FormData): Promise<{ status: number; body: Record<string, unknown> }> {
  const result: unknown = await action({ request: new Request("http://x/app/documents/new", { method: "POST", body: form, headers: { Cookie: cookie } }), params: {}, context: {} });
  if (isRecord(result) && result.type === "DataWithResponseInit" && isRecord(result.data)) {
    const init = isRecord(result.init) ? result.init : {};
    return { status: typeof init.status === "number" ? init.status : 200, body: result.data };
  }
  if (isRecord(result)) return { status: 200, body: result };
  throw new Error("unexpected action result");
}

const paste = (text: string) => {
  const form = new FormData();
  form.set("intent", "analyze");
  form.set("pastedText", text);
  return form;
};

/** A notice of exactly `chars` characters, a figure every few characters, lines of 40. */
function figureDense(chars: number): string {
  let out = "各部门：\n";
  for (let i = 1; out.length < chars; i++) out += `${i % 20 === 0 ? "\n" : ""}第${i}项任务安排资金${(i * 37) % 1000}万元；`;
  return out.slice(0, chars);
}

describe("the document length limit", () => {
  it("text over the limit is refused with the limit in Chinese, and the pasted text comes back", async () => {
    const text = "各部门：现将有关事项通知如下。\n".repeat(Math.ceil((MAX_SOURCE_CHARS + 10) / 16)).slice(0, MAX_SOURCE_CHARS + 1);
    const r = await run(paste(text));
    expect(r.status).toBe(400);
    const result = r.body.result;
    expect(JSON.stringify(isRecord(result) ? result.error : null)).toContain("文字超过 20 万字（200,000 个字符），请拆分成几个文件分别新建。");
    // conform hands back what was typed, so the textarea keeps it
    const back = isRecord(result) && isRecord(result.initialValue) ? result.initialValue.pastedText : null;
    expect(typeof back === "string" ? back.replace(/\r\n/g, "\n") : null).toBe(text);
  });

  it("exactly the limit is accepted although a browser sends each line break as CRLF", async () => {
    const text = figureDense(MAX_SOURCE_CHARS);
    expect(text.length).toBe(MAX_SOURCE_CHARS);
    const r = await run(paste(text.replace(/\n/g, "\r\n")));
    expect(r.status).toBe(200);
    expect(r.body.step).toBe("review");
  }, 60_000);
});

describe("the review screen at the limit", () => {
  it("marks at most the first figures, bounds the suggestions, repeats no text per heading; the document keeps bounded suggestions", async () => {
    const text = figureDense(MAX_SOURCE_CHARS);
    const r = await run(paste(text));
    expect(r.status).toBe(200);
    const review = r.body.review;
    if (!isRecord(review) || !isRecord(review.analysis)) throw new Error("no review");
    const analysis = review.analysis;
    expect(review.factCount).toBeGreaterThan(REVIEW_LIMITS.highlights);
    expect(Array.isArray(analysis.facts) && analysis.facts.length).toBe(REVIEW_LIMITS.highlights);
    expect(review.sourceText).toBe(text);
    // outline nodes without their bodies: the text is not repeated per heading level
    expect(JSON.stringify(analysis.parts)).not.toContain("安排资金");
    const suggestions = isRecord(analysis.suggestions) ? analysis.suggestions : {};
    for (const [key, max] of [["qa", REVIEW_LIMITS.qa], ["charts", REVIEW_LIMITS.charts], ["keyFigures", REVIEW_LIMITS.keyFigures], ["timeline", REVIEW_LIMITS.timeline]] as const) {
      const list = suggestions[key];
      expect(Array.isArray(list) && list.length <= max, key).toBe(true);
    }
    // the source text, the normalised text and bounded lists: no copy per heading, no 20,000 figures
    expect(JSON.stringify(review).length).toBeLessThan(4 * MAX_SOURCE_CHARS);

    const save = new FormData();
    save.set("intent", "save");
    save.set("sourceText", text);
    save.set("sourceFormat", "paste");
    save.set("title", "关于长文件的通知");
    save.set("publicity", "主动公开");
    const saved: unknown = await action({ request: new Request("http://x/app/documents/new", { method: "POST", body: save, headers: { Cookie: cookie } }), params: {}, context: {} });
    if (!(saved instanceof Response)) throw new Error("save did not redirect");
    const id = Number((saved.headers.get("Location") ?? "").split("/").pop());
    const structure = t.db.select({ structure: documents.structure }).from(documents).where(eq(documents.id, id)).get()?.structure;
    const stored = isRecord(structure) && isRecord(structure.suggestions) ? structure.suggestions : {};
    expect(Array.isArray(stored.charts) && stored.charts.length <= REVIEW_LIMITS.charts).toBe(true);
  }, 60_000);
});

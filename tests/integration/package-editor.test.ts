import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyPackageContent, type PackageContent } from "~/domain/package/content";
import { createUserSession } from "~/models/auth.server";
import { loadPackageContent } from "~/features/package/content.server";
import { listRevisions, restoreRevision, savePackage } from "~/features/package/package.server";
import { action as graphicAction } from "~/routes/app.documents.$id_.package_.graphic";
import { action as historyAction } from "~/routes/app.documents.$id_.package_.history";
import { action as editorAction, loader as editorLoader } from "~/routes/app.documents.$id_.package";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let docA: number;
let docB: number;
let pkgA: number;
let pkgB: number;

beforeAll(async () => {
  t = await createSeededTestDb();
  // A: the 博山 draft (editable); B: the published 西海岸 demo (another package, with Q&A rows).
  const rows = t.db.$client.prepare("select d.id as doc, p.id as pkg, d.status from documents d join packages p on p.document_id = d.id order by d.id").all() as { doc: number; pkg: number; status: string }[];
  const a = rows.find((r) => r.status === "drafting");
  const b = rows.find((r) => r.status !== "drafting");
  if (!a || !b) throw new Error("seed changed: expected one draft and one published document");
  [docA, pkgA, docB, pkgB] = [a.doc, a.pkg, b.doc, b.pkg];
});
afterAll(() => t.cleanup());

function userId(username: string): number {
  return t.db.$client.prepare("select id from users where username = ?").pluck().get(username) as number;
}

async function cookieFor(username: string): Promise<string> {
  const res = await createUserSession(userId(username), "/app");
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

function version(pkg: number): number {
  return t.db.$client.prepare("select version from packages where id = ?").pluck().get(pkg) as number;
}

function revisionCount(pkg: number): number {
  return t.db.$client.prepare("select count(*) from revisions where package_id = ?").pluck().get(pkg) as number;
}

function contentWith(patch: Partial<PackageContent>): PackageContent {
  return { ...emptyPackageContent(), ...patch };
}

function post(username: string, doc: number, fields: Record<string, string>) {
  return postTo(editorAction, username, doc, fields, "package");
}

async function postTo<R>(route: (args: ActionFunctionArgs) => Promise<R>, username: string, doc: number, fields: Record<string, string>, path: string) {
  const body = new URLSearchParams(fields);
  const request = new Request(`http://x/app/documents/${doc}/${path}`, { method: "POST", body, headers: { Cookie: await cookieFor(username) } });
  try {
    return { result: await route({ request, params: { id: String(doc) }, context: {} }), status: 200 };
  } catch (e) {
    if (e instanceof Response) return { result: null, status: e.status, text: await e.text() };
    throw e;
  }
}

function saveFields(pkg: number, v: number, content: PackageContent): Record<string, string> {
  return { intent: "save", packageId: String(pkg), version: String(v), content: JSON.stringify(content) };
}

describe("saving through the editor action", () => {
  it("writes a revision per save with who and what changed, and a no-op save writes none", async () => {
    const before = revisionCount(pkgA);
    const v = version(pkgA);
    const content = contentWith({ sections: { background: "<p>为什么要出台这份文件</p>" }, qa: [{ question: "考核怎么打分？", answer: "日常考核占30分。", clauseRefs: [["附件2", "三、"]] }] });
    const { result } = await post("drafter", docA, saveFields(pkgA, v, content));
    expect(result).toMatchObject({ status: "saved", version: v + 1 });
    expect(version(pkgA)).toBe(v + 1);
    expect(revisionCount(pkgA)).toBe(before + 1);
    const [latest] = listRevisions(pkgA);
    expect(latest).toMatchObject({ version: v + 1, authorName: expect.any(String) });
    expect(latest.summary).toContain("新增 文字解读·起草背景");
    expect(latest.summary).toContain("新增 问答 1");
    expect(loadPackageContent(t.db, pkgA)?.qa[0]).toMatchObject({ question: "考核怎么打分？", clauseRefs: [["附件2", "三、"]] });

    const again = await post("drafter", docA, saveFields(pkgA, v + 1, content));
    expect(again.result).toMatchObject({ status: "saved", version: v + 1 });
    expect(revisionCount(pkgA)).toBe(before + 1);
  });

  it("a concurrent save with a stale version is refused and loses nothing", async () => {
    const v = version(pkgA);
    const first = contentWith({ sections: { purpose: "<p>甲写的目的</p>" } });
    const second = contentWith({ sections: { purpose: "<p>乙写的目的</p>" } });
    expect((await post("drafter", docA, saveFields(pkgA, v, first))).result).toMatchObject({ status: "saved" });
    const revisionsBefore = revisionCount(pkgA);
    const { result } = await post("drafter", docA, saveFields(pkgA, v, second));
    expect(result).toMatchObject({ status: "conflict", currentVersion: v + 1 });
    // the first save is intact, the refused one wrote nothing
    expect(loadPackageContent(t.db, pkgA)?.sections.purpose).toBe("<p>甲写的目的</p>");
    expect(revisionCount(pkgA)).toBe(revisionsBefore);
    // the refused content is still in hand: saving it against the current version works
    expect((await post("drafter", docA, saveFields(pkgA, v + 1, second))).result).toMatchObject({ status: "saved", version: v + 2 });
    expect(loadPackageContent(t.db, pkgA)?.sections.purpose).toBe("<p>乙写的目的</p>");
  });

  it("another department's drafter cannot save: 404 and nothing written", async () => {
    const v = version(pkgA);
    const revs = revisionCount(pkgA);
    const before = JSON.stringify(loadPackageContent(t.db, pkgA));
    const { status } = await post("drafter2", docA, saveFields(pkgA, v, contentWith({ sections: { background: "<p>入侵</p>" } })));
    expect([403, 404]).toContain(status);
    expect(version(pkgA)).toBe(v);
    expect(revisionCount(pkgA)).toBe(revs);
    expect(JSON.stringify(loadPackageContent(t.db, pkgA))).toBe(before);
  });

  it("a published package is read-only even for its own drafter", async () => {
    const v = version(pkgB);
    const { status, text } = await post("drafter", docB, saveFields(pkgB, v, contentWith({})));
    expect(status).toBe(403);
    expect(text).toContain("只读");
    expect(version(pkgB)).toBe(v);
  });

  it("a reviewer can open the editor read-only but cannot save", async () => {
    const request = new Request(`http://x/app/documents/${docA}/package`, { headers: { Cookie: await cookieFor("reviewer") } });
    const data = await editorLoader({ request, params: { id: String(docA) }, context: {} });
    expect(data.access.canEdit).toBe(false);
    const { status, text } = await post("reviewer", docA, saveFields(pkgA, version(pkgA), contentWith({})));
    expect(status).toBe(403);
    expect(text).toContain("只有起草人");
  });

  it("a hand-crafted POST naming another package's id is refused and neither package changes", async () => {
    const a = JSON.stringify(loadPackageContent(t.db, pkgA));
    const b = JSON.stringify(loadPackageContent(t.db, pkgB));
    const { status, text } = await post("drafter", docA, saveFields(pkgB, version(pkgB), contentWith({ sections: { background: "<p>串改</p>" } })));
    expect(status).toBe(400);
    expect(text).toContain("与当前文件不符");
    expect(JSON.stringify(loadPackageContent(t.db, pkgA))).toBe(a);
    expect(JSON.stringify(loadPackageContent(t.db, pkgB))).toBe(b);
  });

  it("child ids of another package inside the content touch only this package", async () => {
    const bBefore = loadPackageContent(t.db, pkgB)?.qa ?? [];
    expect(bBefore.length).toBeGreaterThan(0);
    const foreignId = bBefore[0].id;
    const hijack = contentWith({ qa: [{ id: foreignId, question: "改写别人的问答", answer: "不应影响乙", clauseRefs: [] }] });
    expect((await post("drafter", docA, saveFields(pkgA, version(pkgA), hijack))).result).toMatchObject({ status: "saved" });
    expect(loadPackageContent(t.db, pkgB)?.qa).toEqual(bBefore);
    expect(loadPackageContent(t.db, pkgA)?.qa[0].question).toBe("改写别人的问答");
  });

  it("bad input: empty question, 10,000-character answer, non-numeric chart cell — Chinese errors, nothing written", async () => {
    const v = version(pkgA);
    const before = JSON.stringify(loadPackageContent(t.db, pkgA));
    const bad = contentWith({
      qa: [
        { question: "", answer: "回答", clauseRefs: [] },
        { question: "问题", answer: "长".repeat(10_000), clauseRefs: [] },
      ],
      charts: [{ type: "donut", title: "考核", data: [{ label: "日常考核", value: "三十" }] }],
    });
    const { result } = await post("drafter", docA, saveFields(pkgA, v, bad));
    const json = JSON.stringify(result);
    expect(result).toMatchObject({ status: "invalid" });
    expect(json).toContain("请填写问题");
    expect(json).toContain("回答不能超过 3,000 个字");
    expect(json).toContain("第 1 行数值“三十”不是数字");
    expect(json).toContain("content.charts[0].data[0].value");
    expect(version(pkgA)).toBe(v);
    expect(JSON.stringify(loadPackageContent(t.db, pkgA))).toBe(before);
  });

  it("garbage in the content field is a Chinese error, not a 500", async () => {
    const { result, status } = await post("drafter", docA, { intent: "save", packageId: String(pkgA), version: String(version(pkgA)), content: "{not json" });
    expect(status).toBe(200);
    expect(JSON.stringify(result)).toContain("内容格式有误");
  });

  it("HTML and script in every text field are stored sanitised", async () => {
    const x = `<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">链</a>`;
    const content = contentWith({
      plan: { forms: ["text"], channels: ["web"], interpreterId: null, interpreterName: `张三${x}`, plannedRelease: null, outline: `提纲${x}` },
      sections: { background: `<p>背景${x}</p>`, terms: `术语${x}` },
      qa: [{ question: `问${x}`, answer: `答${x}`, clauseRefs: [] }],
      charts: [{ type: "bar", title: `图${x}`, subtitle: `副${x}`, unit: "项", source: `源${x}`, data: [{ label: "<script>alert(1)</script>甲", value: 1 }], altText: `替${x}`, dataTable: `表${x}` }],
      cases: [{ title: `案${x}`, situation: `情${x}`, explanation: `释${x}` }],
      media: [{ kind: "video", date: null, speaker: `人${x}`, speakerIsHead: false, link: "https://www.gov.cn/v", transcript: `录${x}` }],
    });
    const saved = await post("drafter", docA, saveFields(pkgA, version(pkgA), content));
    expect(saved.result, JSON.stringify(saved.result)).toMatchObject({ status: "saved" });
    const stored = JSON.stringify(loadPackageContent(t.db, pkgA));
    expect(stored).not.toMatch(/<script|onerror|javascript:|<img/i);
    expect(stored).toContain("背景链");
    const snapshot = t.db.$client.prepare("select snapshot from revisions where package_id = ? order by version desc limit 1").pluck().get(pkgA) as string;
    expect(snapshot).not.toMatch(/<script|onerror|javascript:/i);
  });
});

describe("history and restore", () => {
  it("restores an old revision as a new revision", async () => {
    const v = version(pkgA);
    savePackage({ packageId: pkgA, expectedVersion: v, content: contentWith({ sections: { scope: "<p>第一稿范围</p>" } }), actorId: userId("drafter") });
    const firstRevision = listRevisions(pkgA)[0];
    savePackage({ packageId: pkgA, expectedVersion: v + 1, content: contentWith({ sections: { scope: "<p>第二稿范围</p>" } }), actorId: userId("drafter") });
    const { status } = await postTo(historyAction, "drafter", docA, { intent: "restore", packageId: String(pkgA), version: String(v + 2), revisionId: String(firstRevision.id) }, "package/history");
    expect(status).toBe(302);
    expect(version(pkgA)).toBe(v + 3);
    expect(loadPackageContent(t.db, pkgA)?.sections.scope).toBe("<p>第一稿范围</p>");
    expect(listRevisions(pkgA)[0].summary).toContain(`恢复到第 ${firstRevision.version} 版`);
    // history is kept
    expect(listRevisions(pkgA).map((r) => r.version)).toEqual(expect.arrayContaining([v + 1, v + 2, v + 3]));
  });

  it("restoring with a stale version is refused; a revision of another package is 404", async () => {
    const rev = listRevisions(pkgA)[1];
    expect(restoreRevision({ packageId: pkgA, revisionId: rev.id, expectedVersion: version(pkgA) - 1, actorId: userId("drafter") })).toMatchObject({ ok: false, reason: "conflict" });
    const other = listRevisions(pkgB)[0];
    expect(other).toBeDefined();
    expect(() => restoreRevision({ packageId: pkgA, revisionId: other.id, expectedVersion: version(pkgA), actorId: userId("drafter") })).toThrow();
    const { status } = await postTo(historyAction, "drafter", docA, { intent: "restore", packageId: String(pkgA), version: String(version(pkgA)), revisionId: String(other.id) }, "package/history");
    expect(status).toBe(404);
  });
});

describe("从文件生成初稿 through the action", () => {
  it("fills the package from the analysis and never overwrites without the confirm flag", async () => {
    const mine = contentWith({ sections: { background: "<p>我写的背景</p>" } });
    const v = version(pkgA);
    expect((await post("drafter", docA, saveFields(pkgA, v, mine))).result).toMatchObject({ status: "saved" });
    const { result } = await post("drafter", docA, { intent: "applySuggestions", packageId: String(pkgA), version: String(v + 1) });
    expect(result).toMatchObject({ status: "saved", conflicts: ["background"] });
    const stored = loadPackageContent(t.db, pkgA);
    expect(stored?.sections.background).toBe("<p>我写的背景</p>");
    expect(stored?.qa.length).toBeGreaterThanOrEqual(3);
    // 博山: a count chart and a timeline of its deadline, with valid rows
    expect(stored?.charts.map((c) => c.type)).toEqual(expect.arrayContaining(["timeline"]));
    expect(stored?.charts.find((c) => c.type === "timeline")?.data[0]).toMatchObject({ date: "2020-12-31" });
    const forced = await post("drafter", docA, { intent: "applySuggestions", packageId: String(pkgA), version: String(version(pkgA)), overwrite: "1" });
    expect(forced.result).toMatchObject({ status: "saved" });
    expect(loadPackageContent(t.db, pkgA)?.sections.background).not.toContain("我写的背景");
  });
});

describe("图解 preview route", () => {
  it("gives starter slots and the exporter's HTML with user text escaped", async () => {
    const content = contentWith({ qa: [{ question: "问<script>alert(1)</script>题", answer: "回答", clauseRefs: [] }] });
    const starter = await postTo(graphicAction, "drafter", docA, { intent: "starter", templateId: "qa-card", content: JSON.stringify(content) }, "package/graphic");
    expect(starter.result).toMatchObject({ kind: "starter", ok: true });
    const slots = starter.result && "slots" in starter.result ? starter.result.slots : {};
    const preview = await postTo(graphicAction, "drafter", docA, { intent: "preview", templateId: "qa-card", slots: JSON.stringify(slots), content: "" }, "package/graphic");
    expect(preview.result).toMatchObject({ kind: "preview", ok: true });
    const html = preview.result && "html" in preview.result ? preview.result.html : "";
    expect(html).toContain("<section");
    expect(html).not.toContain("<script>alert(1)</script>");
    const unknown = await postTo(graphicAction, "drafter", docA, { intent: "preview", templateId: "nope", slots: "{}" }, "package/graphic");
    expect(JSON.stringify(unknown.result)).toContain("请选择一个图解模板");
    const otherDept = await postTo(graphicAction, "drafter2", docA, { intent: "preview", templateId: "qa-card", slots: "{}" }, "package/graphic");
    expect(otherDept.status).toBe(404);
  });
});

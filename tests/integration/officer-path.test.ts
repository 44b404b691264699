/**
 * The officer's path on real SQLite: the hard gate in the workflow (F9, metadata), the editor's
 * feedback (审校 findings with their fields, the gates' latest 退回 opinions, live after a save),
 * heads for every unit and why a head cannot sign yet, a history that lists only what changed,
 * key figures in revisions, and migration 0010 filling key figures from the analysis once.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { migrationsFolder, runMigrations } from "~/db/migrate.server";
import { analyzeDocument } from "~/domain/analysis";
import type { PackageContent } from "~/domain/package/content";
import { startingFigures } from "~/domain/package/key-figures";
import { createUserSession } from "~/models/auth.server";
import { documentScope } from "~/models/documents.server";
import { createDocumentFromAnalysis } from "~/features/intake/intake.server";
import { loadPackageContent, writePackageContent } from "~/features/package/content.server";
import { listRevisions, savePackage } from "~/features/package/package.server";
import { DEMO_DEPARTMENTS } from "~/seed/seed.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { auditCsv } from "~/domain/audit-csv";
import { editorFeedback } from "~/features/workflow/reviews.server";
import { reviewPageData } from "~/features/workflow/review-page.server";
import { loader as documentLoader } from "~/routes/app.documents.$id";
import { action as editorAction, loader as editorLoader } from "~/routes/app.documents.$id_.package";
import { completeContent } from "../helpers/complete-package";
import { createSeededTestDb, type TestDb, userNamed } from "../helpers/db";
import { GATES } from "~/domain/vocabulary";

let t: TestDb;
let boshan: number;
let pkg: number;
beforeAll(async () => {
  t = await createSeededTestDb();
  boshan = Number(t.db.$client.prepare("select id from documents where index_no = 'zfb/2020-00045'").pluck().get());
  pkg = Number(t.db.$client.prepare("select id from packages where document_id = ?").pluck().get(boshan));
});
afterAll(() => t.cleanup());

const user = (name: string) => userNamed(t, name);
const status = () => t.db.$client.prepare("select status from documents where id = ?").pluck().get(boshan);
const version = () => Number(t.db.$client.prepare("select version from packages where id = ?").pluck().get(pkg));
const write = (content: PackageContent) => t.db.transaction((tx) => writePackageContent(tx, pkg, content));

describe("demo data: every unit has its 第一解读人", () => {
  it("each demo department has an active head", () => {
    for (const d of DEMO_DEPARTMENTS) {
      const heads = t.db.$client.prepare("select count(*) from users u join departments d on d.id = u.department_id where d.code = ? and u.role = 'head' and u.active = 1").pluck().get(d.code);
      expect(heads, d.name).toBe(1);
    }
  });
});

describe("no dead end at 审签", () => {
  it("a unit without an active head is told so before submission: editor, document page, review page", async () => {
    const drafter2 = user("drafter2");
    const notice = readFileSync(join(import.meta.dirname, "../fixtures/documents/shifan-2024-jiage-butie.txt"), "utf8");
    const analysis = analyzeDocument(notice);
    const { documentId } = createDocumentFromAnalysis({
      actor: drafter2,
      meta: { title: analysis.meta.title, docNumber: "示发改价格〔2024〕17号", issuer: "示范区发展和改革局", recipients: [], writtenDate: "2024-09-10", publicity: "主动公开", topic: "价格" },
      originalText: notice,
      analysis,
      source: { name: null, format: "paste" },
    });
    const cookie = (await createUserSession(drafter2.id, "/app")).headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const request = new Request(`http://x/app/documents/${documentId}`, { headers: { Cookie: cookie } });
    const pages = async () => ({
      document: (await documentLoader({ request, params: { id: String(documentId) }, context: {} })).noHead,
      editor: (await editorLoader({ request, params: { id: String(documentId) }, context: {} })).heads.length === 0,
      review: reviewPageData(drafter2, documentId)?.noHead,
    });
    expect(await pages()).toEqual({ document: false, editor: false, review: false });
    t.db.$client.prepare("update users set active = 0 where username = 'head2'").run();
    try {
      expect(await pages()).toEqual({ document: true, editor: true, review: true });
    } finally {
      t.db.$client.prepare("update users set active = 1 where username = 'head2'").run();
    }
  });
});

describe("F9: the hard gate is hard", () => {
  it("an empty package cannot be submitted; the refusal says what to write and nothing moves", () => {
    write({ ...completeContent(), sections: {}, qa: [] });
    const audit = t.db.$client.prepare("select count(*) from audit_log where document_id = ?").pluck().get(boshan);
    const r = applyWorkflowAction(user("drafter"), boshan, { type: "submit" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain("解读材料还不完整，暂不能提交审核");
      expect(r.reason).toContain("请填写：起草背景");
      expect(r.reason).toContain("还需 3 条");
    }
    expect(status()).toBe("drafting");
    expect(t.db.$client.prepare("select count(*) from audit_log where document_id = ?").pluck().get(boshan)).toBe(audit);
  });

  it("a Q&A still saying 请起草单位补充 is never submitted, though three others are real", () => {
    write(completeContent({ qa: [{ question: "依据是什么？", answer: "文件中未找到相关表述，请起草单位补充。", clauseRefs: [] }, ...completeContent().qa] }));
    const r = applyWorkflowAction(user("drafter"), boshan, { type: "submit" });
    expect(r.ok ? "" : r.reason).toContain("问答 1 的回答");
    expect(status()).toBe("drafting");
  });

  it("without 文号 nothing is submitted and no 无需解读 is signed; with it both may go", () => {
    t.db.$client.prepare("update documents set doc_number = null where id = ?").run(boshan);
    write(completeContent());
    const submit = applyWorkflowAction(user("drafter"), boshan, { type: "submit" });
    expect(submit.ok ? "" : submit.reason).toContain("文件信息完整：请在文件页填写文号");
    const decide = applyWorkflowAction(user("head"), boshan, { type: "decideNoInterpretation", reason: "内部事务" });
    expect(decide.ok ? "" : decide.reason).toContain("文件信息缺少文号");
    t.db.$client.prepare("update documents set doc_number = '博政办字〔2020〕45号' where id = ?").run(boshan);
    const feedback = editorFeedback(boshan);
    expect(feedback.counts.error).toBe(0);
  });
});

describe("the editor's feedback", () => {
  async function cookieFor(username: string): Promise<string> {
    const res = await createUserSession(user(username).id, "/app");
    return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
  }

  async function saveThroughEditor(content: PackageContent) {
    const body = new URLSearchParams({ intent: "save", packageId: String(pkg), version: String(version()), content: JSON.stringify(content) });
    const request = new Request(`http://x/app/documents/${boshan}/package`, { method: "POST", body, headers: { Cookie: await cookieFor("drafter") } });
    const args: ActionFunctionArgs = { request, params: { id: String(boshan) }, context: {} };
    return editorAction(args);
  }

  it("every save answers with the 审校 findings of what was saved, each naming its field", async () => {
    const withError = completeContent({ sections: { scope: "<p>各单位截止2020年12月31日前完成。</p>" } });
    const saved = await saveThroughEditor(withError);
    expect(saved).toMatchObject({ status: "saved" });
    const found = saved.status === "saved" ? saved.feedback?.findings.find((f) => f.rule === "word.confusable") : undefined;
    expect(found).toMatchObject({ severity: "error", excerpt: "截止", field: "sections.scope", expected: "截至" });
    const fixed = await saveThroughEditor(completeContent({ sections: { scope: "<p>各单位截至2020年12月31日前完成。</p>" } }));
    expect(fixed.status === "saved" ? fixed.feedback?.findings.some((f) => f.rule === "word.confusable") : true).toBe(false);
  });

  it("shows each gate's latest 退回 opinion, and forgets it once that gate passed", () => {
    expect(applyWorkflowAction(user("drafter"), boshan, { type: "submit" }).ok).toBe(true);
    for (const f of reviewPageData(user("reviewer"), boshan)?.findings.filter((x) => x.severity === "warning") ?? []) {
      t.db.$client.prepare("insert into finding_acks (package_id, finding_key, user_id) values (?, ?, ?)").run(pkg, f.key, user("reviewer").id);
    }
    expect(applyWorkflowAction(user("reviewer"), boshan, { type: "verdict", gate: "political", verdict: "pass", opinion: "同意" }).ok).toBe(true);
    // the head sees why there is nothing to sign yet, instead of a missing button
    const forHead = reviewPageData(user("head"), boshan);
    expect(forHead?.can.sign).toBe(false);
    expect(forHead?.can.signRefusal).toContain("四关审核全部通过后才能审签");
    expect(forHead?.can.signRefusal).toContain("目前待审核：法律关、保密关、文字关");
    expect(reviewPageData(user("drafter"), boshan)?.can.signRefusal).toBeNull();

    expect(applyWorkflowAction(user("reviewer"), boshan, { type: "verdict", gate: "legal", verdict: "return", opinion: "请写明制定依据的条款" }).ok).toBe(true);
    expect(editorFeedback(boshan).returns).toEqual([{ gate: "legal", opinion: "请写明制定依据的条款", reviewerName: "赵审核", round: expect.any(Number), createdAt: expect.any(String) }]);

    expect(applyWorkflowAction(user("drafter"), boshan, { type: "submit" }).ok).toBe(true);
    for (const gate of GATES) expect(applyWorkflowAction(user("reviewer"), boshan, { type: "verdict", gate, verdict: "pass", opinion: "同意" }).ok).toBe(true);
    expect(editorFeedback(boshan).returns).toEqual([]);
    expect(reviewPageData(user("head"), boshan)?.can.sign).toBe(true);
    expect(reviewPageData(user("head"), boshan)?.can.signRefusal).toBeNull();
  });
});

describe("history and audit", () => {
  it("a save that changes one answer lists that answer only — not every chart (was “修改 图表 1” on every version)", () => {
    const xihaian = Number(t.db.$client.prepare("select id from documents where index_no = 'zfb/2020-00084'").pluck().get());
    const other = Number(t.db.$client.prepare("select id from packages where document_id = ?").pluck().get(xihaian));
    const drafter = user("drafter");
    expect(applyWorkflowAction(drafter, xihaian, { type: "correct", reason: "改一条回答" }).ok).toBe(true);
    const at = () => Number(t.db.$client.prepare("select version from packages where id = ?").pluck().get(other));
    // what the editor loads (charts read back from their rows) and sends back untouched
    const loaded = loadPackageContent(t.db, other);
    if (!loaded) throw new Error("no content");
    expect(loaded.charts.length).toBeGreaterThan(0);
    expect(savePackage({ packageId: other, expectedVersion: at(), content: loaded, actorId: drafter.id })).toMatchObject({ ok: true, summary: "无改动" });
    const edited = { ...loaded, qa: loaded.qa.map((q, i) => (i === 0 ? { ...q, answer: `${q.answer}（已更新）` } : q)), keyFigures: [...loaded.keyFigures.slice(1), loaded.keyFigures[0]] };
    const saved = savePackage({ packageId: other, expectedVersion: at(), content: edited, actorId: drafter.id });
    expect(saved.ok && saved.summary).toBe("修改 问答 1（回答）；修改 关键数字");
    const [latest] = listRevisions(other);
    const snapshot = t.db.$client.prepare("select snapshot from revisions where id = ?").pluck().get(latest.id);
    expect(JSON.parse(String(snapshot)).keyFigures).toEqual(edited.keyFigures);
  });

  it("the audit CSV names each action in Chinese and keeps the code", () => {
    const csv = auditCsv([{ id: 1, at: "2024-09-10T06:00:00Z", actorName: "李起草", action: "document.created", fromState: null, toState: "drafting", reason: null, details: null }]);
    expect(csv).toContain('"新建文件","","起草中"');
    expect(csv).toContain('"document.created"');
  });

  it("a reviewer's home says whose documents it lists", () => {
    expect(documentScope(user("reviewer"))).toEqual({ heading: "本单位和您负责审核的单位的文件", departments: ["区司法局", "区政府办公室", "区发展和改革局"] });
    expect(documentScope(user("drafter2"))).toEqual({ heading: "本单位（区发展和改革局）的文件", departments: ["区发展和改革局"] });
    expect(documentScope(user("publisher")).heading).toBe("全部单位的文件");
  });
});

describe("migration 0010 fills key figures and the timeline once, from the analysis the export used", () => {
  const dir = mkdtempSync(join(tmpdir(), "jiedu-key-figures-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("packages, their revisions and published snapshots get what the old export printed; nothing made up", () => {
    const before = join(dir, "drizzle-before");
    cpSync(migrationsFolder(), before, { recursive: true });
    const journalPath = join(before, "meta/_journal.json");
    const journal: { entries: { tag: string }[] } = JSON.parse(readFileSync(journalPath, "utf8"));
    const fill = journal.entries.findIndex((e) => e.tag.endsWith("_package_key_figures_fill"));
    expect(fill).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, fill);
    writeFileSync(journalPath, JSON.stringify(journal));

    const db = openDatabase(join(dir, "old.db"));
    try {
      migrate(db, { migrationsFolder: before });
      const c = db.$client;
      c.prepare("insert into departments (id, name, code) values (1, '区发展和改革局', 'fgj')").run();
      const structure = {
        suggestions: {
          keyFigures: [
            { value: "120", unit: "元", label: "补贴标准为每人每月B档", factIndex: 1 },
            { value: "1234567890123", unit: "", label: "很长的数字", factIndex: 2 },
            { value: "", unit: "元", label: "没有数字", factIndex: 3 },
            { value: "386", unit: "万元", label: "预计发放资金的总额，按照全区困难群众人数和补贴标准测算得出的金额", factIndex: 4 },
          ],
          timeline: [
            { date: "2024-10-15", label: "完成补贴资金发放", factIndex: 5 },
            { date: "2024年底", label: "不是日期", factIndex: 6 },
          ],
        },
      };
      c.prepare("insert into documents (id, title, department_id, structure, status) values (1, '通知', 1, ?, 'published')").run(JSON.stringify(structure));
      c.prepare("insert into documents (id, title, department_id, structure) values (2, '无分析', 1, NULL)").run();
      c.prepare("insert into documents (id, title, department_id, structure) values (3, '坏数据', 1, 'not json')").run();
      c.prepare("insert into packages (id, document_id, published_snapshot) values (1, 1, ?)").run(JSON.stringify({ qa: [{ question: "问", answer: "答" }] }));
      c.prepare("insert into packages (id, document_id) values (2, 2)").run();
      c.prepare("insert into packages (id, document_id) values (3, 3)").run();
      c.prepare("insert into revisions (package_id, version, snapshot) values (1, 2, ?)").run(JSON.stringify({ sections: {}, qa: [] }));
      c.prepare("insert into revisions (package_id, version, snapshot) values (1, 3, ?)").run(JSON.stringify({ sections: {}, qa: [], keyFigures: [{ value: "9", unit: null, label: "已有" }], timeline: [] }));

      runMigrations(db);
      const row = (id: number) => c.prepare("select key_figures, timeline, published_snapshot from packages where id = ?").get(id) as { key_figures: string; timeline: string; published_snapshot: string | null };
      const keyFigures = JSON.parse(row(1).key_figures);
      expect(keyFigures).toEqual([
        { value: "120", unit: "元", label: "补贴标准为每人每月B档" },
        { value: "12345678901…", unit: null, label: "很长的数字" },
        { value: "386", unit: "万元", label: "预计发放资金的总额，按照全区困难群众人数和补贴标准测算得出…" },
      ]);
      expect(JSON.parse(row(1).timeline)).toEqual([{ date: "2024-10-15", label: "完成补贴资金发放" }]);
      // the SQL and the intake's own rule (startingFigures) agree
      expect({ keyFigures, timeline: JSON.parse(row(1).timeline) }).toEqual(startingFigures(structure));
      expect(JSON.parse(String(row(1).published_snapshot))).toEqual({ qa: [{ question: "问", answer: "答" }], keyFigures, timeline: [{ date: "2024-10-15", label: "完成补贴资金发放" }] });
      expect([row(2).key_figures, row(2).timeline, row(3).key_figures]).toEqual(["[]", "[]", "[]"]);
      const revisions = c.prepare("select version, snapshot from revisions where package_id = 1 order by version").all() as { version: number; snapshot: string }[];
      expect(JSON.parse(revisions[0].snapshot).keyFigures).toEqual(keyFigures);
      // a revision that already carries key figures keeps its own
      expect(JSON.parse(revisions[1].snapshot).keyFigures).toEqual([{ value: "9", unit: null, label: "已有" }]);
    } finally {
      db.$client.close();
    }
  });
});

/**
 * The dashboard's read models (dashboard_facts, dashboard_month_counts, dashboard_check_hits) are
 * kept by SQLite triggers. These tests drive the real write paths — the workflow (submit, return,
 * sign, publish, correct, withdraw), the editor's content writes, the seed, raw legacy imports —
 * and after every step require (1) no drift between the read models and a recomputation from the
 * source tables, (2) the page's figures equal to the figures recomputed from the source tables,
 * (3) the change a user would see (a count going up or down). The migration's backfill is tested
 * on a database filled before the read models existed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "~/db/client.server";
import { migrationsFolder, runMigrations } from "~/db/migrate.server";
import { documents, packages } from "~/db/schema";
import { type Period, monthPeriod, parsePeriod, quarterPeriod, yearPeriod } from "~/domain/dashboard/period";
import { emptyPackageContent } from "~/domain/package/content";
import { loadUser } from "~/models/auth.server";
import { dashboardDrift } from "~/features/dashboard/drift.server";
import { dashboardFigures } from "~/features/dashboard/figures.server";
import { departmentDrilldown } from "~/features/dashboard/drilldown.server";
import { writePackageContent } from "~/features/package/content.server";
import { savePackage } from "~/features/package/package.server";
import { completeContent } from "../helpers/complete-package";
import { acknowledgeFinding } from "~/features/workflow/reviews.server";
import { applyWorkflowAction, publishDocument } from "~/features/workflow/moves.server";
import { checkStoredPackage } from "~/features/checks/package-checks.server";
import { createSeededTestDb, createTestDb, type TestDb } from "../helpers/db";
import { NOW, seedDashboardScenario } from "./dashboard-scenario";
import { GATES } from "~/domain/vocabulary";

const NO_DRIFT = { documents: [], months: [], auditRows: [] };

function custom(from: string, to: string): Period {
  const p = parsePeriod({ period: "custom", from, to });
  if (!p.ok) throw new Error(p.error);
  return p.period;
}

function departmentIds(db: Db): number[] {
  return db.$client
    .prepare("SELECT id FROM departments ORDER BY id")
    .pluck()
    .all()
    .map((v) => Number(v));
}

/** The page's figures (read models) equal the figures recomputed from the source tables. */
function expectSameAsSource(db: Db, periods: Period[], now: Date) {
  for (const period of periods) {
    for (const departmentId of [null, ...departmentIds(db)]) {
      const maintained = dashboardFigures(period, { now, departmentId }, db);
      expect(maintained, `${period.label} department ${departmentId}`).toEqual(dashboardFigures(period, { now, departmentId, strategy: "scan" }, db));
      expect(maintained, `${period.label} department ${departmentId}`).toEqual(dashboardFigures(period, { now, departmentId, strategy: "probe" }, db));
    }
  }
}

function expectConsistent(db: Db, periods: Period[], now: Date) {
  expect(dashboardDrift(db)).toEqual(NO_DRIFT);
  expectSameAsSource(db, periods, now);
}

describe("the migration backfills a database filled before the read models existed", () => {
  const dir = mkdtempSync(join(tmpdir(), "jiedu-dashboard-backfill-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("facts, monthly counts and check hits match the source tables and the hand-computed figures", () => {
    // the migrations as they were before 0006: same files, journal cut after 0005
    const before = join(dir, "drizzle-0005");
    cpSync(migrationsFolder(), before, { recursive: true });
    const journalPath = join(before, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0006");
    writeFileSync(journalPath, JSON.stringify(journal));

    const db = openDatabase(join(dir, "old.db"));
    try {
      migrate(db, { migrationsFolder: before });
      const hasFacts = db.$client.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'dashboard_facts'").pluck().get();
      expect(hasFacts).toBe(0);
      seedDashboardScenario(db);

      runMigrations(db);
      expect(dashboardDrift(db)).toEqual(NO_DRIFT);
      const facts = Number(db.$client.prepare("SELECT count(*) FROM dashboard_facts").pluck().get());
      expect(facts).toBe(Number(db.$client.prepare("SELECT count(*) FROM documents").pluck().get()));
      const figures = dashboardFigures(yearPeriod(2024), { now: NOW }, db);
      // hand-computed in dashboard-figures.test.ts
      expect(figures.total).toMatchObject({ published: 10, notRequired: 1, required: 9, interpreted: 7, synced: 6, lagged: 1, singleForm: 2 });
      expect(figures.total.lag).toEqual({ overLimit: 1, maxWorkingDays: 4, totalWorkingDays: 4 });
      expect(figures.checks).toEqual([
        { rule: "confusable-word", errors: 3, documents: 2 },
        { rule: "personal-data", errors: 2, documents: 1 },
        { rule: "doc-number-format", errors: 1, documents: 1 },
      ]);
      expectSameAsSource(db, [yearPeriod(2024), yearPeriod(2023), custom("2024-01-15", "2024-11-20")], NOW);
    } finally {
      db.$client.close();
    }
  });
});

describe("the known-answer scenario, written after the migration", () => {
  let t: TestDb;
  beforeAll(() => {
    t = createTestDb();
    seedDashboardScenario(t.db);
  });
  afterAll(() => t.cleanup());

  it("every period kind, whole months and partial ones, all departments and each one", () => {
    expectConsistent(
      t.db,
      [
        yearPeriod(2024),
        quarterPeriod(2024, 1),
        quarterPeriod(2024, 4),
        monthPeriod(2024, 2),
        monthPeriod(2024, 12),
        custom("2024-01-31", "2024-02-01"), // two partial months, no whole one
        custom("2024-01-15", "2024-11-20"), // partial, whole months, partial
        custom("2024-02-01", "2024-12-31"), // whole months only
        custom("2015-01-01", "2024-12-31"), // ten years
        custom("2024-12-31", "2024-12-31"), // one day: C1 at 23:59:59.999 CST
      ],
      NOW,
    );
    const oneDay = dashboardFigures(custom("2024-12-31", "2024-12-31"), { now: NOW }, t.db);
    expect(oneDay.total.published).toBe(1);
    expect(oneDay.months.map((m) => [m.month, m.published])).toEqual([["2024-12", 1]]);
  });
});

describe("the real write paths keep the read models in step", () => {
  let t: TestDb;
  let id: number;
  const now = () => new Date();
  const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const periods = () => [yearPeriod(thisYear()), yearPeriod(2020), custom(`${thisYear() - 9}-01-10`, `${thisYear()}-12-31`)];
  const user = (name: string) => {
    const uid = t.db.$client.prepare("SELECT id FROM users WHERE username = ?").pluck().get(name);
    const u = typeof uid === "number" ? loadUser(uid) : null;
    if (!u) throw new Error(`no user ${name}`);
    return u;
  };
  const act = (who: string, action: Parameters<typeof applyWorkflowAction>[2]) => {
    const r = applyWorkflowAction(user(who), id, action);
    expect(r.ok, r.ok ? "" : r.reason).toBe(true);
  };
  const acknowledgeWarnings = () => {
    for (const f of checkStoredPackage(t.db, id)?.findings ?? [])
      if (f.severity === "warning" && !f.acknowledged) expect(acknowledgeFinding(user("reviewer"), id, f.key, "已核对").ok).toBe(true);
  };
  const passAllGates = () => {
    acknowledgeWarnings();
    for (const gate of GATES) act("reviewer", { type: "verdict", gate, verdict: "pass", opinion: "同意" });
  };
  const pkgId = () => t.db.select({ id: packages.id }).from(packages).where(eq(packages.documentId, id)).get()?.id ?? 0;
  const year = () => dashboardFigures(yearPeriod(thisYear()), { now: now() }, t.db).total;
  const waiting = (stage: string) => dashboardFigures(yearPeriod(thisYear()), { now: now() }, t.db).waiting.find((w) => w.stage === stage)?.count;
  const check = () => expectConsistent(t.db, periods(), now());
  // meets the submission rules (F9), with a chart the correction below takes out again
  const content = completeContent({
    qa: [{ question: "什么时候完成标准目录？", answer: "2020年年底前完成。", clauseRefs: [] }],
    charts: [{ type: "bar", title: "重点工作", source: "博政办字〔2020〕45号", data: [{ label: "重点工作", value: 16 }], altText: "柱状图：重点工作16项。" }],
  });

  beforeAll(async () => {
    t = await createSeededTestDb();
    id = Number(t.db.$client.prepare("SELECT id FROM documents WHERE index_no = 'zfb/2020-00045'").pluck().get());
  });
  afterAll(() => t.cleanup());

  it("the seed: 西海岸 published through the workflow counts as interpreted and in sync", () => {
    check();
    const xihaian = t.db.$client.prepare("SELECT counted, interpreted, synced FROM dashboard_facts f JOIN documents d ON d.id = f.document_id WHERE d.index_no = 'zfb/2020-00084'").get();
    expect(xihaian).toEqual({ counted: 1, interpreted: 1, synced: 1 });
  });

  it("a submission blocked by 审校 is counted by rule; the document stays a draft", () => {
    t.db.transaction((tx) => writePackageContent(tx, pkgId(), { ...emptyPackageContent(), sections: { background: "<p>联系人电话13812341234。</p>" } }));
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" }).ok).toBe(false);
    const checks = dashboardFigures(yearPeriod(thisYear()), { now: now() }, t.db).checks;
    expect(checks.find((c) => c.rule === "personal.mobile")).toMatchObject({ errors: 1, documents: 1 });
    check();
  });

  it("an error an editor save caught stays counted after the next save fixes it (issue 11)", () => {
    const mobile = () => dashboardFigures(yearPeriod(thisYear()), { now: now() }, t.db).checks.find((c) => c.rule === "personal.mobile")?.errors ?? 0;
    const save = (background: string) => {
      const version = t.db.select({ v: packages.version }).from(packages).where(eq(packages.id, pkgId())).get()?.v ?? 0;
      const saved = savePackage({ packageId: pkgId(), expectedVersion: version, content: { ...content, sections: { background } }, actorId: user("drafter").id });
      expect(saved.ok).toBe(true);
    };
    const before = mobile();
    save("<p>为推进政务公开标准化规范化，制定本要点。咨询请联系王科长13912345678。</p>");
    expect(checkStoredPackage(t.db, id)?.counts.error).toBe(1);
    expect(mobile()).toBe(before + 1);
    check();
    // submitting it is refused and recorded, but the error it found was already counted
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" }).ok).toBe(false);
    expect(mobile()).toBe(before + 1);
    save("<p>为推进政务公开标准化规范化，制定本要点。咨询电话：0533-4180000。</p>");
    expect(checkStoredPackage(t.db, id)?.counts.error).toBe(0);
    expect(mobile()).toBe(before + 1);
    // the same error written again is the same error, not a second one
    save("<p>为推进政务公开标准化规范化，制定本要点。咨询请联系王科长13912345678。</p>");
    save("<p>为推进政务公开标准化规范化，制定本要点。</p>");
    expect(mobile()).toBe(before + 1);
    const rows = t.db.$client.prepare("SELECT action, reason FROM audit_log WHERE document_id = ? AND action = 'checks.caught'").all(id);
    expect(rows).toEqual([{ action: "checks.caught", reason: "审校发现 1 处新错误" }]);
    check();
  });

  it("submit, return, resubmit, gates, sign: the waiting snapshot follows", () => {
    t.db.transaction((tx) => writePackageContent(tx, pkgId(), content));
    const submittedBefore = waiting("submitted") ?? 0;
    act("drafter", { type: "submit" });
    expect(waiting("submitted")).toBe(submittedBefore + 1);
    check();
    acknowledgeWarnings();
    act("reviewer", { type: "verdict", gate: "legal", verdict: "return", opinion: "请补充制定依据" });
    expect(t.db.select({ s: documents.status }).from(documents).where(eq(documents.id, id)).get()?.s).toBe("returned");
    expect(waiting("submitted")).toBe(submittedBefore);
    check();
    act("drafter", { type: "submit" });
    passAllGates();
    expect(waiting("awaiting_signoff")).toBe(1);
    check();
    act("head", { type: "sign", opinion: "同意" });
    expect(waiting("signed")).toBe(1);
    check();
  });

  it("publish: one more published, interpreted and synchronous document this year", () => {
    const before = year();
    expect(publishDocument(user("publisher"), id).ok).toBe(true);
    const after = year();
    expect([after.published, after.interpreted, after.synced]).toEqual([before.published + 1, before.interpreted + 1, before.synced + 1]);
    expect(after.forms.qa).toBe(before.forms.qa + 1);
    check();
  });

  it("a correction stays counted; content edited during it changes the forms; publishing it again", () => {
    const before = year();
    act("drafter", { type: "correct", reason: "去掉图表" });
    expect(year().published).toBe(before.published);
    // (a text-only package can no longer be published — F9 — so the correction drops the chart)
    t.db.transaction((tx) => writePackageContent(tx, pkgId(), { ...content, charts: [] }));
    const edited = year();
    expect(edited.forms.chart).toBe(before.forms.chart - 1);
    expect(edited.forms.qa).toBe(before.forms.qa);
    check();
    act("drafter", { type: "submit" });
    passAllGates();
    act("head", { type: "sign" });
    expect(publishDocument(user("publisher"), id).ok).toBe(true);
    expect(year().published).toBe(before.published);
    check();
  });

  it("withdraw: no longer counted", () => {
    const before = year();
    act("publisher", { type: "withdraw", reason: "政策已调整" });
    expect(year().published).toBe(before.published - 1);
    check();
    const dd = departmentDrilldown(Number(t.db.$client.prepare("SELECT department_id FROM documents WHERE id = ?").pluck().get(id)), yearPeriod(thisYear()), { now: now() }, t.db);
    expect(dd?.documents.some((d) => d.id === id)).toBe(false);
  });

  it("writes outside the workflow: legacy import, 无需解读, department move, deletions", () => {
    const c = t.db.$client;
    const dept = Number(c.prepare("SELECT id FROM departments WHERE kind = 'drafting' ORDER BY id LIMIT 1").pluck().get());
    const other = Number(c.prepare("SELECT id FROM departments WHERE id <> ? ORDER BY id LIMIT 1").pluck().get(dept));
    const before = year();
    // a legacy row: publication instant without milliseconds, interpretation a week later
    const legacy = Number(
      c
        .prepare("INSERT INTO documents (title, department_id, status, published_at) VALUES ('历史导入文件', ?, 'published', ?)")
        .run(dept, `${thisYear()}-03-04T02:00:00Z`).lastInsertRowid,
    );
    const legacyPkg = Number(c.prepare("INSERT INTO packages (document_id, published_at) VALUES (?, ?)").run(legacy, `${thisYear()}-03-11T02:00:00.000Z`).lastInsertRowid);
    expect(year().interpreted).toBe(before.interpreted); // a package with nothing in it is no interpretation
    c.prepare("INSERT INTO qa_items (package_id, position, question, answer) VALUES (?, 0, '问', '答')").run(legacyPkg);
    c.prepare("INSERT INTO media_records (package_id, kind, speaker_is_head) VALUES (?, 'briefing', 0)").run(legacyPkg);
    const imported = year();
    expect([imported.published, imported.interpreted, imported.lagged, imported.forms.press]).toEqual([
      before.published + 1,
      before.interpreted + 1,
      before.lagged + 1,
      before.forms.press + 1,
    ]);
    expect(imported.lag.maxWorkingDays).toBeGreaterThanOrEqual(5);
    check();

    c.prepare("UPDATE media_records SET kind = 'video' WHERE package_id = ?").run(legacyPkg);
    expect(year().forms.video).toBe(imported.forms.video + 1);
    c.prepare("UPDATE documents SET department_id = ? WHERE id = ?").run(other, legacy);
    check();
    c.prepare("UPDATE documents SET interpretation_required = 0, no_interpretation_reason = '内部事项' WHERE id = ?").run(legacy);
    expect(year().notRequired).toBe(before.notRequired + 1);
    check();
    // a form row moved to another package, a package moved to another document
    const qaRow = Number(c.prepare("SELECT id FROM qa_items WHERE package_id = ?").pluck().get(legacyPkg));
    c.prepare("UPDATE qa_items SET package_id = ? WHERE id = ?").run(pkgId(), qaRow);
    check();
    c.prepare("UPDATE qa_items SET package_id = ? WHERE id = ?").run(legacyPkg, qaRow);
    const spare = Number(c.prepare("INSERT INTO documents (title, department_id, status) VALUES ('备用文件', ?, 'drafting')").run(dept).lastInsertRowid);
    c.prepare("UPDATE packages SET document_id = ? WHERE id = ?").run(spare, legacyPkg);
    check();
    c.prepare("UPDATE packages SET document_id = ? WHERE id = ?").run(legacy, legacyPkg);
    c.prepare("DELETE FROM documents WHERE id = ?").run(spare);
    // a document row replaced in place keeps one facts row with the new values
    c.prepare("INSERT OR REPLACE INTO documents (id, title, department_id, status, published_at) SELECT id, title, department_id, status, published_at FROM documents WHERE id = ?").run(legacy);
    check();
    c.prepare("DELETE FROM qa_items WHERE package_id = ?").run(legacyPkg);
    c.prepare("DELETE FROM packages WHERE id = ?").run(legacyPkg);
    check();
    c.prepare("DELETE FROM documents WHERE id = ?").run(legacy);
    expect(year()).toEqual(before);
    check();
  });

  it("a video storyboard counts as the video form, with or besides a recorded video (formsPresent's rule)", () => {
    const c = t.db.$client;
    const dept = Number(c.prepare("SELECT id FROM departments WHERE kind = 'drafting' ORDER BY id LIMIT 1").pluck().get());
    const before = year();
    const doc = Number(c.prepare("INSERT INTO documents (title, department_id, status, published_at) VALUES ('视频解读文件', ?, 'published', ?)").run(dept, `${thisYear()}-04-01T02:00:00.000Z`).lastInsertRowid);
    const pkg = Number(c.prepare("INSERT INTO packages (document_id, published_at) VALUES (?, ?)").run(doc, `${thisYear()}-04-01T02:00:00.000Z`).lastInsertRowid);
    c.prepare("INSERT INTO qa_items (package_id, position, question, answer) VALUES (?, 0, '问', '答')").run(pkg);
    expect(year().forms.video).toBe(before.forms.video);
    const storyboard = JSON.stringify({ scenes: [{ kind: "cover", ref: 0, duration: 5, caption: null }], music: null });
    c.prepare("UPDATE packages SET video = ? WHERE id = ?").run(storyboard, pkg);
    expect(year().forms.video).toBe(before.forms.video + 1);
    check();
    // a recorded video as well: still one form; removing the recording keeps it (the storyboard)
    const media = Number(c.prepare("INSERT INTO media_records (package_id, kind, speaker_is_head) VALUES (?, 'video', 0)").run(pkg).lastInsertRowid);
    expect(year().forms.video).toBe(before.forms.video + 1);
    check();
    c.prepare("DELETE FROM media_records WHERE id = ?").run(media);
    expect(year().forms.video).toBe(before.forms.video + 1);
    check();
    // 不制作视频 (or an empty storyboard): no video form
    c.prepare("UPDATE packages SET video = ? WHERE id = ?").run(JSON.stringify({ scenes: [], music: null }), pkg);
    expect(year().forms.video).toBe(before.forms.video);
    check();
    c.prepare("DELETE FROM qa_items WHERE package_id = ?").run(pkg);
    c.prepare("DELETE FROM packages WHERE id = ?").run(pkg);
    c.prepare("DELETE FROM documents WHERE id = ?").run(doc);
    expect(year()).toEqual(before);
    check();
  });

  it("check hits follow audit rows in both spellings, and unreadable details are ignored", () => {
    const c = t.db.$client;
    const at = `${thisYear()}-05-05T05:05:05.000Z`;
    const audit = c.prepare("INSERT INTO audit_log (at, document_id, package_id, action, details) VALUES (?, ?, ?, 'checks.blocked', ?)");
    audit.run(at, null, pkgId(), JSON.stringify({ rules: ["typo.confusable", "typo.confusable", null] }));
    audit.run(at, id, null, JSON.stringify({ rules: { "typo.confusable": 2 } }));
    audit.run(at, id, null, "not json");
    audit.run(at, id, null, JSON.stringify({ rules: "typo.confusable" }));
    const hit = dashboardFigures(yearPeriod(thisYear()), { now: now() }, t.db).checks.find((r) => r.rule === "typo.confusable");
    expect(hit).toEqual({ rule: "typo.confusable", errors: 4, documents: 1 });
    check();
  });
});

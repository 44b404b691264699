/**
 * The dashboard's known-answer scenario (hand-computed figures live in the tests, next to their
 * assertions). Period of interest: the year 2024, China Standard Time.
 *
 *  dept 甲局 (A)                 dept 乙局 (B)                      dept 丙局 (C)
 *  A1 03-04 sync  文问图负       B1 02-01 CST sync 问视发          C1 12-31 23:59 CST sync 文图发负
 *  A2 03-15 sync  文 (single)    B2 04-03 legacy, pkg 04-10 文解案  C2 11-11 sync 问 (text is only
 *  A3 06-10 package not public   B3 09-01 no package at all             whitespace → single)
 *  A4 06-20 无需解读                                                  C3 07-01 correcting, all 8 forms
 *  out of scope: X1 2023-12-31 23:59 CST (A), X2 2025-01-01 00:00 CST (C), X3 withdrawn (A)
 *  workflow: W1 in_review (A), W2 awaiting_signoff (B), W3 signed (C), W4 submitted (A), W5 drafting (B)
 *  calendar: 清明 2024-04-04/05 holidays, 2024-04-07 (Sunday) 调休 working day → B2 lags 4 days
 */
import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { auditLog, cases, charts, departments, documents, graphics, mediaRecords, packages, qaItems, reviewRecords, settings, users } from "~/db/schema";

export const NOW = new Date("2025-01-15T00:00:00.000Z");
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

type Forms = { text?: string; qa?: number; chart?: number; graphic?: number; case?: number; media?: { kind: "press_conference" | "briefing" | "video" | "head_interview"; head?: boolean }[] };

export type Scenario = {
  dept: { A: number; B: number; C: number; office: number };
  doc: Record<string, number>;
  pkg: Record<string, number>;
  users: Record<"admin" | "office" | "drafter" | "reviewer" | "head" | "publisher", number>;
};

export function seedDashboardScenario(db: Db): Scenario {
  return db.transaction((tx) => {
    const dept = (name: string, code: string, kind: "drafting" | "office" = "drafting", isOpenGovOffice = false) =>
      tx.insert(departments).values({ name, code, kind, isOpenGovOffice }).returning({ id: departments.id }).get().id;
    const d = { A: dept("甲局", "ja"), B: dept("乙局", "yi"), C: dept("丙局", "bing"), office: dept("政务公开办公室", "gk", "office", true) };

    const user = (username: string, role: "drafter" | "reviewer" | "head" | "publisher" | "admin", departmentId: number) =>
      // the columns of the migration test's older schema (see the packages insert below)
      tx.get<{ id: number }>(sql`INSERT INTO ${users} (username, display_name, password_hash, role, department_id) VALUES (${username}, ${username}, 'x', ${role}, ${departmentId}) RETURNING id`).id;
    const u = {
      admin: user("s-admin", "admin", d.office),
      office: user("s-office", "drafter", d.office),
      drafter: user("s-drafter", "drafter", d.A),
      reviewer: user("s-reviewer", "reviewer", d.A),
      head: user("s-head", "head", d.A),
      publisher: user("s-publisher", "publisher", d.A),
    };

    const doc: Record<string, number> = {};
    const pkg: Record<string, number> = {};
    const add = (
      key: string,
      departmentId: number,
      o: {
        status: "published" | "correcting" | "withdrawn" | "drafting" | "submitted" | "in_review" | "awaiting_signoff" | "signed";
        publishedAt?: string;
        packagePublishedAt?: string | null;
        noPackage?: boolean;
        notRequired?: string;
        forms?: Forms;
        round?: number;
        updatedAt?: string;
      },
    ) => {
      doc[key] = tx.get<{ id: number }>(
        sql`INSERT INTO ${documents} (title, department_id, status, published_at, interpretation_required, no_interpretation_reason, original_text, normalized_text, updated_at)
            VALUES (${`测试文件${key}`}, ${departmentId}, ${o.status}, ${o.publishedAt ?? null}, ${o.notRequired ? 0 : 1}, ${o.notRequired ?? null}, ${`${key} 正文`}, ${`${key} 正文`}, ${o.updatedAt ?? "2024-01-01T00:00:00.000Z"}) RETURNING id`,
      ).id;
      if (o.noPackage) return;
      const f = o.forms ?? {};
      // Only the columns the migration test's older schema (journal cut before 0006) has: drizzle's
      // insert would list every column of today's table.
      const sections = JSON.stringify(f.text === undefined ? {} : { background: f.text });
      const packagePublishedAt = o.packagePublishedAt === undefined ? (o.publishedAt ?? null) : o.packagePublishedAt;
      const inserted = tx.get<{ id: number }>(
        sql`INSERT INTO ${packages} (document_id, sections, published_at, round) VALUES (${doc[key]}, ${sections}, ${packagePublishedAt}, ${o.round ?? 0}) RETURNING id`,
      );
      const p = inserted.id;
      pkg[key] = p;
      for (let i = 0; i < (f.qa ?? 0); i++) tx.insert(qaItems).values({ packageId: p, position: i, question: `问${i}`, answer: `答${i}` }).run();
      for (let i = 0; i < (f.chart ?? 0); i++) tx.insert(charts).values({ packageId: p, position: i, type: "bar", title: `图${i}`, data: [{ label: "甲", value: 1 }] }).run();
      for (let i = 0; i < (f.graphic ?? 0); i++) tx.insert(graphics).values({ packageId: p, position: i, templateId: "yitu", templateVersion: 1, slots: {} }).run();
      for (let i = 0; i < (f.case ?? 0); i++) tx.insert(cases).values({ packageId: p, position: i, title: "案例", situation: "情形", explanation: "说明" }).run();
      for (const m of f.media ?? []) tx.insert(mediaRecords).values({ packageId: p, kind: m.kind, speakerIsHead: m.head ?? false }).run();
    };

    add("A1", d.A, { status: "published", publishedAt: "2024-03-04T02:00:00.000Z", forms: { text: "<p>起草背景</p>", qa: 3, chart: 1, media: [{ kind: "head_interview" }] } });
    add("A2", d.A, { status: "published", publishedAt: "2024-03-15T02:00:00.000Z", forms: { text: "背景" } });
    add("A3", d.A, { status: "published", publishedAt: "2024-06-10T02:00:00.000Z", packagePublishedAt: null, forms: { text: "未公开的解读", qa: 2 } });
    add("A4", d.A, { status: "published", publishedAt: "2024-06-20T02:00:00.000Z", notRequired: "内部管理事项，经负责人签批无需解读", noPackage: true });
    add("B1", d.B, { status: "published", publishedAt: "2024-01-31T17:00:00.000Z", forms: { qa: 4, media: [{ kind: "video" }, { kind: "briefing" }] } });
    add("B2", d.B, { status: "published", publishedAt: "2024-04-03T02:00:00Z", packagePublishedAt: "2024-04-10T01:00:00.000Z", forms: { text: "背景", graphic: 1, case: 2 } });
    add("B3", d.B, { status: "published", publishedAt: "2024-09-01T02:00:00.000Z", noPackage: true });
    add("C1", d.C, { status: "published", publishedAt: "2024-12-31T15:59:59.999Z", forms: { text: "背景", chart: 2, media: [{ kind: "press_conference", head: true }] } });
    add("C2", d.C, { status: "published", publishedAt: "2024-11-11T02:00:00.000Z", forms: { text: "\u3000\u3000 \n", qa: 3 } });
    add("C3", d.C, {
      status: "correcting",
      publishedAt: "2024-07-01T02:00:00.000Z",
      forms: { text: "背景", qa: 3, chart: 1, graphic: 1, case: 1, media: [{ kind: "video" }, { kind: "press_conference" }, { kind: "head_interview" }] },
    });
    add("X1", d.A, { status: "published", publishedAt: "2023-12-31T15:59:59.000Z", forms: { text: "背景" } });
    add("X2", d.C, { status: "published", publishedAt: "2024-12-31T16:00:00.000Z", forms: { text: "背景" } });
    add("X3", d.A, { status: "withdrawn", publishedAt: "2024-05-05T02:00:00.000Z", forms: { text: "背景" } });
    add("W1", d.A, { status: "in_review", round: 1, forms: { text: "背景" } });
    add("W2", d.B, { status: "awaiting_signoff", round: 2, forms: { text: "背景" } });
    add("W3", d.C, { status: "signed", round: 1, forms: { text: "背景" } });
    add("W4", d.A, { status: "submitted", round: 1, updatedAt: daysBefore(2), forms: { text: "背景" } });
    add("W5", d.B, { status: "drafting", forms: {} });

    const audit = (key: string, at: string, action: string, toState: string | null, details: Record<string, unknown> | null = null, byPackage = false) =>
      tx
        .insert(auditLog)
        .values({ at, actorId: u.drafter, documentId: byPackage ? null : doc[key], packageId: pkg[key] ?? null, action, toState, details })
        .run();
    audit("W1", daysBefore(40), "workflow.submit", "in_review");
    audit("W1", daysBefore(5), "workflow.submit", "in_review");
    audit("W2", daysBefore(20), "workflow.gates_passed", "awaiting_signoff");
    audit("W2", daysBefore(0.5), "workflow.gates_passed", "awaiting_signoff");
    audit("W3", daysBefore(16), "workflow.sign", "signed");
    // 审校 blocks (contract: action 'checks.blocked', details.rules)
    audit("W1", "2024-05-01T03:00:00.000Z", "checks.blocked", null, { rules: { "confusable-word": 2, "doc-number-format": 1 } });
    audit("A1", "2024-02-20T03:00:00.000Z", "checks.blocked", null, { rules: { "confusable-word": 1 } });
    audit("C1", "2024-10-10T03:00:00.000Z", "checks.blocked", null, { rules: ["personal-data", "personal-data"] }, true);
    audit("A2", "2023-06-01T03:00:00.000Z", "checks.blocked", null, { rules: { "confusable-word": 5 } });

    const review = (key: string, round: number, gate: "political" | "legal" | "secrecy" | "text", verdict: "pass" | "return") =>
      tx.insert(reviewRecords).values({ packageId: pkg[key], round, gate, reviewerId: u.reviewer, verdict }).run();
    review("W1", 0, "secrecy", "pass"); // an earlier round: does not count
    review("W1", 1, "political", "pass");
    review("W1", 1, "legal", "pass");
    review("W1", 1, "text", "return");

    tx.insert(settings).values({ key: "calendar.holidays", value: ["2024-04-04", "2024-04-05", "2024-04-06"] }).onConflictDoNothing().run();
    tx.insert(settings).values({ key: "calendar.workdays", value: ["2024-04-07"] }).onConflictDoNothing().run();
    tx.insert(settings).values({ key: "publish.maxLagWorkingDays", value: 3 }).onConflictDoNothing().run();
    return { dept: d, doc, pkg, users: u };
  });
}

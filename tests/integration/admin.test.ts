/**
 * The admin screens on a real SQLite file, through their loaders and actions: 审校 word lists
 * (CRUD, validation, duplicates, the rules the checks actually use), settings (round trip to
 * what their readers read, bad input saves nothing) and gate assignment; non-admins are refused
 * by the server.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { STARTER_WORD_RULES } from "~/domain/checks";
import { emptyPackageContent } from "~/domain/package/content";
import { createUserSession } from "~/models/auth.server";
import { dashboardSettings } from "~/features/dashboard/figures.server";
import { exportKeepJobs } from "~/features/export/retention.server";
import { writePackageContent } from "~/features/package/content.server";
import { overlapWarnShare, qaMinCount } from "~/features/package/package.server";
import { deleteWordRule, listWordRules, wordRulesInForce } from "~/features/checks/word-rules.server";
import { seedWordRules } from "~/seed/seed-workflow.server";
import { checkStoredPackage } from "~/features/checks/package-checks.server";
import { action as adminAction } from "~/routes/app.admin";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.admin_.settings";
import { action as wordsAction, loader as wordsLoader } from "~/routes/app.admin_.words";
import { type TestDb, createSeededTestDb } from "../helpers/db";

let t: TestDb;
let draftDoc: number;
let draftPkg: number;
let zfb: number;
let fgj: number;

beforeAll(async () => {
  t = await createSeededTestDb();
  const row = t.db.$client
    .prepare("select d.id as doc, p.id as pkg, d.department_id as dept from documents d join packages p on p.document_id = d.id where d.status = 'drafting' order by d.id limit 1")
    .get() as { doc: number; pkg: number; dept: number };
  [draftDoc, draftPkg, zfb] = [row.doc, row.pkg, row.dept];
  fgj = t.db.$client.prepare("select id from departments where code = 'fgj'").pluck().get() as number;
  expect(t.db.$client.prepare("select code from departments where id = ?").pluck().get(zfb)).toBe("zfb");
});
afterAll(() => t.cleanup());

const sql = <T>(query: string, ...params: unknown[]) => t.db.$client.prepare(query).all(...params) as T[];
const one = (query: string, ...params: unknown[]) => t.db.$client.prepare(query).pluck().get(...params);
const userId = (username: string) => one("select id from users where username = ?", username) as number;

async function cookieFor(username: string): Promise<string> {
  const res = await createUserSession(userId(username), "/app");
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

type Outcome = { status: number; data: unknown; location?: string | null; text?: string };

async function call(route: (args: ActionFunctionArgs & LoaderFunctionArgs) => Promise<unknown>, username: string, path: string, fields?: Record<string, string>): Promise<Outcome> {
  const init: RequestInit = { headers: { Cookie: await cookieFor(username) } };
  if (fields) Object.assign(init, { method: "POST", body: new URLSearchParams(fields) });
  const request = new Request(`http://x${path}`, init);
  try {
    const data = await route({ request, params: {}, context: {} });
    if (data instanceof Response) return { status: data.status, data: null, location: data.headers.get("Location") };
    return { status: 200, data };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null, location: e.headers.get("Location"), text: await e.text() };
    throw e;
  }
}

type Reply = { intent: string; result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
const reply = (o: Outcome) => o.data as Reply;
const errorsOf = (o: Outcome, field: string) => reply(o).result.error?.[field] ?? [];

const postWords = (fields: Record<string, string>, username = "admin") => call(wordsAction, username, "/app/admin/words", fields);
const rule = (patch: Record<string, string>) => ({ intent: "createWordRule", wrong: "", right: "", followedBy: "", severity: "error", note: "", departmentId: "", ...patch });
const ruleId = (wrong: string) => one("select id from word_rules where wrong = ?", wrong) as number | undefined;
const ruleCount = () => one("select count(*) from word_rules") as number;
const auditCount = (action: string) => one("select count(*) from audit_log where action = ?", action) as number;

function setDraftText(answer: string) {
  t.db.transaction((tx) => writePackageContent(tx, draftPkg, { ...emptyPackageContent(), qa: [{ question: "这份文件要求做什么？", answer, clauseRefs: [] }] }));
}
const wordFindings = () => (checkStoredPackage(t.db, draftDoc)?.findings ?? []).filter((f) => f.rule === "word.confusable");

describe("only administrators", () => {
  it("get 403 from every admin loader and action, and a refused post saves nothing", async () => {
    for (const username of ["drafter", "reviewer", "head", "publisher"]) {
      expect((await call(wordsLoader, username, "/app/admin/words")).status).toBe(403);
      expect((await call(settingsLoader, username, "/app/admin/settings")).status).toBe(403);
    }
    const before = ruleCount();
    const refused = await postWords(rule({ wrong: "越权词", right: "越权字" }), "drafter");
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("只有管理员");
    expect(ruleCount()).toBe(before);
    const settingsBefore = sql("select key, value from settings order by key");
    const refusedSettings = await call(settingsAction, "head", "/app/admin/settings", { intent: "packageSettings", qaMinCount: "9", warnSharePercent: "40" });
    expect(refusedSettings.status).toBe(403);
    expect(sql("select key, value from settings order by key")).toEqual(settingsBefore);
    expect((await call(adminAction, "publisher", "/app/admin", { intent: "createDepartment", name: "越权单位", code: "yq", kind: "drafting" })).status).toBe(403);
    expect(one("select count(*) from departments where code = 'yq'")).toBe(0);
  });

  it("an admin sees the stored word lists, starter list included", async () => {
    const page = await call(wordsLoader, "admin", "/app/admin/words");
    expect(page.status).toBe(200);
    const wrongs = (page.data as { rules: { wrong: string }[] }).rules.map((r) => r.wrong);
    expect(wrongs).toEqual(expect.arrayContaining(["法制政府", "行政权利", "截止"]));
    expect(wrongs.length).toBe(ruleCount());
  });
});

describe("word rules take effect in 审校", () => {
  it("an added global rule produces a finding; editing changes it; deleting it removes the finding; each step is audited", async () => {
    setDraftText("各部门要坚持依法行证，推进法制政府建设。");
    expect(wordFindings().map((f) => f.excerpt)).toEqual(["法制政府"]);

    const created = await postWords(rule({ wrong: "依法行证", right: "依法行政", note: "错别字" }));
    expect(created.status).toBe(302);
    expect(created.location).toBe(`/app/admin/words?done=created&rule=${ruleId("依法行证")}`);
    const id = ruleId("依法行证");
    expect(id).toBeGreaterThan(0);
    const found = wordFindings().find((f) => f.excerpt === "依法行证");
    expect(found?.message).toBe("“依法行证”应为“依法行政”（错别字）。请改正。");
    expect(found?.severity).toBe("error");
    expect(auditCount("admin.word_rule_created")).toBe(1);

    const listed = await call(wordsLoader, "admin", `/app/admin/words?done=created&rule=${id}`);
    expect((listed.data as { done: string }).done).toBe("已新增规则“依法行证”→“依法行政”，之后的审校立即按新词表检查。");
    expect((listed.data as { rules: { wrong: string }[] }).rules.some((r) => r.wrong === "依法行证")).toBe(true);

    const edit = await call(wordsLoader, "admin", `/app/admin/words?edit=${id}`);
    expect((edit.data as { editing: { right: string } }).editing.right).toBe("依法行政");
    const updated = await postWords({ ...rule({ wrong: "依法行证", right: "依法行政", severity: "warning" }), intent: "updateWordRule", ruleId: String(id) });
    expect(updated.status).toBe(302);
    expect(wordFindings().find((f) => f.excerpt === "依法行证")?.severity).toBe("warning");
    expect(auditCount("admin.word_rule_updated")).toBe(1);

    const deleted = await postWords({ intent: "deleteWordRule", ruleId: String(id) });
    expect(deleted.status).toBe(302);
    expect(ruleId("依法行证")).toBeUndefined();
    expect(wordFindings().map((f) => f.excerpt)).toEqual(["法制政府"]);
    const audit = sql<{ details: string; actor_id: number }>("select details, actor_id from audit_log where action = 'admin.word_rule_deleted'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ ruleId: id, wrong: "依法行证", right: "依法行政" });
    expect(audit[0].actor_id).toBe(userId("admin"));

    const again = await postWords({ intent: "deleteWordRule", ruleId: String(id) });
    expect(errorsOf(again, "")).toEqual(["这条规则已不存在（可能已被删除），请刷新页面。"]);

    // no confirmation dialog: the page after a delete offers to add the rule back as it was
    const afterDelete = (await call(wordsLoader, "admin", deleted.location ?? "")).data as { undo: Record<string, string> };
    expect(afterDelete.undo).toEqual({ wrong: "依法行证", right: "依法行政", followedBy: "", severity: "warning", note: "", departmentId: "" });
    expect((await postWords({ intent: "createWordRule", ...afterDelete.undo })).status).toBe(302);
    expect(wordFindings().find((f) => f.excerpt === "依法行证")?.severity).toBe("warning");
    await postWords({ intent: "deleteWordRule", ruleId: String(ruleId("依法行证")) });
    expect(wordFindings().map((f) => f.excerpt)).toEqual(["法制政府"]);
  });

  it("a department's rule checks that department's packages only", async () => {
    setDraftText("本单位将统筹推进专项整治工做。");
    await postWords(rule({ wrong: "整治工做", right: "整治工作", departmentId: String(fgj) }));
    expect(wordFindings().some((f) => f.excerpt === "整治工做")).toBe(false);
    expect(wordRulesInForce(t.db, fgj).some((r) => r.wrong === "整治工做")).toBe(true);

    // the same wrong form for another department is no duplicate
    const own = await postWords(rule({ wrong: "整治工做", right: "整治工作", departmentId: String(zfb) }));
    expect(own.status).toBe(302);
    expect(wordFindings().some((f) => f.excerpt === "整治工做")).toBe(true);
  });

  it("a context rule fires only when its context follows", async () => {
    await postWords(rule({ wrong: "启用时间截止", right: "启用时间截至", followedBy: "\\s*\\d{4}\\s*年" }));
    setDraftText("启用时间截止 2025 年底；启用时间截止日期另行通知。");
    expect(wordFindings().filter((f) => f.excerpt === "启用时间截止")).toHaveLength(1);
  });
});

describe("word rule validation", () => {
  it("refuses empty, identical and over-long forms with Chinese messages, keeping what was typed", async () => {
    const before = ruleCount();
    const empty = await postWords(rule({ wrong: "  ", right: "" }));
    expect(errorsOf(empty, "wrong")).toEqual(["请填写错误写法"]);
    expect(errorsOf(empty, "right")).toEqual(["请填写正确写法"]);
    const same = await postWords(rule({ wrong: "行政权力", right: "行政权力", note: "保留我" }));
    expect(errorsOf(same, "right")).toEqual(["正确写法与错误写法相同，请修改其中之一。"]);
    expect(reply(same).result.initialValue).toMatchObject({ wrong: "行政权力", right: "行政权力", note: "保留我" });
    const long = await postWords(rule({ wrong: "长".repeat(31), right: "短" }));
    expect(errorsOf(long, "wrong")[0]).toContain("不超过 30 个字符");
    expect(ruleCount()).toBe(before);
  });

  it("refuses a context that is not a regular expression, escapes the lookahead, nests quantifiers, is too long, or runs away", async () => {
    const before = ruleCount();
    const cases: [string, string][] = [
      ["(\\d{4}", "有未闭合的圆括号"],
      ["[年月", "有未闭合的方括号"],
      ["*年", "量词（* + ? {n}）前面没有可重复的内容"],
      ["x)|(y", "多了一个右圆括号"],
      ["(\\d+)+年", "嵌套重复"],
      ["(?:[0-9]*\\s?)*年", "嵌套重复"],
      [`\\d${"\\s?".repeat(150)}`, "不超过 300 个字符"],
    ];
    for (const [followedBy, message] of cases) {
      const out = await postWords(rule({ wrong: "测试词", right: "测试字", followedBy }));
      expect(out.status, followedBy).toBe(200);
      expect(errorsOf(out, "followedBy").join(""), followedBy).toContain(message);
      expect(reply(out).result.initialValue?.followedBy, followedBy).toBe(followedBy);
    }
    // overlapping alternatives are not nested quantifiers, but backtrack exponentially: the timed probe refuses them
    const started = Date.now();
    const slow = await postWords(rule({ wrong: "测试词", right: "测试字", followedBy: "(?:1|11)+$" }));
    expect(errorsOf(slow, "followedBy").join("")).toContain("运行过慢");
    expect(reply(slow).result.initialValue?.followedBy).toBe("(?:1|11)+$");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ruleCount()).toBe(before);
    expect(ruleId("测试词")).toBeUndefined();
  });

  it("the starter 截止→截至 context passes its own validation, so it can be edited and saved unchanged", async () => {
    const starter = sql<{ id: number; followed_by: string; note: string }>("select id, followed_by, note from word_rules where wrong = '截止' and department_id is null")[0];
    const out = await postWords({ ...rule({ wrong: "截止", right: "截至", followedBy: starter.followed_by, note: starter.note }), intent: "updateWordRule", ruleId: String(starter.id) });
    expect(out.status).toBe(302);
  });

  it("refuses duplicates whose scopes meet, naming the list that has it", async () => {
    const before = ruleCount();
    const globalDup = await postWords(rule({ wrong: "法制政府", right: "法治政府" }));
    expect(errorsOf(globalDup, "wrong")).toEqual(["全局词表中已有“法制政府”的规则，请直接修改那一条，不要重复添加。"]);
    const deptDup = await postWords(rule({ wrong: "法制政府", right: "法治政府", departmentId: String(fgj) }));
    expect(errorsOf(deptDup, "wrong")[0]).toContain("全局词表中已有“法制政府”");
    // a global rule would double the department's own
    const overDept = await postWords(rule({ wrong: "整治工做", right: "整治工作" }));
    expect(errorsOf(overDept, "wrong")[0]).toMatch(/“区(发展和改革局|政府办公室)”的词表中已有“整治工做”/);
    // the same wrong form with a different context is a different rule
    expect((await postWords(rule({ wrong: "法制政府", right: "法治政府", followedBy: "建设" }))).status).toBe(302);
    expect(ruleCount()).toBe(before + 1);
    // renaming an existing rule onto another one is refused too
    const id = ruleId("贯切落实");
    const rename = await postWords({ ...rule({ wrong: "布署", right: "部署" }), intent: "updateWordRule", ruleId: String(id) });
    expect(errorsOf(rename, "wrong")[0]).toContain("已有“布署”");
    expect(one("select wrong from word_rules where id = ?", id)).toBe("贯切落实");
  });

  it("an unknown department or rule id is refused without a crash", async () => {
    const bad = await postWords(rule({ wrong: "无主词", right: "无主字", departmentId: "99999" }));
    expect(errorsOf(bad, "departmentId")[0]).toContain("所选单位不存在");
    const gone = await postWords({ ...rule({ wrong: "无主词", right: "无主字" }), intent: "updateWordRule", ruleId: "99999" });
    expect(errorsOf(gone, "")[0]).toContain("已不存在");
    expect((await call(wordsLoader, "admin", "/app/admin/words?edit=99999")).data).toMatchObject({ editing: null, editMissing: true });
    expect(ruleId("无主词")).toBeUndefined();
  });
});

describe("the starter list and an emptied list", () => {
  it("a fresh install checks with the starter list, stores it on the admin's first look, and an emptied list stays empty", () => {
    const base = process.env.JIEDU_TEST_BASE_DB ?? "";
    const dir = mkdtempSync(join(tmpdir(), "jiedu-admin-fresh-"));
    copyFileSync(base, join(dir, "fresh.db"));
    const fresh = openDatabase(join(dir, "fresh.db"));
    try {
      fresh.$client.prepare("insert into departments (name, code, kind) values ('测试单位', 'cs', 'drafting')").run();
      const dept = fresh.$client.prepare("select id from departments").pluck().get() as number;
      fresh.$client.prepare("insert into users (username, display_name, role, department_id, password_hash) values ('root', '管理员', 'admin', ?, 'x')").run(dept);
      const admin = fresh.$client.prepare("select id from users").pluck().get() as number;
      expect(wordRulesInForce(fresh, dept)).toBe(STARTER_WORD_RULES);
      const stored = listWordRules(admin, fresh);
      expect(stored.map((r) => r.wrong)).toEqual(STARTER_WORD_RULES.map((r) => r.wrong));
      expect(wordRulesInForce(fresh, dept).map((r) => r.wrong)).toEqual(STARTER_WORD_RULES.map((r) => r.wrong));
      for (const r of stored) deleteWordRule(r.id, admin, fresh);
      expect(wordRulesInForce(fresh, dept)).toEqual([]);
      expect(listWordRules(admin, fresh)).toEqual([]);
      // running the seed again (npm start on an existing database) does not bring the starter list back
      expect(seedWordRules(fresh)).toBe(0);
      expect(wordRulesInForce(fresh, dept)).toEqual([]);
      expect(fresh.$client.prepare("select count(*) from audit_log where action = 'admin.word_rules_initialized'").pluck().get()).toBe(1);
    } finally {
      fresh.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("settings", () => {
  const calendar = (patch: Record<string, string>) => ({ intent: "calendarSettings", holidays: "", workdays: "", maxLagWorkingDays: "3", ...patch });
  const postSettings = (fields: Record<string, string>) => call(settingsAction, "admin", "/app/admin/settings", fields);
  const snapshot = () => sql("select key, value from settings order by key");

  it("the calendar round-trips in the shape the dashboard reads, and the page shows it as typed", async () => {
    const holidays = "2024-10-01 至 2024-10-07\n2025-01-01";
    const saved = await postSettings(calendar({ holidays: `${holidays}\n\n2024/10/3\n`, workdays: "2024-09-29\n2024-10-12", maxLagWorkingDays: "5" }));
    expect(saved.status).toBe(302);
    expect(JSON.parse(one("select value from settings where key = 'calendar.holidays'") as string)).toEqual([
      "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07", "2025-01-01",
    ]);
    const read = dashboardSettings(t.db);
    expect(read.maxLagWorkingDays).toBe(5);
    expect(read.calendar.holidays.has("2024-10-04")).toBe(true);
    expect([...read.calendar.workdays]).toEqual(["2024-09-29", "2024-10-12"]);
    const page = (await call(settingsLoader, "admin", "/app/admin/settings?done=calendar")).data as Record<string, unknown>;
    expect(page).toMatchObject({ holidays, workdays: "2024-09-29\n2024-10-12", maxLagWorkingDays: 5, holidayCount: 8, workdayCount: 2 });
    expect(page.done).toContain("已保存");
    const audit = sql<{ details: string }>("select details from audit_log where action = 'admin.settings_changed' order by id desc limit 1")[0];
    expect(JSON.parse(audit.details)).toMatchObject({ group: "calendar", changes: { "publish.maxLagWorkingDays": { from: 3, to: 5 } } });

    // saving the page unchanged writes the same lists and no audit row
    const audits = auditCount("admin.settings_changed");
    expect((await postSettings(calendar({ holidays, workdays: "2024-09-29\n2024-10-12", maxLagWorkingDays: "5" }))).status).toBe(302);
    expect(auditCount("admin.settings_changed")).toBe(audits);
  });

  it("a bad calendar line is named, and nothing is saved", async () => {
    const before = snapshot();
    const bad = await postSettings(calendar({ holidays: "2025-01-01\n\n2025-13-01\n2025-02-30 至 2025-03-02\n国庆节", maxLagWorkingDays: "2" }));
    expect(bad.status).toBe(200);
    const errors = errorsOf(bad, "holidays");
    expect(errors[0]).toBe("节假日第 3 行“2025-13-01”不是有效日期，请按 2024-10-01 或 2024-10-01 至 2024-10-07 的格式填写（年份 2000–2100）。");
    expect(errors[1]).toContain("第 4 行");
    expect(errors[2]).toContain("第 5 行“国庆节”");
    expect(reply(bad).result.initialValue?.holidays).toContain("2025-13-01");
    const reversed = await postSettings(calendar({ holidays: "2025-10-08 至 2025-10-01" }));
    expect(errorsOf(reversed, "holidays")[0]).toContain("结束日期早于开始日期");
    const weekday = await postSettings(calendar({ workdays: "2024-10-08" }));
    expect(errorsOf(weekday, "workdays")[0]).toBe("2024-10-08（星期二）本来就是工作日；调休上班日只填需要上班的周六、周日。");
    const both = await postSettings(calendar({ holidays: "2024-10-05", workdays: "2024-10-05" }));
    expect(errorsOf(both, "workdays")[0]).toContain("同时列在节假日和调休上班日中");
    const lag = await postSettings(calendar({ maxLagWorkingDays: "61" }));
    expect(errorsOf(lag, "maxLagWorkingDays")[0]).toContain("0–60");
    expect(snapshot()).toEqual(before);
  });

  it("保留最近导出次数 round-trips to what the export retention reads, with an audit row; bad numbers save nothing", async () => {
    const form = (keep: string) => ({ intent: "packageSettings", qaMinCount: "3", warnSharePercent: "50", exportKeepJobs: keep });
    // nothing stored: the page shows the retention's default
    expect(one("select count(*) from settings where key = 'export.keepJobs'")).toBe(0);
    expect((await call(settingsLoader, "admin", "/app/admin/settings")).data).toMatchObject({ exportKeepJobs: exportKeepJobs(t.db) });
    expect(exportKeepJobs(t.db)).toBe(3);

    expect((await postSettings(form("7"))).status).toBe(302);
    expect(exportKeepJobs(t.db)).toBe(7);
    expect((await call(settingsLoader, "admin", "/app/admin/settings?done=package")).data).toMatchObject({ exportKeepJobs: 7 });
    const audit = sql<{ details: string }>("select details from audit_log where action = 'admin.settings_changed' order by id desc limit 1")[0];
    expect(JSON.parse(audit.details)).toMatchObject({ group: "package", changes: { "export.keepJobs": { from: null, to: 7 } } });
    expect((await postSettings(form("50"))).status).toBe(302);
    expect(exportKeepJobs(t.db)).toBe(50);

    const before = snapshot();
    const audits = auditCount("admin.settings_changed");
    for (const bad of ["0", "51", "2.5", "三", ""]) {
      const outcome = await postSettings(form(bad));
      expect(outcome.status, bad).toBe(200);
      expect(errorsOf(outcome, "exportKeepJobs")[0], bad).toMatch(bad === "" ? /^请填写保留最近导出次数/ : /^保留最近导出次数(在 1–50 之间|应为整数)/);
      if (bad) expect(reply(outcome).result.initialValue?.exportKeepJobs).toBe(bad);
    }
    expect(snapshot()).toEqual(before);
    expect(auditCount("admin.settings_changed")).toBe(audits);
    expect(exportKeepJobs(t.db)).toBe(50);
  });

  it("简明问答 minimum and 摘抄 share round-trip to what the package editor reads; bad numbers save nothing", async () => {
    const keep = String(exportKeepJobs(t.db));
    expect(qaMinCount(t.db)).toBe(3);
    expect((await postSettings({ intent: "packageSettings", qaMinCount: "4", warnSharePercent: "60", exportKeepJobs: keep })).status).toBe(302);
    expect(qaMinCount(t.db)).toBe(4);
    expect(overlapWarnShare(t.db)).toBe(0.6);
    expect((await call(settingsLoader, "admin", "/app/admin/settings")).data).toMatchObject({ qaMinCount: 4, warnSharePercent: 60 });
    const before = snapshot();
    const bad = await postSettings({ intent: "packageSettings", qaMinCount: "abc", warnSharePercent: "120", exportKeepJobs: keep });
    expect(errorsOf(bad, "qaMinCount")[0]).toContain("简明问答最少条数");
    expect(errorsOf(bad, "warnSharePercent")[0]).toContain("10%–95%");
    expect(reply(bad).result.initialValue).toMatchObject({ qaMinCount: "abc", warnSharePercent: "120" });
    expect(snapshot()).toEqual(before);
  });
});

describe("gate assignment", () => {
  it("accepts only an active reviewer", async () => {
    const post = (reviewerId: number) =>
      call(adminAction, "admin", "/app/admin", { intent: "assignGate", departmentId: String(fgj), gate: "legal", reviewerId: String(reviewerId) });
    const current = () => one("select reviewer_id from gate_assignments where department_id = ? and gate = 'legal'", fgj);
    const was = current();
    expect(errorsOf(await post(userId("drafter")), "")).toEqual(["只能指定角色为审核人的用户。"]);
    expect(current()).toBe(was);
    t.db.$client.prepare("insert into users (username, display_name, role, department_id, password_hash, active) values ('reviewer-off', '钱停用', 'reviewer', ?, 'x', 0)").run(fgj);
    expect(errorsOf(await post(userId("reviewer-off")), "")[0]).toContain("已停用");
    expect(current()).toBe(was);
    t.db.$client.prepare("insert into users (username, display_name, role, department_id, password_hash) values ('reviewer-two', '孙审核', 'reviewer', ?, 'x')").run(fgj);
    const ok = await post(userId("reviewer-two"));
    expect((ok.data as { done: string }).done).toBe("已保存审核分工。");
    expect(current()).toBe(userId("reviewer-two"));
    expect(one("select count(*) from gate_assignments where department_id = ? and gate = 'legal'", fgj)).toBe(1);
  });
});

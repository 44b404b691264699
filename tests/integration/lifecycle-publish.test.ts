/**
 * A follow-up interpretation through the real workflow to publish, and a repeal, seen over HTTP on
 * the public pages (production build, real SQLite file shared with the server).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, exportJobs, followUps, packages } from "~/db/schema";
import { yearPeriod } from "~/domain/dashboard/period";
import { followUpsPublishedIn } from "~/features/lifecycle/follow-ups.server";
import { changeValidity } from "~/features/lifecycle/validity.server";
import { writePackageContent } from "~/features/package/content.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { completeContent } from "../helpers/complete-package";
import { type TestDb, createSeededTestDb, userNamed } from "../helpers/db";
import { insertDocument, passAllGates, publish, sign, submit, throughPublish } from "../helpers/lifecycle";
import { type RunningServer, startServer } from "../helpers/server";

let t: TestDb;
let server: RunningServer;
let xihaian: number;
const MARK = "跟踪解读专用标记：实施一年来新区累计公开政策文件";

beforeAll(async () => {
  t = await createSeededTestDb();
  const d = t.db.select({ id: documents.id }).from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  if (!d) throw new Error("no 西海岸");
  xihaian = d.id;
  server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: "lifecycle-secret-0123456789", JIEDU_EXPORT_WORKER: "0", EXPORTS_DIR: `${t.dir}/exports` });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  t?.cleanup();
});

const page = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
  return { status: res.status, body: await res.text() };
};
const pkg = () => {
  const p = t.db.select().from(packages).where(eq(packages.documentId, xihaian)).get();
  if (!p) throw new Error("no package");
  return p;
};
const doc = () => {
  const r = t.db.select().from(documents).where(eq(documents.id, xihaian)).get();
  if (!r) throw new Error("no document");
  return r;
};
const background = (snapshot: unknown) =>
  typeof snapshot === "object" && snapshot !== null && "sections" in snapshot && typeof snapshot.sections === "object" && snapshot.sections !== null && "background" in snapshot.sections
    ? String(snapshot.sections.background)
    : "";

describe("a follow-up interpretation (跟踪解读) through review and publish", () => {
  it("is opened by the drafter, reviewed and signed like a correction, and published beside the first interpretation", async () => {
    const firstPublishedAt = doc().publishedAt;
    const firstSnapshot = pkg().publishedSnapshot;
    const jobsBefore = t.db.select().from(exportJobs).where(eq(exportJobs.packageId, pkg().id)).all().length;

    const refused = applyWorkflowAction(userNamed(t, "drafter"), xihaian, { type: "followUp", kind: "tracking", title: " ", reason: "" }, { db: t.db });
    expect(refused).toEqual({ ok: false, reason: "请填写这次解读的标题，例如“实施一年来的情况”。" });
    const opened = applyWorkflowAction(userNamed(t, "drafter"), xihaian, { type: "followUp", kind: "tracking", title: "实施一年来的情况", reason: "政策实施满一年" }, { db: t.db });
    expect(opened).toEqual({ ok: true, status: "correcting" });

    t.db.transaction((tx) => writePackageContent(tx, pkg().id, completeContent({ sections: { background: `<p>${MARK}。</p>` } })));
    submit(t, xihaian, "drafter");
    passAllGates(t, xihaian);
    sign(t, xihaian, "head");
    // while not yet published, the public sees no follow-up
    expect((await page(`/jiedu/${xihaian}/xu/1`)).status).toBe(404);
    publish(t, xihaian);

    expect(t.db.select({ seq: followUps.seq, status: followUps.status, kind: followUps.kind }).from(followUps).where(eq(followUps.documentId, xihaian)).all()).toEqual([
      { seq: 1, status: "published", kind: "tracking" },
    ]);
    // the first interpretation, its publication instant and its export stay as they were
    expect(doc().status).toBe("published");
    expect(doc().publishedAt).toBe(firstPublishedAt);
    expect(pkg().publishedSnapshot).toEqual(firstSnapshot);
    expect(t.db.select().from(exportJobs).where(eq(exportJobs.packageId, pkg().id)).all()).toHaveLength(jobsBefore);
    // counted by the dashboard in its year
    const year = Number(new Date().toISOString().slice(0, 4));
    expect(followUpsPublishedIn(yearPeriod(year), t.db)).toBe(1);
    expect(followUpsPublishedIn(yearPeriod(2020), t.db)).toBe(0);
  });

  it("the public document page lists it after the first interpretation; its own page shows it; the first page is unchanged", async () => {
    const zhengce = await page(`/zhengce/${xihaian}`);
    expect(zhengce.status).toBe(200);
    const first = zhengce.body.indexOf(`href="/jiedu/${xihaian}"`);
    const followUp = zhengce.body.indexOf(`href="/jiedu/${xihaian}/xu/1"`);
    expect(first).toBeGreaterThan(0);
    expect(followUp).toBeGreaterThan(first);
    expect(zhengce.body).toContain("跟踪解读：实施一年来的情况");

    const xu = await page(`/jiedu/${xihaian}/xu/1`);
    expect(xu.status).toBe(200);
    expect(xu.body).toContain(MARK);
    expect(xu.body).toContain("跟踪解读：实施一年来的情况");
    expect(xu.body).toContain(`href="/zhengce/${xihaian}"`);

    const jiedu = await page(`/jiedu/${xihaian}`);
    expect(jiedu.status).toBe(200);
    expect(jiedu.body).not.toContain(MARK);
    expect(jiedu.body).toContain(`href="/jiedu/${xihaian}/xu/1"`);
    expect((await page(`/jiedu/${xihaian}/xu/2`)).status).toBe(404);
  });

  it("a correction after it corrects the follow-up, not the first interpretation", async () => {
    const firstSnapshot = pkg().publishedSnapshot;
    expect(applyWorkflowAction(userNamed(t, "drafter"), xihaian, { type: "correct", reason: "跟踪解读数字有误" }, { db: t.db }).ok).toBe(true);
    t.db.transaction((tx) => writePackageContent(tx, pkg().id, completeContent({ sections: { background: `<p>${MARK}（已更正）。</p>` } })));
    throughPublish(t, xihaian, "drafter", "head");
    const row = t.db.select({ snapshot: followUps.snapshot }).from(followUps).where(eq(followUps.documentId, xihaian)).get();
    expect(background(row?.snapshot)).toContain("（已更正）");
    expect(pkg().publishedSnapshot).toEqual(firstSnapshot);
    expect(background(firstSnapshot)).not.toContain(MARK);
    expect((await page(`/jiedu/${xihaian}/xu/1`)).body).toContain("（已更正）");
  });
});

describe("a repealed document (废止)", () => {
  let replacement: number;
  beforeAll(() => {
    replacement = insertDocument(t, "zfb", "2021-03-01", "2021年青岛西海岸新区政务公开工作要点");
    throughPublish(t, replacement, "drafter", "head");
  });

  it("refuses an unknown replacing document and keeps the validity", () => {
    const r = changeValidity(userNamed(t, "drafter"), xihaian, { validity: "repealed", replacedByIndexNo: "zfb/2099-99999" }, t.db);
    expect(r).toEqual({ ok: false, reason: "没有索引号为“zfb/2099-99999”的文件，请核对替代文件的索引号。" });
    expect(doc().validity).toBe("valid");
    expect(changeValidity(userNamed(t, "drafter2"), xihaian, { validity: "repealed" }, t.db)).toEqual({ ok: false, reason: "只能处理本单位的文件。" });
  });

  it("shows it prominently on the document page, the interpretation page and the follow-up, linking the replacing document; the 有效性 facet and search follow", async () => {
    const indexNo = t.db.select({ indexNo: documents.indexNo }).from(documents).where(eq(documents.id, replacement)).get()?.indexNo ?? "";
    expect(changeValidity(userNamed(t, "drafter"), xihaian, { validity: "repealed", replacedByIndexNo: indexNo, note: "依据新区2021年政务公开工作要点废止" }, t.db)).toEqual({ ok: true });

    for (const path of [`/zhengce/${xihaian}`, `/jiedu/${xihaian}`, `/jiedu/${xihaian}/xu/1`]) {
      const { status, body } = await page(path);
      expect(status, path).toBe(200);
      expect(body, path).toContain("本文件已废止");
      expect(body, path).toContain(`href="/zhengce/${replacement}" data-testid="replacement-link"`);
      expect(body, path).toContain("《2021年青岛西海岸新区政务公开工作要点》");
      // the notice comes before the text it qualifies
      expect(body.indexOf("本文件已废止"), path).toBeLessThan(body.indexOf("<h2"));
    }
    expect((await page(`/jiedu/${xihaian}`)).body).toContain("本解读仅供了解原政策，不再作为办事依据");
    const repealed = await page("/zhengce?validity=repealed");
    expect(repealed.body).toContain(`/zhengce/${xihaian}"`);
    expect(repealed.body).not.toContain(`/zhengce/${replacement}"`);
    const valid = await page("/zhengce?validity=valid");
    expect(valid.body).not.toContain(`/zhengce/${xihaian}"`);
    const search = await page("/zhengce?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&validity=repealed");
    expect(search.body).toContain(`/zhengce/${xihaian}"`);
  });

  it("puts the repealed document with a live interpretation on the office's 待办", async () => {
    const { todoPage } = await import("~/features/lifecycle/todo.server");
    const office = todoPage(userNamed(t, "admin"), { db: t.db }).office;
    expect(office?.expired.map((e) => [e.documentId, e.validity])).toEqual([[xihaian, "repealed"]]);
  });
});

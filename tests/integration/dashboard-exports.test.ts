import { publishedDocumentOf } from "~/domain/public/document-snapshot";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, exportFiles, exportJobs, packages } from "~/db/schema";
import { createUserSession } from "~/models/auth.server";
import { loadPackageContent } from "~/features/package/content.server";
import { EVIDENCE_FILES } from "~/features/dashboard/evidence.server";
import { loader as dashboardLoader } from "~/routes/app.dashboard";
import { loader as drilldownLoader } from "~/routes/app.dashboard_.$departmentId";
import { loader as csvLoader } from "~/routes/app.dashboard.export[.csv]";
import { loader as xlsxLoader } from "~/routes/app.dashboard.export[.xlsx]";
import { loader as evidenceLoader } from "~/routes/app.documents.$id.evidence";
import { createTestDb, type TestDb } from "../helpers/db";
import { type Scenario, seedDashboardScenario } from "./dashboard-scenario";

// The image pack lives under EXPORTS_DIR (read lazily by getConfig on first use).
const exportsDir = mkdtempSync(join(tmpdir(), "jiedu-dashboard-exports-"));
process.env.EXPORTS_DIR = exportsDir;

let t: TestDb;
let s: Scenario;
beforeAll(() => {
  t = createTestDb();
  s = seedDashboardScenario(t.db);
});
afterAll(() => {
  t.cleanup();
  rmSync(exportsDir, { recursive: true, force: true });
});

async function cookieFor(userId: number): Promise<string> {
  const res = await createUserSession(userId, "/app");
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** Calls a loader and returns what the client would get: a Response, thrown or returned, or data with a status. */
async function call(loader: Loader, path: string, userId: number | null, params: Record<string, string> = {}): Promise<{ status: number; body: unknown; response: Response | null }> {
  const headers = new Headers();
  if (userId !== null) headers.set("Cookie", await cookieFor(userId));
  const request = new Request(`http://x${path}`, { headers });
  try {
    const result = await loader({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, body: null, response: result };
    if (typeof result === "object" && result !== null && "type" in result && result.type === "DataWithResponseInit" && "init" in result && "data" in result) {
      const init = result.init;
      const status = typeof init === "object" && init !== null && "status" in init && typeof init.status === "number" ? init.status : 200;
      return { status, body: result.data, response: null };
    }
    return { status: 200, body: result, response: null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: await e.clone().text(), response: e };
    throw e;
  }
}

const YEAR = "?period=year&year=2024";

describe("who sees the dashboard", () => {
  it("admins and the 政务公开 office: 200; every other role: 403 with a Chinese reason; signed out: redirect", async () => {
    for (const who of ["admin", "office"] as const) {
      expect((await call(dashboardLoader, `/app/dashboard${YEAR}`, s.users[who])).status, who).toBe(200);
      expect((await call(xlsxLoader, `/app/dashboard/export.xlsx${YEAR}`, s.users[who])).status, who).toBe(200);
      expect((await call(csvLoader, `/app/dashboard/export.csv${YEAR}`, s.users[who])).status, who).toBe(200);
      expect((await call(drilldownLoader, `/app/dashboard/${s.dept.A}${YEAR}`, s.users[who], { departmentId: String(s.dept.A) })).status, who).toBe(200);
    }
    for (const who of ["drafter", "reviewer", "head", "publisher"] as const) {
      for (const [loader, path, params] of [
        [dashboardLoader, `/app/dashboard${YEAR}`, {}],
        [xlsxLoader, `/app/dashboard/export.xlsx${YEAR}`, {}],
        [csvLoader, `/app/dashboard/export.csv${YEAR}`, {}],
        [drilldownLoader, `/app/dashboard/${s.dept.A}${YEAR}`, { departmentId: String(s.dept.A) }],
      ] as const) {
        const r = await call(loader, path, s.users[who], params);
        expect(r.status, `${who} ${path}`).toBe(403);
        expect(r.body).toBe("只有管理员或政务公开办可以查看考核统计。");
      }
    }
    const anonymous = await call(dashboardLoader, `/app/dashboard${YEAR}`, null);
    expect(anonymous.status).toBe(302);
  });
});

describe("the dashboard page data", () => {
  it("carries the hand-computed figures, tables and charts", async () => {
    const r = await call(dashboardLoader, `/app/dashboard${YEAR}`, s.users.office);
    const body = JSON.parse(JSON.stringify(r.body));
    expect(body.error).toBeNull();
    expect(body.result.period.label).toBe("2024年");
    const total = body.result.figures.total;
    expect([total.published, total.notRequired, total.required, total.interpreted, total.synced, total.lagged]).toEqual([10, 1, 9, 7, 6, 1]);
    expect([total.interpretationRate, total.syncRate, total.lag.maxWorkingDays]).toEqual([0.7778, 0.8571, 4]);
    const table = body.result.view.departmentTable;
    expect(table.rows.map((row: unknown[]) => row.slice(0, 6))).toEqual([
      ["甲局", 4, 1, 3, 2, 1],
      ["乙局", 3, 0, 3, 2, 1],
      ["丙局", 3, 0, 3, 3, 0],
      ["合计", 10, 1, 9, 7, 2],
    ]);
    expect(body.result.view.departmentLinks[0]).toBe(`/app/dashboard/${s.dept.A}?period=year&year=2024`);
    for (const chart of ["heatmap", "rates", "waiting"]) {
      expect(body.result.view.charts[chart].spec.data.values.length, chart).toBeGreaterThan(0);
      expect(body.result.view.charts[chart].table.rows.length, chart).toBeGreaterThan(0);
    }
  });

  it("bad period parameters: 400 with a Chinese message, never a 500", async () => {
    for (const [query, message] of [
      ["?period=custom&from=2024-05-01&to=2024-04-01", "结束日期早于开始日期，请调整统计范围。"],
      ["?period=month&year=2024&month=13", "月份应为 1–12。"],
      ["?period=decade", "统计周期只能是：年度、季度、月度或自定义。"],
      ["?period=year&year=abc", "年份应为 2000–2100 之间的四位数字。"],
    ]) {
      const page = await call(dashboardLoader, `/app/dashboard${query}`, s.users.admin);
      expect(page.status, query).toBe(400);
      expect(JSON.parse(JSON.stringify(page.body)).error).toBe(message);
      for (const loader of [xlsxLoader, csvLoader]) {
        const file = await call(loader, `/app/dashboard/export${query}`, s.users.admin);
        expect(file.status, query).toBe(400);
        expect(await file.response?.text()).toBe(message);
      }
      const drill = await call(drilldownLoader, `/app/dashboard/${s.dept.B}${query}`, s.users.admin, { departmentId: String(s.dept.B) });
      expect(drill.status).toBe(400);
    }
  });

  it("unknown or malformed department id: 404 with a Chinese message", async () => {
    for (const id of ["987654", "abc", "-1", "1e3", "99999999999999999999"]) {
      const r = await call(drilldownLoader, `/app/dashboard/${id}${YEAR}`, s.users.admin, { departmentId: id });
      expect(r.status, id).toBe(404);
      expect(r.body).toBe("没有找到这个单位，请回到考核统计页重新选择。");
    }
  });

  it("the drill-down lists documents with status and what is missing", async () => {
    const r = await call(drilldownLoader, `/app/dashboard/${s.dept.B}${YEAR}`, s.users.office, { departmentId: String(s.dept.B) });
    const body = JSON.parse(JSON.stringify(r.body));
    const docs: { title: string; status: string; missing: string[] }[] = body.result.documents;
    expect(docs.map((d) => [d.title, d.status]).sort()).toEqual([
      ["测试文件B1", "published"],
      ["测试文件B2", "published"],
      ["测试文件B3", "published"],
      ["测试文件W2", "awaiting_signoff"],
      ["测试文件W5", "drafting"],
    ]);
    expect(docs.find((d) => d.title === "测试文件W2")?.missing).toEqual(["等待第一解读人审签"]);
    expect(body.result.canOpen).toBe(false); // an office drafter cannot open another department's drafts
  });
});

describe("exports", () => {
  it(".xlsx read back with exceljs has the dashboard numbers", async () => {
    const r = await call(xlsxLoader, `/app/dashboard/export.xlsx${YEAR}`, s.users.office);
    expect(r.response?.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(r.response?.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (r.response ?? new Response()).arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["各单位", "按月", "待办等待", "审校拦截", "口径说明"]);
    const sheet = wb.getWorksheet("各单位");
    if (!sheet) throw new Error("sheet 各单位 missing");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (label: string) => header.indexOf(label) + 1;
    const byName = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n > 1) byName.set(String(row.getCell(1).value), row);
    });
    const expectRow = (name: string, values: Record<string, number | null>) => {
      const row = byName.get(name);
      if (!row) throw new Error(`row ${name} missing`);
      for (const [label, value] of Object.entries(values)) expect(row.getCell(col(label)).value, `${name} ${label}`).toBe(value);
    };
    expectRow("甲局", { 发布文件数: 4, 无需解读: 1, 需解读: 3, 已解读: 2, 未解读: 1, 解读率: 0.6667, 同步发布: 2, 同步率: 1, 滞后发布: 0, 文字解读: 2, 形式单一: 1 });
    expectRow("乙局", { 发布文件数: 3, 需解读: 3, 已解读: 2, 解读率: 0.6667, 同步率: 0.5, 滞后发布: 1, "最长滞后（工作日）": 4, 滞后超过3个工作日: 1, 图解: 1, 视频: 1 });
    expectRow("丙局", { 发布文件数: 3, 已解读: 3, 解读率: 1, 同步率: 1, 图表: 2, 主要负责人解读: 2, "新闻发布会/吹风会占比": 0.6667 });
    expectRow("合计", { 发布文件数: 10, 无需解读: 1, 需解读: 9, 已解读: 7, 未解读: 2, 解读率: 0.7778, 同步发布: 6, 同步率: 0.8571, 滞后发布: 1, 文字解读: 5, 简明问答: 4, 图表: 3, 图解: 2, 案例说明: 2, 视频: 2, "新闻发布会/吹风会": 3, 主要负责人解读: 3, 文字解读占比: 0.7143 });
    expect(sheet.getColumn(col("解读率")).numFmt).toBe("0.0%");
    const months = wb.getWorksheet("按月");
    expect(months?.getRow(3).values).toEqual([undefined, "2024-02", 1, 1, 1, 1, 1, 1]);
    expect(months?.rowCount).toBe(13);
    const checks = wb.getWorksheet("审校拦截");
    expect(checks?.getRow(2).values).toEqual([undefined, "confusable-word", 3, 2]);
    const waiting = wb.getWorksheet("待办等待");
    // waiting is measured from the real "now" here (the scenario's instants are in the past): the count, and one long wait
    const secrecy = waiting?.getRow(5).values;
    expect(Array.isArray(secrecy) && secrecy.slice(1, 3)).toEqual(["保密关", 1]);
    expect(Array.isArray(secrecy) && secrecy.slice(5)).toEqual([0, 0, 0, 0, 1]);
  });

  it(".csv is UTF-8 with a BOM and carries the same numbers", async () => {
    const r = await call(csvLoader, `/app/dashboard/export.csv${YEAR}`, s.users.office);
    expect(r.response?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await (r.response ?? new Response()).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("\r\n甲局,4,1,3,2,1,66.7%,2,100.0%,0,,0,2,100.0%,1,50.0%,1,50.0%,0,0.0%,0,0.0%,0,0.0%,0,0.0%,1,50.0%,1\r\n");
    expect(text).toContain("\r\n合计,10,1,9,7,2,77.8%,6,85.7%,1,4,1,5,71.4%,4,57.1%,3,42.9%,2,28.6%,2,28.6%,2,28.6%,3,42.9%,3,42.9%,2\r\n");
  });
});

describe("evidence pack", () => {
  beforeAll(() => {
    // A1 is published with a snapshot and has a finished image export on disk.
    const packageId = s.pkg.A1;
    t.db.update(packages).set({ publishedSnapshot: loadPackageContent(t.db, packageId) }).where(eq(packages.id, packageId)).run();
    // Publishing freezes the document's public fields too (documents.published_document).
    const live = t.db.select().from(documents).where(eq(documents.id, s.doc.A1)).get();
    if (!live) throw new Error("A1 missing");
    t.db.update(documents).set({ publishedDocument: publishedDocumentOf(live) }).where(eq(documents.id, s.doc.A1)).run();
    mkdirSync(join(exportsDir, "job-a1"), { recursive: true });
    writeFileSync(join(exportsDir, "job-a1", "images.zip"), Buffer.from("PK\u0005\u0006".padEnd(22, "\u0000"), "binary"));
    const job = t.db
      .insert(exportJobs)
      .values({ packageId, channels: ["web"], status: "done", source: "published", sourcePublishedAt: "2024-03-04T02:00:00.000Z", outputDir: "job-a1", zipFile: "images.zip", createdAt: "2024-03-04T02:00:00.001Z" })
      .returning({ id: exportJobs.id })
      .get();
    t.db.insert(exportFiles).values({ jobId: job.id, file: "a.png", channel: "web", template: "yitu", width: 10, height: 10, bytes: 1, sha256: "x", altText: "图" }).run();
  });

  it("contains every listed file; the PDF is printed by real Chromium", async () => {
    const r = await call(evidenceLoader, `/app/documents/${s.doc.A1}/evidence`, s.users.office, { id: String(s.doc.A1) });
    expect(r.status).toBe(200);
    expect(r.response?.headers.get("Content-Type")).toBe("application/zip");
    const zip = await JSZip.loadAsync(await (r.response ?? new Response()).arrayBuffer());
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir).sort();
    expect(names).toEqual([EVIDENCE_FILES.audit, EVIDENCE_FILES.document, `images/jiedu-${s.doc.A1}-images.zip`, EVIDENCE_FILES.html, EVIDENCE_FILES.pdf, EVIDENCE_FILES.manifest].sort());
    const read = async (name: string) => {
      const f = zip.file(name);
      if (!f) throw new Error(`${name} missing`);
      return f;
    };
    const pdf = await (await read(EVIDENCE_FILES.pdf)).async("uint8array");
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5_000);
    // the Chinese text is set in the bundled Noto fonts (embedded), not in a missing-glyph fallback
    expect(Buffer.from(pdf).toString("latin1")).toMatch(/NotoSans/);
    const html = await (await read(EVIDENCE_FILES.html)).async("string");
    expect(html).toContain("测试文件A1");
    expect(html).toContain("已发布版本");
    expect(html).toContain("<h2>简明问答</h2>");
    expect(html).toContain("<p>起草背景</p>");
    expect(html).not.toMatch(/<script/i);
    const manifest = await (await read(EVIDENCE_FILES.manifest)).async("string");
    for (const name of names.filter((n) => n !== EVIDENCE_FILES.manifest)) expect(manifest).toContain(name);
    expect(manifest).toContain("图片包：images/");
    const audit = await (await read(EVIDENCE_FILES.audit)).async("uint8array");
    expect([...audit.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(audit)).toContain("checks.blocked");
    const text = await (await read(EVIDENCE_FILES.document)).async("string");
    expect(text).toContain("A1 正文");
  }, 90_000);

  it("a document without a package still gets a pack (no image pack, the manifest says so)", async () => {
    const r = await call(evidenceLoader, `/app/documents/${s.doc.B3}/evidence`, s.users.admin, { id: String(s.doc.B3) });
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(await (r.response ?? new Response()).arrayBuffer());
    expect(Object.keys(zip.files).sort()).toEqual([EVIDENCE_FILES.audit, EVIDENCE_FILES.document, EVIDENCE_FILES.html, EVIDENCE_FILES.pdf, EVIDENCE_FILES.manifest].sort());
    expect(await zip.file(EVIDENCE_FILES.manifest)?.async("string")).toContain("尚未导出新媒体图片");
    expect(await zip.file(EVIDENCE_FILES.html)?.async("string")).toContain("本文件没有解读材料");
  }, 90_000);

  it("other departments' users get 404; unknown ids 404", async () => {
    // the drafter of 甲局 may read 甲局's audit trail, not 乙局's
    expect((await call(evidenceLoader, `/app/documents/${s.doc.B1}/evidence`, s.users.drafter, { id: String(s.doc.B1) })).status).toBe(404);
    expect((await call(evidenceLoader, `/app/documents/999999/evidence`, s.users.admin, { id: "999999" })).status).toBe(404);
    expect((await call(evidenceLoader, `/app/documents/abc/evidence`, s.users.admin, { id: "abc" })).status).toBe(404);
  });
});

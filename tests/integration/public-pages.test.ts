/**
 * The public pages over HTTP, against the production build (real SQLite file, real server).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departments, users } from "~/db/schema";
import { createUserSession } from "~/models/auth.server";
import { createTestDb, type TestDb } from "../helpers/db";
import { CANARY, insertPublishedFixture, type PublishedFixture } from "../helpers/publish-fixture";
import { type RunningServer, startServer } from "../helpers/server";

let t: TestDb;
let f: PublishedFixture;
let server: RunningServer;
let staffCookie: string;

beforeAll(async () => {
  t = createTestDb();
  process.env.EXPORTS_DIR = `${t.dir}/exports`;
  f = await insertPublishedFixture(t.db, t.dir);
  const dept = t.db.select({ id: departments.id }).from(departments).get()?.id ?? 0;
  const user = t.db.insert(users).values({ username: "editor", displayName: "周发布", passwordHash: "x", role: "publisher", departmentId: dept }).returning({ id: users.id }).get();
  const res = await createUserSession(user.id, "/app");
  staffCookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0];
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  server = await startServer({
    DATABASE_URL: t.path,
    SESSION_SECRET: process.env.SESSION_SECRET ?? "",
    EXPORTS_DIR: `${t.dir}/exports`,
    SITE_ID_CODE: "3702110001",
    SITE_NAME: "示范区人民政府",
  });
});
afterAll(async () => {
  await server?.stop();
  t?.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });
const html = async (path: string, headers: Record<string, string> = {}) => {
  const res = await get(path, headers);
  return { res, body: await res.text() };
};
const metaContent = (body: string, name: string) => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(body)?.[1];
const canaries = new RegExp(Object.values(CANARY).join("|"));

describe("list and search pages", () => {
  it("the library lists public documents with government meta tags and landmarks", async () => {
    const { res, body } = await html("/zhengce");
    expect(res.status).toBe(200);
    expect(body).toContain("博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知");
    expect(body).toContain("青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点");
    expect(body).not.toMatch(canaries);
    expect(metaContent(body, "SiteIDCode")).toBe("3702110001");
    expect(metaContent(body, "ColumnName")).toBe("政策文件库");
    expect(metaContent(body, "ColumnType")).toBe("政策文件");
    expect(body).toMatch(/<html lang="zh-CN"/);
    expect(body).toContain('href="#main"');
    expect(body).toMatch(/<main id="main"/);
    expect(body).toMatch(/<header/);
    expect(body).toMatch(/<footer/);
  });

  it("a two-character search works and highlights the match", async () => {
    const { res, body } = await html(`/zhengce?q=${encodeURIComponent("就业")}`);
    expect(res.status).toBe(200);
    expect(body).toContain("<mark>就业</mark>");
    expect(body).not.toMatch(canaries);
  });

  it("hostile search input answers 200, never a server error", async () => {
    for (const q of ['"', "*", "NEAR(a b)", '"就业" OR *', "'; DROP TABLE documents; --", "就".repeat(1500), "%00%ff", "title:x", "(("]) {
      const res = await get(`/zhengce?q=${encodeURIComponent(q)}&page=abc&year=-1&sort=x`);
      expect(res.status, q.slice(0, 20)).toBe(200);
      await res.body?.cancel();
    }
    // 2,000 characters (18 KB encoded) exceed Node's request-line limit: refused with 431, not a 5xx
    const long = await get(`/zhengce?q=${encodeURIComponent("就".repeat(2000))}`);
    expect([200, 431]).toContain(long.status);
    await long.body?.cancel();
    const raw = await get("/zhengce?q=%E5%B0%B1%ZZ&issuer=%");
    expect(raw.status).toBeLessThan(500);
    await raw.body?.cancel();
  });

  it("the 政策解读 column lists the published interpretations", async () => {
    const { res, body } = await html("/jiedu");
    expect(res.status).toBe(200);
    expect(body).toContain(`href="/jiedu/${f.xihaian}"`);
    expect(metaContent(body, "ColumnType")).toBe("政策解读");
    expect(body).not.toMatch(canaries);
  });

  it("the home page sends visitors to the library", async () => {
    const res = await get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/zhengce");
  });
});

describe("document and interpretation pages", () => {
  it("pages are clean UTF-8 (no NUL bytes from the renderer)", async () => {
    for (const path of [`/zhengce/${f.xihaian}`, `/zhengce/${f.boshan}`, `/jiedu/${f.xihaian}`, "/zhengce"]) {
      const { body } = await html(path);
      expect(body.includes("\u0000"), path).toBe(false);
    }
  });

  it("the document page has the metadata table, meta tags and a prominent link to its interpretation", async () => {
    const { res, body } = await html(`/zhengce/${f.xihaian}`);
    expect(res.status).toBe(200);
    for (const label of ["索引号", "发文机关", "发文字号", "成文日期", "发布日期", "有效性"]) expect(body).toContain(`>${label}</th>`);
    expect(body).toContain("zfb/2020-00084");
    expect(body).toContain("青西新管办发〔2020〕84号");
    expect(body).toContain(`href="/jiedu/${f.xihaian}"`);
    expect(body).toContain("相关解读");
    for (const form of ["文字解读", "简明问答", "图表", "图解", "案例说明"]) expect(body).toContain(`>${form}</a>`);
    expect(metaContent(body, "ArticleTitle")).toContain("青岛西海岸新区");
    expect(metaContent(body, "PubDate")).toBe("2020-08-07 10:00");
    expect(metaContent(body, "ContentSource")).toBe("青岛西海岸新区管委办公室");
    expect(metaContent(body, "ColumnType")).toBe("政策文件");
    expect(body).toMatch(/<meta property="og:title" content="[^"]+"/);
    expect(body).toMatch(/<title>[^<]*青岛西海岸新区[^<]*<\/title>/);
  });

  it("the interpretation page links back, carries FAQPage JSON-LD, and every clause citation resolves", async () => {
    const { res, body } = await html(`/jiedu/${f.xihaian}`);
    expect(res.status).toBe(200);
    expect(body).toContain(`href="/zhengce/${f.xihaian}"`);
    expect(metaContent(body, "ColumnType")).toBe("政策解读");
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)?.[1] ?? "";
    const json = JSON.parse(ld);
    expect(json["@type"]).toBe("FAQPage");
    expect(json.mainEntity).toHaveLength(3);
    expect(json.mainEntity[0].acceptedAnswer.text).toContain("谁起草谁解读");
    // charts: inline SVG with a text alternative and a real data table
    expect(body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-1-title chart-1-title-desc"/);
    expect(body).toMatch(/<details[^>]*><summary>查看数据表<\/summary><table class="data-table">/);
    // 图解 with alt + long description, the image pack
    // (its own image, found by position and fingerprint — not just any image of the same template)
    expect(body).toMatch(/<img src="\/jiedu\/\d+\/tu\/web%2F02-tujie-1-key-figures-[0-9a-f]{8}\.png" alt="一图读懂：2020年新区政务公开工作要点"/);
    expect(body).not.toContain("tu/web-key-figures-1.png");
    expect(body).toContain("本图概括了工作要点的六个方面。");
    expect(body).toContain(`href="/jiedu/${f.xihaian}/images.zip"`);
    // no staff tools for visitors; sanitised sections
    expect(body).not.toContain("复制公众号排版");
    expect(body).not.toContain("alert(");
    expect(body).not.toContain("javascript:");

    const links = [...body.matchAll(/href="\/zhengce\/(\d+)#([^"]+)"/g)].map((m) => ({ id: m[1], anchor: m[2] }));
    expect(links.length).toBeGreaterThanOrEqual(4);
    const doc = await (await get(`/zhengce/${f.xihaian}`)).text();
    for (const l of links) {
      expect(l.id).toBe(String(f.xihaian));
      expect(doc, l.anchor).toContain(`id="${l.anchor}"`);
    }
    expect(links.map((l) => l.anchor)).toContain("clause-fj1-s2-p5-i11");
    // and the cited clause is the right text
    const clause = /id="clause-fj1-s2-p5-i11"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]*)/.exec(doc)?.[1] ?? "";
    expect(clause).toContain("谁起草谁解读");
  });

  it("the document page's interpretation links land on sections that exist", async () => {
    const doc = await (await get(`/zhengce/${f.xihaian}`)).text();
    const page = await (await get(`/jiedu/${f.xihaian}`)).text();
    const anchors = [...doc.matchAll(new RegExp(`href="/jiedu/${f.xihaian}#([^"]+)"`, "g"))].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThanOrEqual(5);
    for (const a of anchors) expect(page, a).toContain(`id="${a}"`);
  });

  it("unpublished and withdrawn documents are 404 pages, in Chinese", async () => {
    for (const id of [f.draft, f.withdrawn, f.noPublishedAt]) {
      for (const path of [`/zhengce/${id}`, `/jiedu/${id}`, `/jiedu/${id}/images.zip`]) {
        const { res, body } = await html(path);
        expect(res.status, path).toBe(404);
        expect(body).not.toMatch(canaries);
      }
    }
    const { body } = await html(`/zhengce/${f.draft}`);
    expect(body).toContain("没有找到这份政策文件");
  });

  it("a correction in progress shows the published version only", async () => {
    const { res, body } = await html(`/jiedu/${f.correcting}`);
    expect(res.status).toBe(200);
    expect(body).toContain("已发布的稳就业解读");
    expect(body).not.toContain(CANARY.correction);
  });
});

describe("cache validators", () => {
  it("ETag and Last-Modified come from the publication; If-None-Match answers 304", async () => {
    const res = await get(`/zhengce/${f.xihaian}`);
    await res.text();
    const etag = res.headers.get("ETag");
    expect(etag).toBeTruthy();
    expect(res.headers.get("Last-Modified")).toBe(new Date("2020-08-07T02:00:00.000Z").toUTCString());
    expect(res.headers.get("Cache-Control")).toContain("public");
    const again = await get(`/zhengce/${f.xihaian}`, { "If-None-Match": etag ?? "" });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // the 适老化 variant is a different representation
    const elder = await get(`/zhengce/${f.xihaian}`, { Cookie: "jiedu_elder=1", "If-None-Match": etag ?? "" });
    expect(elder.status).toBe(200);
    expect(await elder.text()).toMatch(/<html lang="zh-CN" class="elder contrast"/);
  });
});

describe("the server's page micro-cache is validated on every request", () => {
  it("a withdrawn document is a 404 at the next request; republished, the new version shows", async () => {
    const path = `/zhengce/${f.boshan}`;
    for (let i = 0; i < 3; i++) expect((await html(path)).res.status).toBe(200); // rendered, then served from the cache
    const cached = await get(path, { "Accept-Encoding": "gzip" });
    expect(cached.status).toBe(200);
    expect(await cached.text()).toContain("博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知");
    const etag = cached.headers.get("ETag") ?? "";

    t.db.$client.prepare("update documents set status = 'withdrawn', withdrawn_at = ? where id = ?").run("2021-03-01T00:00:00.000Z", f.boshan);
    try {
      const gone = await html(path);
      expect(gone.res.status).toBe(404);
      expect(gone.body).not.toContain("博山区2020年政务公开工作要点的通知</h1>");
      expect((await get(path, { "If-None-Match": etag })).status).toBe(404);
    } finally {
      // republished with a corrected title: a new publication instant and a new snapshot
      const snapshot = JSON.parse(String(t.db.$client.prepare("select published_document from documents where id = ?").pluck().get(f.boshan)));
      snapshot.title = "博山区人民政府办公室关于印发博山区2020年政务公开工作要点（更正版）的通知";
      t.db.$client
        .prepare("update documents set status = 'published', withdrawn_at = null, published_at = ?, published_document = ? where id = ?")
        .run("2021-03-02T02:00:00.000Z", JSON.stringify(snapshot), f.boshan);
    }
    const again = await html(path);
    expect(again.res.status).toBe(200);
    expect(again.body).toContain("（更正版）");
    expect(again.res.headers.get("ETag")).not.toBe(etag);
    expect((await get(path, { "If-None-Match": etag })).status).toBe(200);
    const cachedAgain = await html(path);
    expect(cachedAgain.body).toContain("（更正版）");
  });

  it("serves the same response as Remix: headers, 304, the 适老化 variant, and gzip", async () => {
    const path = `/zhengce/${f.xihaian}`;
    const first = await get(path);
    const body = await first.text();
    const second = await get(path);
    expect(await second.text()).toBe(body);
    for (const name of ["ETag", "Last-Modified", "Cache-Control", "Content-Type"]) expect(second.headers.get(name), name).toBe(first.headers.get(name));
    expect(second.headers.get("Vary")).toContain("Cookie");
    expect((await get(path, { "If-None-Match": second.headers.get("ETag") ?? "" })).status).toBe(304);
    const elder = await get(path, { Cookie: "jiedu_elder=1" });
    expect(await elder.text()).toMatch(/<html lang="zh-CN" class="elder contrast"/);
    expect(await (await get(path, { Cookie: "jiedu_elder=1" })).text()).toMatch(/<html lang="zh-CN" class="elder contrast"/);
    expect(await (await get(path)).text()).not.toMatch(/class="elder contrast"/);
    // staff always go to Remix: their page is private
    const staff = await get(`/jiedu/${f.xihaian}`, { Cookie: staffCookie });
    expect(staff.headers.get("Cache-Control")).toContain("private");
    expect(await staff.text()).toContain("下载公众号排版文件");
    expect(await (await get(`/jiedu/${f.xihaian}`)).text()).not.toContain("下载公众号排版文件");
  });

  it("static assets are immutable; pages are not logged per request", async () => {
    const page = await (await get(`/zhengce/${f.xihaian}`)).text();
    const asset = /(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(asset).toBeTruthy();
    const res = await get(asset ?? "");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("immutable");
    await res.arrayBuffer();
    expect(server.output()).not.toContain(`GET /zhengce/${f.xihaian}`);
  });
});

describe("downloads and staff tools", () => {
  it("serves the finished image pack and its images, nothing else", async () => {
    const zip = await get(`/jiedu/${f.xihaian}/images.zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("Content-Type")).toBe("application/zip");
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await get(`/jiedu/${f.boshan}/images.zip`)).status).toBe(404);
    const img = await get(`/jiedu/${f.xihaian}/tu/web-key-figures-1.png`);
    expect(img.status).toBe(200);
    expect(img.headers.get("Content-Type")).toBe("image/png");
    for (const bad of ["..%2F..%2Fetc%2Fpasswd", "images.zip", "nope.png", "%2E%2E%2Fimages.zip"]) {
      const r = await get(`/jiedu/${f.xihaian}/tu/${bad}`);
      expect(r.status, bad).toBe(404);
      await r.body?.cancel();
    }
  });

  it("WeChat HTML: staff only; the staff page offers 复制公众号排版", async () => {
    expect((await get(`/jiedu/${f.xihaian}/wechat.html`)).status).toBe(403);
    const res = await get(`/jiedu/${f.xihaian}/wechat.html`, { Cookie: staffCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const body = await res.text();
    expect(body).toContain("<section style=");
    // Each slot shows its own image as an absolute URL of this site (the 公众号 editor fetches it):
    // the 图解's own file and the first chart's own card — never the other images of the pack.
    const srcs = [...body.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toHaveLength(2);
    expect(srcs[0]).toMatch(new RegExp(`^${server.url}/jiedu/${f.xihaian}/tu/web%2F02-tujie-1-key-figures-[0-9a-f]{8}\\.png$`));
    expect(srcs[1]).toMatch(new RegExp(`^${server.url}/jiedu/${f.xihaian}/tu/web%2F03-chart-card-1-[0-9a-f]{8}\\.png$`));
    expect(body).not.toContain("wechat-key-figures-1.png");
    for (const src of srcs) {
      const img = await fetch(src);
      expect(img.status, src).toBe(200);
      expect(img.headers.get("Content-Type")).toBe("image/png");
    }
    const page = await get(`/jiedu/${f.xihaian}`, { Cookie: staffCookie });
    expect(page.headers.get("Cache-Control")).toContain("private");
    const text = await page.text();
    expect(text).toContain("下载公众号排版文件");
    expect(text).toContain(`/jiedu/${f.xihaian}/wechat.html`);
  });

  it("the 适老化 switch sets a cookie and the server applies it", async () => {
    const res = await fetch(`${server.url}/shilaohua`, {
      method: "POST",
      body: new URLSearchParams({ mode: "on", redirectTo: `/zhengce/${f.boshan}` }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/zhengce/${f.boshan}`);
    const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0];
    expect(cookie).toBe("jiedu_elder=1");
    const { body } = await html("/jiedu", { Cookie: cookie });
    expect(body).toMatch(/<html lang="zh-CN" class="elder contrast"/);
    expect(body).toMatch(/aria-pressed="true"/);
    const evil = await fetch(`${server.url}/shilaohua`, { method: "POST", body: new URLSearchParams({ redirectTo: "//evil.example" }), redirect: "manual" });
    expect(evil.headers.get("Location")).toBe("/zhengce");
  });
});

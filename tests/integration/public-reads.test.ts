import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePublicListQuery } from "~/domain/public/search-query";
import { getPublicDocument } from "~/features/publish/document.server";
import { getPublicInterpretation, listPublicInterpretations } from "~/features/publish/interpretations.server";
import { publicExportZip } from "~/features/publish/image-pack.server";
import { publicWechatHtml } from "~/features/publish/wechat.server";
import { searchPublicDocuments } from "~/features/publish/search.server";
import { loader as documentLoader } from "~/routes/_public.zhengce.$id";
import { loader as interpretationLoader } from "~/routes/_public.jiedu.$id";
import { loader as listLoader } from "~/routes/_public.zhengce._index";
import { createTestDb, type TestDb } from "../helpers/db";
import { CANARY, insertPublishedFixture, type PublishedFixture } from "../helpers/publish-fixture";

let t: TestDb;
let f: PublishedFixture;

beforeAll(async () => {
  t = createTestDb();
  process.env.EXPORTS_DIR = `${t.dir}/exports`;
  f = await insertPublishedFixture(t.db, t.dir);
});
afterAll(() => t?.cleanup());

const search = (qs: string) => searchPublicDocuments(parsePublicListQuery(new URLSearchParams(qs)));
const ids = (qs: string) => search(qs).items.map((i) => i.id).sort((a, b) => a - b);

async function status(p: Promise<unknown> | unknown): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("publishedOnly: unpublished content never reaches the public", () => {
  it("the list holds exactly the public documents (published + correcting)", () => {
    const r = search("");
    expect(r.items.map((i) => i.id).sort((a, b) => a - b)).toEqual([f.xihaian, f.boshan, f.correcting].sort((a, b) => a - b));
    expect(r.total).toBe(3);
    expect(JSON.stringify(r)).not.toMatch(new RegExp(Object.values(CANARY).join("|")));
  });

  it("search never finds drafts, withdrawn documents or rows without a publication time", () => {
    for (const q of ["就业", "政务公开工作要点", ...Object.values(CANARY), "泄露标记", "标记"]) {
      const r = search(`q=${encodeURIComponent(q)}`);
      expect(r.items.map((i) => i.id), q).not.toContain(f.draft);
      expect(r.items.map((i) => i.id), q).not.toContain(f.withdrawn);
      expect(r.items.map((i) => i.id), q).not.toContain(f.noPublishedAt);
      expect(JSON.stringify(r), q).not.toMatch(new RegExp(Object.values(CANARY).join("|")));
    }
  });

  it("document and interpretation pages of non-public rows are 404", async () => {
    for (const id of [f.draft, f.withdrawn, f.noPublishedAt, 999999]) {
      expect(getPublicDocument(id)).toBeNull();
      expect(getPublicInterpretation(id)).toBeNull();
      const request = new Request(`http://x/zhengce/${id}`);
      expect(await status(documentLoader({ request, params: { id: String(id) }, context: {} }))).toBe(404);
      expect(await status(interpretationLoader({ request, params: { id: String(id) }, context: {} }))).toBe(404);
    }
    for (const id of ["abc", "-1", "1e3", "0", "99999999999999999999", "1;drop table documents"]) {
      const request = new Request("http://x/zhengce/x");
      expect(await status(documentLoader({ request, params: { id }, context: {} })), id).toBe(404);
    }
  });

  it("withdrawing a published document removes it from search, list and pages at once", () => {
    expect(ids("q=博山区")).toContain(f.boshan);
    t.db.$client.prepare("update documents set status = 'withdrawn' where id = ?").run(f.boshan);
    try {
      expect(ids("q=博山区")).not.toContain(f.boshan);
      expect(ids("")).not.toContain(f.boshan);
      expect(getPublicDocument(f.boshan)).toBeNull();
      expect(listPublicInterpretations(1).items.map((i) => i.documentId)).not.toContain(f.boshan);
    } finally {
      t.db.$client.prepare("update documents set status = 'published' where id = ?").run(f.boshan);
    }
    expect(ids("q=博山区")).toContain(f.boshan);
  });

  it("a correction in progress keeps the published snapshot; the unpublished correction never shows", async () => {
    const jd = getPublicInterpretation(f.correcting);
    expect(jd).not.toBeNull();
    expect(JSON.stringify(jd)).toContain("已发布的稳就业解读");
    expect(JSON.stringify(jd)).not.toContain(CANARY.correction);
    const request = new Request(`http://x/jiedu/${f.correcting}`);
    const result = await interpretationLoader({ request, params: { id: String(f.correcting) }, context: {} });
    expect(JSON.stringify(result)).not.toContain(CANARY.correction);
  });

  it("the 政策解读 column lists only published interpretations", () => {
    const list = listPublicInterpretations(1);
    expect(list.items.map((i) => i.documentId).sort((a, b) => a - b)).toEqual([f.xihaian, f.boshan, f.correcting].sort((a, b) => a - b));
    expect(JSON.stringify(list)).not.toMatch(new RegExp(Object.values(CANARY).join("|")));
  });
});

describe("CJK search on both fixtures", () => {
  it.each([
    ["2 characters", "博山", ["boshan"]],
    ["2 characters", "就业", ["xihaian", "boshan", "correcting"]],
    ["2 characters", "灵山", ["xihaian"]],
    ["2 characters at the end of a title", "通知", ["xihaian", "boshan", "correcting"]],
    ["3 characters", "西海岸", ["xihaian", "correcting"]],
    ["3 characters", "收官之", ["boshan"]],
    ["3 characters", "博政办", ["boshan"]],
    ["4 characters", "考核办法", ["xihaian"]],
    ["4 characters", "政务公开", ["xihaian", "boshan"]],
    ["4 characters", "稳就业工", ["correcting"]],
    ["two words", "博山 收官之年", ["boshan"]],
    ["a 文号", "青西新管办发〔2020〕84号", ["xihaian"]],
  ])("%s: %s", (_kind, q, expected) => {
    const want = expected.map((k) => f[k as keyof PublishedFixture]).sort((a, b) => Number(a) - Number(b));
    expect(ids(`q=${encodeURIComponent(q)}`)).toEqual(want);
  });

  it("finds exactly what a substring scan (LIKE) finds, for 2-, 3- and 4-character words", () => {
    const truth = t.db.$client.prepare(
      // the public text is the published snapshot, not the live row (which holds an unpublished correction)
      `select id from documents where published_at is not null and status in ('published','correcting') and published_document is not null and (
         json_extract(published_document, '$.title') || ' ' || coalesce(json_extract(published_document, '$.docNumber'), '') || ' ' ||
         coalesce(json_extract(published_document, '$.issuer'), '') || ' ' || json_extract(published_document, '$.normalizedText')) like ? order by id`,
    );
    for (const q of ["就业", "公开", "考核", "年底", "解读", "政务公", "新媒体", "发布会", "考核办法", "政策解读", "稳就业工", "民生事项", "第三方评"]) {
      const expected = truth.pluck().all(`%${q}%`);
      expect(ids(`q=${encodeURIComponent(q)}`), q).toEqual(expected);
    }
  });

  it("finds text deep in the body, and highlights it in the snippet", () => {
    const r = search(`q=${encodeURIComponent("灵山岛")}`);
    expect(r.items.map((i) => i.id)).toEqual([f.xihaian]);
    expect(r.items[0].snippet).toContain("灵山岛");
    const two = search(`q=${encodeURIComponent("灵山")}`);
    expect(two.items.map((i) => i.id)).toEqual([f.xihaian]);
  });

  it("a word that occurs nowhere finds nothing", () => {
    expect(ids(`q=${encodeURIComponent("量子计算机")}`)).toEqual([]);
    expect(ids(`q=${encodeURIComponent("鲸鱼")}`)).toEqual([]);
  });

  it("a single character searches titles", () => {
    const r = search(`q=${encodeURIComponent("博")}`);
    expect(r.mode).toBe("title");
    expect(r.items.map((i) => i.id)).toEqual([f.boshan]);
  });

  it("facets narrow the list and count the matches", () => {
    const all = search(`q=${encodeURIComponent("政务公开")}`);
    expect(all.facets.issuer.map((v) => v.value).sort()).toEqual(["博山区人民政府办公室", "青岛西海岸新区管委办公室"].sort());
    expect(ids(`q=${encodeURIComponent("政务公开")}&issuer=${encodeURIComponent("博山区人民政府办公室")}`)).toEqual([f.boshan]);
    expect(ids("year=2021")).toEqual([f.correcting]);
    expect(ids("validity=expired")).toEqual([f.correcting]);
    expect(ids(`topic=${encodeURIComponent("政府信息公开")}`)).toEqual([f.boshan]);
    expect(search("").facets.validity.map((v) => v.label).sort()).toEqual(["有效", "已失效"].sort());
  });

  it("sorts by date or relevance", () => {
    expect(search("q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&sort=date").items.map((i) => i.id)).toEqual([f.boshan, f.xihaian]);
    const rel = search(`q=${encodeURIComponent("西海岸")}&sort=relevance`);
    expect(rel.items[0].id).toBe(f.xihaian);
  });
});

describe("bad search input: results or an empty list, never an error", () => {
  const nasty = [
    '"',
    '""""',
    "*",
    "就业*",
    "NEAR",
    "NEAR(就业 政务, 2)",
    "就业 AND OR NOT",
    "title:就业",
    "^就业",
    "(((",
    "'; DROP TABLE documents; --",
    "1' OR '1'='1",
    "%_\\",
    "\u0000\u0001",
    "𠀀𠀁",
    "就".repeat(2000),
    "政务公开 ".repeat(400),
    "a".repeat(5000),
    "<script>alert(1)</script>",
  ];
  it.each(nasty.map((q) => [q.slice(0, 40), q]))("%s", async (_label, q) => {
    const r = search(`q=${encodeURIComponent(q)}&page=99999&year=abc&validity=bogus&sort=evil`);
    expect(Array.isArray(r.items)).toBe(true);
    const request = new Request(`http://x/zhengce?q=${encodeURIComponent(q)}&page=-5`);
    const page = listLoader({ request, params: {}, context: {} });
    expect(page.data.result.total).toBeGreaterThanOrEqual(0);
  });
  it("the database is intact afterwards", () => {
    expect(t.db.$client.prepare("select count(*) from documents").pluck().get()).toBe(6);
  });
});

describe("interpretation model", () => {
  it("renders only the snapshot, with charts as accessible SVG and citations into the document", async () => {
    const request = new Request(`http://x/jiedu/${f.xihaian}`);
    const result = await interpretationLoader({ request, params: { id: String(f.xihaian) }, context: {} });
    const text = JSON.stringify(result);
    expect(text).toContain('role=\\"img\\"');
    expect(text).toContain(`/zhengce/${f.xihaian}#clause-fj1-s2-p5-i11`);
    // a citation to a clause that does not exist falls back to the nearest existing one
    expect(text).toContain(`/zhengce/${f.xihaian}#clause-fj2"`);
  });
  it("offers the image pack only for the published package's finished export", () => {
    expect(publicExportZip(f.xihaian)?.path).toMatch(/images\.zip$/);
    expect(publicExportZip(f.boshan)).toBeNull();
    expect(publicExportZip(f.withdrawn)).toBeNull();
  });
  it("an export made during an open correction is not served", () => {
    const pkg = t.db.$client.prepare("select id from packages where document_id = ?").pluck().get(f.correcting);
    t.db.$client
      .prepare("insert into export_jobs (package_id, channels, status, output_dir, zip_file, created_at) values (?, '[]', 'done', 'x', 'images.zip', '2021-03-01T00:00:00.000Z')")
      .run(pkg);
    expect(publicExportZip(f.correcting)).toBeNull();
  });
  it("produces WeChat HTML with each slot's own exported image as an absolute URL", () => {
    const html = publicWechatHtml(f.xihaian, "https://gov.example") ?? "";
    const srcs = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toEqual([
      expect.stringMatching(new RegExp(`^https://gov\\.example/jiedu/${f.xihaian}/tu/web%2F02-tujie-1-key-figures-[0-9a-f]{8}\\.png$`)),
      expect.stringMatching(new RegExp(`^https://gov\\.example/jiedu/${f.xihaian}/tu/web%2F03-chart-card-1-[0-9a-f]{8}\\.png$`)),
    ]);
    // The pack's other images (here one in the wechat channel) never fill a graphic's or chart's slot.
    expect(html).not.toContain("wechat-key-figures-1.png");
    expect(html).toContain("https://gov.example/zhengce/");
    expect(publicWechatHtml(f.draft, "https://gov.example")).toBeNull();
  });
});

/**
 * The Atom and JSON feeds, parsed as what they claim to be: Atom with a namespace-aware XML
 * parser (@xmldom/xmldom) checked against RFC 4287's required elements; JSON Feed checked
 * against the 1.1 spec's required fields (zod schema of the spec). Only published rows appear —
 * the fixture's drafts, withdrawn and unpublished corrections carry canary strings.
 */
import { DOMParser } from "@xmldom/xmldom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ATOM_NS, CMS_NS, JSON_FEED_VERSION } from "~/domain/handoff/feeds";
import { loader as atomLoader } from "~/routes/feeds.atom[.]xml";
import { loader as jsonLoader } from "~/routes/feeds.feed[.]json";
import { createTestDb, type TestDb } from "../helpers/db";
import { CANARY, insertPublishedFixture, type PublishedFixture } from "../helpers/publish-fixture";

let t: TestDb;
let f: PublishedFixture;
const ORIGIN = "http://gov.test";

beforeAll(async () => {
  t = createTestDb();
  f = await insertPublishedFixture(t.db, t.dir);
});
afterAll(() => t?.cleanup());

const call = async (loader: typeof atomLoader, path: string) => {
  const res = await loader({ request: new Request(`${ORIGIN}${path}`), params: {}, context: {} });
  if (!(res instanceof Response)) throw new Error("loader did not return a Response");
  return res;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe("Atom feed", () => {
  it("is namespace-valid Atom with every required element, and only published content", async () => {
    const res = await call(atomLoader, "/feeds/atom.xml");
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const text = await res.text();
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(text, "application/xml");
    expect(errors).toEqual([]);
    const feed = doc.documentElement;
    expect(feed.localName).toBe("feed");
    expect(feed.namespaceURI).toBe(ATOM_NS);
    const isElement = (n: Node): n is Element => n.nodeType === 1;
    const children = (el: Element, name: string, ns = ATOM_NS) => Array.from(el.childNodes).filter(isElement).filter((n) => n.localName === name && n.namespaceURI === ns);
    const one = (el: Element, name: string) => {
      const found = children(el, name);
      expect(found, `<${el.localName}> needs exactly one <${name}>`).toHaveLength(1);
      return found[0].textContent ?? "";
    };
    expect(one(feed, "id")).toBe(`${ORIGIN}/feeds/atom.xml`);
    expect(one(feed, "title")).toContain("政策文件与政策解读");
    expect(one(feed, "updated")).toMatch(RFC3339);
    expect(children(feed, "author").length).toBe(1);
    expect(children(feed, "link").some((l) => l.getAttribute("rel") === "self")).toBe(true);

    const entries = children(feed, "entry");
    // 2 published documents + their 2 interpretations + the one being corrected (its published version) ×2
    expect(entries).toHaveLength(6);
    const ids = entries.map((e) => one(e, "id"));
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) {
      expect(one(e, "title").length).toBeGreaterThan(0);
      expect(one(e, "updated")).toMatch(RFC3339);
      const alternate = children(e, "link").filter((l) => (l.getAttribute("rel") ?? "alternate") === "alternate");
      expect(alternate).toHaveLength(1);
      expect(alternate[0].getAttribute("href")).toBe(one(e, "id"));
      expect(children(e, "author").length).toBe(1);
    }
    const xihaian = entries.find((e) => one(e, "id") === `${ORIGIN}/zhengce/${f.xihaian}`);
    if (!xihaian) throw new Error("no entry for the xihaian document");
    expect(children(xihaian, "docNumber", CMS_NS)[0]?.textContent).toBe("青西新管办发〔2020〕84号");
    expect(children(xihaian, "writtenDate", CMS_NS)[0]?.textContent).toBe("2020-08-06");
    expect(children(xihaian, "link").find((l) => l.getAttribute("rel") === "related")?.getAttribute("href")).toBe(`${ORIGIN}/jiedu/${f.xihaian}`);
    expect(ids).toContain(`${ORIGIN}/jiedu/${f.xihaian}`);
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    expect(ids).not.toContain(`${ORIGIN}/zhengce/${f.draft}`);
    expect(ids).not.toContain(`${ORIGIN}/zhengce/${f.withdrawn}`);
  });

  it("answers an unknown site with a Chinese 404", async () => {
    const res = await call(atomLoader, "/feeds/atom.xml?site=other");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("没有这个网站的订阅源");
    expect((await call(atomLoader, "/feeds/atom.xml?site=default")).status).toBe(200);
  });
});

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the required and the typed optional fields. */
const author = z.object({ name: z.string().min(1) });
const jsonFeedSchema = z.object({
  version: z.literal("https://jsonfeed.org/version/1.1"),
  title: z.string().min(1),
  home_page_url: z.string().url().optional(),
  feed_url: z.string().url().optional(),
  language: z.string().optional(),
  authors: z.array(author).optional(),
  items: z.array(
    z
      .object({
        id: z.string().min(1),
        url: z.string().url().optional(),
        title: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        summary: z.string().optional(),
        date_published: z.string().regex(RFC3339).optional(),
        date_modified: z.string().regex(RFC3339).optional(),
        authors: z.array(author).optional(),
        tags: z.array(z.string()).optional(),
      })
      .passthrough()
      .refine((i) => i.content_html !== undefined || i.content_text !== undefined, "an item needs content_html or content_text"),
  ),
});

describe("JSON Feed", () => {
  it("is a valid JSON Feed 1.1 with the CMS fields in its extension", async () => {
    const res = await call(jsonLoader, "/feeds/feed.json");
    expect(res.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
    const text = await res.text();
    const feed = jsonFeedSchema.parse(JSON.parse(text));
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(feed.feed_url).toBe(`${ORIGIN}/feeds/feed.json`);
    expect(feed.items).toHaveLength(6);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(6);
    const doc = feed.items.find((i) => i.id === `${ORIGIN}/zhengce/${f.boshan}`);
    expect(doc).toMatchObject({ tags: ["政策文件"], _jiedu: { kind: "document", docNumber: "博政办字〔2020〕45号", relatedUrl: `${ORIGIN}/jiedu/${f.boshan}` } });
    // newest first
    const dates = feed.items.map((i) => i.date_modified ?? "");
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
  });
});

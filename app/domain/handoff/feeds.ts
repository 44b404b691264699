/**
 * The Atom (RFC 4287) and JSON Feed (1.1) documents of a site's published documents and
 * interpretations, from a list of entries — pure, no I/O. Each entry also carries the CMS fields
 * (文号, 发文机关, 成文日期, 索引号) in a namespace (Atom) or an extension object (JSON Feed), so a
 * CMS importer can read them without scraping the page.
 */
export const ATOM_NS = "http://www.w3.org/2005/Atom";
/** The namespace of the CMS fields in the Atom feed (a URN: nothing to fetch). */
export const CMS_NS = "urn:jiedu:cms:1";
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

export type FeedEntry = {
  kind: "document" | "interpretation";
  /** absolute URL of the page; also the entry's id */
  url: string;
  title: string;
  /** RFC 3339 instants */
  published: string;
  updated: string;
  summary: string | null;
  author: string;
  /** the other page of the pair (解读 ↔ 原文) */
  relatedUrl: string | null;
  cms: { docNumber: string | null; issuer: string | null; writtenDate: string | null; indexNo: string | null; validity: string | null };
};

export type FeedSite = { name: string; idCode: string; homeUrl: string; atomUrl: string; jsonUrl: string };

const CATEGORY = { document: "政策文件", interpretation: "政策解读" } as const;

/** Text safe in XML content and attributes (characters XML 1.0 forbids are dropped). */
/** A character XML 1.0 allows (tab, newline, carriage return, and everything from space up except surrogates and U+FFFE/FFFF). */
function isXmlChar(c: string): boolean {
  const p = c.codePointAt(0) ?? 0;
  return p === 0x9 || p === 0xa || p === 0xd || (p >= 0x20 && p <= 0xd7ff) || (p >= 0xe000 && p <= 0xfffd) || p >= 0x10000;
}

/** Text safe in XML content and attributes (characters XML 1.0 forbids are dropped). */
export function xmlEscape(text: string): string {
  return Array.from(text)
    .filter(isXmlChar)
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function newest(entries: readonly FeedEntry[], fallback: string): string {
  return entries.reduce((m, e) => (e.updated > m ? e.updated : m), "") || fallback;
}

export function atomFeed(site: FeedSite, entries: readonly FeedEntry[], now: string): string {
  const x = xmlEscape;
  const el = (name: string, value: string | null) => (value ? `<${name}>${x(value)}</${name}>` : "");
  const items = entries.map((e) =>
    [
      "<entry>",
      el("id", e.url),
      `<title type="text">${x(e.title)}</title>`,
      el("published", e.published),
      el("updated", e.updated),
      `<link rel="alternate" type="text/html" href="${x(e.url)}"/>`,
      e.relatedUrl ? `<link rel="related" type="text/html" href="${x(e.relatedUrl)}" title="${e.kind === "document" ? "政策解读" : "政策原文"}"/>` : "",
      `<category term="${CATEGORY[e.kind]}" label="${CATEGORY[e.kind]}"/>`,
      `<author><name>${x(e.author)}</name></author>`,
      e.summary ? `<summary type="text">${x(e.summary)}</summary>` : "",
      el("cms:docNumber", e.cms.docNumber),
      el("cms:issuer", e.cms.issuer),
      el("cms:writtenDate", e.cms.writtenDate),
      el("cms:indexNo", e.cms.indexNo),
      el("cms:validity", e.cms.validity),
      "</entry>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}" xmlns:cms="${CMS_NS}" xml:lang="zh-CN">`,
    el("id", site.atomUrl),
    `<title type="text">${x(`${site.name} 政策文件与政策解读`)}</title>`,
    `<subtitle type="text">${x("与政策文件同步发布的政策解读（谁起草谁解读）")}</subtitle>`,
    el("updated", newest(entries, now)),
    `<link rel="self" type="application/atom+xml" href="${x(site.atomUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(site.homeUrl)}"/>`,
    `<author><name>${x(site.name)}</name></author>`,
    '<generator uri="https://github.com/" version="1">解读工坊</generator>',
    ...items,
    "</feed>",
    "",
  ].join("\n");
}

export type JsonFeed = {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  authors: { name: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    content_text: string;
    summary?: string;
    date_published: string;
    date_modified: string;
    authors: { name: string }[];
    tags: string[];
    _jiedu: FeedEntry["cms"] & { kind: FeedEntry["kind"]; relatedUrl: string | null; siteIdCode: string };
  }[];
};

export function jsonFeed(site: FeedSite, entries: readonly FeedEntry[]): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: `${site.name} 政策文件与政策解读`,
    home_page_url: site.homeUrl,
    feed_url: site.jsonUrl,
    description: "与政策文件同步发布的政策解读（谁起草谁解读）",
    language: "zh-CN",
    authors: [{ name: site.name }],
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      content_text: [e.title, e.summary].filter(Boolean).join("\n\n"),
      ...(e.summary ? { summary: e.summary } : {}),
      date_published: e.published,
      date_modified: e.updated,
      authors: [{ name: e.author }],
      tags: [CATEGORY[e.kind]],
      _jiedu: { kind: e.kind, relatedUrl: e.relatedUrl, siteIdCode: site.idCode, ...e.cms },
    })),
  };
}

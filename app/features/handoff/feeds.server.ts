/**
 * The site's feeds: its newest published documents and interpretations as FeedEntry values,
 * read under the public visibility rule (`publishedOnly()` / `interpretationPublic()` in the
 * WHERE clause) from the published snapshots only.
 *
 * `site` is the seam for several sites (issue 14): resolveFeedSite turns the request's `?site=`
 * into a site (today only the default one; anything else is "not found").
 */
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { documents, packages } from "~/db/schema";
import type { FeedEntry, FeedSite } from "~/domain/handoff/feeds";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { isValidity } from "~/domain/public/search-query";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { DEFAULT_SITE, type SiteKey } from "~/domain/public/site";
import { interpretationPublic, publishedOnly } from "~/features/publish/index.server";
import { siteInfo } from "~/features/publish/index.server";

export const FEED_SIZE = 50;

export function resolveFeedSite(request: Request): { key: SiteKey; site: FeedSite } | null {
  const url = new URL(request.url);
  const requested = url.searchParams.get("site");
  if (requested !== null && requested !== DEFAULT_SITE.id) return null;
  const info = siteInfo();
  const query = requested ? `?site=${encodeURIComponent(requested)}` : "";
  return {
    key: DEFAULT_SITE,
    site: { name: info.siteName, idCode: info.siteIdCode, homeUrl: `${url.origin}/zhengce`, atomUrl: `${url.origin}/feeds/atom.xml${query}`, jsonUrl: `${url.origin}/feeds/feed.json${query}` },
  };
}

const field = (name: string) => sql<string | null>`json_extract(${documents.publishedDocument}, ${`$.${name}`})`;

/** Newest first: each published document, and each published interpretation as its own entry. */
export function feedEntries(_site: SiteKey, origin: string): FeedEntry[] {
  const db = getDb();
  const docs = db
    .select({
      id: documents.id,
      title: sql<string>`coalesce(${field("title")}, '')`,
      docNumber: field("docNumber"),
      issuer: field("issuer"),
      writtenDate: field("writtenDate"),
      indexNo: field("indexNo"),
      validity: documents.publicValidity,
      publishedAt: documents.publishedAt,
      hasInterpretation: sql<number>`${packages.publishedSnapshot} IS NOT NULL AND ${packages.publishedAt} IS NOT NULL`,
    })
    .from(documents)
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(and(publishedOnly(), isNotNull(documents.publishedAt)))
    .orderBy(desc(documents.publishedAt), desc(documents.id))
    .limit(FEED_SIZE)
    .all();
  const interpretations = db
    .select({ id: documents.id, title: sql<string>`coalesce(${field("title")}, '')`, issuer: field("issuer"), docNumber: field("docNumber"), publishedAt: packages.publishedAt, snapshot: packages.publishedSnapshot })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(interpretationPublic())
    .orderBy(desc(packages.publishedAt), desc(documents.id))
    .limit(FEED_SIZE)
    .all();
  const site = siteInfo().siteName;
  const entries: FeedEntry[] = [
    ...docs.map((d): FeedEntry => ({
      kind: "document",
      url: `${origin}/zhengce/${d.id}`,
      title: d.title,
      published: d.publishedAt ?? "",
      updated: d.publishedAt ?? "",
      summary: [d.issuer, d.docNumber, d.writtenDate ? `成文日期 ${d.writtenDate}` : null].filter(Boolean).join(" · ") || null,
      author: d.issuer ?? site,
      relatedUrl: d.hasInterpretation ? `${origin}/jiedu/${d.id}` : null,
      cms: { docNumber: d.docNumber, issuer: d.issuer, writtenDate: d.writtenDate, indexNo: d.indexNo, validity: d.validity && isValidity(d.validity) ? VALIDITY_LABELS[d.validity] : null },
    })),
    ...interpretations.map((j): FeedEntry => {
      const content = readPublishedSnapshot(j.snapshot);
      const background = content?.sections.background ? lightText(parseLightHtml(content.sections.background)).replace(/\s+/g, " ").trim() : "";
      return {
        kind: "interpretation",
        url: `${origin}/jiedu/${j.id}`,
        title: `《${j.title}》政策解读`,
        published: j.publishedAt ?? "",
        updated: j.publishedAt ?? "",
        summary: background ? Array.from(background).slice(0, 200).join("") : null,
        author: j.issuer ?? site,
        relatedUrl: `${origin}/zhengce/${j.id}`,
        cms: { docNumber: j.docNumber, issuer: j.issuer, writtenDate: null, indexNo: null, validity: null },
      };
    }),
  ];
  return entries.sort((a, b) => b.updated.localeCompare(a.updated) || a.kind.localeCompare(b.kind)).slice(0, FEED_SIZE);
}

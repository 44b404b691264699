/**
 * Government-website page meta tags (政府网站网页设计规范): every page carries SiteName,
 * SiteIDCode, ColumnName and ColumnType; article pages add ArticleTitle, PubDate, ContentSource,
 * Description. Plus <title>, OpenGraph, and (interpretation pages) FAQPage JSON-LD.
 */
export type MetaTag = { title: string } | { name: string; content: string } | { property: string; content: string } | { "script:ld+json": Record<string, unknown> };

export type GovMetaInput = {
  siteName: string;
  siteIdCode: string;
  columnName: string;
  columnType: "政策文件" | "政策解读";
  pageTitle: string;
  description?: string | null;
  article?: { title: string; pubDate: string; contentSource: string | null } | null;
  faq?: { question: string; answer: string }[];
};

export function govMeta(input: GovMetaInput): MetaTag[] {
  const title = `${input.pageTitle} - ${input.siteName}`;
  const tags: MetaTag[] = [
    { title },
    { name: "SiteName", content: input.siteName },
    { name: "SiteIDCode", content: input.siteIdCode },
    { name: "ColumnName", content: input.columnName },
    { name: "ColumnType", content: input.columnType },
    { property: "og:site_name", content: input.siteName },
    { property: "og:title", content: input.pageTitle },
    { property: "og:type", content: input.article ? "article" : "website" },
    { property: "og:locale", content: "zh_CN" },
  ];
  if (input.description) {
    tags.push({ name: "description", content: input.description }, { property: "og:description", content: input.description });
  }
  if (input.article) {
    tags.push(
      { name: "ArticleTitle", content: input.article.title },
      { name: "PubDate", content: input.article.pubDate },
      { name: "ContentSource", content: input.article.contentSource ?? input.siteName },
      { property: "article:published_time", content: input.article.pubDate },
    );
  }
  if (input.faq?.length) {
    tags.push({
      "script:ld+json": {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        mainEntity: input.faq.map((f) => ({ "@type": "Question", name: f.question, acceptedAnswer: { "@type": "Answer", text: f.answer } })),
      },
    });
  }
  return tags;
}

/** PubDate as government sites print it: yyyy-mm-dd hh:mm (Beijing time). */
export function pubDate(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso.slice(0, 10);
  const d = new Date(t + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

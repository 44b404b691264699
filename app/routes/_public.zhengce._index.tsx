/** /zhengce — 政策文件库: list, full-text search (?q=), facets, sort, paging. Public. */
import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Crumbs } from "~/components/public/crumbs";
import { Highlighted } from "~/components/public/highlighted";
import { govMeta } from "~/domain/public/meta";
import { listHref, type PublicListQuery, parsePublicListQuery } from "~/domain/public/search-query";
import { type FacetValue, searchPublicDocuments } from "~/features/publish/search.server";
import { forwardValidators, isNotModified, publicListValidators, siteInfo } from "~/features/publish/http.server";
import { publicListVersion } from "~/features/publish/visibility.server";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { invariantResponse } from "~/models/invariant.server";

/**
 * The page changes only when the public data does (publicListVersion): its ETag is that version
 * and the exact query, so a repeat is a 304, and the production server answers anonymous
 * repeats from its micro-cache without running this loader (public-page-cache.server.ts).
 */
export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const validators = publicListValidators(request, publicListVersion(), url.search);
  invariantResponse(!isNotModified(request, validators.etag), null, { status: 304, headers: validators.headers });
  const query = parsePublicListQuery(url.searchParams);
  return data({ query, result: searchPublicDocuments(query), site: siteInfo() }, { headers: validators.headers });
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => forwardValidators(loaderHeaders, errorHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? govMeta({
        siteName: data.site.siteName,
        siteIdCode: data.site.siteIdCode,
        columnName: "政策文件库",
        columnType: "政策文件",
        pageTitle: data.query.q ? `“${data.query.q}”的检索结果 - 政策文件库` : "政策文件库",
        description: "本网站主动公开的政策文件，可按发文机关、年份、主题分类、有效性筛选，支持全文检索。",
      })
    : [{ title: "政策文件库" }];

const FACET_TITLES = { issuer: "发文机关", year: "年份", topic: "主题分类", validity: "有效性" } as const;

function Facet({ name, values, query }: { name: keyof typeof FACET_TITLES; values: FacetValue[]; query: PublicListQuery }) {
  const selected = query[name] === null ? null : String(query[name]);
  if (!values.length && selected === null) return null;
  return (
    <div>
      <h2 id={`facet-${name}`}>{FACET_TITLES[name]}</h2>
      <ul aria-labelledby={`facet-${name}`}>
        {selected !== null ? (
          <li>
            <a href={listHref(query, { [name]: null })}>全部（清除此筛选）</a>
          </li>
        ) : null}
        {values.map((v) => (
          <li key={v.value}>
            <a href={listHref(query, { [name]: v.value })} aria-current={selected === v.value ? "true" : undefined}>
              {v.label}（{v.count}）
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function PolicyLibrary() {
  const { query, result } = useLoaderData<typeof loader>();
  const searching = query.terms.length > 0;
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }]} current="政策文件库" />
      <h1>政策文件库</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: form role=search is the widely supported search landmark */}
      <form method="get" action="/zhengce" role="search" className="search-box">
        <div className="field">
          <label htmlFor="q">检索政策文件（标题、文号、发文机关、正文）</label>
          <input type="search" id="q" name="q" defaultValue={query.q} maxLength={200} />
        </div>
        <button type="submit">检索</button>
      </form>
      <div className="list-layout">
        <nav aria-label="筛选条件" className="facets">
          <Facet name="issuer" values={result.facets.issuer} query={query} />
          <Facet name="year" values={result.facets.year} query={query} />
          <Facet name="topic" values={result.facets.topic} query={query} />
          <Facet name="validity" values={result.facets.validity} query={query} />
        </nav>
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="sr-only">
            文件列表
          </h2>
          <p className="result-summary" role="status">
            {searching ? `检索“${query.q}”，` : ""}共 {result.capped ? `${result.total} 件以上` : `${result.total} 件`}文件
            {result.pageCount > 1 ? `，第 ${result.page}/${result.pageCount} 页` : ""}
            {result.mode === "title" ? "（单字检索只匹配标题，输入两个字以上可检索全文）" : ""}
            {result.truncated ? "（检索词过于常见，结果可能不完整，请输入更长的词）" : ""}
            {result.capped ? "（匹配文件较多，统计和排序只覆盖最新的部分，请输入更具体的词或使用筛选）" : ""}
          </p>
          {searching && result.mode === "fulltext" ? (
            <p className="sort-links">
              <span>排序：</span>
              <a href={listHref(query, { sort: "relevance" })} aria-current={query.sort === "relevance" ? "true" : undefined}>
                按相关度
              </a>
              <a href={listHref(query, { sort: "date" })} aria-current={query.sort === "date" ? "true" : undefined}>
                按发布日期
              </a>
            </p>
          ) : null}
          {result.items.length === 0 ? (
            <p className="empty">{searching ? "没有找到相关文件。请换一个词，或减少筛选条件。" : "暂无公开的政策文件。"}</p>
          ) : (
            <ol className="results">
              {result.items.map((item) => (
                <li key={item.id}>
                  <h3>
                    <a href={`/zhengce/${item.id}`}>
                      <Highlighted text={item.title} terms={query.terms} />
                    </a>
                    {item.hasInterpretation ? (
                      <a className="tag-jiedu" href={`/jiedu/${item.id}`} aria-label={`${item.title}的政策解读`}>
                        解读
                      </a>
                    ) : null}
                  </h3>
                  <p className="meta-line">
                    {[item.docNumber, item.issuer, item.publishedDate ? `发布日期 ${item.publishedDate}` : null, VALIDITY_LABELS[item.validity]].filter(Boolean).join(" · ")}
                  </p>
                  {item.snippet ? (
                    <p className="snippet">
                      <Highlighted text={item.snippet} terms={query.terms} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {result.pageCount > 1 ? <Pager query={query} page={result.page} pageCount={result.pageCount} /> : null}
        </section>
      </div>
    </>
  );
}

function Pager({ query, page, pageCount }: { query: PublicListQuery; page: number; pageCount: number }) {
  const pages = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav aria-label="分页" className="pager">
      <ul>
        {page > 1 ? (
          <li>
            <a href={listHref(query, { page: page - 1 })}>上一页</a>
          </li>
        ) : null}
        {pages.map((p) => (
          <li key={p}>
            {p === page ? (
              <span aria-current="page">{p}</span>
            ) : (
              <a href={listHref(query, { page: p })} aria-label={`第 ${p} 页`}>
                {p}
              </a>
            )}
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <a href={listHref(query, { page: page + 1 })}>下一页</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

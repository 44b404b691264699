/** /jiedu — the 政策解读 column: every published interpretation, newest first. Public. */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Crumbs } from "~/components/public/crumbs";
import { govMeta } from "~/domain/public/meta";
import { listPublicInterpretations } from "~/features/publish/interpretations.server";
import { siteInfo } from "~/features/publish/http.server";
import { FORM_LABELS } from "~/domain/vocabulary";

export function loader({ request }: LoaderFunctionArgs) {
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 100000 ? raw : 1;
  return { list: listPublicInterpretations(page), site: siteInfo() };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=60", Vary: "Cookie" });

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? govMeta({
        siteName: data.site.siteName,
        siteIdCode: data.site.siteIdCode,
        columnName: "政策解读",
        columnType: "政策解读",
        pageTitle: "政策解读",
        description: "与政策文件同步发布的政策解读：文字解读、简明问答、图表图解等。",
      })
    : [{ title: "政策解读" }];

export default function InterpretationColumn() {
  const { list } = useLoaderData<typeof loader>();
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }]} current="政策解读" />
      <h1>政策解读</h1>
      <p className="result-summary">共 {list.total} 篇解读</p>
      {list.items.length === 0 ? (
        <p className="empty">暂无已发布的政策解读。</p>
      ) : (
        <ol className="results">
          {list.items.map((item) => (
            <li key={item.documentId}>
              <h2>
                <a href={`/jiedu/${item.documentId}`}>《{item.documentTitle}》政策解读</a>
              </h2>
              <p className="meta-line">
                {[item.issuer, item.docNumber, `发布日期 ${item.publishedDate}`, item.interpreterName ? `解读人：${item.interpreterName}` : null].filter(Boolean).join(" · ")}
              </p>
              <p className="meta-line">
                解读形式：{item.forms.map((f) => FORM_LABELS[f]).join("、") || "—"} · <a href={`/zhengce/${item.documentId}`} aria-label={`政策原文：${item.documentTitle}`}>政策原文</a>
              </p>
            </li>
          ))}
        </ol>
      )}
      {list.pageCount > 1 ? (
        <nav aria-label="分页" className="pager">
          <ul>
            {list.page > 1 ? (
              <li>
                <a href={`/jiedu?page=${list.page - 1}`}>上一页</a>
              </li>
            ) : null}
            <li>
              <span aria-current="page">{list.page}</span>
            </li>
            {list.page < list.pageCount ? (
              <li>
                <a href={`/jiedu?page=${list.page + 1}`}>下一页</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

/**
 * /wenda — 政策问答库: every published 简明问答, searchable by words (?q=, synonyms from the admin's
 * list), and 智能问答 (?ask=): the best-matching published answers to a question typed in plain
 * words, each with its document, its clause citations and its interpretation. Retrieval only —
 * nothing is generated. Public; reads published snapshots only (app/features/qa-library).
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Crumbs } from "~/components/public/crumbs";
import { Highlighted } from "~/components/public/highlighted";
import { QaCitations } from "~/components/public/interpretation-body";
import { LightHtml } from "~/components/public/light-html";
import { govMeta } from "~/domain/public/meta";
import { type LightNode, parseLightHtml } from "~/domain/public/light-html";
import { ASK_LIMITS } from "~/domain/qa-library/retrieval";
import { type QaView, askQaLibrary, searchQaLibrary } from "~/features/qa-library/qa-library.server";
import { siteInfo } from "~/features/publish/http.server";

type ShownQa = Omit<QaView, "answerHtml"> & { answer: LightNode[] };

export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const q = Array.from((params.get("q") ?? "").trim()).slice(0, 200).join("");
  const ask = Array.from((params.get("ask") ?? "").trim()).slice(0, ASK_LIMITS.maxChars).join("");
  const raw = Number(params.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10000 ? raw : 1;
  const answers = ask ? askQaLibrary(ask) : null;
  const list = ask ? null : searchQaLibrary(q, page);
  const shape = ({ answerHtml, ...rest }: QaView): ShownQa => ({ ...rest, answer: parseLightHtml(answerHtml) });
  return {
    q,
    ask,
    answers: answers?.map(shape) ?? null,
    list: list ? { ...list, items: list.items.map(shape) } : null,
    site: siteInfo(),
  };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=60", Vary: "Cookie" });

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "政策问答" }];
  const shown = data.answers ?? data.list?.items ?? [];
  return govMeta({
    siteName: data.site.siteName,
    siteIdCode: data.site.siteIdCode,
    columnName: "政策问答",
    columnType: "政策解读",
    pageTitle: data.ask ? `“${data.ask}”的问答结果 - 政策问答` : data.q ? `“${data.q}”的检索结果 - 政策问答` : "政策问答",
    description: "与政策文件同步发布的简明问答，可按问题检索，也可以直接提问，答案均来自已发布的政策解读。",
    faq: shown.map((v) => ({ question: v.question, answer: v.answerText })),
  });
};


function QaCard({ qa, terms, headingLevel }: { qa: ShownQa; terms: string[]; headingLevel: "h2" | "h3" }) {
  const H = headingLevel;
  return (
    <li className="qa-card" data-testid="qa-result">
      <H>
        问：<Highlighted text={qa.question} terms={terms} />
      </H>
      <div className="qa-answer">
        <LightHtml nodes={qa.answer} />
      </div>
      <QaCitations citations={qa.citations} />
      <p className="meta-line">
        出自：
        <a href={`/zhengce/${qa.documentId}`} data-testid="qa-document">
          《{qa.documentTitle}》
        </a>
        {qa.docNumber ? `（${qa.docNumber}）` : ""} ·{" "}
        <a href={qa.interpretationHref}>
          查看解读<span className="sr-only">（《{qa.documentTitle}》第 {qa.position} 问）</span>
        </a>
      </p>
    </li>
  );
}

export default function QaLibraryPage() {
  const d = useLoaderData<typeof loader>();
  const pageHref = (page: number) => `/wenda?${new URLSearchParams({ ...(d.q ? { q: d.q } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }]} current="政策问答" />
      <h1>政策问答</h1>
      <p className="muted">这里汇集了已发布政策解读中的简明问答。答案均由起草单位撰写并经审核发布，不是机器生成的。</p>

      {/* biome-ignore lint/a11y/useSemanticElements: form role=search is the widely supported search landmark */}
      <form method="get" action="/wenda" role="search" className="search-box" aria-label="智能问答">
        <div className="field">
          <label htmlFor="ask">我要提问（用一句话描述您的问题，例如“惠企政策在哪里查”）</label>
          <input type="search" id="ask" name="ask" defaultValue={d.ask} maxLength={ASK_LIMITS.maxChars} />
        </div>
        <button type="submit">提问</button>
      </form>
      {/* biome-ignore lint/a11y/useSemanticElements: form role=search is the widely supported search landmark */}
      <form method="get" action="/wenda" role="search" className="search-box" aria-label="检索问答">
        <div className="field">
          <label htmlFor="q">按关键词检索问答（多个词用空格分开）</label>
          <input type="search" id="q" name="q" defaultValue={d.q} maxLength={200} />
        </div>
        <button type="submit" className="secondary">
          检索
        </button>
      </form>

      {d.answers ? (
        <section aria-labelledby="ask-title">
          <h2 id="ask-title">与“{d.ask}”最相关的回答</h2>
          {d.answers.length ? (
            <>
              <p className="result-summary" role="status">
                找到 {d.answers.length} 条相关回答，按相关程度排列。答案以所附政策原文为准。
              </p>
              <ol className="results qa-results">
                {d.answers.map((qa) => (
                  <QaCard key={qa.key} qa={qa} terms={[]} headingLevel="h3" />
                ))}
              </ol>
            </>
          ) : (
            <p className="empty" role="status">
              没有找到与这个问题相近的已发布问答。请换个说法再问，或到<a href={`/zhengce?q=${encodeURIComponent(d.ask.slice(0, 30))}`}>政策文件库</a>检索原文。
            </p>
          )}
          <p>
            <a href="/wenda">查看全部问答</a>
          </p>
        </section>
      ) : d.list ? (
        <section aria-labelledby="list-title">
          <h2 id="list-title">{d.q ? `“${d.q}”的检索结果` : "全部问答"}</h2>
          <p className="result-summary" role="status">
            共 {d.list.total} 条问答{d.q ? "（已包含同义词）" : ""}
          </p>
          {d.list.items.length ? (
            <ol className="results qa-results">
              {d.list.items.map((qa) => (
                <QaCard key={qa.key} qa={qa} terms={qa.matched} headingLevel="h3" />
              ))}
            </ol>
          ) : (
            <p className="empty">没有找到包含这些词的问答。请减少或更换关键词，或直接在上方提问。</p>
          )}
          {d.list.pageCount > 1 ? (
            <nav aria-label="分页" className="pager">
              <ul>
                {d.list.page > 1 ? (
                  <li>
                    <a href={pageHref(d.list.page - 1)}>上一页</a>
                  </li>
                ) : null}
                <li>
                  <span aria-current="page">{d.list.page}</span>
                </li>
                {d.list.page < d.list.pageCount ? (
                  <li>
                    <a href={pageHref(d.list.page + 1)}>下一页</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** /zhengce/<id> — the published document: metadata table, 相关解读, text typeset after GB/T 9704. */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { Crumbs } from "~/components/public/crumbs";
import { DocumentMetaTable, GwBlock } from "~/components/public/document-parts";
import { FORM_LABELS } from "~/domain/vocabulary";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import { govMeta, pubDate } from "~/domain/public/meta";
import type { TextBlock } from "~/domain/public/typeset";
import { forwardValidators, isNotModified, publicValidators, siteInfo } from "~/features/publish/http.server";
import { getPublicDocumentPage, publicPageStamps, publicStamp } from "~/features/publish/document.server";
import { parsePublicId } from "~/features/publish/visibility.server";
import { invariantResponse } from "~/models/invariant.server";
import { getDb } from "~/db/client.server";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { publicFollowUps } from "~/features/lifecycle/follow-ups.server";
import { FollowUpLinks, ValidityBanner } from "~/features/lifecycle/public-lifecycle";
import { validityNotice } from "~/features/lifecycle/validity.server";

const NOT_FOUND = "没有找到这份政策文件。它可能尚未发布或已撤回，请返回政策文件库查找。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const stamp = id ? publicStamp(id) : null;
  invariantResponse(id && stamp, NOT_FOUND, { status: 404 });
  const today = beijingToday(new Date());
  // follow-ups and validity changes do not move the publication stamps: they get their own
  const validators = publicValidators(request, publicPageStamps("zhengce", id, stamp, today), { staff: false, key: `zhengce-${id}` });
  invariantResponse(!isNotModified(request, validators.etag), null, { status: 304, headers: validators.headers });
  const page = getPublicDocumentPage(id);
  invariantResponse(page, NOT_FOUND, { status: 404 });
  return data(
    { doc: page.doc, blocksJson: page.blocksJson, site: siteInfo(), followUps: publicFollowUps(id), validity: validityNotice(getDb(), id, today) },
    { headers: validators.headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => forwardValidators(loaderHeaders, errorHeaders);

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  d
    ? govMeta({
        siteName: d.site.siteName,
        siteIdCode: d.site.siteIdCode,
        columnName: "政策文件库",
        columnType: "政策文件",
        pageTitle: d.doc.title,
        description: `${d.doc.issuer ?? ""}${d.doc.docNumber ? `（${d.doc.docNumber}）` : ""}${d.doc.title}`,
        article: { title: d.doc.title, pubDate: pubDate(d.doc.publishedAt), contentSource: d.doc.issuer },
      })
    : [{ title: "页面不存在" }];

function parseBlocks(json: string): TextBlock[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter(isTextBlock) : [];
}

function isTextBlock(v: unknown): v is TextBlock {
  return typeof v === "object" && v !== null && "kind" in v && "text" in v && typeof v.text === "string";
}

export default function DocumentPage() {
  const { doc, blocksJson, followUps, validity } = useLoaderData<typeof loader>();
  const blocks = useMemo(() => parseBlocks(blocksJson), [blocksJson]);
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }, { href: "/zhengce", label: "政策文件库" }]} current="正文" />
      <h1>{doc.title}</h1>
      <ValidityBanner notice={validity} subject="document" />
      <DocumentMetaTable doc={doc} />
      <section className="related" aria-labelledby="related-title" id="xiangguan-jiedu">
        <h2 id="related-title">相关解读</h2>
        {doc.interpretation ? (
          <>
            <p className="primary">
              <a href={`/jiedu/${doc.id}`} data-testid="to-interpretation">
                《{doc.title}》政策解读
              </a>
            </p>
            <p>本解读包含以下形式：</p>
            <ul>
              {doc.interpretation.forms.map((f) => (
                <li key={f}>
                  <a href={`/jiedu/${doc.id}#${FORM_ANCHORS[f]}`}>{FORM_LABELS[f]}</a>
                </li>
              ))}
            </ul>
            <FollowUpLinks documentId={doc.id} items={followUps} />
          </>
        ) : (
          <p>本文件暂无解读材料。</p>
        )}
      </section>
      <article className="gw-doc" aria-labelledby="doc-text-title">
        <h2 id="doc-text-title" className="sr-only">
          文件正文
        </h2>
        {blocks.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are the document's fixed paragraphs
          <GwBlock key={i} b={b} />
        ))}
      </article>
    </>
  );
}

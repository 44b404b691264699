/**
 * /jiedu/<id> — the published interpretation of document <id>: 文字解读, 简明问答 (citations link
 * into the document's clause anchors), charts as accessible inline SVG with a data table, 图解,
 * cases, media, the image pack, and a link back to the document. Renders only the snapshot
 * frozen at publish.
 */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CopyWechat } from "~/components/public/copy-wechat";
import { Crumbs } from "~/components/public/crumbs";
import { InterpretationBody } from "~/components/public/interpretation-body";
import { formsPresent } from "~/domain/package/content";
import { FORM_LABELS, SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import { PublicVideoSection } from "~/features/video/public-video";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { govMeta, pubDate } from "~/domain/public/meta";
import { qaCitationLinks } from "~/domain/qa-library/citations";
import { chartSvg } from "~/features/publish/charts.server";
import { forwardValidators, isNotModified, isStaffRequest, publicValidators, siteInfo } from "~/features/publish/http.server";
import { getPublicInterpretation } from "~/features/publish/interpretations.server";
import { parsePublicId } from "~/features/publish/visibility.server";
import { publicPageStamps, publicStamp } from "~/features/publish/document.server";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { publicFollowUps } from "~/features/lifecycle/follow-ups.server";
import { FollowUpLinks, ValidityBanner } from "~/features/lifecycle/public-lifecycle";
import { validityNotice } from "~/features/lifecycle/validity.server";
import { getDb } from "~/db/client.server";
import { aiPublicMark } from "~/features/ai-drafting/settings.server";
import { publishedIsAiAssisted } from "~/features/ai-drafting/store.server";
import { invariantResponse } from "~/models/invariant.server";

const NOT_FOUND = "没有找到这份政策解读。它可能尚未发布或已撤回，请返回政策解读栏目查找。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const stamp = id ? publicStamp(id) : null;
  invariantResponse(id && stamp?.packagePublishedAt, NOT_FOUND, { status: 404 });
  const staff = await isStaffRequest(request);
  const today = beijingToday(new Date());
  const validators = publicValidators(request, publicPageStamps("jiedu", id, stamp, today), { staff, key: `jiedu-${id}` });
  invariantResponse(!isNotModified(request, validators.etag), null, { status: 304, headers: validators.headers });
  const jd = getPublicInterpretation(id);
  invariantResponse(jd, NOT_FOUND, { status: 404 });
  const { content } = jd;
  const qa = content.qa.map((q) => ({ question: q.question, answer: parseLightHtml(q.answer), citations: qaCitationLinks(q.clauseRefs, jd.parts, `/zhengce/${id}`) }));
  const charts = await Promise.all(
    content.charts.map(async (c, i) => ({ chart: c, svg: await chartSvg(c, `${jd.packageId}:${jd.publishedAt}:${i}`, `chart-${i + 1}-title`) })),
  );
  return data(
    {
      id,
      title: jd.documentTitle,
      docNumber: jd.docNumber,
      issuer: jd.issuer,
      publishedAt: jd.publishedAt,
      publishedDate: jd.publishedDate,
      sections: SECTION_KEYS.flatMap((k) => {
        const html = content.sections[k];
        return html?.trim() ? [{ key: k, label: SECTION_LABELS[k], nodes: parseLightHtml(html) }] : [];
      }),
      plan: { interpreterName: content.plan.interpreterName },
      forms: formsPresent(content),
      qa,
      charts,
      // Each 图解's own exported image; the officer's alt text and long description come first.
      graphics: content.graphics.map((g, i) => {
        const image = jd.graphicImages[i] ?? null;
        return {
          altText: g.altText || image?.altText || null,
          longDescription: g.longDescription || image?.longDescription || null,
          image: image ? { file: image.file, width: image.width, height: image.height } : null,
        };
      }),
      cases: content.cases,
      media: content.media,
      imagePack: jd.imagePack,
      video: jd.video,
      videoPlanned: (content.video?.scenes.length ?? 0) > 0,
      staff,
      // the admin's "AI 辅助生成" choice is in the page's validators (pageStamps): changing it changes the page
      aiAssisted: (await aiPublicMark(getDb())) && (await publishedIsAiAssisted(getDb(), jd.packageId)),
      site: siteInfo(),
      followUps: publicFollowUps(id),
      validity: validityNotice(getDb(), id, today),
    },
    { headers: validators.headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => forwardValidators(loaderHeaders, errorHeaders);

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  if (!d) return [{ title: "页面不存在" }];
  const background = d.sections.find((s) => s.key === "background");
  const summary = background ? lightText(background.nodes).trim().slice(0, 120) : null;
  return govMeta({
    siteName: d.site.siteName,
    siteIdCode: d.site.siteIdCode,
    columnName: "政策解读",
    columnType: "政策解读",
    pageTitle: `《${d.title}》政策解读`,
    description: summary,
    article: { title: `《${d.title}》政策解读`, pubDate: pubDate(d.publishedAt), contentSource: d.issuer },
    faq: d.qa.map((q) => ({ question: q.question, answer: lightText(q.answer).trim() })),
  });
};

export default function InterpretationPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }, { href: "/jiedu", label: "政策解读" }]} current="解读详情" />
      <h1>《{d.title}》政策解读</h1>
      <p className="muted">
        {[d.issuer, d.docNumber, `发布日期 ${d.publishedDate}`, d.plan.interpreterName ? `解读人：${d.plan.interpreterName}` : null].filter(Boolean).join(" · ")}
      </p>
      {d.aiAssisted ? (
        <p className="ai-public-mark" data-testid="ai-public-mark">
          <span className="ai-badge">AI 辅助生成</span> 本解读的部分内容由人工智能辅助起草，经起草单位与文件原文核对、审核后发布。
        </p>
      ) : null}
      <ValidityBanner notice={d.validity} subject="interpretation" />
      <div className="related">
        <p>
          <a className="back-link" href={`/zhengce/${d.id}`} data-testid="to-document">
            查看政策原文：《{d.title}》
          </a>
        </p>
        <FollowUpLinks documentId={d.id} items={d.followUps} />
      </div>
      {d.forms.length ? (
        <nav aria-label="解读形式">
          <ul className="jd-forms">
            {d.forms.map((f) => (
              <li key={f}>
                <a href={`#${FORM_ANCHORS[f]}`}>{FORM_LABELS[f]}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {d.staff ? <CopyWechat href={`/jiedu/${d.id}/wechat.html`} /> : null}
      {d.imagePack ? (
        <p>
          <a href={`/jiedu/${d.id}/images.zip`} download>
            下载解读图片包（ZIP，{d.imagePack.files} 个文件）
          </a>
        </p>
      ) : null}

      <InterpretationBody
        sections={d.sections}
        qa={d.qa}
        charts={d.charts}
        graphics={d.graphics.map((g) => ({ ...g, src: g.image ? `/jiedu/${d.id}/tu/${encodeURIComponent(g.image.file)}` : null }))}
        cases={d.cases}
        media={d.media}
      />

      <PublicVideoSection
        id={d.id}
        // a recorded video listed under 媒体 keeps the form's anchor; this one then has its own
        anchor={d.media.some((m) => m.kind === "video") ? `${FORM_ANCHORS.video}-mp4` : FORM_ANCHORS.video}
        video={d.video}
        planned={d.videoPlanned}
      />
      <p>
        <a className="back-link" href={`/zhengce/${d.id}`}>
          返回政策原文
        </a>
      </p>
    </>
  );
}

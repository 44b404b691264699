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
import { LightHtml } from "~/components/public/light-html";
import { describeClausePath } from "~/domain/analysis/clause-path";
import { FORM_LABELS, formsPresent, type PackageContent, SECTION_LABELS } from "~/domain/package/content";
import { clauseAnchorId } from "~/domain/public/clause-anchor";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import { PublicVideoSection } from "~/features/video/public-video";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { govMeta, pubDate } from "~/domain/public/meta";
import { documentAnchorIds, resolveCitation } from "~/domain/public/typeset";
import {
  chartSvg,
  forwardValidators,
  getPublicInterpretation,
  isNotModified,
  isStaffRequest,
  parsePublicId,
  pageStamps,
  publicStamp,
  publicValidators,
  siteInfo,
} from "~/models/public.server";

const NOT_FOUND = "没有找到这份政策解读。它可能尚未发布或已撤回，请返回政策解读栏目查找。";
const SECTION_KEYS = ["background", "basis", "purpose", "measures", "scope", "terms", "comparison"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const stamp = id ? publicStamp(id) : null;
  if (!id || !stamp?.packagePublishedAt) throw new Response(NOT_FOUND, { status: 404 });
  const staff = await isStaffRequest(request);
  const validators = publicValidators(request, pageStamps("jiedu", stamp), { staff, key: `jiedu-${id}` });
  if (isNotModified(request, validators.etag)) throw new Response(null, { status: 304, headers: validators.headers });
  const jd = getPublicInterpretation(id);
  if (!jd) throw new Response(NOT_FOUND, { status: 404 });
  const { content } = jd;
  const anchorIds = documentAnchorIds(jd.parts);
  const qa = content.qa.map((q) => ({
    question: q.question,
    answer: parseLightHtml(q.answer),
    citations: q.clauseRefs.map((path) => {
      const target = resolveCitation(path, anchorIds);
      return { label: describeClausePath(path), href: `/zhengce/${id}#${clauseAnchorId(target)}` };
    }),
  }));
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
      site: siteInfo(),
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

function formatValue(v: number | string): string {
  return typeof v === "number" ? v.toLocaleString("zh-CN") : v;
}

type ChartItem = { chart: PackageContent["charts"][number]; svg: string | null };

function ChartFigure({ item, index }: { item: ChartItem; index: number }) {
  const { chart, svg } = item;
  const captionId = `chart-${index + 1}-caption`;
  const multiSeries = chart.data.some((r) => r.series);
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {chart.title}
        {chart.unit ? `（单位：${chart.unit}）` : ""}
        {chart.subtitle ? <span className="muted"> {chart.subtitle}</span> : null}
      </figcaption>
      {chart.type === "bignumber" ? (
        <ul>
          {chart.data.map((r) => (
            <li key={`${r.label}-${r.value}`}>
              <span className="big-number">
                {formatValue(r.value)}
                {chart.unit ?? ""}
              </span>{" "}
              {r.label}
            </li>
          ))}
        </ul>
      ) : svg ? (
        // The SVG is produced on the server by vega from data values (text escaped by vega);
        // role="img" with <title>/<desc> is set in public-charts.server.ts.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart SVG
        <div dangerouslySetInnerHTML={{ __html: svg }} />
      ) : null}
      {chart.altText ? <p className="muted">{chart.altText}</p> : null}
      <details open={!svg && chart.type !== "bignumber"}>
        <summary>查看数据表</summary>
        <table className="data-table">
          <caption className="sr-only">{chart.title}数据表</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {multiSeries ? <th scope="col">系列</th> : null}
              <th scope="col">数值{chart.unit ? `（${chart.unit}）` : ""}</th>
            </tr>
          </thead>
          <tbody>
            {chart.data.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <tr key={i}>
                <th scope="row">{r.date ? `${r.date} ${r.label}` : r.label}</th>
                {multiSeries ? <td>{r.series ?? ""}</td> : null}
                <td className="num">{formatValue(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {chart.source ? <p className="muted">数据来源：{chart.source}</p> : null}
      </details>
    </figure>
  );
}

const MEDIA_LABELS = { press_conference: "新闻发布会", briefing: "吹风会", video: "视频解读", head_interview: "主要负责人解读" } as const;

export default function InterpretationPage() {
  const d = useLoaderData<typeof loader>();
  const sectionEntries = d.sections;
  const mediaGroups = [
    { id: FORM_ANCHORS.press, title: "新闻发布会/吹风会", items: d.media.filter((m) => m.kind === "press_conference" || m.kind === "briefing") },
    { id: FORM_ANCHORS.video, title: "视频解读", items: d.media.filter((m) => m.kind === "video") },
    { id: FORM_ANCHORS.head, title: "主要负责人解读", items: d.media.filter((m) => m.speakerIsHead || m.kind === "head_interview") },
  ].filter((g) => g.items.length);
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }, { href: "/jiedu", label: "政策解读" }]} current="解读详情" />
      <h1>《{d.title}》政策解读</h1>
      <p className="muted">
        {[d.issuer, d.docNumber, `发布日期 ${d.publishedDate}`, d.plan.interpreterName ? `解读人：${d.plan.interpreterName}` : null].filter(Boolean).join(" · ")}
      </p>
      <p className="related">
        <a className="back-link" href={`/zhengce/${d.id}`} data-testid="to-document">
          查看政策原文：《{d.title}》
        </a>
      </p>
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

      {sectionEntries.length ? (
        <section className="jd-section" id={FORM_ANCHORS.text} aria-labelledby="h-wenzi">
          <h2 id="h-wenzi">文字解读</h2>
          {sectionEntries.map((s) => (
            <div key={s.key}>
              <h3>{s.label}</h3>
              <LightHtml nodes={s.nodes} />
            </div>
          ))}
        </section>
      ) : null}

      {d.qa.length ? (
        <section className="jd-section" id={FORM_ANCHORS.qa} aria-labelledby="h-wenda">
          <h2 id="h-wenda">简明问答</h2>
          <ol className="qa-list">
            {d.qa.map((q, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: Q&A order is the published order
              <li key={i}>
                <h3>
                  问{i + 1}：{q.question}
                </h3>
                <LightHtml nodes={q.answer} />
                {q.citations.length ? (
                  <p className="qa-cites">
                    对应条款：
                    {q.citations.map((c, k) => (
                      <span key={c.href + String(k)}>
                        {k > 0 ? "、" : ""}
                        <a href={c.href} data-clause-link="">
                          {c.label}
                        </a>
                      </span>
                    ))}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {d.charts.length ? (
        <section className="jd-section" id={FORM_ANCHORS.chart} aria-labelledby="h-tubiao">
          <h2 id="h-tubiao">图表解读</h2>
          {d.charts.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: charts are positional
            <ChartFigure key={i} item={c} index={i} />
          ))}
        </section>
      ) : null}

      {d.graphics.length ? (
        <section className="jd-section" id={FORM_ANCHORS.graphic} aria-labelledby="h-tujie">
          <h2 id="h-tujie">图解</h2>
          {d.graphics.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: graphics are positional
            <figure className="graphic-figure" key={i} aria-labelledby={`graphic-${i + 1}-caption`}>
              {g.image ? (
                <img
                  src={`/jiedu/${d.id}/tu/${encodeURIComponent(g.image.file)}`}
                  alt={g.altText || `图解${i + 1}`}
                  width={g.image.width}
                  height={g.image.height}
                  aria-describedby={g.longDescription ? `graphic-${i + 1}-desc` : undefined}
                  loading="lazy"
                />
              ) : null}
              <figcaption id={`graphic-${i + 1}-caption`}>{g.altText || `图解${i + 1}`}</figcaption>
              {g.longDescription ? (
                <div id={`graphic-${i + 1}-desc`}>
                  <h3 className="sr-only">图解{i + 1}文字说明</h3>
                  {g.longDescription
                    .split(/\n+/)
                    .filter((l) => l.trim())
                    .map((l, k) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static paragraphs
                      <p key={k}>{l}</p>
                    ))}
                </div>
              ) : null}
            </figure>
          ))}
        </section>
      ) : null}

      <PublicVideoSection
        id={d.id}
        // a recorded video listed under 媒体 keeps the form's anchor; this one then has its own
        anchor={d.media.some((m) => m.kind === "video") ? `${FORM_ANCHORS.video}-mp4` : FORM_ANCHORS.video}
        video={d.video}
        planned={d.videoPlanned}
      />

      {d.cases.length ? (
        <section className="jd-section" id={FORM_ANCHORS.case} aria-labelledby="h-anli">
          <h2 id="h-anli">案例说明</h2>
          {d.cases.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: cases are positional
            <div key={i}>
              <h3>{c.title}</h3>
              <p>{c.situation}</p>
              <p>
                <strong>解读：</strong>
                {c.explanation}
              </p>
            </div>
          ))}
        </section>
      ) : null}

      {mediaGroups.length ? (
        <section className="jd-section" aria-labelledby="h-media">
          <h2 id="h-media">发布会与访谈</h2>
          {mediaGroups.map((g) => (
            <div key={g.id} id={g.id}>
              <h3>{g.title}</h3>
              <ul>
                {g.items.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: media records are positional
                  <li key={i}>
                    {[MEDIA_LABELS[m.kind], m.date, m.speaker].filter(Boolean).join(" · ")}
                    {m.link && /^https?:\/\//i.test(m.link) ? (
                      <>
                        {" "}
                        <a href={m.link} rel="noopener noreferrer">
                          观看/收听
                        </a>
                      </>
                    ) : null}
                    {m.transcript ? (
                      <details>
                        <summary>文字实录</summary>
                        <p>{m.transcript}</p>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}

      <p>
        <a className="back-link" href={`/zhengce/${d.id}`}>
          返回政策原文
        </a>
      </p>
    </>
  );
}

/**
 * /jiedu/<id>/xu/<seq> — a further interpretation (跟踪解读 / 二次解读 / 问答更新) of document <id>,
 * as frozen when it was published: 文字解读, 简明问答, 案例 and the charts' data. Images stay with the
 * first interpretation (/jiedu/<id>), whose image pack the exporter made.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Crumbs } from "~/components/public/crumbs";
import { LightHtml } from "~/components/public/light-html";
import { getDb } from "~/db/client.server";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { govMeta, pubDate } from "~/domain/public/meta";
import { getPublicFollowUp } from "~/features/lifecycle/follow-ups.server";
import { ValidityBanner } from "~/features/lifecycle/public-lifecycle";
import { validityNotice } from "~/features/lifecycle/validity.server";
import { siteInfo } from "~/features/publish/http.server";
import { getPublicInterpretation } from "~/features/publish/interpretations.server";
import { parsePublicId } from "~/features/publish/visibility.server";

const NOT_FOUND = "没有找到这次解读。它可能尚未发布或文件已撤回，请返回政策解读栏目查找。";

export async function loader({ params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const seq = params.seq && /^\d{1,4}$/.test(params.seq) ? Number(params.seq) : null;
  const main = id ? getPublicInterpretation(id) : null;
  const followUp = id && seq && main ? getPublicFollowUp(id, seq) : null;
  if (!id || !main || !followUp) throw new Response(NOT_FOUND, { status: 404 });
  const { content } = followUp;
  return {
    id,
    seq: followUp.seq,
    kindLabel: followUp.kindLabel,
    followUpTitle: followUp.title,
    publishedAt: followUp.publishedAt ?? main.publishedAt,
    title: main.documentTitle,
    docNumber: main.docNumber,
    issuer: main.issuer,
    sections: SECTION_KEYS.flatMap((k) => {
      const html = content.sections[k];
      return html?.trim() ? [{ key: k, label: SECTION_LABELS[k], nodes: parseLightHtml(html) }] : [];
    }),
    qa: content.qa.map((q) => ({ question: q.question, answer: parseLightHtml(q.answer) })),
    cases: content.cases,
    charts: content.charts.map((c) => ({ title: c.title, unit: c.unit, rows: c.data.map((r) => ({ label: r.label, series: r.series ?? null, value: String(r.value) })) })),
    validity: validityNotice(getDb(), id, beijingToday(new Date())),
    site: siteInfo(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  d
    ? govMeta({
        siteName: d.site.siteName,
        siteIdCode: d.site.siteIdCode,
        columnName: "政策解读",
        columnType: "政策解读",
        pageTitle: `《${d.title}》${d.kindLabel}：${d.followUpTitle}`,
        description: d.sections[0] ? lightText(d.sections[0].nodes).trim().slice(0, 120) : null,
        article: { title: `《${d.title}》${d.kindLabel}：${d.followUpTitle}`, pubDate: pubDate(d.publishedAt), contentSource: d.issuer },
        faq: d.qa.map((q) => ({ question: q.question, answer: lightText(q.answer).trim() })),
      })
    : [{ title: "页面不存在" }];

export default function FollowUpPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <Crumbs trail={[{ href: "/zhengce", label: "首页" }, { href: "/jiedu", label: "政策解读" }]} current={d.kindLabel} />
      <h1>{`《${d.title}》${d.kindLabel}：${d.followUpTitle}`}</h1>
      <p className="muted">{[d.issuer, d.docNumber, `发布日期 ${d.publishedAt.slice(0, 10)}`].filter(Boolean).join(" · ")}</p>
      <ValidityBanner notice={d.validity} subject="interpretation" />
      <div className="related">
        <p>
          <a className="back-link" href={`/zhengce/${d.id}`} data-testid="to-document">
            查看政策原文：《{d.title}》
          </a>
        </p>
        <p>
          <a href={`/jiedu/${d.id}`}>查看首次发布的政策解读</a>
        </p>
      </div>
      {d.sections.length ? (
        <section className="jd-section" aria-labelledby="h-wenzi">
          <h2 id="h-wenzi">文字解读</h2>
          {d.sections.map((s) => (
            <div key={s.key}>
              <h3>{s.label}</h3>
              <LightHtml nodes={s.nodes} />
            </div>
          ))}
        </section>
      ) : null}
      {d.qa.length ? (
        <section className="jd-section" aria-labelledby="h-wenda">
          <h2 id="h-wenda">简明问答</h2>
          {d.qa.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: Q&A order is the content
            <div key={i} className="qa">
              <h3>问：{q.question}</h3>
              <LightHtml nodes={q.answer} />
            </div>
          ))}
        </section>
      ) : null}
      {d.charts.length ? (
        <section className="jd-section" aria-labelledby="h-tubiao">
          <h2 id="h-tubiao">图表数据</h2>
          {d.charts.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: charts are positional
            <table className="data-table" key={i}>
              <caption>
                {c.title}
                {c.unit ? `（单位：${c.unit}）` : ""}
              </caption>
              <tbody>
                {c.rows.map((r, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                  <tr key={j}>
                    <th scope="row">{r.series ? `${r.series} · ${r.label}` : r.label}</th>
                    <td className="num">{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </section>
      ) : null}
      {d.cases.length ? (
        <section className="jd-section" aria-labelledby="h-anli">
          <h2 id="h-anli">案例说明</h2>
          {d.cases.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: cases are positional
            <div key={i}>
              <h3>{c.title}</h3>
              <p>{c.situation}</p>
              <p>{c.explanation}</p>
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}

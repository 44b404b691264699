/**
 * The two static pages of the CMS import bundle (zhengce.html, jiedu.html): the same content and
 * conventions as the public pages (GB/T 9704 typesetting of the text, the 政府网站 meta tags,
 * 双向关联 between document and interpretation, FAQPage data), as self-contained HTML whose every
 * reference is relative — assets/site.css, assets/fonts/…, images/… — or a fragment of the other
 * page. No script, no form, no link to a page the bundle does not hold: a CMS imports the files
 * as they are.
 */
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { type DocumentMeta, DocumentMetaTable, GwBlock } from "~/components/public/document-parts";
import { InterpretationBody, type InterpretationBodyProps } from "~/components/public/interpretation-body";
import { FORM_LABELS, type InterpretationForm } from "~/domain/vocabulary";
import { FORM_ANCHORS } from "~/domain/public/form-anchors";
import type { MetaTag } from "~/domain/public/meta";
import type { TextBlock } from "~/domain/public/typeset";

export const BUNDLE_FILES = { document: "zhengce.html", interpretation: "jiedu.html", css: "assets/site.css" } as const;

function Head({ meta }: { meta: MetaTag[] }) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {meta.map((m, i) => {
        const key = String(i);
        if ("title" in m) return <title key={key}>{m.title}</title>;
        if ("name" in m) return <meta key={key} name={m.name} content={m.content} />;
        if ("property" in m) return <meta key={key} property={m.property} content={m.content} />;
        // JSON-LD: "<" escaped so the data can never close the script element
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON with < escaped
        return <script key={key} type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(m["script:ld+json"]).replace(/</g, "\\u003c") }} />;
      })}
      <link rel="stylesheet" href={BUNDLE_FILES.css} />
    </head>
  );
}

function Chrome({ siteName, current, children }: { siteName: string; current: "document" | "interpretation" | null; children: ReactNode }) {
  return (
    <div className="pub">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="pub-header">
        <div className="pub-inner">
          <span className="pub-brand">{siteName}</span>
          <nav aria-label="本文件导航">
            <ul>
              <li>
                <a href={BUNDLE_FILES.document} aria-current={current === "document" ? "page" : undefined}>
                  政策原文
                </a>
              </li>
              {current ? (
                <li>
                  <a href={BUNDLE_FILES.interpretation} aria-current={current === "interpretation" ? "page" : undefined}>
                    政策解读
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="pub-main">
        {children}
      </main>
      <footer className="pub-footer">
        <div className="pub-inner">
          <p>主办：{siteName} · 政策文件与政策解读同步发布（谁起草谁解读）</p>
        </div>
      </footer>
    </div>
  );
}

function page(meta: MetaTag[], body: ReactNode): string {
  return `<!DOCTYPE html>\n${renderToStaticMarkup(
    <html lang="zh-CN">
      <Head meta={meta} />
      <body>{body}</body>
    </html>,
  )}\n`;
}

export type BundleDocument = {
  siteName: string;
  meta: MetaTag[];
  title: string;
  doc: DocumentMeta;
  blocks: TextBlock[];
  interpretation: { forms: InterpretationForm[] } | null;
};

export function documentPageHtml(d: BundleDocument): string {
  return page(
    d.meta,
    <Chrome siteName={d.siteName} current={d.interpretation ? "document" : null}>
      <h1>{d.title}</h1>
      <DocumentMetaTable doc={d.doc} />
      <section className="related" aria-labelledby="related-title" id="xiangguan-jiedu">
        <h2 id="related-title">相关解读</h2>
        {d.interpretation ? (
          <>
            <p className="primary">
              <a href={BUNDLE_FILES.interpretation}>《{d.title}》政策解读</a>
            </p>
            <ul>
              {d.interpretation.forms.map((f) => (
                <li key={f}>
                  <a href={`${BUNDLE_FILES.interpretation}#${FORM_ANCHORS[f]}`}>{FORM_LABELS[f]}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>本文件暂无解读材料。</p>
        )}
      </section>
      <article className="gw-doc" aria-labelledby="doc-text-title">
        <h2 id="doc-text-title" className="sr-only">
          文件正文
        </h2>
        {d.blocks.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the document's fixed paragraphs
          <GwBlock key={i} b={b} />
        ))}
      </article>
    </Chrome>,
  );
}

export type BundleInterpretation = {
  siteName: string;
  meta: MetaTag[];
  title: string;
  subtitle: string;
  forms: InterpretationForm[];
  body: InterpretationBodyProps;
};

export function interpretationPageHtml(d: BundleInterpretation): string {
  return page(
    d.meta,
    <Chrome siteName={d.siteName} current="interpretation">
      <h1>《{d.title}》政策解读</h1>
      <p className="muted">{d.subtitle}</p>
      <p className="related">
        <a className="back-link" href={BUNDLE_FILES.document}>
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
      <InterpretationBody {...d.body} />
      <p>
        <a className="back-link" href={BUNDLE_FILES.document}>
          返回政策原文
        </a>
      </p>
    </Chrome>,
  );
}

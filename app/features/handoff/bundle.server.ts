/**
 * The CMS import bundle of a published document (GET /zhengce/<id>/bundle.zip): a ZIP a county's
 * existing CMS (TRS, 大汉 Hanweb, 开普云 …) imports as static pages.
 *
 *   zhengce.html        the document page (GB/T 9704 typesetting, 政府网站 meta tags)
 *   jiedu.html          the interpretation page (when published), FAQPage data, 双向关联
 *   assets/site.css     the public site's styles + @font-face rules with relative URLs
 *   assets/fonts/*.woff2  only the Noto Serif SC / Noto Sans SC subsets the pages' text needs
 *   images/*            each 图解's exported image (the current publication's export)
 *   metadata.json       the CMS record (标题、文号、发文机关、成文日期、发布日期、正文、附件、解读关联)
 *
 * Built on request from the published snapshots only (getPublicDocument / getPublicInterpretation
 * apply publishedOnly()), so it is always the publication the site shows; nothing is stored.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import JSZip from "jszip";
import { CMS_FIELD_LABELS, cmsRecord } from "~/domain/handoff/cms-record";
import { type FontFace, facesFor, fontFaceCss, parseFontFaces } from "~/domain/handoff/font-faces";
import { formsPresent } from "~/domain/package/content";
import { SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { govMeta, pubDate } from "~/domain/public/meta";
import { type TextBlock, typesetDocument } from "~/domain/public/typeset";
import { qaCitationLinks } from "~/domain/qa-library/citations";
import { chartSvg, getPublicDocument, getPublicInterpretation, publicExportFile, siteInfo } from "~/features/publish/index.server";
import appCss from "~/styles/app.css?raw";
import publicCss from "~/styles/public.css?raw";
import { BUNDLE_FILES, type BundleInterpretation, documentPageHtml, interpretationPageHtml } from "./bundle-pages";

const require = createRequire(import.meta.url);
const FONT_FILES = [
  ["@fontsource/noto-sans-sc", "400.css"],
  ["@fontsource/noto-sans-sc", "700.css"],
  ["@fontsource/noto-serif-sc", "400.css"],
  ["@fontsource/noto-serif-sc", "700.css"],
] as const;

let faceCache: { face: FontFace; dir: string }[] | null = null;
function allFaces(): { face: FontFace; dir: string }[] {
  faceCache ??= FONT_FILES.flatMap(([pkg, file]) => {
    const css = require.resolve(`${pkg}/${file}`);
    return parseFontFaces(readFileSync(css, "utf8")).map((face) => ({ face, dir: join(dirname(css), "files") }));
  });
  return faceCache;
}

/** Bundle-only rules: the skip link and screen-reader text the app's global styles would give. */
const BUNDLE_CSS = `
body { margin: 0; font-family: "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1f1f1f; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -9999px; } .skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
.pub-brand { color: #fff; }
figure img { max-width: 100%; height: auto; }
`;

export type Bundle = { zip: Buffer; fileName: string; files: string[] };

/** The import bundle of published document `documentId`, or null when it is not public. */
export async function buildBundle(documentId: number, origin: string): Promise<Bundle | null> {
  const doc = getPublicDocument(documentId);
  if (!doc) return null;
  const jd = doc.interpretation ? getPublicInterpretation(documentId) : null;
  const site = siteInfo();
  const zip = new JSZip();
  const files: string[] = [];
  const add = (path: string, data: string | Buffer) => {
    zip.file(path, data);
    files.push(path);
  };

  const blocks: TextBlock[] = typesetDocument(doc.text, doc.parts, { title: doc.title, docNumber: doc.docNumber, issuer: doc.issuer });
  const documentHtml = documentPageHtml({
    siteName: site.siteName,
    meta: govMeta({
      siteName: site.siteName,
      siteIdCode: site.siteIdCode,
      columnName: "政策文件库",
      columnType: "政策文件",
      pageTitle: doc.title,
      description: `${doc.issuer ?? ""}${doc.docNumber ? `（${doc.docNumber}）` : ""}${doc.title}`,
      article: { title: doc.title, pubDate: pubDate(doc.publishedAt), contentSource: doc.issuer },
    }),
    title: doc.title,
    doc,
    blocks,
    interpretation: jd ? { forms: formsPresent(jd.content) } : null,
  });
  add(BUNDLE_FILES.document, documentHtml);

  let interpretationHtml = "";
  if (jd) {
    const { content } = jd;
    const graphics: BundleInterpretation["body"]["graphics"] = [];
    for (const [i, g] of content.graphics.entries()) {
      const image = jd.graphicImages[i] ?? null;
      const file = image ? publicExportFile(documentId, image.file) : null;
      let src: string | null = null;
      if (image && file) {
        const name = `images/tujie-${i + 1}${/\.[a-z0-9]+$/i.exec(image.file)?.[0]?.toLowerCase() ?? ".png"}`;
        add(name, readFileSync(file.path));
        src = name;
      }
      graphics.push({
        altText: g.altText || image?.altText || null,
        longDescription: g.longDescription || image?.longDescription || null,
        image: src && image ? { file: image.file, width: image.width, height: image.height } : null,
        src,
      });
    }
    const charts = await Promise.all(content.charts.map(async (c, i) => ({ chart: c, svg: await chartSvg(c, `${jd.packageId}:${jd.publishedAt}:${i}`, `chart-${i + 1}-title`) })));
    const qa = content.qa.map((q) => ({ question: q.question, answer: parseLightHtml(q.answer), citations: qaCitationLinks(q.clauseRefs, jd.parts, BUNDLE_FILES.document) }));
    const sections = SECTION_KEYS.flatMap((k) => {
      const html = content.sections[k];
      return html?.trim() ? [{ key: k, label: SECTION_LABELS[k], nodes: parseLightHtml(html) }] : [];
    });
    const background = sections.find((s) => s.key === "background");
    interpretationHtml = interpretationPageHtml({
      siteName: site.siteName,
      meta: govMeta({
        siteName: site.siteName,
        siteIdCode: site.siteIdCode,
        columnName: "政策解读",
        columnType: "政策解读",
        pageTitle: `《${jd.documentTitle}》政策解读`,
        description: background ? lightText(background.nodes).trim().slice(0, 120) : null,
        article: { title: `《${jd.documentTitle}》政策解读`, pubDate: pubDate(jd.publishedAt), contentSource: jd.issuer },
        faq: qa.map((q) => ({ question: q.question, answer: lightText(q.answer).trim() })),
      }),
      title: jd.documentTitle,
      subtitle: [jd.issuer, jd.docNumber, `发布日期 ${jd.publishedDate}`, content.plan.interpreterName ? `解读人：${content.plan.interpreterName}` : null].filter(Boolean).join(" · "),
      forms: formsPresent(content),
      body: { sections, qa, charts, graphics, cases: content.cases, media: content.media },
    });
    add(BUNDLE_FILES.interpretation, interpretationHtml);
  }

  // Only the font subsets covering a character the pages print.
  const faces = facesFor(documentHtml + interpretationHtml, allFaces().map((f) => f.face));
  for (const face of faces) {
    const dir = allFaces().find((f) => f.face === face)?.dir;
    if (dir) add(`assets/fonts/${face.file}`, readFileSync(join(dir, face.file)));
  }
  add(BUNDLE_FILES.css, `${fontFaceCss(faces)}\n${appCss}\n${publicCss}\n${BUNDLE_CSS}`);

  const record = cmsRecord(origin, doc, jd ? { publishedAt: jd.publishedAt, interpreterName: jd.content.plan.interpreterName, forms: formsPresent(jd.content) } : null);
  const metadata = {
    format: "jiedu-cms-bundle/1",
    fieldLabels: CMS_FIELD_LABELS,
    record,
    files: { document: BUNDLE_FILES.document, interpretation: jd ? BUNDLE_FILES.interpretation : null, stylesheet: BUNDLE_FILES.css, images: files.filter((f) => f.startsWith("images/")) },
  };
  add("metadata.json", `${JSON.stringify(metadata, null, 2)}\n`);
  const buffer = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
  return { zip: buffer, fileName: `jiedu-${documentId}-bundle.zip`, files };
}

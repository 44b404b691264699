/**
 * The WeChat article HTML of a published interpretation, each slot holding its own exported image.
 */
import type { PackageContent } from "~/domain/package/content";
import { toWechatHtml } from "~/domain/wechat-html";
import { type PublicGraphicImage, WECHAT_CHANNEL_ORDER, matchChartImages, matchGraphicImages, publishedExportJob } from "./image-pack.server";
import { getPublicInterpretation } from "./interpretations.server";

/** The published package's own images per 图解 and per chart, for the WeChat HTML. */
function wechatImages(packageId: number, content: PackageContent): { graphics: (PublicGraphicImage | null)[]; charts: (PublicGraphicImage | null)[] } {
  const job = publishedExportJob(packageId);
  if (!job) return { graphics: content.graphics.map(() => null), charts: content.charts.map(() => null) };
  return { graphics: matchGraphicImages(job.id, content, WECHAT_CHANNEL_ORDER), charts: matchChartImages(job.id, content, WECHAT_CHANNEL_ORDER) };
}

/**
 * The published interpretation as WeChat-safe HTML (a full HTML file, for download/copy).
 * Images are absolute URLs of this site's /jiedu/<id>/tu/<file> (the published export), built
 * from `origin`, so the 公众号 editor can fetch them when the HTML is pasted.
 */
export function publicWechatHtml(documentId: number, origin: string): string | null {
  const jd = getPublicInterpretation(documentId);
  if (!jd) return null;
  const images = wechatImages(jd.packageId, jd.content);
  const toImage = (img: PublicGraphicImage | null) => (img ? { src: `${origin}/jiedu/${documentId}/tu/${encodeURIComponent(img.file)}`, altText: img.altText } : null);
  const fragment = toWechatHtml({
    title: `《${jd.documentTitle}》政策解读`,
    documentTitle: jd.documentTitle,
    docNumber: jd.docNumber,
    issuer: jd.issuer,
    publishedDate: jd.publishedDate,
    documentUrl: `${origin}/zhengce/${documentId}`,
    content: jd.content,
    graphicImages: images.graphics.map(toImage),
    chartImages: images.charts.map(toImage),
  });
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>公众号排版</title></head><body>${fragment}</body></html>\n`;
}


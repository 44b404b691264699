/**
 * 视频画面: one frame of the video interpretation. The scene's card — captured by the image
 * pipeline from its own template (cover, 数字卡, 问答卡, 图表卡, 时间轴, a saved 图解), at its own
 * size, then scaled with sharp — sits on the stage; around it the document title, the burned-in
 * caption and the department line. Laid out and checked by the same render runtime as every card
 * (data-box / data-fit / data-flow / data-text: shrink, 避头尾, nothing outside its box); the caption
 * box holds exactly two lines at any of its sizes, so a caption that does not fit is split into
 * consecutive cues by the video stage (app/render/video/frames.server.ts), never clipped.
 *
 * Not in the template registry: it is no image of its own and no 图解 can be made from it.
 */
import type { Box, VideoPreset } from "~/render/video-presets";
import type { BuildContext, Markup } from "../shared/types";
import { baseCss, escapeHtml, html, joinPresent, orgSegments, raw, truncateForAlt, unbreakable } from "../shared/html";

export type VideoFrameSlots = {
  title: string;
  department: string;
  docNumber: string;
  /** landscape: the scene's name beside the card ("简明问答 2/5") */
  label: string;
  /** URL of the scaled card (served by the render stage), and its drawn size */
  stage: { src: string; width: number; height: number };
  caption: string;
};

const LINE_HEIGHT = 1.5;

function place(box: Box): string {
  return `left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px`;
}

function css(preset: VideoPreset): string {
  const max = preset.captionSizes[0];
  const padY = Math.max(8, Math.floor((preset.caption.height - 2 * max * LINE_HEIGHT) / 2));
  const landscape = preset.width > preset.height;
  return `
.vf{position:relative;width:${preset.width}px;height:${preset.height}px;background:var(--bg);overflow:hidden}
.vf .rule{position:absolute;left:0;top:0;width:100%;height:10px;background:var(--primary)}
.vf .rule.bottom{top:auto;bottom:0;height:6px;background:var(--accent)}
.vf .stage{position:absolute;${place(preset.stage)};display:flex;align-items:center;justify-content:center}
.vf .stage img{display:block;border-radius:12px;box-shadow:0 6px 28px rgba(0,0,0,.14)}
.vf .title{position:absolute;display:flex;flex-direction:column;justify-content:center;${landscape ? "align-items:flex-start;text-align:left" : "align-items:center;text-align:center"};gap:12px;font-size:var(--fs,44px)}
.vf .title .kicker{flex:none;font-size:26px;line-height:1.4;font-weight:700;letter-spacing:.2em;color:var(--on-primary);background:var(--primary);padding:2px 18px;border-radius:999px}
.vf .title h1{font-size:1em;font-weight:900;line-height:1.35;color:var(--primary-dark)}
.vf .label{position:absolute;display:flex;flex-direction:column;justify-content:center;font-size:var(--fs,64px);border-left:10px solid var(--accent);padding-left:32px}
.vf .label h2{font-size:1em;font-weight:900;line-height:1.3;color:var(--primary)}
.vf .caption{position:absolute;display:flex;align-items:center;justify-content:center;padding:${padY}px 36px;background:rgba(20,20,20,.84);border-radius:14px;font-size:var(--fs,${max}px)}
.vf .caption .flow{width:100%}
.vf .caption p{color:#fff;font-weight:700;line-height:${LINE_HEIGHT};text-align:center;letter-spacing:.02em}
.vf .foot{position:absolute;display:flex;align-items:center;justify-content:${landscape ? "flex-start" : "center"};font-size:var(--fs,26px);color:var(--muted);line-height:1.4}
`;
}

/** Sizes a one-line title/footer shrinks through (px). */
const TITLE_FIT = "44,40,36,34,32,30";
const LANDSCAPE_TITLE_FIT = "52,48,44,40,36";
const LABEL_FIT = "64,56,48";
const FOOT_FIT = "26,24,22,20";

export function buildVideoFrame(slots: VideoFrameSlots, preset: VideoPreset, ctx: Omit<BuildContext, "size" | "sizeKey">): Markup {
  const size = { width: preset.width, height: preset.height };
  const buildCtx: BuildContext = { ...ctx, size, sizeKey: preset.id };
  const landscape = preset.width > preset.height;
  const title = preset.title
    ? html`<div class="title" style="${place(preset.title)}" data-box="title" data-fit="${landscape ? LANDSCAPE_TITLE_FIT : TITLE_FIT}"><span class="kicker">政策解读</span><h1 class="serif" data-text data-title>${slots.title}</h1></div>`
    : "";
  const label = preset.label && slots.label ? html`<div class="label" style="${place(preset.label)}" data-box="label" data-fit="${LABEL_FIT}"><h2 class="serif" data-text>${slots.label}</h2></div>` : "";
  const footText = [unbreakable(orgSegments(slots.department)).html, slots.docNumber ? unbreakable([slots.docNumber]).html : ""].filter(Boolean).join(escapeHtml("　"));
  const foot = preset.footer ? html`<div class="foot" style="${place(preset.footer)}" data-box="footer" data-fit="${FOOT_FIT}"><div data-text data-meta>${raw(footText)}</div></div>` : "";
  const stage = html`<div class="stage"><img src="${slots.stage.src}" width="${slots.stage.width}" height="${slots.stage.height}" alt=""></div>`;
  const caption = html`<div class="caption" style="${place(preset.caption)}" data-box="caption" data-fit="${preset.captionSizes.join(",")}" data-flow><div class="flow"><p class="p" data-kind="p" data-text>${slots.caption}</p></div></div>`;
  const body = html`<section class="vf"><div class="rule"></div>${stage}${title}${label}${caption}${foot}<div class="rule bottom"></div></section>`;
  return {
    css: baseCss(buildCtx, size) + css(preset),
    body: body.html,
    charts: [],
    altText: truncateForAlt(slots.caption),
    longDescription: joinPresent([slots.title, slots.caption], "\n"),
  };
}

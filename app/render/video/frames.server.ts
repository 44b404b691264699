/**
 * Stage 2 of the video — frames, on the image exporter's browser pool and page runtime.
 *
 *   captureCard     a scene's card through renderCard (its own template, fit, 避头尾, "续" cards);
 *                   a 数字卡 also captures its count-up: the same laid-out page with the figures
 *                   at eased fractions of their values (the layout is kept, only digits change)
 *   composeScene    one scene on one preset's frame (templates/video-frame): the scaled card on
 *                   the stage, the caption shrunk and, when even the smallest size holds no more
 *                   than two lines of it, split at clause ends (else at a line, with 避头尾) into
 *                   consecutive cues; then one screenshot per distinct state the timeline needs
 *                   (card part × count-up step × cue)
 *
 * Only frames that differ are captured; holds and crossfades are the encoder's.
 */
import type { Page } from "puppeteer";
import sharp from "sharp";
import { z } from "zod";
import type { CardJob } from "../../../templates/registry";
import { buildVideoFrame, type VideoFrameSlots } from "../../../templates/video-frame/template";
import { type BrowserPool, type CardContext, LayoutError, type RenderWorker, renderCard } from "../browser.server";
import type { VideoPreset } from "../video-presets";
import { type FrameState, type SceneShape, type TimelineOptions, sceneStates, stateKey } from "./timeline";

export type CardShots = {
  /** the card and its "续" cards, full size */
  parts: Buffer[];
  /** count-up steps (figures from 0 towards their values), before the final card; may be empty */
  countUp: Buffer[];
  width: number;
  height: number;
  blocked: number;
};

const countables = z.number();

/**
 * In-page count-up: finds each figure's digits (a text node of `.value`, outside its unit) and
 * sets them to a fraction of their value, formatted like the original (decimals, thousands
 * separators). Values that are no single number ("3-5", "A档") keep their text.
 */
const COUNT_UP_SCRIPT = String.raw`(function () {
  if (window.__jieduCount) return window.__jieduCount.items.length;
  var items = [];
  document.querySelectorAll(".fig .value").forEach(function (el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest(".unit") || !node.data.trim()) continue;
      var m = /^([^0-9]*)([0-9][0-9,]*(?:\.[0-9]+)?)([^0-9]*)$/.exec(node.data);
      if (m) {
        var digits = m[2];
        var decimals = digits.indexOf(".") >= 0 ? digits.length - digits.indexOf(".") - 1 : 0;
        items.push({ node: node, original: node.data, prefix: m[1], suffix: m[3], value: Number(digits.replace(/,/g, "")), decimals: decimals, group: digits.indexOf(",") >= 0 });
      }
      break;
    }
  });
  function format(item, v) {
    var s = v.toFixed(item.decimals);
    if (item.group) { var parts = s.split("."); parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ","); s = parts.join("."); }
    return item.prefix + s + item.suffix;
  }
  window.__jieduCount = {
    items: items,
    set: function (f) { items.forEach(function (it) { it.node.data = f >= 1 ? it.original : format(it, it.value * f); }); return true; }
  };
  return items.length;
})()`;

/** Ease-out: the figures rise fast and settle, as a careful presenter would show them. */
export function easeOut(x: number): number {
  return 1 - (1 - x) ** 3;
}

/** A scene's card at its own size; a 数字卡 with `countUpSteps` also gets its count-up frames. */
export async function captureCard(pool: BrowserPool, job: CardJob, ctx: CardContext, countUpSteps: number): Promise<CardShots> {
  const countUp: Buffer[] = [];
  const captures = await pool.run((worker) =>
    renderCard(worker, job, ctx, async (page, info) => {
      if (countUpSteps === 0 || info.part > 0 || job.templateId !== "figures-card") return;
      const n = countables.parse(await page.evaluate(COUNT_UP_SCRIPT));
      if (n === 0) return;
      for (let k = 0; k < countUpSteps; k++) {
        await page.evaluate(`window.__jieduCount.set(${easeOut(k / countUpSteps)})`);
        countUp.push(Buffer.from(await page.screenshot({ type: "png", optimizeForSpeed: true, clip: { x: 0, y: 0, width: info.width, height: info.height }, captureBeyondViewport: false })));
      }
      await page.evaluate("window.__jieduCount.set(1)");
    }),
  );
  const first = captures[0];
  return { parts: captures.map((c) => c.png), countUp, width: first.width, height: first.height, blocked: captures.reduce((n, c) => n + c.blocked, 0) };
}

/** The card scaled into the preset's stage (lanczos, by sharp — sharper text than the browser's). */
export async function fitToStage(png: Buffer, card: { width: number; height: number }, preset: VideoPreset): Promise<{ png: Buffer; width: number; height: number }> {
  const scale = Math.min(preset.stage.width / card.width, preset.stage.height / card.height);
  const width = Math.round(card.width * scale);
  const height = Math.round(card.height * scale);
  const out = await sharp(png).resize({ width, height, kernel: "lanczos3" }).png({ compressionLevel: 1 }).toBuffer();
  return { png: out, width, height };
}

// ---------------------------------------------------------------------------------------------
// Composing a scene's frames

const fitResults = z.array(z.object({ box: z.string(), ok: z.boolean(), fontSize: z.number(), flow: z.boolean() }));
const splitResult = z.union([
  z.object({ ok: z.literal(true), shown: z.array(z.object({ kind: z.string(), text: z.string() })), remaining: z.array(z.object({ kind: z.string(), text: z.string() })) }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
const lineRules = z.object({ leftovers: z.array(z.string()) });
const strings = z.array(z.string());

export type SceneFrameInput = {
  index: number;
  shape: Omit<SceneShape, "cues">;
  start: number;
  isFirst: boolean;
  isLast: boolean;
  caption: string;
  slots: Omit<VideoFrameSlots, "stage" | "caption">;
  /** the scaled card parts and count-up steps, as URLs served to the page */
  parts: string[];
  countUp: string[];
  stageSize: { width: number; height: number };
};

export type ComposedScene = { cues: string[]; shots: Map<string, Buffer>; blocked: number };

async function setCaption(worker: RenderWorker, text: string): Promise<void> {
  await worker.eval(`(function (t) { var p = document.querySelector(".vf .caption p"); p.textContent = t; return true; })(${JSON.stringify(text)})`, z.literal(true));
  await worker.eval("__jiedu.glue()", z.number());
}

async function setStage(worker: RenderWorker, src: string): Promise<void> {
  await worker.eval(
    `(async function (src) { var img = document.querySelector(".vf .stage img"); if (img.getAttribute("src") !== src) { img.src = src; await img.decode(); } return true; })(${JSON.stringify(src)})`,
    z.literal(true),
  );
}

/**
 * Lays out `text` in the caption at the largest size (≤ cap) where it holds in two lines after the
 * line rules; returns that size, or null when even the smallest size does not hold it.
 */
async function fitCaption(worker: RenderWorker, preset: VideoPreset, text: string): Promise<number | null> {
  let cap = preset.captionSizes[0];
  for (;;) {
    await setCaption(worker, text);
    const fits = await worker.eval(`__jiedu.fit(${cap})`, fitResults);
    const caption = fits.find((f) => f.box === "caption");
    if (!caption?.ok) return null;
    const rules = await worker.eval("__jiedu.lineRules()", lineRules);
    const outside = (await worker.eval(`__jiedu.overflow(${preset.width}, ${preset.height})`, strings)).filter((o) => o.startsWith("caption"));
    if (rules.leftovers.length === 0 && outside.length === 0) return caption.fontSize;
    // the line rules moved text onto a third line: the next smaller size
    const smaller = preset.captionSizes.filter((s) => s < caption.fontSize);
    if (smaller.length === 0) return null;
    cap = smaller[0];
  }
}

const CLAUSE_END = /[。！？；：，、]/;
const SENTENCE_END = /[。！？；]/;

/** Clause ends in `text` (positions after the mark), shortest first. */
function clauseEnds(text: string): number[] {
  const out: number[] = [];
  [...text].forEach((ch, i) => {
    if (CLAUSE_END.test(ch) && i + 1 < text.length) out.push(i + 1);
  });
  return out;
}

/** A cue does not end on a comma-like mark (，、；：); a full stop, ？ or ！ stays. */
function tidyCue(text: string): string {
  return text.trim().replace(/[，、；：]+$/, "");
}

/** Splits a caption into cues that each hold in two lines: shrink first, then split at clause ends. */
async function splitCaption(worker: RenderWorker, preset: VideoPreset, caption: string): Promise<string[]> {
  const cues: string[] = [];
  let rest = caption.trim();
  for (let guard = 0; rest && guard < 40; guard++) {
    if ((await fitCaption(worker, preset, rest)) !== null) {
      cues.push(tidyCue(rest));
      break;
    }
    // the longest prefix ending at a clause end that holds; a sentence end is preferred when it
    // keeps at least 60% of what would fit
    const ends = clauseEnds(rest);
    let lo = 0;
    let hi = ends.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((await fitCaption(worker, preset, rest.slice(0, ends[mid]))) !== null) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let cut = best >= 0 ? ends[best] : -1;
    if (cut > 0) {
      const sentence = ends.slice(0, best + 1).filter((e) => SENTENCE_END.test(rest[e - 1]));
      const lastSentence = sentence.at(-1);
      if (lastSentence !== undefined && lastSentence >= cut * 0.6) cut = lastSentence;
    } else {
      // no clause end holds: cut at the last line that fits (避头尾 kept by the runtime's split)
      await setCaption(worker, rest);
      await worker.eval(`__jiedu.fit(${preset.captionSizes.at(-1)})`, fitResults);
      const split = await worker.eval("__jiedu.split()", splitResult);
      if (!split.ok) throw new LayoutError(`视频字幕“${rest.slice(0, 12)}…”在最小字号下也放不下，请精简字幕`);
      cut = split.shown.map((s) => s.text).join("").length;
    }
    cues.push(tidyCue(rest.slice(0, cut)));
    rest = rest.slice(cut).trim();
  }
  return cues.filter(Boolean);
}

/** Lays out the frame, splits the caption into cues, and captures each distinct state the timeline needs. */
/** Test hook on the laid-out frame, once per caption cue, before its first capture. */
export type FrameInspectHook = (page: Page, info: { preset: VideoPreset["id"]; scene: number; cue: number; text: string }) => Promise<void>;

export async function composeScene(pool: BrowserPool, preset: VideoPreset, ctx: CardContext, input: SceneFrameInput, timing: TimelineOptions, inspect?: FrameInspectHook): Promise<ComposedScene> {
  return pool.run(async (worker) => {
    const markup = buildVideoFrame({ ...input.slots, stage: { src: input.parts[0], ...input.stageSize }, caption: input.caption }, preset, ctx);
    await worker.setViewport(preset.width, preset.height);
    await worker.eval(`__jiedu.set(${JSON.stringify({ css: markup.css, body: markup.body })})`, z.literal(true));
    const cues = await splitCaption(worker, preset, input.caption);
    if (cues.length === 0) throw new LayoutError(`视频场景 ${input.index + 1} 没有字幕，请填写`);
    const states = sceneStates({ ...input.shape, cues }, input.index, input.start, input.isFirst, input.isLast, timing);
    const shots = new Map<string, Buffer>();
    let cue = -1;
    for (const state of orderForCapture(states)) {
      const src = state.part === 0 && state.step !== null ? input.countUp[state.step] : input.parts[state.part];
      if (!src) throw new Error(`missing stage image for ${stateKey(state)}`);
      await setStage(worker, src);
      if (state.cue !== cue) {
        const size = await fitCaption(worker, preset, cues[state.cue]);
        if (size === null) throw new LayoutError(`视频字幕“${cues[state.cue].slice(0, 12)}…”放不下，请精简字幕`);
        const outside = await worker.eval(`__jiedu.overflow(${preset.width}, ${preset.height})`, strings);
        if (outside.length > 0) throw new LayoutError(`视频画面有内容超出版面（${outside.slice(0, 3).join("；")}），请精简文字`);
        cue = state.cue;
        await inspect?.(worker.page, { preset: preset.id, scene: input.index, cue: state.cue, text: cues[state.cue] });
      }
      shots.set(stateKey(state), Buffer.from(await worker.page.screenshot({ type: "png", optimizeForSpeed: true, clip: { x: 0, y: 0, width: preset.width, height: preset.height }, captureBeyondViewport: false })));
    }
    return { cues, shots, blocked: await worker.takeBlocked() };
  });
}

/** Captures grouped by cue, so each caption is laid out once. */
function orderForCapture(states: FrameState[]): FrameState[] {
  return [...states].sort((a, b) => a.cue - b.cue || a.part - b.part || (a.step ?? 1e9) - (b.step ?? 1e9));
}

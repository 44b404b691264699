/**
 * The video storyboard (视频分镜) of a package — pure, shared by the editor (client and server),
 * the exporter and the tests.
 *
 *   sceneSources(content, doc)       every scene the package can make, in the canonical order:
 *                                    cover, key-figure cards, Q&A, charts, timeline cards, 图解
 *   defaultStoryboard(content, doc)  the generated storyboard: those scenes with durations from
 *                                    their caption length, trimmed to fit 90 s
 *   resolveStoryboard(video, …)      the stored storyboard made concrete: each scene's caption
 *                                    (its own, or generated from its item when it has none),
 *                                    its target's title, and every problem in Chinese
 *
 * A scene points at an item of the package by kind and 0-based position (问答 2 = qa, ref 1); a
 * caption left empty (null) follows its item, so editing a Q&A updates its video caption too.
 * The total and a scene's target are checked here (they depend on the rest of the package); the
 * per-scene bounds are also enforced by `videoContentSchema` on save.
 */
import { z } from "zod";
import { formatDate } from "../../../templates/shared/html";
import { graphicSizeKey } from "../../../templates/registry";
import { TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";
import { validateChartRows } from "~/domain/package/charts";
import type { PackageContent } from "~/domain/package/content";
import { generatedGraphicTexts } from "~/domain/package/graphic-texts";
import { placeholderIn } from "~/domain/package/placeholders";

export const VIDEO_SCENE_KINDS = ["cover", "figures", "qa", "chart", "timeline", "graphic"] as const;
export type VideoSceneKind = (typeof VIDEO_SCENE_KINDS)[number];

export const SCENE_KIND_LABELS: Record<VideoSceneKind, string> = {
  cover: "封面",
  figures: "数说政策",
  qa: "简明问答",
  chart: "图表",
  timeline: "时间节点",
  graphic: "图解",
};

export const VIDEO_LIMITS = {
  sceneMinSeconds: 2,
  sceneMaxSeconds: 15,
  /** a key-figure scene holds its count-up (1 s) after the crossfade, then the figures */
  figuresMinSeconds: 3,
  totalMinSeconds: 30,
  totalMaxSeconds: 90,
  captionMax: 200,
  scenes: 30,
  musicNameMax: 120,
} as const;

/** Key figures per 数字卡 and items per 时间轴 card (templates/figures-card, templates/timeline). */
export const FIGURES_PER_CARD = 6;
export const TIMELINE_PER_CARD = 8;

/** A reading pace for burned-in Chinese captions: about 4.5 characters a second, plus a breath. */
export function suggestedSeconds(caption: string, kind: VideoSceneKind): number {
  const chars = [...caption.replace(/\s/g, "")].length;
  const base = Math.round((1.5 + chars / 4.5) * 2) / 2;
  const min = kind === "figures" ? 5 : kind === "cover" ? 4 : 4;
  return Math.max(min, Math.min(VIDEO_LIMITS.sceneMaxSeconds, base));
}

// ---------------------------------------------------------------------------------------------
// Stored shape and its schema (save payload, revisions, published snapshot)

export type VideoSceneContent = { kind: VideoSceneKind; ref: number; duration: number; caption: string | null };
/** The officer's background music (table video_music), by id; the name is what they uploaded. */
export type VideoMusicRef = { id: number; name: string; seconds: number };
export type VideoContent = { scenes: VideoSceneContent[]; music: VideoMusicRef | null };

const sceneSchema = z.object({
  kind: z.enum(VIDEO_SCENE_KINDS, { errorMap: () => ({ message: "请选择场景类型" }) }),
  ref: z.number({ invalid_type_error: "场景引用的内容无效" }).int().min(0).max(99),
  duration: z
    .number({ required_error: "请填写场景时长", invalid_type_error: "场景时长应为数字（秒）" })
    .finite("场景时长应为数字（秒）")
    .min(VIDEO_LIMITS.sceneMinSeconds, `每个场景至少 ${VIDEO_LIMITS.sceneMinSeconds} 秒`)
    .max(VIDEO_LIMITS.sceneMaxSeconds, `每个场景最长 ${VIDEO_LIMITS.sceneMaxSeconds} 秒，请缩短，或把字幕拆成两个场景`)
    .transform((v) => Math.round(v * 10) / 10),
  caption: z
    .string({ invalid_type_error: "字幕应为文字" })
    .max(VIDEO_LIMITS.captionMax * 2, `字幕不能超过 ${VIDEO_LIMITS.captionMax} 个字，请精简`)
    .transform((v) => normalizeCaption(v))
    .refine((v) => v.length <= VIDEO_LIMITS.captionMax, `字幕不能超过 ${VIDEO_LIMITS.captionMax} 个字，请精简`)
    .nullish()
    .transform((v) => (v ? v : null)),
});

const musicSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().max(VIDEO_LIMITS.musicNameMax * 2).transform((v) => v.slice(0, VIDEO_LIMITS.musicNameMax)),
  seconds: z.number().finite().min(0),
});

export const videoContentSchema = z.object({
  scenes: z.array(sceneSchema).max(VIDEO_LIMITS.scenes, `视频最多 ${VIDEO_LIMITS.scenes} 个场景，请删减`),
  music: musicSchema.nullish().transform((v) => v ?? null),
});

/** A published snapshot or revision read back: a broken storyboard is no storyboard. */
export function readVideoContent(raw: unknown): VideoContent | null {
  if (raw === null || raw === undefined) return null;
  const parsed = videoContentSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** One line of caption text: markup-free input, whitespace collapsed (no space between CJK). */
export function normalizeCaption(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/([\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])/g, "$1")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// What the package offers

export type StoryboardDocument = { title: string; docNumber?: string | null };

export type SceneSource = {
  kind: VideoSceneKind;
  ref: number;
  /** "问答 2：政策解读有什么要求？" — what the editor shows for the scene */
  title: string;
  defaultCaption: string;
  /** null when the scene can be rendered; else why not, in Chinese */
  problem: string | null;
};

const SENTENCE = /[^。！？；]+[。！？；]?/g;

/** Citations the answers carry for the reader ("（见第一部分第（二）项）") are not spoken text. */
function withoutCitations(text: string): string {
  return text.replace(/（见[^（）]*(?:（[^（）]*）[^（）]*)*）/g, "");
}

/**
 * The first sentences of a text, at most `max` characters, ending at a sentence; a first
 * sentence longer than that is cut at its last comma before `max`, and marked "……".
 */
export function leadSentences(text: string, max: number): string {
  const clean = normalizeCaption(withoutCitations(text));
  const sentences = clean.match(SENTENCE) ?? [];
  let out = "";
  for (const s of sentences) {
    if ((out + s).length > max) break;
    out += s;
  }
  if (out) return out;
  const first = sentences[0] ?? clean;
  const cut = first.slice(0, max);
  const comma = Math.max(cut.lastIndexOf("，"), cut.lastIndexOf("、"));
  return `${comma > max / 3 ? cut.slice(0, comma) : cut.slice(0, max - 2)}……`;
}

export function figureCards(content: PackageContent): PackageContent["keyFigures"][] {
  const figures = content.keyFigures.filter((k) => k.value.trim() && k.label.trim());
  const cards: PackageContent["keyFigures"][] = [];
  for (let i = 0; i < figures.length; i += FIGURES_PER_CARD) cards.push(figures.slice(i, i + FIGURES_PER_CARD));
  return cards;
}

export function timelineCards(content: PackageContent): PackageContent["timeline"][] {
  const items = content.timeline.filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.date) && t.label.trim()).sort((a, b) => a.date.localeCompare(b.date));
  const cards: PackageContent["timeline"][] = [];
  for (let i = 0; i < items.length; i += TIMELINE_PER_CARD) cards.push(items.slice(i, i + TIMELINE_PER_CARD));
  return cards;
}

function isTemplateId(value: string): value is TemplateId {
  return TEMPLATE_IDS.some((id) => id === value);
}

/** The card sizes a 图解 can be shown at in a video (the frame's stage holds 3:4 or 1:1). */
export const VIDEO_GRAPHIC_SIZES = [
  { width: 1080, height: 1440 },
  { width: 1080, height: 1080 },
] as const;

const short = (s: string, n = 24) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Every scene the package can make, in canonical order, with its generated caption. */
export function sceneSources(content: PackageContent, doc: StoryboardDocument): SceneSource[] {
  const out: SceneSource[] = [];
  const title = doc.title.trim();
  out.push({ kind: "cover", ref: 0, title: `封面：${short(title)}`, defaultCaption: title ? `《${title}》政策解读` : "", problem: title ? null : "文件还没有标题" });
  figureCards(content).forEach((figures, p, all) => {
    const text = figures.map((f) => `${f.label}${f.value}${f.unit ?? ""}`).join("，");
    out.push({ kind: "figures", ref: p, title: `数说政策${all.length > 1 ? ` 第 ${p + 1} 张` : ""}：${short(text)}`, defaultCaption: `数说政策：${text}。`, problem: null });
  });
  content.qa.forEach((q, i) => {
    const question = normalizeCaption(q.question);
    const answer = q.answer.trim() ? leadSentences(q.answer, 60) : "";
    const problem = !question || !q.answer.trim() ? "这条问答还没有写完" : null;
    out.push({ kind: "qa", ref: i, title: `问答 ${i + 1}：${short(question || "（无问题）")}`, defaultCaption: question && answer ? `问：${question}答：${answer}` : "", problem });
  });
  content.charts.forEach((c, i) => {
    const rows = c.data.slice(0, 6).map((r) => `${r.series ? `${r.series}` : ""}${r.label}${r.value}${c.unit ?? ""}`);
    const problem = !c.title.trim() ? "图表还没有标题" : validateChartRows(c).length > 0 ? "图表数据有误" : null;
    const caption = c.title.trim() ? `${c.title.trim()}：${rows.join("，")}${c.data.length > 6 ? "等" : ""}。` : "";
    out.push({ kind: "chart", ref: i, title: `图表 ${i + 1}：${short(c.title || "（无标题）")}`, defaultCaption: caption, problem });
  });
  timelineCards(content).forEach((items, p, all) => {
    const text = items.map((t) => `${formatDate(t.date)}前，${t.label}`).join("；");
    out.push({ kind: "timeline", ref: p, title: `时间节点${all.length > 1 ? ` 第 ${p + 1} 张` : ""}：${short(text)}`, defaultCaption: `时间节点：${text}。`, problem: null });
  });
  content.graphics.forEach((g, i) => {
    const usable = isTemplateId(g.templateId) && graphicSizeKey(g.templateId, VIDEO_GRAPHIC_SIZES) !== null;
    const alt = g.altText?.trim() || generatedGraphicTexts(g.templateId, g.slots)?.altText || "";
    out.push({
      kind: "graphic",
      ref: i,
      title: `图解 ${i + 1}：${short(alt || g.templateId)}`,
      defaultCaption: normalizeCaption(alt),
      problem: usable ? null : "这张图解是长图，放不进视频画面（视频只用 3:4 或 1:1 的图解）",
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generated storyboard

/** Default scenes: every usable scene, shortened to fit 90 s (the cover, key figures and timeline stay). */
export function defaultStoryboard(content: PackageContent, doc: StoryboardDocument): VideoContent {
  const sources = sceneSources(content, doc).filter((s) => s.problem === null && s.defaultCaption);
  const budget = VIDEO_LIMITS.totalMaxSeconds - 10;
  const keep = (s: { kind: VideoSceneKind }) => s.kind === "cover" || s.kind === "figures" || s.kind === "timeline";
  let scenes: VideoSceneContent[] = sources.map((s) => ({ kind: s.kind, ref: s.ref, duration: suggestedSeconds(s.defaultCaption, s.kind), caption: null }));
  let total = scenes.reduce((n, s) => n + s.duration, 0);
  // Over budget: drop the last optional scenes (图解 first, then charts, then the later Q&A).
  for (const kind of ["graphic", "chart", "qa"] as const) {
    for (let i = scenes.length - 1; i >= 0 && total > budget; i--) {
      if (scenes[i].kind !== kind || keep(scenes[i])) continue;
      if (kind === "qa" && scenes.filter((s) => s.kind === "qa").length <= 2) break;
      total -= scenes[i].duration;
      scenes = scenes.filter((_, j) => j !== i);
    }
  }
  // Under 30 s: a slower pace, up to the per-scene maximum.
  if (total < VIDEO_LIMITS.totalMinSeconds && total > 0) {
    const factor = VIDEO_LIMITS.totalMinSeconds / total;
    scenes = scenes.map((s) => ({ ...s, duration: Math.min(VIDEO_LIMITS.sceneMaxSeconds, Math.ceil(s.duration * factor * 2) / 2) }));
  }
  return { scenes, music: null };
}

// ---------------------------------------------------------------------------------------------
// Resolving and checking

export type StoryboardIssue = { field: string; message: string };
export type ResolvedScene = { kind: VideoSceneKind; ref: number; duration: number; caption: string; title: string; captionIsDefault: boolean };
export type ResolvedStoryboard = { scenes: ResolvedScene[]; total: number; issues: StoryboardIssue[]; music: VideoMusicRef | null };

export function totalSeconds(video: Pick<VideoContent, "scenes">): number {
  return Math.round(video.scenes.reduce((n, s) => n + s.duration, 0) * 10) / 10;
}

/** The storyboard made concrete, with every problem that keeps it from becoming a video. */
export function resolveStoryboard(video: VideoContent, content: PackageContent, doc: StoryboardDocument): ResolvedStoryboard {
  const sources = sceneSources(content, doc);
  const issues: StoryboardIssue[] = [];
  const scenes: ResolvedScene[] = [];
  if (video.scenes.length === 0) issues.push({ field: "video.scenes", message: "视频还没有场景，请点“按解读材料生成分镜”或添加场景。" });
  video.scenes.forEach((scene, i) => {
    const at = `video.scenes[${i}]`;
    const name = `场景 ${i + 1}`;
    const source = sources.find((s) => s.kind === scene.kind && s.ref === scene.ref);
    if (!source) {
      issues.push({ field: `${at}.ref`, message: `${name}引用的${SCENE_KIND_LABELS[scene.kind]}（第 ${scene.ref + 1} 项）已不存在，请删除该场景或重新选择。` });
      return;
    }
    if (source.problem) issues.push({ field: `${at}.ref`, message: `${name}（${source.title}）：${source.problem}，请先补全或删除该场景。` });
    const caption = scene.caption ?? source.defaultCaption;
    if (!caption) issues.push({ field: `${at}.caption`, message: `${name}还没有字幕，请填写。` });
    const stand = caption ? placeholderIn(caption) : null;
    if (stand) issues.push({ field: `${at}.caption`, message: `${name}的字幕还是自动生成的占位文字（“${stand}”），请改写。` });
    if (scene.duration < VIDEO_LIMITS.sceneMinSeconds || scene.duration > VIDEO_LIMITS.sceneMaxSeconds)
      issues.push({ field: `${at}.duration`, message: `${name}时长 ${scene.duration} 秒，每个场景应为 ${VIDEO_LIMITS.sceneMinSeconds}–${VIDEO_LIMITS.sceneMaxSeconds} 秒。` });
    else if (scene.kind === "figures" && scene.duration < VIDEO_LIMITS.figuresMinSeconds)
      issues.push({ field: `${at}.duration`, message: `${name}（数说政策）至少 ${VIDEO_LIMITS.figuresMinSeconds} 秒，数字需要时间展示。` });
    scenes.push({ kind: scene.kind, ref: scene.ref, duration: scene.duration, caption, title: source.title, captionIsDefault: scene.caption === null });
  });
  const total = totalSeconds(video);
  if (video.scenes.length > 0 && total < VIDEO_LIMITS.totalMinSeconds)
    issues.push({ field: "video.scenes", message: `视频总时长 ${total} 秒，不足 ${VIDEO_LIMITS.totalMinSeconds} 秒：请添加场景或延长场景时长。` });
  if (total > VIDEO_LIMITS.totalMaxSeconds)
    issues.push({ field: "video.scenes", message: `视频总时长 ${total} 秒，超过 ${VIDEO_LIMITS.totalMaxSeconds} 秒：请删除场景或缩短场景时长。` });
  return { scenes, total, issues, music: video.music };
}

/** A reading-speed hint (not an error): more than ~7 characters a second is hard to follow. */
export function captionPaceHint(caption: string, duration: number, kind: VideoSceneKind): string | null {
  const chars = [...caption.replace(/\s/g, "")].length;
  if (chars / Math.max(duration, 0.1) <= 7) return null;
  return `字幕 ${chars} 字，${duration} 秒读不完，建议 ${suggestedSeconds(caption, kind)} 秒，或精简字幕。`;
}

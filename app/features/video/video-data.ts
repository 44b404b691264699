/**
 * The video part of the exporter's contract (`PackageData.video`, app/domain/package-data.ts):
 * scenes with concrete captions and durations, each pointing at an item of the package by kind
 * and 0-based position in the PackageData lists (the export projection maps the editor's
 * positions onto these). Pure zod; every string bounded, every message Chinese.
 *
 * `videoExportData` is that projection: a package's storyboard (or, when it has none, the
 * generated one) → this shape, or the problems that keep it from becoming a video.
 */
import { z } from "zod";
import type { PackageContent } from "~/domain/package/content";
import { draftCharts } from "~/domain/package/package-data-draft";
import { defaultStoryboard, resolveStoryboard, type StoryboardDocument, VIDEO_LIMITS, VIDEO_SCENE_KINDS, type VideoContent } from "~/domain/video/storyboard";

export const videoSceneDataSchema = z.object({
  kind: z.enum(VIDEO_SCENE_KINDS, { errorMap: () => ({ message: `场景类型只能是 ${VIDEO_SCENE_KINDS.join(" / ")}` }) }),
  ref: z.number({ invalid_type_error: "场景引用应为数字" }).int().min(0).max(99),
  duration: z
    .number({ required_error: "请填写场景时长", invalid_type_error: "场景时长应为数字（秒）" })
    .min(VIDEO_LIMITS.sceneMinSeconds, `每个场景至少 ${VIDEO_LIMITS.sceneMinSeconds} 秒`)
    .max(VIDEO_LIMITS.sceneMaxSeconds, `每个场景最长 ${VIDEO_LIMITS.sceneMaxSeconds} 秒`),
  caption: z
    .string({ required_error: "请填写字幕", invalid_type_error: "字幕应为文字" })
    .trim()
    .min(1, "请填写字幕")
    .max(VIDEO_LIMITS.captionMax, `字幕不能超过 ${VIDEO_LIMITS.captionMax} 个字，请精简`),
});

export const videoDataSchema = z
  .object({
    scenes: z.array(videoSceneDataSchema).min(1, "视频至少需要 1 个场景").max(VIDEO_LIMITS.scenes, `视频最多 ${VIDEO_LIMITS.scenes} 个场景`),
    /** The background music's name (its bytes come with the render call). */
    music: z.object({ name: z.string().max(VIDEO_LIMITS.musicNameMax) }).optional(),
  })
  .superRefine((video, ctx) => {
    const total = video.scenes.reduce((n, s) => n + s.duration, 0);
    if (total < VIDEO_LIMITS.totalMinSeconds - 1e-9 || total > VIDEO_LIMITS.totalMaxSeconds + 1e-9)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["scenes"], message: `视频总时长应为 ${VIDEO_LIMITS.totalMinSeconds}–${VIDEO_LIMITS.totalMaxSeconds} 秒，现为 ${Math.round(total * 10) / 10} 秒` });
  });

export type VideoData = z.output<typeof videoDataSchema>;
export type VideoSceneData = VideoData["scenes"][number];

export type VideoExportResult = { ok: true; video: VideoData; generated: boolean } | { ok: false; issues: string[] };

/**
 * The package's storyboard for the exporter. `content.video` null → the generated storyboard
 * (the officer asked for a video in the plan but never opened the storyboard). Positions are
 * mapped onto the PackageData lists exactly as draftPackageData builds them.
 */
export function videoExportData(content: PackageContent, doc: StoryboardDocument): VideoExportResult {
  const stored: VideoContent | null = content.video ?? null;
  const video = stored && stored.scenes.length > 0 ? stored : defaultStoryboard(content, doc);
  const resolved = resolveStoryboard(video, content, doc);
  if (resolved.issues.length > 0) return { ok: false, issues: resolved.issues.map((i) => i.message) };
  const qaIndex = new Map<number, number>();
  content.qa
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => q.question.trim() && q.answer.trim())
    .slice(0, 30)
    .forEach(({ i }, at) => {
      qaIndex.set(i, at);
    });
  const chartIndex = new Map(draftCharts(content.charts).map((c, at) => [c.source, at]));
  const issues: string[] = [];
  const scenes = resolved.scenes.flatMap((scene, i) => {
    const ref = scene.kind === "qa" ? qaIndex.get(scene.ref) : scene.kind === "chart" ? chartIndex.get(scene.ref) : scene.ref;
    if (ref === undefined) {
      issues.push(`场景 ${i + 1}（${scene.title}）不能生成画面，请检查该项内容。`);
      return [];
    }
    return [{ kind: scene.kind, ref, duration: scene.duration, caption: scene.caption.slice(0, VIDEO_LIMITS.captionMax) }];
  });
  if (issues.length > 0) return { ok: false, issues };
  const parsed = videoDataSchema.safeParse({ scenes, ...(video.music ? { music: { name: video.music.name } } : {}) });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => i.message) };
  return { ok: true, video: parsed.data, generated: video !== stored };
}

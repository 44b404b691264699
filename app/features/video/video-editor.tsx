/**
 * 视频 — the storyboard section of the package editor: which scenes the video shows, in which
 * order, how long each stays, and the caption burned into it (empty = the caption generated
 * from the scene's item, which follows later edits of that item). The problems that keep the
 * storyboard from becoming a video are listed under it in Chinese, as the exporter would report
 * them (resolveStoryboard), and the server refuses a scene over the maximum duration on save.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useMemo, useState } from "react";
import { FieldErrors, moveItem } from "~/components/package-editor/fields";
import { type FieldErrors as Errors, errorsAt } from "~/components/package-editor/use-package-editor";
import type { PackageContent } from "~/domain/package/content";
import {
  captionPaceHint,
  defaultStoryboard,
  resolveStoryboard,
  SCENE_KIND_LABELS,
  type SceneSource,
  type StoryboardDocument,
  sceneSources,
  suggestedSeconds,
  VIDEO_LIMITS,
  type VideoContent,
  type VideoMusicRef,
  type VideoSceneContent,
} from "~/domain/video/storyboard";

export type VideoAvailability = { ok: true } | { ok: false; message: string };

type Props = {
  content: PackageContent;
  document: StoryboardDocument;
  errors: Errors;
  readOnly: boolean;
  availability: VideoAvailability;
  /** where the background music is uploaded (…/package/music), and the package it belongs to */
  music: { url: string; packageId: number };
  onChange: (video: VideoContent | null) => void;
};

const sourceKey = (s: { kind: string; ref: number }) => `${s.kind}:${s.ref}`;

export function VideoEditor({ content, document, errors, readOnly, availability, music, onChange }: Props) {
  const video = content.video ?? null;
  const sources = useMemo(() => sceneSources(content, document), [content, document]);
  const resolved = useMemo(() => (video ? resolveStoryboard(video, content, document) : null), [video, content, document]);
  const [adding, setAdding] = useState("");
  const addId = useId();
  const setScenes = (scenes: VideoSceneContent[]) => video && onChange({ ...video, scenes });
  const setScene = (i: number, patch: Partial<VideoSceneContent>) => video && setScenes(video.scenes.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const usable = sources.filter((s) => s.problem === null && s.defaultCaption);

  return (
    <div className="stack" data-field="video">
      <p className="hint">
        按解读材料生成 {VIDEO_LIMITS.totalMinSeconds}–{VIDEO_LIMITS.totalMaxSeconds} 秒的视频解读：竖屏 1080×1920（抖音、微信视频号）、3:4 1080×1440（小红书）、横屏 1920×1080（网站、微博），
        画面取自各张图片，字幕烧录在画面上（最多两行），另附 WebVTT 和 SRT 字幕文件。导出图片时一并生成所选渠道的视频。
      </p>
      {availability.ok ? null : (
        <p className="notice" role="status" data-testid="video-unavailable">
          {availability.message}
        </p>
      )}
      {video === null ? (
        <>
          <p className="muted">还没有视频分镜。</p>
          {readOnly ? null : (
            <button type="button" onClick={() => onChange(defaultStoryboard(content, document))} disabled={usable.length === 0}>
              按解读材料生成分镜
            </button>
          )}
        </>
      ) : (
        <>
          <p data-testid="video-total">
            共 {video.scenes.length} 个场景，总时长 <strong>{resolved?.total ?? 0}</strong> 秒（应为 {VIDEO_LIMITS.totalMinSeconds}–{VIDEO_LIMITS.totalMaxSeconds} 秒）
          </p>
          <ol className="item-list video-scenes">
            {video.scenes.map((scene, i) => (
              <SceneRow
                // biome-ignore lint/suspicious/noArrayIndexKey: positional
                key={i}
                index={i}
                count={video.scenes.length}
                scene={scene}
                source={sources.find((s) => sourceKey(s) === sourceKey(scene)) ?? null}
                sources={sources}
                errors={errors}
                readOnly={readOnly}
                onChange={(patch) => setScene(i, patch)}
                onMove={(from, to) => setScenes(moveItem(video.scenes, from, to))}
                onRemove={() => setScenes(video.scenes.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          {resolved && resolved.issues.length > 0 ? (
            <ul className="form-error video-issues" role="alert" data-testid="video-issues">
              {resolved.issues.map((issue) => (
                <li key={`${issue.field}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          ) : (
            <p className="ok" data-testid="video-ready">
              分镜可以生成视频。
            </p>
          )}
          <FieldErrors id="video-error" errors={errorsAt(errors, "video.scenes")} />
          <MusicField video={video} readOnly={readOnly} upload={music} onChange={(m) => onChange({ ...video, music: m })} />
          {readOnly ? null : (
            <div className="row">
              <label htmlFor={addId}>添加场景</label>
              <select id={addId} value={adding} onChange={(e) => setAdding(e.target.value)}>
                <option value="">请选择…</option>
                {usable.map((s) => (
                  <option key={sourceKey(s)} value={sourceKey(s)}>
                    {s.title}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="secondary"
                disabled={!adding || video.scenes.length >= VIDEO_LIMITS.scenes}
                onClick={() => {
                  const s = usable.find((x) => sourceKey(x) === adding);
                  if (!s) return;
                  setScenes([...video.scenes, { kind: s.kind, ref: s.ref, duration: suggestedSeconds(s.defaultCaption, s.kind), caption: null }]);
                  setAdding("");
                }}
              >
                添加
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  if (window.confirm("按解读材料重新生成分镜？当前的场景顺序、时长和字幕将被替换。")) onChange({ ...defaultStoryboard(content, document), music: video.music });
                }}
              >
                重新生成分镜
              </button>
              <button
                type="button"
                className="secondary danger"
                onClick={() => {
                  if (window.confirm("不制作视频？分镜将被删除，导出时不再生成视频。")) onChange(null);
                }}
              >
                不制作视频
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

type RowProps = {
  index: number;
  count: number;
  scene: VideoSceneContent;
  source: SceneSource | null;
  sources: SceneSource[];
  errors: Errors;
  readOnly: boolean;
  onChange: (patch: Partial<VideoSceneContent>) => void;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
};

function SceneRow({ index, count, scene, source, sources, errors, readOnly, onChange, onMove, onRemove }: RowProps) {
  const id = useId();
  const name = `场景 ${index + 1}`;
  const caption = scene.caption ?? source?.defaultCaption ?? "";
  const pace = caption ? captionPaceHint(caption, scene.duration, scene.kind) : null;
  const durationErrors = errorsAt(errors, `video.scenes[${index}].duration`);
  const captionErrors = errorsAt(errors, `video.scenes[${index}].caption`);
  return (
    <li className="item video-scene" data-field={`video.scenes[${index}]`}>
      <div className="item-head">
        <strong>
          {name} · {SCENE_KIND_LABELS[scene.kind]}
        </strong>
        {readOnly ? null : (
          <span className="nowrap">
            <button type="button" className="secondary small" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`上移${name}`}>
              上移
            </button>
            <button type="button" className="secondary small" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`下移${name}`}>
              下移
            </button>
            <button type="button" className="secondary small danger" onClick={onRemove} aria-label={`删除${name}`}>
              删除
            </button>
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-src`}>画面</label>
        <select
          id={`${id}-src`}
          value={sourceKey(scene)}
          onChange={(e) => {
            const next = sources.find((s) => sourceKey(s) === e.target.value);
            if (next) onChange({ kind: next.kind, ref: next.ref, caption: null });
          }}
        >
          {source ? null : <option value={sourceKey(scene)}>（引用的内容已不存在）</option>}
          {sources.map((s) => (
            <option key={sourceKey(s)} value={sourceKey(s)} disabled={s.problem !== null}>
              {s.title}
              {s.problem ? `（${s.problem}）` : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dur`}>时长（秒，{VIDEO_LIMITS.sceneMinSeconds}–{VIDEO_LIMITS.sceneMaxSeconds}）</label>
        <input
          id={`${id}-dur`}
          type="number"
          min={VIDEO_LIMITS.sceneMinSeconds}
          max={VIDEO_LIMITS.sceneMaxSeconds}
          step={0.5}
          value={scene.duration}
          aria-invalid={durationErrors.length > 0 || undefined}
          aria-describedby={durationErrors.length ? `${id}-dur-error` : undefined}
          onChange={(e) => onChange({ duration: Number(e.target.value) })}
        />
        <FieldErrors id={`${id}-dur-error`} errors={durationErrors} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-cap`}>字幕（留空则按内容生成）</label>
        <textarea
          id={`${id}-cap`}
          rows={3}
          maxLength={VIDEO_LIMITS.captionMax}
          value={scene.caption ?? ""}
          placeholder={source?.defaultCaption ?? ""}
          aria-invalid={captionErrors.length > 0 || undefined}
          aria-describedby={`${id}-cap-hint`}
          onChange={(e) => onChange({ caption: e.target.value ? e.target.value : null })}
        />
        <p className="hint" id={`${id}-cap-hint`}>
          {scene.caption === null ? "当前使用按内容生成的字幕（见框内灰字）。" : `${[...caption].length} 字。`}
          {pace ? ` ${pace}` : ""}
        </p>
        <FieldErrors id={`${id}-cap-error`} errors={captionErrors} />
      </div>
    </li>
  );
}

type MusicResponse = { ok: true; music: VideoMusicRef } | { ok: false; message: string };

/** 背景音乐 (optional): silent with captions by default; an upload is checked to be audio by the server. */
function MusicField({ video, readOnly, upload, onChange }: { video: VideoContent; readOnly: boolean; upload: { url: string; packageId: number }; onChange: (music: VideoMusicRef | null) => void }) {
  const fetcher = useFetcher<MusicResponse>();
  const id = useId();
  const answer = fetcher.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: react to each new answer only
  useEffect(() => {
    if (answer?.ok) onChange(answer.music);
  }, [answer]);
  return (
    <div className="field" data-testid="video-music">
      <p>
        背景音乐：{video.music ? `${video.music.name}（${video.music.seconds} 秒，短于视频时循环，音量自动调到背景水平）` : "无（默认静音，只有字幕）"}
        {video.music && !readOnly ? (
          <>
            {" "}
            <button type="button" className="secondary small" onClick={() => onChange(null)}>
              不用背景音乐
            </button>
          </>
        ) : null}
      </p>
      {readOnly ? null : (
        <fetcher.Form method="post" action={upload.url} encType="multipart/form-data">
          <input type="hidden" name="packageId" value={upload.packageId} />
          <label htmlFor={id}>上传背景音乐（MP3、M4A、WAV、OGG，最大 20 MB，请使用有授权的音乐）</label>
          <input id={id} type="file" name="music" accept="audio/*" />
          <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
            {fetcher.state !== "idle" ? "正在检查…" : "上传"}
          </button>
        </fetcher.Form>
      )}
      {answer && !answer.ok ? (
        <p className="error" role="alert">
          {answer.message}
        </p>
      ) : null}
    </div>
  );
}

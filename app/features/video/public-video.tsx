/**
 * 视频解读 on the public interpretation page: the video with its captions as a `<track>` (on by
 * default) and, for those who cannot watch or hear it, the full transcript as text on the page.
 */
import { MP4_CODECS } from "~/render/video-presets";
import type { PublicVideo } from "./public-video.server";

export function PublicVideoSection({ id, anchor, video, planned }: { id: number; anchor: string; video: PublicVideo | null; planned: boolean }) {
  if (!video && !planned) return null;
  const url = (file: string) => `/jiedu/${id}/${file.split("/").map(encodeURIComponent).join("/")}`;
  return (
    <section className="jd-section" id={anchor} aria-labelledby="h-shipin">
      <h2 id="h-shipin">视频解读</h2>
      {video ? (
        <>
          <video
            controls
            preload="metadata"
            poster={url(video.posterFile)}
            width={video.width}
            height={video.height}
            style={{ maxWidth: "100%", height: "auto" }}
            aria-describedby="video-transcript-h"
            data-testid="public-video"
          >
            <source src={url(video.file)} type={MP4_CODECS} />
            <track kind="captions" src={url(video.vttFile)} srcLang="zh" label="中文字幕" default />
            您的浏览器无法播放视频，请阅读下面的文字稿，或
            <a href={url(video.file)}>下载视频</a>。
          </video>
          <p className="muted">
            时长 {video.seconds} 秒 · <a href={url(video.file)} download>下载视频</a> · <a href={url(video.srtFile)} download>下载字幕（SRT）</a>
          </p>
          <h3 id="video-transcript-h">视频文字稿</h3>
          <div className="video-transcript" data-testid="video-transcript">
            {video.transcript.split("\n").map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
              <p key={i}>{line}</p>
            ))}
          </div>
        </>
      ) : (
        <p className="muted">视频正在制作，发布后稍候即可观看。</p>
      )}
    </section>
  );
}

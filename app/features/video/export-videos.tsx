/**
 * The videos of an export on the export page: each plays with its captions (`<track>`), with
 * links to the MP4, the WebVTT and SRT files and the poster, and the transcript.
 */
import type { ExportVideoView } from "~/features/export/index.server";

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportVideos({ videos, url }: { videos: ExportVideoView[]; url: (file: string) => string }) {
  if (videos.length === 0) return null;
  return (
    <div className="export-videos" data-testid="export-videos">
      <h3>视频解读（{videos.length} 个）</h3>
      <ul className="export-gallery">
        {videos.map((v) => (
          <li key={v.file}>
            <figure>
              <video controls preload="metadata" poster={url(v.posterFile)} width={v.width} height={v.height} style={{ maxWidth: "100%", height: "auto" }}>
                <source src={url(v.file)} type="video/mp4" />
                <track kind="captions" src={url(v.vttFile)} srcLang="zh" label="中文字幕" default />
              </video>
              <figcaption>
                <strong>{v.presetName}</strong>
                <span className="muted">
                  {" "}
                  {v.width}×{v.height} · {v.seconds} 秒 · {formatMb(v.bytes)}
                </span>{" "}
                <a href={url(v.file)} download>
                  下载视频
                </a>{" "}
                · <a href={url(v.srtFile)} download>SRT 字幕</a> · <a href={url(v.vttFile)} download>WebVTT 字幕</a> · <a href={url(v.posterFile)} download>封面图</a>
                <details>
                  <summary>字幕全文</summary>
                  <p className="export-alt">{v.transcript}</p>
                </details>
              </figcaption>
            </figure>
          </li>
        ))}
      </ul>
    </div>
  );
}

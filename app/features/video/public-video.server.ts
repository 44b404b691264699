/**
 * The video of a published interpretation: the one the public page plays is the served export's
 * (the export of the current publication, as for the images), website version first.
 */
import { and, asc, eq, or } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { exportVideos } from "~/db/schema";
import type { VideoPresetId } from "~/render/video-presets";

export type PublicVideo = { file: string; vttFile: string; srtFile: string; posterFile: string; width: number; height: number; seconds: number; transcript: string };

/** Which preset the website shows: the landscape one (made for it), else what there is. */
const PAGE_ORDER: readonly string[] = ["landscape", "story", "portrait"] satisfies VideoPresetId[];

export function publicVideoOfJob(jobId: number): PublicVideo | null {
  const rows = getDb().select().from(exportVideos).where(eq(exportVideos.jobId, jobId)).orderBy(asc(exportVideos.id)).all();
  const rank = (preset: string) => {
    const i = PAGE_ORDER.indexOf(preset);
    return i < 0 ? PAGE_ORDER.length : i;
  };
  const pick = [...rows].sort((a, b) => rank(a.preset) - rank(b.preset))[0];
  if (!pick) return null;
  return { file: pick.file, vttFile: pick.vttFile, srtFile: pick.srtFile, posterFile: pick.posterFile, width: pick.width, height: pick.height, seconds: Math.round(pick.durationMs / 100) / 10, transcript: pick.transcript };
}

const TYPES: Record<string, string> = { mp4: "video/mp4", vtt: "text/vtt; charset=utf-8", srt: "application/x-subrip; charset=utf-8", jpg: "image/jpeg" };

/** Whether `file` is one of the job's video files, and its content type; null when it is not. */
export function publicVideoFileType(jobId: number, file: string): string | null {
  const type = TYPES[file.split(".").pop()?.toLowerCase() ?? ""];
  if (!type) return null;
  const hit = getDb()
    .select({ id: exportVideos.id })
    .from(exportVideos)
    .where(and(eq(exportVideos.jobId, jobId), or(eq(exportVideos.file, file), eq(exportVideos.vttFile, file), eq(exportVideos.srtFile, file), eq(exportVideos.posterFile, file))))
    .get();
  return hit ? type : null;
}

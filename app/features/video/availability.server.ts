/** Whether this server can make videos now (ffmpeg found), for the editor and the export page. */
import { FFMPEG_MISSING_MESSAGE, resolveFfmpeg } from "~/render/ffmpeg-path";
import type { VideoAvailability } from "./video-editor";

export function videoAvailability(): VideoAvailability {
  const resolved = resolveFfmpeg();
  if (resolved.ok) return { ok: true };
  return { ok: false, message: `${FFMPEG_MISSING_MESSAGE.split("\n")[0]}分镜可以先编好，安装后导出即可生成视频。（${resolved.reason}）` };
}

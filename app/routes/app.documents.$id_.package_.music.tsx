/**
 * POST /app/documents/:id/package/music — the background music for the package's video: the
 * upload is checked with ffprobe (app/features/video/music.server.ts) and stored; the answer
 * names it for the storyboard, which the editor then saves like any other edit.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { MUSIC_MAX_BYTES, storeMusic } from "~/features/video/music.server";
import type { VideoMusicRef } from "~/domain/video/storyboard";
import { requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";
import { requirePackageEditor } from "~/features/package/package.server";
import { BodyTooLargeError, MalformedBodyError, readFormDataWithin } from "~/models/request-body.server";
import { FfmpegMissingError } from "~/render/ffmpeg-path";

export type MusicUploadResponse = { ok: true; music: VideoMusicRef } | { ok: false; message: string };

export async function action({ request, params }: ActionFunctionArgs): Promise<MusicUploadResponse> {
  const user = await requireUser(request);
  const documentId = parseId(params.id);
  let form: FormData;
  try {
    form = await readFormDataWithin(request, MUSIC_MAX_BYTES + 64 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, message: "音乐文件超过 20 MB，请压缩（如 MP3 128 kbps）后再上传。" };
    if (error instanceof MalformedBodyError) return { ok: false, message: "上传没有完成，请重新选择文件后再试。" };
    throw error;
  }
  const { packageId } = requirePackageEditor(user, documentId, Number(form.get("packageId")));
  const file = form.get("music");
  if (!(file instanceof File) || file.size === 0) return { ok: false, message: "请选择要上传的音乐文件。" };
  try {
    return await storeMusic(getDb(), packageId, user.id, { name: file.name, type: file.type, data: new Uint8Array(await file.arrayBuffer()) });
  } catch (error) {
    if (error instanceof FfmpegMissingError) return { ok: false, message: `${error.message.split("\n")[0]}暂时无法检查音乐文件。` };
    throw error;
  }
}

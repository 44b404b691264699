/**
 * The video feature as other features see it (captioned MP4 per channel from the storyboard):
 * only what is exported here may be imported from outside app/features/video/ (enforced by
 * biome.json, see docs/adr/0008).
 */
export { videoAvailability } from "./availability.server";
export { writeMusicFile } from "./music.server";
export { type PublicVideo, publicVideoFileType, publicVideoOfJob } from "./public-video.server";
export { type VideoExportResult, videoExportData } from "./video-data";

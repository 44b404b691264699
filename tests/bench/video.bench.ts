/**
 * Video benchmark (`npm run bench:video`): a 60 s 1080×1920 video of the 低保 fixture at 30 fps
 * on a warm pool of 2 browsers.
 *
 *   total   renderVideos end to end (cards, frames, encode, ffprobe check, publish)
 *   parts   the same run's frame capture (cards + frames) plus its encode of those frames
 *   ratio   total / parts — what orchestration costs beyond the work itself (target ≤ 1.5×)
 *
 * Prints the figures, then one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePackageData } from "~/domain/package-data";
import { videoDataSchema } from "~/features/video/video-data";
import { BrowserPool } from "~/render/browser.server";
import { renderVideos } from "~/render/video/render-video.server";

const parsed = parsePackageData(JSON.parse(readFileSync(new URL("../fixtures/packages/dibao.json", import.meta.url), "utf8")));
if (!parsed.ok) throw new Error("fixture invalid");
const pkg = parsed.data;
const video = videoDataSchema.parse({
  scenes: [
    { kind: "cover", ref: 0, duration: 6, caption: `《${pkg.document.title}》政策解读` },
    { kind: "figures", ref: 0, duration: 10, caption: "数说政策：城市低保标准提高到每人每月885元，农村低保标准提高到每人每月660元，城市特困人员基本生活标准1150元，农村860元。" },
    ...pkg.qa.slice(0, 3).map((q) => ({ kind: "qa" as const, ref: pkg.qa.indexOf(q), duration: 10, caption: `问：${q.question}答：${q.answer.slice(0, 50)}` })),
    { kind: "chart", ref: 0, duration: 8, caption: `${pkg.charts[0].title}。` },
    { kind: "timeline", ref: 0, duration: 6, caption: "时间节点：请按时间节点完成各项工作。" },
  ],
});
const out = mkdtempSync(join(tmpdir(), "jiedu-bench-video-"));
const pool = await BrowserPool.create({ size: 2 });
try {
  const started = Date.now();
  const result = await renderVideos(pkg, video, { outDir: out, presets: ["story"], pool });
  const totalMs = Date.now() - started;
  const v = result.videos[0];
  const partsMs = result.timings.cardsMs + v.timings.framesMs + v.timings.encodeMs;
  const figures = {
    seconds: v.durationMs / 1000,
    totalS: +(totalMs / 1000).toFixed(2),
    cardsS: +(result.timings.cardsMs / 1000).toFixed(2),
    framesS: +(v.timings.framesMs / 1000).toFixed(2),
    encodeS: +(v.timings.encodeMs / 1000).toFixed(2),
    ratio: +(totalMs / partsMs).toFixed(3),
    capturedStates: v.timings.capturedStates,
    bytes: v.bytes,
  };
  console.log(`60 s 1080×1920: total ${figures.totalS} s (cards ${figures.cardsS} s, frames ${figures.framesS} s, encode ${figures.encodeS} s), ${figures.capturedStates} captured states, ${(v.bytes / 1e6).toFixed(1)} MB`);
  console.log(JSON.stringify(figures));
} finally {
  await pool.close();
  rmSync(out, { recursive: true, force: true });
}

import { describe, expect, it } from "vitest";
import { concatList, filterGraph } from "~/render/video/encode.server";
import { parseWebVttTimes, toSrt, toWebVtt } from "~/render/video/captions";
import { buildTimeline, type SceneShape, stateKey } from "~/render/video/timeline";
import { timingFor } from "~/render/video/render-video.server";

const fps = 10;
const timing = timingFor(fps);
const scenes: SceneShape[] = [
  { durationFrames: 40, cues: ["封面字幕"], parts: 1, countUpSteps: 0 },
  { durationFrames: 60, cues: ["数说政策：第一句，较长的一句", "第二句"], parts: 1, countUpSteps: timing.countUpSteps },
  { durationFrames: 80, cues: ["问答"], parts: 2, countUpSteps: 0 },
];

describe("video timeline", () => {
  const timeline = buildTimeline(scenes, timing);

  it("lasts exactly the sum of the scene durations, segment by segment", () => {
    expect(timeline.totalFrames).toBe(180);
    // every segment but the last is held T frames longer, under the crossfade into the next
    const T = timing.transitionFrames;
    timeline.segments.forEach((segment, j) => {
      const frames = segment.holds.reduce((n, h) => n + h.frames, 0);
      const next = timeline.segments[j + 1];
      expect(frames).toBe(next ? next.startFrame - segment.startFrame + T : timeline.totalFrames - segment.startFrame);
      for (const h of segment.holds) expect(Number.isInteger(h.frames) && h.frames > 0).toBe(true);
    });
  });

  it("crossfades into each scene and into a '续' card, and cuts for the count-up steps", () => {
    // scene starts 40 and 100, and the second part of scene 3 at 100 + 40
    expect(timeline.segments.map((s) => s.startFrame)).toEqual([0, 40, 100, 140]);
    const figures = timeline.segments[1].holds.map((h) => h.state);
    const steps = figures.filter((s) => s.step !== null).map((s) => s.step);
    expect(steps).toEqual(Array.from({ length: timing.countUpSteps }, (_, k) => k));
    // the count-up starts after the crossfade in: the first step is held through the fade
    expect(timeline.segments[1].holds[0].frames).toBeGreaterThanOrEqual(timing.transitionFrames);
    // the final figures follow the steps
    expect(figures.at(-1)?.step).toBeNull();
  });

  it("times the caption cues inside their scenes and in order", () => {
    const cues = timeline.cues;
    expect(cues.map((c) => c.text)).toEqual(["封面字幕", "数说政策：第一句，较长的一句", "第二句", "问答"]);
    for (let k = 1; k < cues.length; k++) expect(cues[k].startFrame).toBe(cues[k - 1].endFrame);
    expect(cues[0].startFrame).toBe(0);
    expect(cues.at(-1)?.endFrame).toBe(180);
    // a cue of scene 2 starts within scene 2 (after the middle of the crossfade)
    expect(cues[1].startFrame).toBeGreaterThanOrEqual(40);
    expect(cues[2].endFrame).toBeLessThanOrEqual(100 + timing.transitionFrames);
  });

  it("writes WebVTT and SRT with the same cue times", () => {
    const vtt = toWebVtt(timeline.cues, fps);
    expect(vtt.startsWith("WEBVTT")).toBe(true);
    const parsed = parseWebVttTimes(vtt);
    expect(parsed.map((c) => c.text)).toEqual(timeline.cues.map((c) => c.text));
    expect(parsed[1].start).toBeCloseTo(timeline.cues[1].startFrame / fps, 3);
    const srt = toSrt(timeline.cues, fps);
    expect(srt).toContain("00:00:04,");
    expect(srt.split("\r\n\r\n")).toHaveLength(4);
    // markup in a caption is text, not a tag
    expect(toWebVtt([{ scene: 0, index: 0, text: "<b>加粗</b> --> 箭头", startFrame: 0, endFrame: 10 }], fps)).toContain("&lt;b&gt;加粗&lt;/b&gt; --&gt; 箭头");
  });

  it("feeds ffmpeg whole-frame holds and one crossfade per segment boundary", () => {
    const paths = new Map<string, string>();
    for (const s of timeline.segments) for (const h of s.holds) paths.set(stateKey(h.state), `/tmp/${stateKey(h.state).replace(/:/g, "_")}.png`);
    const list = concatList(timeline.segments[0], fps, paths);
    expect(list).toContain("duration 4.500000");
    // the last entry is repeated: the concat demuxer drops the last duration
    expect(list.trim().split("\n").filter((l) => l.startsWith("file"))).toHaveLength(2);
    const graph = filterGraph(timeline.segments, fps, timing.transitionFrames);
    expect(graph.match(/xfade=/g)).toHaveLength(3);
    expect(graph).toContain("offset=4.000000");
    expect(graph).toContain("format=yuv420p");
  });
});

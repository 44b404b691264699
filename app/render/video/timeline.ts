/**
 * The video's timeline, in frames — pure, so the burned-in frames, the WebVTT/SRT cues and the
 * tests all read the same numbers.
 *
 * Scene i owns [S_i, S_i + D_i) with S_i = D_0 + … + D_{i-1}, so the video lasts ΣD exactly. The
 * crossfade into scene i runs over [S_i, S_i + T); its caption cues share the scene's window, the
 * first starting (in the caption files) at the crossfade's middle, S_i + T/2, the last ending at
 * the next crossfade's middle. Inside a scene a new caption cue is a cut; a card's "续" card fades
 * in like a new scene; a key-figure card counts up (held steps, never blended) once its crossfade
 * has finished.
 *
 * Output: segments for the encoder (app/render/video/encode.server.ts). A segment runs from one
 * crossfade to the next and is a list of holds (a state for a whole number of frames), so every
 * cut lands on a frame boundary; each segment but the last is held T frames longer, under the
 * crossfade into the next one, which ffmpeg's `xfade` blends: at the fade's first frame the old
 * state shows unmixed, at its end the new one.
 */

export type SceneShape = {
  durationFrames: number;
  /** caption cue texts, in order (at least one) */
  cues: readonly string[];
  /** the card and its "续" cards */
  parts: number;
  /** distinct count-up steps before the final figures (0 = no count-up) */
  countUpSteps: number;
};

export type FrameState = { scene: number; part: number; /** count-up step, or null for the final figures */ step: number | null; cue: number };

export type Hold = { state: FrameState; frames: number };
/** From one crossfade to the next: it starts (fades in) at `startFrame`; its holds include the fade out. */
export type Segment = { startFrame: number; holds: Hold[] };

export type CueTiming = { scene: number; index: number; text: string; startFrame: number; endFrame: number };

export type Timeline = { totalFrames: number; sceneStarts: number[]; segments: Segment[]; cues: CueTiming[] };

export type TimelineOptions = { transitionFrames: number; countUpFramesPerStep: number };

export function stateKey(s: FrameState): string {
  return `${s.scene}:${s.part}:${s.step ?? "f"}:${s.cue}`;
}

/** Cue boundaries over [from, to): lengths by text length (no cue under 1 s when there is room). */
function cueBounds(cues: readonly string[], from: number, to: number, minFrames: number): number[] {
  const weights = cues.map((c) => Math.max(4, [...c].length));
  const sum = weights.reduce((a, b) => a + b, 0);
  const span = to - from;
  const floor = span >= minFrames * cues.length ? minFrames : Math.floor(span / cues.length);
  // proportional lengths, then lifted to the floor and rescaled
  let lengths = weights.map((w) => (span * w) / sum);
  const short = lengths.map((l) => l < floor);
  const fixed = short.filter(Boolean).length * floor;
  const restWeight = weights.filter((_, i) => !short[i]).reduce((a, b) => a + b, 0);
  lengths = lengths.map((_, i) => (short[i] ? floor : ((span - fixed) * weights[i]) / Math.max(restWeight, 1)));
  const bounds = [from];
  let acc = from;
  for (let i = 0; i < cues.length - 1; i++) {
    acc += lengths[i];
    bounds.push(Math.round(acc));
  }
  bounds.push(to);
  return bounds;
}

type Change = { at: number; fade: boolean; state: FrameState };

/** Where the "续" cards of a scene begin: equal shares of the scene. */
function partStarts(scene: SceneShape, start: number): number[] {
  return Array.from({ length: scene.parts }, (_, k) => (k === 0 ? start : start + Math.round((k * scene.durationFrames) / scene.parts)));
}

/** A caption cue never switches inside a crossfade: one that would is moved to the fade's end. */
function outsideFades(cueStarts: number[], fades: number[], T: number): number[] {
  return cueStarts.map((c, k) => {
    if (k === 0) return c;
    const inside = fades.find((f) => c >= f && c < f + T);
    return inside === undefined ? c : inside + T;
  });
}

/** The states of one scene and the frame each begins at (video frames). */
function sceneChanges(i: number, scene: SceneShape, start: number, cueStarts: number[], options: TimelineOptions, isFirst: boolean): Change[] {
  const T = options.transitionFrames;
  const parts = partStarts(scene, start);
  // the count-up, after the crossfade in (a first scene waits a fifth of a second)
  const countStart = start + (isFirst ? 6 : T);
  const stepStarts = Array.from({ length: scene.countUpSteps + 1 }, (_, k) => countStart + k * options.countUpFramesPerStep);
  const fadesAt = new Set([...(isFirst ? [] : [start]), ...parts.slice(1)]);
  const end = start + scene.durationFrames;
  const at = [...new Set([start, ...parts, ...(scene.countUpSteps > 0 ? stepStarts.slice(1) : []), ...cueStarts])].filter((t) => t >= start && t < end).sort((a, b) => a - b);
  const lastAtOrBefore = (list: number[], t: number) => list.reduce((found, v, k) => (t >= v ? k : found), 0);
  const stateAt = (t: number): FrameState => {
    const part = lastAtOrBefore(parts, t);
    let step: number | null = null;
    if (scene.countUpSteps > 0 && part === 0 && t < stepStarts[scene.countUpSteps]) step = lastAtOrBefore(stepStarts, t);
    return { scene: i, part, step, cue: lastAtOrBefore(cueStarts, t) };
  };
  return at.map((t) => ({ at: t, fade: fadesAt.has(t), state: stateAt(t) }));
}

/** One scene's caption cues (file times) and its state changes (video frames). */
function sceneTimeline(scene: SceneShape, i: number, start: number, isFirst: boolean, isLast: boolean, options: TimelineOptions): { cues: CueTiming[]; changes: Change[] } {
  const T = options.transitionFrames;
  // caption files: from the middle of the crossfade in to the middle of the crossfade out
  const from = isFirst ? start : start + Math.round(T / 2);
  const to = isLast ? start + scene.durationFrames : start + scene.durationFrames + Math.round(T / 2);
  const fades = [...(isFirst ? [] : [start]), ...partStarts(scene, start).slice(1)];
  const starts = outsideFades(cueBounds(scene.cues, from, to, 30).slice(0, -1), fades, T);
  // strictly increasing, even after a move
  for (let k = 1; k < starts.length; k++) starts[k] = Math.max(starts[k], starts[k - 1] + 1);
  const cues = scene.cues.map((text, k) => ({ scene: i, index: k, text, startFrame: starts[k], endFrame: k + 1 < starts.length ? starts[k + 1] : to }));
  // the burned-in first cue is on the scene's frames from its first one
  const changes = sceneChanges(i, scene, start, [start, ...starts.slice(1)], options, isFirst);
  const merged: Change[] = [];
  for (const c of changes) {
    const prev = merged.at(-1);
    if (prev && stateKey(prev.state) === stateKey(c.state)) continue;
    merged.push(c);
  }
  return { cues, changes: merged };
}

/** The distinct states one scene shows (what the frame stage must capture for it). */
export function sceneStates(scene: SceneShape, i: number, start: number, isFirst: boolean, isLast: boolean, options: TimelineOptions): FrameState[] {
  const seen = new Map<string, FrameState>();
  for (const c of sceneTimeline(scene, i, start, isFirst, isLast, options).changes) seen.set(stateKey(c.state), c.state);
  return [...seen.values()];
}

export function buildTimeline(scenes: readonly SceneShape[], options: TimelineOptions): Timeline {
  if (scenes.length === 0) throw new Error("a video needs at least one scene");
  const T = options.transitionFrames;
  const sceneStarts: number[] = [];
  let acc = 0;
  for (const s of scenes) {
    sceneStarts.push(acc);
    acc += s.durationFrames;
  }
  const totalFrames = acc;
  const cues: CueTiming[] = [];
  const changes: Change[] = [];
  scenes.forEach((scene, i) => {
    const one = sceneTimeline(scene, i, sceneStarts[i], i === 0, i === scenes.length - 1, options);
    cues.push(...one.cues);
    changes.push(...one.changes);
  });
  const segments: Segment[] = [];
  changes.forEach((c, k) => {
    const frames = (changes[k + 1]?.at ?? totalFrames) - c.at;
    if (!(frames > 0)) throw new Error(`timeline not increasing at change ${k}: ${c.at}`);
    if (k === 0 || c.fade) segments.push({ startFrame: c.at, holds: [] });
    segments[segments.length - 1].holds.push({ state: c.state, frames });
  });
  // the old segment stays under the crossfade into the next
  for (let j = 0; j + 1 < segments.length; j++) {
    const last = segments[j].holds[segments[j].holds.length - 1];
    last.frames += T;
  }
  return { totalFrames, sceneStarts, segments, cues };
}

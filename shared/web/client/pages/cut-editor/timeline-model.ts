/**
 * The timeline's arithmetic, without the DOM: where each shot sits (frames), frames ↔ pixels at a
 * zoom, frame-snapped ripple trims and reorders, which shots a scroll window shows, and what the
 * programme shows at a frame (the player's playlist). Tolerant of a cut being typed: a field that is
 * not a valid time yet counts as 0 frames instead of throwing.
 */
import type { CutInput } from '../../../../domain/cut/index.ts';
import { FPS } from '../../../../domain/frame-rate.ts';
import { displayTimecode, parseFrameDuration, parseSourceTime, rationalToFrames, readTimecodeInput } from '../../../../domain/timecode.ts';

/** The cut as the editor holds it: the domain's input shape, its lists filled in. */
export type CutDoc = CutInput & {
  narration: NonNullable<CutInput['narration']>;
  music: NonNullable<CutInput['music']>;
  subtitles: NonNullable<CutInput['subtitles']>;
};
export type ShotDoc = CutInput['shots'][number];
export type ClipDoc = Extract<ShotDoc, { type: 'clip' }>;

/** Where one shot sits on the picture track, in programme frames. */
export interface ShotSpan {
  id: string;
  index: number;
  /** First programme frame (a dissolve in starts it earlier, over the previous shot). */
  start: number;
  frames: number;
}

/** Zoom bounds: 0.02 px a frame shows 15 minutes in 450 px; 12 px a frame shows single frames. */
export const MIN_PX_PER_FRAME = 0.02;
export const MAX_PX_PER_FRAME = 12;

/** A source time (timecode or seconds) as frames at 25 fps; null when absent or not a valid time (yet). */
export function sourceTimeFrames({ value }: { value: string | number | undefined }): number | null {
  if (value === undefined) return null;
  try {
    return rationalToFrames({ value: parseSourceTime({ value }) });
  } catch {
    return null;
  }
}

/** A clip's in and out as source frames at 25 fps, or null while one is not a valid time. */
export function clipSourceFrames({ shot }: { shot: ShotDoc }): { in: number; out: number } | null {
  if (shot.type !== 'clip') return null;
  const inFrames = sourceTimeFrames({ value: shot.in });
  const outFrames = sourceTimeFrames({ value: shot.out });
  return inFrames === null || outFrames === null ? null : { in: inFrames, out: outFrames };
}

export function safeShotFrames({ shot }: { shot: ShotDoc }): number {
  if (shot.type === 'clip') {
    const points = clipSourceFrames({ shot });
    return points ? Math.max(0, points.out - points.in) : 0;
  }
  try {
    return parseFrameDuration({ value: shot.duration });
  } catch {
    return 0;
  }
}

function dissolveFrames(shot: ShotDoc | undefined): number {
  const transition = shot?.transitionIn;
  return transition?.type === 'dissolve' && Number.isInteger(transition.frames) ? Math.max(0, transition.frames) : 0;
}

/**
 * The shots end to end, a dissolve of N frames overlapping the previous shot by N (as
 * `computeShotTimings` of the domain lays them out), and the programme's length.
 */
export function layoutShots({ shots }: { shots: readonly ShotDoc[] }): { spans: ShotSpan[]; totalFrames: number } {
  const spans: ShotSpan[] = [];
  let start = 0;
  shots.forEach((shot, index) => {
    const frames = safeShotFrames({ shot });
    if (index > 0) start = Math.max(0, start - Math.min(dissolveFrames(shot), frames));
    spans.push({ id: shot.id, index, start, frames });
    start += frames;
  });
  return { spans, totalFrames: start };
}

/** A programme frame's left edge in pixels. */
export function frameToX({ frame, pxPerFrame }: { frame: number; pxPerFrame: number }): number {
  return frame * pxPerFrame;
}

/** The frame under pixel `x`, snapped to a whole frame and kept within the programme. */
export function xToFrame({ x, pxPerFrame, totalFrames }: { x: number; pxPerFrame: number; totalFrames: number }): number {
  return clamp(Math.round(x / pxPerFrame), 0, Math.max(0, totalFrames));
}

/** A pixel movement as whole frames (a trim moves by frames, never by a fraction of one). */
export function pixelsToFrames({ dx, pxPerFrame }: { dx: number; pxPerFrame: number }): number {
  const frames = Math.round(dx / pxPerFrame);
  return frames === 0 ? 0 : frames; // never −0
}

/** The next zoom step in (`direction` 1) or out (−1): ×1.5 each, within the bounds. */
export function stepZoom({ pxPerFrame, direction }: { pxPerFrame: number; direction: 1 | -1 }): number {
  return clamp(direction > 0 ? pxPerFrame * 1.5 : pxPerFrame / 1.5, MIN_PX_PER_FRAME, MAX_PX_PER_FRAME);
}

/** The zoom that shows the whole programme in `width` pixels. */
export function fitZoom({ totalFrames, width }: { totalFrames: number; width: number }): number {
  return clamp(width / Math.max(1, totalFrames), MIN_PX_PER_FRAME, MAX_PX_PER_FRAME);
}

/** The scroll position that keeps `frame` under the same pixel of the view after a zoom change. */
export function scrollAfterZoom({ frame, viewX, pxPerFrame }: { frame: number; viewX: number; pxPerFrame: number }): number {
  return Math.max(0, frame * pxPerFrame - viewX);
}

/**
 * The indices of the spans that cross the window `[left, right)` pixels, with `margin` pixels
 * either side, so a scroll shows shots already drawn.
 */
export function spansInView({
  spans,
  left,
  right,
  pxPerFrame,
  margin = 0,
}: {
  spans: readonly ShotSpan[];
  left: number;
  right: number;
  pxPerFrame: number;
  margin?: number;
}): number[] {
  const from = (left - margin) / pxPerFrame;
  const to = (right + margin) / pxPerFrame;
  const found: number[] = [];
  for (const span of spans) if (span.start < to && span.start + Math.max(1, span.frames) > from) found.push(span.index);
  return found;
}

/** The shot showing at a programme frame (the later one inside a dissolve), or −1 past the end. */
export function shotIndexAt({ spans, frame }: { spans: readonly ShotSpan[]; frame: number }): number {
  let found = -1;
  for (const span of spans) {
    if (span.start > frame) break;
    if (frame < span.start + span.frames) found = span.index;
  }
  return found;
}

/** The shots with one moved from `from` to `to` (the index it has afterwards). */
export function moveShot<T>({ shots, from, to }: { shots: readonly T[]; from: number; to: number }): T[] {
  const moved = [...shots];
  const [shot] = moved.splice(from, 1);
  if (shot === undefined) return [...shots];
  moved.splice(clamp(to, 0, moved.length), 0, shot);
  return moved;
}

/**
 * Where a shot dragged to pixel `x` lands: the number of the other shots whose middle lies left of
 * `x` (the dragged one left out).
 */
export function dropIndex({ spans, dragged, x, pxPerFrame }: { spans: readonly ShotSpan[]; dragged: number; x: number; pxPerFrame: number }): number {
  let index = 0;
  for (const span of spans) {
    if (span.index === dragged) continue;
    if ((span.start + span.frames / 2) * pxPerFrame < x) index += 1;
  }
  return index;
}

/**
 * A shot trimmed by `deltaFrames` at one edge, frame-snapped; the shots after it follow (ripple),
 * since positions are laid out from lengths. `head`: a clip's in moves (later for a positive delta),
 * a photo's or title's hold shortens; `tail`: the out moves (later: longer) or the hold lengthens.
 * A shot keeps at least one frame; a clip stays within 0 and its source's length, when known.
 *
 * @example trimShot({ shot: clip('00:00:01:00', '00:00:05:00'), edge: 'tail', deltaFrames: -25 }) // out '00:00:04:00'
 */
export function trimShot({
  shot,
  edge,
  deltaFrames,
  sourceFrames,
}: {
  shot: ShotDoc;
  edge: 'head' | 'tail';
  deltaFrames: number;
  sourceFrames?: number | null;
}): ShotDoc {
  if (shot.type === 'clip') {
    const points = clipSourceFrames({ shot });
    if (!points) return shot;
    if (edge === 'head') {
      const next = clamp(points.in + deltaFrames, 0, points.out - 1);
      return { ...shot, in: displayTimecode({ frames: next }) };
    }
    const limit = sourceFrames !== null && sourceFrames !== undefined && sourceFrames > points.in ? sourceFrames : Number.POSITIVE_INFINITY;
    const next = clamp(points.out + deltaFrames, points.in + 1, limit);
    return { ...shot, out: displayTimecode({ frames: next }) };
  }
  const frames = safeShotFrames({ shot });
  if (frames === 0) return shot;
  const next = Math.max(1, edge === 'head' ? frames - deltaFrames : frames + deltaFrames);
  return { ...shot, duration: displayTimecode({ frames: next }) };
}

/**
 * The shot under the playhead cut to start (`in`) or end (`out`) at it: I and O of the keyboard.
 * Returns null when the playhead is not inside a shot.
 */
export function trimToPlayhead({
  shots,
  spans,
  frame,
  point,
}: {
  shots: readonly ShotDoc[];
  spans: readonly ShotSpan[];
  frame: number;
  point: 'in' | 'out';
}): { index: number; shot: ShotDoc } | null {
  const index = shotIndexAt({ spans, frame });
  const span = spans[index];
  const shot = shots[index];
  if (!span || !shot) return null;
  const offset = frame - span.start;
  if (point === 'in') return offset === 0 ? null : { index, shot: trimShot({ shot, edge: 'head', deltaFrames: offset }) };
  return { index, shot: trimShot({ shot, edge: 'tail', deltaFrames: offset - span.frames }) };
}

/** What the programme shows at a frame: the shot, and for a clip the source time to play (seconds). */
export interface PlayPoint {
  index: number;
  shot: ShotDoc;
  span: ShotSpan;
  /** Frames into the shot. */
  offset: number;
  /** For a clip: in + offset, in source seconds (the middle of the frame, safe from rounding). */
  sourceSeconds: number | null;
}

/** The play point at a programme frame, or null past the end. */
export function playPointAt({ shots, spans, frame }: { shots: readonly ShotDoc[]; spans: readonly ShotSpan[]; frame: number }): PlayPoint | null {
  const index = shotIndexAt({ spans, frame });
  const span = spans[index];
  const shot = shots[index];
  if (!span || !shot) return null;
  const offset = frame - span.start;
  const points = clipSourceFrames({ shot });
  return { index, shot, span, offset, sourceSeconds: points ? (points.in + offset + 0.5) / FPS : null };
}

/** A programme position written as timecode or frames, as frames (null while it is neither). */
export function programmePosition({ value }: { value: string | number | undefined }): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  return typeof value === 'string' ? readTimecodeInput({ text: value }) : null;
}

/** The sound and subtitle lanes, and what part of an item a drag holds: the whole item, or one of its edges. */
export type LaneName = 'narration' | 'music' | 'subtitle';
export type LaneEdge = 'body' | 'head' | 'tail';

/** A lane item's place: programme frames (end exclusive) and the text its box shows. */
export interface LaneItemSpan {
  lane: LaneName;
  id: string;
  start: number;
  end: number;
  text: string;
}

/**
 * Where each narration, music and subtitle item sits: a narration as long as the part of its sound
 * it plays (in point, default the start, to out point, default the end: `soundFrames`), music from
 * its `from` to its `to`, a cue from its start to its end. Items not placed yet (a time being
 * typed, an end before the start) are left out.
 */
export function laneItemSpans({
  cut,
  soundFrames,
  nameOf,
}: {
  cut: CutDoc;
  soundFrames: (assetId: string) => number;
  nameOf: (assetId: string) => string;
}): LaneItemSpan[] {
  const items: LaneItemSpan[] = [];
  const add = (lane: LaneName, id: string, start: number | null, end: number | null, text: string) => {
    if (start !== null && end !== null && end > start) items.push({ lane, id, start, end, text });
  };
  for (const item of cut.narration) {
    const at = programmePosition({ value: item.at });
    const length = (sourceTimeFrames({ value: item.out }) ?? soundFrames(item.assetId)) - (sourceTimeFrames({ value: item.in }) ?? 0);
    add('narration', item.id, at, at === null ? null : at + length, nameOf(item.assetId));
  }
  for (const item of cut.music) add('music', item.id, programmePosition({ value: item.from }), programmePosition({ value: item.to }), nameOf(item.assetId));
  for (const cue of cut.subtitles)
    add('subtitle', cue.id, programmePosition({ value: cue.start }), programmePosition({ value: cue.end }), cue.text.replace(/\n/g, ' / '));
  return items;
}

/** The target nearest to `frame` within `tolerance` frames, or null. */
export function snapFrame({ frame, targets, tolerance }: { frame: number; targets: readonly number[]; tolerance: number }): number | null {
  let best: number | null = null;
  for (const target of targets) {
    if (Math.abs(target - frame) <= tolerance && (best === null || Math.abs(target - frame) < Math.abs(best - frame))) best = target;
  }
  return best;
}

/**
 * Where a lane item goes when dragged by `deltaFrames` (whole frames): moved whole (its length
 * kept, never before 00:00:00:00), or one edge trimmed (at least a frame long). The edge that
 * moves snaps to the nearest of `targets` (shot boundaries, the playhead) within `tolerance`
 * frames; a moved item snaps by whichever of its two ends is nearer one.
 */
export function dragLaneItem({
  start,
  end,
  edge,
  deltaFrames,
  targets = [],
  tolerance = 0,
}: {
  start: number;
  end: number;
  edge: LaneEdge;
  deltaFrames: number;
  targets?: readonly number[];
  tolerance?: number;
}): { start: number; end: number } {
  const length = Math.max(1, end - start);
  if (edge === 'head') {
    const at = clamp(start + deltaFrames, 0, end - 1);
    const snapped = snapFrame({ frame: at, targets, tolerance });
    return { start: snapped !== null && snapped < end ? snapped : at, end };
  }
  if (edge === 'tail') {
    const at = Math.max(start + 1, end + deltaFrames);
    const snapped = snapFrame({ frame: at, targets, tolerance });
    return { start, end: snapped !== null && snapped > start ? snapped : at };
  }
  let from = Math.max(0, start + deltaFrames);
  const byStart = snapFrame({ frame: from, targets, tolerance });
  const byEnd = snapFrame({ frame: from + length, targets, tolerance });
  if (byStart !== null && (byEnd === null || Math.abs(byStart - from) <= Math.abs(byEnd - from - length))) from = byStart;
  else if (byEnd !== null) from = Math.max(0, byEnd - length);
  return { start: from, end: from + length };
}

/** The cut with a lane item placed at `start`–`end` (programme frames, written as timecode); a narration keeps its length. */
export function placeLaneItem({ cut, lane, id, start, end }: { cut: CutDoc; lane: LaneName; id: string; start: number; end: number }): CutDoc {
  const tc = (frames: number) => displayTimecode({ frames });
  if (lane === 'narration') return { ...cut, narration: cut.narration.map((item) => (item.id === id ? { ...item, at: tc(start) } : item)) };
  if (lane === 'music') return { ...cut, music: cut.music.map((item) => (item.id === id ? { ...item, from: tc(start), to: tc(end) } : item)) };
  return { ...cut, subtitles: cut.subtitles.map((cue) => (cue.id === id ? { ...cue, start: tc(start), end: tc(end) } : cue)) };
}

/** Ruler marks: every `step` frames, a step that keeps marks at least `minGapPx` apart. */
export function rulerStep({ pxPerFrame, minGapPx = 80 }: { pxPerFrame: number; minGapPx?: number }): number {
  const steps = [1, 5, FPS, 2 * FPS, 5 * FPS, 10 * FPS, 30 * FPS, 60 * FPS, 120 * FPS, 300 * FPS];
  return steps.find((step) => step * pxPerFrame >= minGapPx) ?? 600 * FPS;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Where each shot sits in the programme, and what a cut refers to. */
import { parseFrameDuration, parseSourceTime, rationalToFrames, subtractRational } from '../timecode.ts';
import type { Cut, Shot } from './cut-schema.ts';

/** Where one shot sits in the programme, in frames. */
export interface ShotTiming {
  shotId: string;
  /** Programme frame of the shot's first frame (the start of its dissolve in, if any). */
  startFrame: number;
  frames: number;
  /** Frames shared with the previous shot (its dissolve in) and with the next one (the next dissolve). */
  dissolveInFrames: number;
  dissolveOutFrames: number;
  /** The part shown alone: from `startFrame + dissolveInFrames`, `soloFrames` long. */
  soloFrames: number;
}

/** Every shot's place in the programme and the programme's length. */
export interface CutTimings {
  shots: ShotTiming[];
  /** Σ shot frames − Σ dissolve frames. */
  durationFrames: number;
}

/**
 * A shot's length in frames: a clip's out − in at 25 fps rounded once (half up); a photo's or a
 * title card's duration.
 */
export function shotFrames({ shot }: { shot: Shot }): number {
  if (shot.type !== 'clip') return parseFrameDuration({ value: shot.duration });
  return rationalToFrames({ value: subtractRational({ a: parseSourceTime({ value: shot.out }), b: parseSourceTime({ value: shot.in }) }) });
}

/**
 * Lays the shots of a (valid) cut end to end: a dissolve of N frames overlaps a shot with the
 * previous one by N frames, so the programme lasts Σ shot frames − Σ dissolve frames.
 */
export function computeShotTimings({ cut }: { cut: Pick<Cut, 'shots'> }): CutTimings {
  const frames = cut.shots.map((shot) => shotFrames({ shot }));
  const dissolves = cut.shots.map((shot, index) => (index > 0 && shot.transitionIn.type === 'dissolve' ? shot.transitionIn.frames : 0));
  const shots: ShotTiming[] = [];
  let start = 0;
  cut.shots.forEach((shot, index) => {
    const length = frames[index] ?? 0;
    const dissolveInFrames = dissolves[index] ?? 0;
    const dissolveOutFrames = dissolves[index + 1] ?? 0;
    start -= dissolveInFrames;
    shots.push({
      shotId: shot.id,
      startFrame: start,
      frames: length,
      dissolveInFrames,
      dissolveOutFrames,
      soloFrames: length - dissolveInFrames - dissolveOutFrames,
    });
    start += length;
  });
  return { shots, durationFrames: Math.max(0, start) };
}

/** Every asset id the cut names (shots, narration, music, transcripts and their clips), sorted, once each. */
export function listCutAssetIds({ cut }: { cut: Cut }): string[] {
  const ids = new Set<string>();
  for (const shot of cut.shots) if (shot.type !== 'title') ids.add(shot.assetId);
  for (const item of cut.narration) ids.add(item.assetId);
  for (const item of cut.music) ids.add(item.assetId);
  for (const [clipId, subtitleId] of Object.entries(cut.transcripts)) {
    ids.add(clipId);
    ids.add(subtitleId);
  }
  return [...ids].sort();
}

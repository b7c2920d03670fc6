import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { FPS } from '../../domain/project.ts';

/**
 * Frames between two keyframes of a ladder profile's grid (`segmentSeconds × 25`: 150 for 6 s
 * segments), or null when the profile has no ladder. Every programme frame that is a multiple of
 * it is a keyframe in the master and in every rung, so HLS segments cut there start together.
 */
export function keyframeGridOf({ profile }: { profile: Pick<DeliveryProfile, 'ladder'> }): number | null {
  return profile.ladder ? profile.ladder.segmentSeconds * FPS : null;
}

/**
 * The frames of a segment (0 = its first frame) that fall on the grid: what the forced keyframes
 * change in its bytes, and so what its cache key must hold (two segments with the same grid
 * frames are encoded the same, wherever they sit in the programme).
 *
 * @example keyframeGridFrames({ startFrame: 140, frames: 200, everyFrames: 150 }) // [10, 160]
 */
export function keyframeGridFrames({ startFrame, frames, everyFrames }: { startFrame: number; frames: number; everyFrames: number }): number[] {
  const first = (everyFrames - (startFrame % everyFrames)) % everyFrames;
  const out: number[] = [];
  for (let frame = first; frame < frames; frame += everyFrames) out.push(frame);
  return out;
}

/**
 * The encoder options that put a keyframe (an IDR: the GOPs are closed) on every grid frame of a
 * segment starting at programme frame `startFrame`: `n` is the segment's own frame number, so
 * each output of a batched run (`mergeSegmentArgs`) carries its own start. The segment's first
 * frame is a keyframe anyway.
 *
 * @example buildKeyframeGridArgs({ startFrame: 140, everyFrames: 150 }) // ['-force_key_frames', 'expr:eq(mod(n+140,150),0)', '-forced-idr', '1']
 */
export function buildKeyframeGridArgs({ startFrame, everyFrames }: { startFrame: number; everyFrames: number }): string[] {
  return ['-force_key_frames', `expr:eq(mod(n+${startFrame % everyFrames},${everyFrames}),0)`, '-forced-idr', '1'];
}

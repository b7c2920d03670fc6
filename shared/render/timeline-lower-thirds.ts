/**
 * Speaker lower thirds (name and position) on the timeline.
 */
import { FPS, lookupById, nfc, type AssetsById, type Cut, type CutTimings } from '../domain/index.ts';
import type { LowerThirdSpec } from '../media/render/render-spec.ts';

/** A lower third appears 1 s after its shot starts … */
export const LOWER_THIRD_DELAY_FRAMES = 1 * FPS;
/** … and stays 5 s (both clipped to the shot). */
export const LOWER_THIRD_FRAMES = 5 * FPS;

/** A lower third in programme frames (start inclusive, end exclusive). */
export interface ProgrammeLowerThird {
  shotId: string;
  name: string;
  position: string;
  startFrame: number;
  endFrame: number;
}

/**
 * The lower thirds of a cut, in programme order. A clip whose asset has a speaker shows one when
 * its `lowerThird` is `always`, or `auto` and that speaker's lower third has not been shown earlier
 * in the cut (the first appearance; a shot set to `never`, or too short to show it, does not use
 * it up). Speakers are the same when their NFC names match ignoring case and outer spaces.
 */
export function planLowerThirds({ cut, timings, assets }: { cut: Cut; timings: CutTimings; assets: AssetsById }): ProgrammeLowerThird[] {
  const shown = new Set<string>();
  const planned: ProgrammeLowerThird[] = [];
  cut.shots.forEach((shot, index) => {
    const timing = timings.shots[index];
    if (shot.type !== 'clip' || !timing || shot.lowerThird === 'never') return;
    const speaker = lookupById({ table: assets, id: shot.assetId })?.speaker;
    if (!speaker) return;
    const key = nfc(speaker.name).trim().toLocaleLowerCase('vi');
    if (shot.lowerThird === 'auto' && shown.has(key)) return;
    const shotEnd = timing.startFrame + timing.frames;
    const startFrame = Math.min(timing.startFrame + LOWER_THIRD_DELAY_FRAMES, shotEnd);
    const endFrame = Math.min(startFrame + LOWER_THIRD_FRAMES, shotEnd);
    if (endFrame <= startFrame) return;
    shown.add(key);
    planned.push({ shotId: shot.id, name: nfc(speaker.name).trim(), position: nfc(speaker.position).trim(), startFrame, endFrame });
  });
  return planned;
}

/** The lower thirds overlapping a segment, clipped to it, in frames relative to its first frame. */
export function lowerThirdsInSegment({
  lowerThirds,
  startFrame,
  frames,
}: {
  lowerThirds: readonly ProgrammeLowerThird[];
  startFrame: number;
  frames: number;
}): LowerThirdSpec[] {
  const endFrame = startFrame + frames;
  return lowerThirds
    .filter((item) => item.startFrame < endFrame && item.endFrame > startFrame)
    .map((item) => ({
      name: item.name,
      position: item.position,
      startFrame: Math.max(item.startFrame, startFrame) - startFrame,
      endFrame: Math.min(item.endFrame, endFrame) - startFrame,
    }));
}

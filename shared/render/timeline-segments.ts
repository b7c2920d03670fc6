/**
 * Video segments: a timeline cut at shot boundaries into units rendered on their own.
 */
import { addRational, framesToRational, parseSourceTime, shiftReframe, type Cut, type CutTimings, type Shot, type ShotTiming } from '../domain/index.ts';
import type { LogoSpec, ProgrammeCue, SegmentLayer, SegmentSpec, SourceRef } from '../media/render/render-spec.ts';
import { cuesInSegment } from './timeline-cues.ts';
import { lowerThirdsInSegment, type ProgrammeLowerThird } from './timeline-lower-thirds.ts';

/** Segment ids: `seg-<shotId>` for a shot's solo part, `seg-<outgoing>~<incoming>` for a dissolve ("~" never occurs in an id). */
export function segmentId({ shotId, incomingShotId }: { shotId: string; incomingShotId?: string }): string {
  return incomingShotId === undefined ? `seg-${shotId}` : `seg-${shotId}~${incomingShotId}`;
}

/**
 * What a shot shows from `offsetFrames` frames after its first frame: a clip from the matching
 * source time; a photo with its whole hold and how far into it the layer starts (so motion
 * continues across segments); a title card.
 */
export function layerAt({
  shot,
  timing,
  offsetFrames,
  sourceOf,
}: {
  shot: Shot;
  timing: ShotTiming;
  offsetFrames: number;
  sourceOf: (assetId: string) => SourceRef;
}): SegmentLayer {
  // The framing moves with the layer: its points count from the layer's first frame (absent stays absent).
  const reframe = shot.type !== 'title' && shot.reframe ? { reframe: shiftReframe({ reframe: shot.reframe, offsetFrames }) } : {};
  switch (shot.type) {
    case 'clip':
      return {
        shotId: shot.id,
        visual: {
          type: 'clip',
          source: sourceOf(shot.assetId),
          inSeconds: addRational({ a: parseSourceTime({ value: shot.in }), b: framesToRational({ frames: offsetFrames }) }),
          ...reframe,
        },
      };
    case 'photo':
      return {
        shotId: shot.id,
        visual: { type: 'photo', source: sourceOf(shot.assetId), motion: shot.motion, holdFrames: timing.frames, holdOffsetFrames: offsetFrames, ...reframe },
      };
    case 'title':
      return { shotId: shot.id, visual: { type: 'title', title: shot.text, subtitle: shot.subtitle ?? '' } };
  }
}

/**
 * The segments of a (valid) cut in programme order: for each shot, the dissolve region that brings
 * it in (two layers: the outgoing shot at its right offset, then the incoming one), then its solo
 * part. A fade from black belongs to the shot's solo part's first frames, a fade to black to its
 * last ones (validation keeps fades inside the solo part). Lower thirds and cues are clipped to
 * each segment.
 */
export function buildSegments({
  cut,
  timings,
  sourceOf,
  cues,
  lowerThirds,
  logo = null,
}: {
  cut: Cut;
  timings: CutTimings;
  sourceOf: (assetId: string) => SourceRef;
  cues: readonly ProgrammeCue[];
  lowerThirds: readonly ProgrammeLowerThird[];
  /** The cut's logo, resolved; shown on every segment but title cards (unless `overTitles`). */
  logo?: (LogoSpec & { overTitles: boolean }) | null;
}): SegmentSpec[] {
  const segments: SegmentSpec[] = [];
  const logoOver = (layers: readonly SegmentLayer[]): LogoSpec | null => {
    if (!logo || (!logo.overTitles && layers.some((layer) => layer.visual.type === 'title'))) return null;
    const { overTitles: _overTitles, ...spec } = logo;
    return spec;
  };
  const overlays = ({ startFrame, frames, layers }: { startFrame: number; frames: number; layers: readonly SegmentLayer[] }) => ({
    lowerThirds: lowerThirdsInSegment({ lowerThirds, startFrame, frames }),
    cues: cuesInSegment({ cues, startFrame, frames }),
    logo: logoOver(layers),
  });
  cut.shots.forEach((shot, index) => {
    const timing = timings.shots[index];
    if (!timing) return;
    const previous = cut.shots[index - 1];
    const previousTiming = timings.shots[index - 1];
    if (timing.dissolveInFrames > 0 && previous && previousTiming) {
      const startFrame = timing.startFrame;
      const frames = timing.dissolveInFrames;
      const layers: [SegmentLayer, SegmentLayer] = [
        layerAt({ shot: previous, timing: previousTiming, offsetFrames: previousTiming.frames - frames, sourceOf }),
        layerAt({ shot, timing, offsetFrames: 0, sourceOf }),
      ];
      segments.push({
        id: segmentId({ shotId: previous.id, incomingShotId: shot.id }),
        startFrame,
        frames,
        layers,
        fadeInFrames: 0,
        fadeOutFrames: 0,
        ...overlays({ startFrame, frames, layers }),
      });
    }
    if (timing.soloFrames > 0) {
      const startFrame = timing.startFrame + timing.dissolveInFrames;
      const frames = timing.soloFrames;
      const layers: [SegmentLayer] = [layerAt({ shot, timing, offsetFrames: timing.dissolveInFrames, sourceOf })];
      segments.push({
        id: segmentId({ shotId: shot.id }),
        startFrame,
        frames,
        layers,
        fadeInFrames: shot.transitionIn.type === 'fade-from-black' ? shot.transitionIn.frames : 0,
        fadeOutFrames: shot.fadeOutFrames,
        ...overlays({ startFrame, frames, layers }),
      });
    }
  });
  return segments;
}

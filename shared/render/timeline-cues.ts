/**
 * Subtitles on the timeline: programme cues (narration) and the transcripts that follow their
 * clips, in programme frames.
 */
import {
  lookupById,
  parseProgrammeTime,
  parseSourceTime,
  rationalToFrames,
  subtractRational,
  type CuesById,
  type Cut,
  type CutTimings,
  type ShotTiming,
  type TranscriptCue,
} from '../domain/index.ts';
import type { ProgrammeCue, SegmentCue } from '../media/render/render-spec.ts';

/**
 * The programme frames a shot "owns" for its transcript: the whole shot, except that a dissolve is
 * shared at its midpoint (the outgoing shot keeps the first ⌊N/2⌋ frames), so two shots'
 * transcripts never overlap on screen.
 */
export function shotOwnRange({ timing }: { timing: ShotTiming }): { startFrame: number; endFrame: number } {
  return {
    startFrame: timing.startFrame + Math.floor(timing.dissolveInFrames / 2),
    endFrame: timing.startFrame + timing.frames - Math.ceil(timing.dissolveOutFrames / 2),
  };
}

/**
 * Places one transcript cue of a clip shot on the programme: source ms → programme frame
 * = shot start + round((ms/1000 − in) · 25) (half up), then clipped to `range`. Null when nothing
 * of it is left (the cue lies outside the part of the clip that is used) or it has no text.
 */
export function retimeTranscriptCue({
  cue,
  shotStartFrame,
  inSeconds,
  range,
}: {
  cue: TranscriptCue;
  shotStartFrame: number;
  inSeconds: { num: number; den: number };
  range: { startFrame: number; endFrame: number };
}): ProgrammeCue | null {
  const toFrame = (ms: number) => shotStartFrame + rationalToFrames({ value: subtractRational({ a: { num: ms, den: 1000 }, b: inSeconds }) });
  const startFrame = Math.max(range.startFrame, toFrame(cue.startMs));
  const endFrame = Math.min(range.endFrame, toFrame(cue.endMs));
  const lines = cue.lines.filter((line) => line.trim() !== '');
  if (endFrame <= startFrame || lines.length === 0) return null;
  return { startFrame, endFrame, lines, ...topOf(cue) };
}

/**
 * Every cue of the programme, sorted by start (then end): the cut's programme-level cues and each
 * clip's transcript retimed to where the clip is placed.
 */
export function buildProgrammeCues({ cut, timings, transcriptCues }: { cut: Cut; timings: CutTimings; transcriptCues: CuesById }): ProgrammeCue[] {
  const cues: ProgrammeCue[] = cut.subtitles.map((cue) => ({
    startFrame: parseProgrammeTime({ value: cue.start }),
    endFrame: parseProgrammeTime({ value: cue.end }),
    lines: cue.text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    ...topOf(cue),
  }));
  cut.shots.forEach((shot, index) => {
    const timing = timings.shots[index];
    if (shot.type !== 'clip' || !timing) return;
    const subtitleAssetId = lookupById({ table: cut.transcripts, id: shot.assetId });
    if (subtitleAssetId === undefined) return;
    const range = shotOwnRange({ timing });
    const inSeconds = parseSourceTime({ value: shot.in });
    for (const cue of lookupById({ table: transcriptCues, id: subtitleAssetId }) ?? []) {
      const placed = retimeTranscriptCue({ cue, shotStartFrame: timing.startFrame, inSeconds, range });
      if (placed) cues.push(placed);
    }
  });
  return cues.sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
}

/** The cues overlapping a segment, clipped to it, in frames relative to its first frame. */
export function cuesInSegment({ cues, startFrame, frames }: { cues: readonly ProgrammeCue[]; startFrame: number; frames: number }): SegmentCue[] {
  const endFrame = startFrame + frames;
  return cues
    .filter((cue) => cue.startFrame < endFrame && cue.endFrame > startFrame)
    .map((cue) => ({
      startFrame: Math.max(cue.startFrame, startFrame) - startFrame,
      endFrame: Math.min(cue.endFrame, endFrame) - startFrame,
      lines: [...cue.lines],
      ...topOf(cue),
    }));
}

/** `{ placement: 'top' }` for a cue shown at the top, nothing for one at the bottom (the default). */
function topOf(cue: { placement?: 'bottom' | 'top' | undefined }): { placement?: 'top' } {
  return cue.placement === 'top' ? { placement: 'top' } : {};
}

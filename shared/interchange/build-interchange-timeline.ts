/**
 * A cut (as validated) → the neutral timeline the writers write. Shot places come from the cut's
 * own timing (`computeShotTimings`), source points are rounded to frames once (`rationalToFrames`),
 * exactly as the renderer does.
 */
import {
  assetDuration,
  computeShotTimings,
  lookupById,
  parseProgrammeTime,
  parseSourceTime,
  rationalToFrames,
  subtractRational,
  type AssetsById,
  type Comment,
  type Cut,
  type Rational,
} from '../domain/index.ts';
import type { NamedMedia } from './name-media-files.ts';
import type { InterchangeTimeline, MediaSource, PictureEvent, SoundEvent, TimelineMarker } from './timeline-model.ts';

/** Sound tracks reportage writes: the clips' own sound, narration, music. */
export const SOUND_TRACKS = { clip: 1, narration: 2, music: 3 } as const;

export interface BuildInterchangeTimelineInput {
  cut: Cut;
  assets: AssetsById;
  /** File and reel names of every asset the cut uses (`nameMediaFiles`). */
  named: ReadonlyMap<string, NamedMedia>;
  /** Review comments of the version exported (none for a draft): they become markers. */
  comments?: readonly Comment[];
  /** Record timecode of the programme's first frame (frames). */
  startFrames?: number;
}

/** Builds the neutral timeline of a valid cut. */
export function buildInterchangeTimeline({ cut, assets, named, comments = [], startFrames = 0 }: BuildInterchangeTimelineInput): InterchangeTimeline {
  const timings = computeShotTimings({ cut });
  const sourceOf = (assetId: string): MediaSource => {
    const media = named.get(assetId);
    if (!media) throw new Error(`buildInterchangeTimeline: asset "${assetId}" has no file name`);
    const asset = lookupById({ table: assets, id: assetId });
    const duration = asset ? assetDuration({ asset }) : null;
    return { ...media.source, durationFrames: duration && media.source.kind !== 'still' ? rationalToFrames({ value: duration }) : null };
  };
  const picture: PictureEvent[] = [];
  const sound: SoundEvent[] = [];
  let event = 0;
  cut.shots.forEach((shot, index) => {
    const timing = timings.shots[index];
    if (!timing) return;
    const next = timings.shots[index + 1];
    const recordIn = timing.startFrame;
    const recordOut = next ? next.startFrame : timing.startFrame + timing.frames;
    const transition = shot.transitionIn;
    const transitionIn =
      transition.type === 'cut' || (transition.type === 'dissolve' && index === 0) ? null : { type: transition.type, before: 0, after: transition.frames };
    // A fade to black under a dissolve out has no place in the formats (the draft keeps it on import).
    const fadeOut = timing.dissolveOutFrames === 0 ? shot.fadeOutFrames : 0;
    event += 1;
    if (shot.type === 'title') {
      picture.push({
        event,
        recordIn,
        recordOut,
        content: { type: 'title', text: shot.text, ...(shot.subtitle ? { subtitle: shot.subtitle } : {}) },
        transitionIn,
        fadeOut,
        shotId: shot.id,
        notes: [],
      });
      return;
    }
    const source = sourceOf(shot.assetId);
    const sourceIn = shot.type === 'clip' ? toFrames(parseSourceTime({ value: shot.in })) : 0;
    picture.push({ event, recordIn, recordOut, content: { type: 'file', source, sourceIn }, transitionIn, fadeOut, shotId: shot.id, notes: [] });
    const asset = lookupById({ table: assets, id: shot.assetId });
    if (shot.type === 'clip' && !shot.audio.muted && asset?.probe?.audio) {
      sound.push({ event, track: SOUND_TRACKS.clip, recordIn, recordOut, source, sourceIn, role: 'clip', itemId: shot.id, notes: [] });
    }
  });
  for (const item of cut.narration) {
    const asset = lookupById({ table: assets, id: item.assetId });
    const sourceIn: Rational = item.in === undefined ? { num: 0, den: 1 } : parseSourceTime({ value: item.in });
    const out = item.out === undefined ? (asset ? assetDuration({ asset }) : null) : parseSourceTime({ value: item.out });
    if (!out) continue;
    const recordIn = parseProgrammeTime({ value: item.at });
    event += 1;
    const frames = toFrames(subtractRational({ a: out, b: sourceIn }));
    sound.push({
      event,
      track: SOUND_TRACKS.narration,
      recordIn,
      recordOut: recordIn + frames,
      source: sourceOf(item.assetId),
      sourceIn: toFrames(sourceIn),
      role: 'narration',
      itemId: item.id,
      notes: [],
    });
  }
  for (const item of cut.music) {
    const recordIn = parseProgrammeTime({ value: item.from });
    const sourceIn = item.in === undefined ? 0 : toFrames(parseSourceTime({ value: item.in }));
    event += 1;
    sound.push({
      event,
      track: SOUND_TRACKS.music,
      recordIn,
      recordOut: parseProgrammeTime({ value: item.to }),
      source: sourceOf(item.assetId),
      sourceIn,
      role: 'music',
      itemId: item.id,
      notes: [],
    });
  }
  spreadOverlaps({ sound });
  sound.sort((a, b) => a.track - b.track || a.recordIn - b.recordIn);
  return { name: cut.title, startFrames, durationFrames: timings.durationFrames, picture, sound, markers: commentMarkers({ comments }) };
}

/**
 * A track holds one sound at a time (an xmeml or OTIO track cannot overlap itself): a narration or
 * music item that overlaps the one before it on its track moves to a new track after the others.
 */
function spreadOverlaps({ sound }: { sound: SoundEvent[] }): void {
  const ends = new Map<number, number>();
  let next = sound.reduce<number>((max, event) => Math.max(max, event.track), SOUND_TRACKS.music) + 1;
  for (const event of [...sound].sort((a, b) => a.track - b.track || a.recordIn - b.recordIn)) {
    if ((ends.get(event.track) ?? 0) > event.recordIn) {
      const free = [...ends.entries()].find(([track, end]) => track > SOUND_TRACKS.music && end <= event.recordIn)?.[0];
      event.track = free ?? next++;
    }
    ends.set(event.track, event.recordOut);
  }
}

function toFrames(value: Rational): number {
  return rationalToFrames({ value });
}

/** One marker per review thread: its text and its replies, red while open, green once resolved. */
export function commentMarkers({ comments }: { comments: readonly Comment[] }): TimelineMarker[] {
  const threads = comments.filter((comment) => comment.parentId === null);
  return threads
    .map((thread) => {
      const replies = comments.filter((comment) => comment.parentId === thread.id);
      const text = [thread, ...replies].map((comment) => `${comment.author.label}: ${comment.text}`).join(' / ');
      const durationFrames = thread.endFrame === null ? 1 : thread.endFrame - thread.startFrame + 1;
      return { frame: thread.startFrame, durationFrames, name: thread.author.label, text, color: thread.resolved ? ('green' as const) : ('red' as const) };
    })
    .sort((a, b) => a.frame - b.frame);
}

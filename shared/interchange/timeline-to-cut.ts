/**
 * An imported timeline → the shots, narration and music of a cut draft.
 *
 * The draft imported into keeps what no interchange format carries (subtitles, logo, ducking,
 * transcripts, lower-third modes, levels, photo moves, fades out, a title's second line): a shot
 * or an item is recognised by the id reportage wrote into the file, or else by its asset (a title
 * by its text), and keeps its settings and the way its times were written when they are unchanged.
 *
 * Nothing is dropped silently. An event whose source matches no asset becomes a title card
 * "Thiếu tư liệu: <clip>" of the same length (the editing software's "media offline"), so every
 * later shot keeps its place against the sound; it is listed in `unmatched` with its event number,
 * as is every speed change, effect, extra video track or key, and every sound the cut cannot play.
 */
import {
  framesToTimecode,
  parseCut,
  parseFrameDuration,
  parseProgrammeTime,
  parseSourceTime,
  type Asset,
  type AssetKind,
  type Cut,
  type MusicItem,
  type NarrationItem,
  type Shot,
  compareRational,
  framesToRational,
  assetDuration,
  rationalToFrames,
} from '../domain/index.ts';
import { createSourceMatcher } from './match-source-asset.ts';
import type { EditTransition, PictureEvent, ReadTimeline, SoundEvent } from './timeline-model.ts';

/** An event that could not be brought over as it is. */
export interface UnmatchedEvent {
  event: number;
  code: string;
  reason: string;
  reasonVi: string;
}

export interface TimelineToCutInput {
  read: ReadTimeline;
  assets: readonly Asset[];
  /** The draft imported into (its other parts are kept); at least `schemaVersion`, `projectId`, `id`. */
  base: Record<string, unknown>;
}

export interface TimelineToCutResult {
  cut: Record<string, unknown>;
  unmatched: UnmatchedEvent[];
  warnings: string[];
}

const PICTURE_KINDS: readonly AssetKind[] = ['footage', 'interview', 'photo'];
const SOUND_KINDS: readonly AssetKind[] = ['voiceover', 'music', 'footage', 'interview'];
const MAX_TITLE = 200;

/** Builds the cut document of an imported timeline over `base`. */
export function timelineToCut({ read, assets, base }: TimelineToCutInput): TimelineToCutResult {
  const matcher = createSourceMatcher({ assets });
  const existing = tryParse(base);
  const unmatched: UnmatchedEvent[] = read.unexpressed.map((u) => ({ event: u.event, code: u.code, reason: u.reason, reasonVi: u.reasonVi }));
  const warnings = [...read.warnings];
  const reuse = createReuse({ existing });
  const consumed = new Set<SoundEvent>();
  const picture = [...read.timeline.picture].sort((a, b) => a.recordIn - b.recordIn || a.event - b.event);
  // First the places (a dissolve lengthens the shot before it), then the shots.
  const planned: PlannedShot[] = [];
  let cursor = 0;
  for (const event of picture) {
    for (const note of event.notes) unmatched.push(noteToUnmatched({ event: event.event, note }));
    const transition = event.transitionIn && (planned.length > 0 || event.transitionIn.type === 'fade-from-black') ? event.transitionIn : null;
    if (event.transitionIn && !transition && event.transitionIn.type === 'dissolve')
      warnings.push(`Event ${event.event}: a dissolve into the first shot has nothing to dissolve from; it is a cut.`);
    let start = event.recordIn - (transition?.before ?? 0);
    let sourceShift = transition?.before ?? 0;
    if (!transition && start > cursor) {
      planned.push({ kind: 'gap', event: event.event, frames: start - cursor });
      warnings.push(`A gap of ${start - cursor} frames before event ${event.event} became a title card "Khoảng trống" (gap) so later shots keep their place.`);
    } else if (!transition && start < cursor) {
      warnings.push(`Event ${event.event} overlaps the previous shot by ${cursor - start} frames; its head was trimmed.`);
      sourceShift = start - cursor;
      start = cursor;
    }
    const frames = event.recordOut - start;
    if (frames < 1) {
      unmatched.push({ event: event.event, code: 'EMPTY_EVENT', reason: 'the event lasts no frame', reasonVi: 'sự kiện không có khung hình nào' });
      continue;
    }
    const previous = planned.at(-1);
    if (transition?.type === 'dissolve' && previous) previous.frames += transition.after;
    planned.push({ kind: 'event', event, frames, sourceShift, transition });
    cursor = event.recordOut;
  }
  const shots: Shot[] = planned.map((plan, index) => {
    if (plan.kind === 'gap') return reuse.placeholder({ text: 'Khoảng trống', frames: plan.frames, id: `gap-${plan.event}` });
    const { event, frames, sourceShift, transition } = plan;
    const shot = pictureShot({ event, frames, sourceShift, matcher, reuse, unmatched, sound: read.timeline.sound, consumed });
    if (transition) shot.transitionIn = { type: transition.type, frames: transition.before + transition.after };
    // The formats carry a fade to black only where no dissolve follows: there the draft's stays.
    const dissolvesOut = planned[index + 1]?.kind === 'event' && (planned[index + 1] as { transition: EditTransition | null }).transition?.type === 'dissolve';
    if (event.fadeOut > 0 || !dissolvesOut) shot.fadeOutFrames = event.fadeOut;
    return shot;
  });

  const narration: NarrationItem[] = [];
  const music: MusicItem[] = [];
  for (const event of [...read.timeline.sound].sort((a, b) => a.track - b.track || a.recordIn - b.recordIn)) {
    if (consumed.has(event)) continue;
    for (const note of event.notes) unmatched.push(noteToUnmatched({ event: event.event, note }));
    const found = matcher.match({ source: event.source, kinds: SOUND_KINDS, sourceOut: event.sourceIn + event.recordOut - event.recordIn });
    if (!('asset' in found)) {
      unmatched.push(
        noMatch({
          event: event.event,
          name: event.source.clipName || event.source.fileName || event.source.reel,
          code: found.code,
          candidates: found.candidates,
        }),
      );
      continue;
    }
    const asset = found.asset;
    if (asset.kind === 'voiceover') narration.push(reuse.narration({ event, asset }));
    else if (asset.kind === 'music') music.push(reuse.music({ event, asset }));
    else {
      unmatched.push({
        event: event.event,
        code: 'SOUND_WITHOUT_PICTURE',
        reason: `the sound of "${asset.originalName}" is used without its picture; the cut plays a clip's sound only under its picture`,
        reasonVi: `tiếng của "${asset.originalName}" được dùng mà không có hình; bản dựng chỉ phát tiếng của cảnh quay cùng với hình`,
      });
    }
  }

  const cut: Record<string, unknown> = { ...base, shots, narration, music };
  if (existing && existing.subtitles.length > 0 && changedTiming({ existing, shots })) {
    warnings.push('The programme subtitles stay at their programme positions: check them against the imported cut.');
  }
  // An EDL line of picture and sound (`B`, `AA/V`) is one event: listed once per reason.
  const listed = new Map(unmatched.map((u) => [`${u.event}|${u.code}`, u]));
  return { cut, unmatched: [...listed.values()].sort((a, b) => a.event - b.event), warnings };
}

/** A shot's place before the shot is made: a dissolve lengthens the one before it. */
type PlannedShot =
  | { kind: 'gap'; event: number; frames: number }
  | { kind: 'event'; event: PictureEvent; frames: number; sourceShift: number; transition: EditTransition | null };

interface PictureShotInput {
  event: PictureEvent;
  frames: number;
  sourceShift: number;
  matcher: ReturnType<typeof createSourceMatcher>;
  reuse: Reuse;
  unmatched: UnmatchedEvent[];
  sound: readonly SoundEvent[];
  consumed: Set<SoundEvent>;
}

function pictureShot({ event, frames, sourceShift, matcher, reuse, unmatched, sound, consumed }: PictureShotInput): Shot {
  const content = event.content;
  if (content.type === 'title') {
    if (content.text.trim() === '') {
      unmatched.push({
        event: event.event,
        code: 'BLACK_SLUG',
        reason: 'black without a title text; kept as a title card "—"',
        reasonVi: 'đoạn đen không có chữ; giữ thành thẻ tiêu đề "—"',
      });
      return reuse.placeholder({ text: '—', frames, id: `black-${event.event}` });
    }
    return reuse.title({ event, text: content.text.slice(0, MAX_TITLE), frames });
  }
  const sourceIn = content.sourceIn - sourceShift;
  const found = matcher.match({ source: content.source, kinds: PICTURE_KINDS, sourceOut: sourceIn + frames });
  const name = content.source.clipName || content.source.fileName || content.source.reel;
  if (!('asset' in found)) {
    unmatched.push(noMatch({ event: event.event, name, code: found.code, candidates: found.candidates }));
    return reuse.placeholder({ text: `Thiếu tư liệu: ${name}`.slice(0, MAX_TITLE), frames, id: `offline-${event.event}` });
  }
  const asset = found.asset;
  if (asset.kind === 'photo') return reuse.photo({ event, asset, frames });
  // The clip's own sound: the same asset, overlapping the picture, in sync with it.
  const linked = sound.filter(
    (s) =>
      !consumed.has(s) &&
      s.recordIn < event.recordOut &&
      s.recordOut > event.recordIn &&
      s.sourceIn - s.recordIn === content.sourceIn - event.recordIn &&
      sameAsset({ matcher, event: s, asset }),
  );
  for (const s of linked) consumed.add(s);
  return reuse.clip({ event, asset, sourceIn, frames, withSound: linked.length > 0 });
}

function sameAsset({ matcher, event, asset }: { matcher: ReturnType<typeof createSourceMatcher>; event: SoundEvent; asset: Asset }): boolean {
  const found = matcher.match({ source: event.source, kinds: [asset.kind], sourceOut: event.sourceIn + event.recordOut - event.recordIn });
  return 'asset' in found && found.asset.id === asset.id;
}

function noteToUnmatched({ event, note }: { event: number; note: PictureEvent['notes'][number] }): UnmatchedEvent {
  const texts = {
    SPEED_CHANGE: ['a speed change', 'the shot plays at normal speed', 'thay đổi tốc độ', 'cảnh được giữ ở tốc độ thường'],
    REVERSE: ['reverse playback', 'the shot plays forwards at normal speed', 'phát ngược', 'cảnh được phát xuôi ở tốc độ thường'],
    EFFECT: ['an effect', 'the shot is kept without it', 'hiệu ứng', 'cảnh được giữ, không có hiệu ứng này'],
  }[note.code];
  return {
    event,
    code: note.code,
    reason: `${texts[0]} (${note.detail}) cannot be expressed in the cut: ${texts[1]}`,
    reasonVi: `${texts[2]} (${note.detail}) không thể hiện được trong bản dựng: ${texts[3]}`,
  };
}

function noMatch({ event, name, code, candidates }: { event: number; name: string; code: string; candidates: string[] }): UnmatchedEvent {
  if (code === 'AMBIGUOUS_SOURCE') {
    return {
      event,
      code,
      reason: `"${name}" matches several assets (${candidates.join(', ')})`,
      reasonVi: `"${name}" khớp với nhiều tư liệu (${candidates.join(', ')})`,
    };
  }
  if (code === 'SOURCE_OUT_OF_RANGE') {
    return {
      event,
      code,
      reason: `"${name}" matches ${candidates.join(', ')}, but the event's source timecode runs past the end of the file`,
      reasonVi: `"${name}" khớp với ${candidates.join(', ')} nhưng mã thời gian nguồn vượt quá độ dài tệp`,
    };
  }
  return {
    event,
    code: 'NO_MATCHING_ASSET',
    reason: `no asset of the library is named "${name}" or has its reel`,
    reasonVi: `không có tư liệu nào trong thư viện tên "${name}" hoặc có cuộn băng tương ứng`,
  };
}

function tryParse(base: Record<string, unknown>): Cut | null {
  try {
    return parseCut({ input: base });
  } catch {
    return null;
  }
}

function changedTiming({ existing, shots }: { existing: Cut; shots: Shot[] }): boolean {
  return JSON.stringify(existing.shots) !== JSON.stringify(shots);
}

type Reuse = ReturnType<typeof createReuse>;

/** Finds the draft's shot or item an imported event stands for, and keeps its settings. */
function createReuse({ existing }: { existing: Cut | null }) {
  const usedIds = new Set<string>();
  const oldShots = existing?.shots ?? [];
  const takeShot = <T extends Shot>(event: PictureEvent, fits: (shot: Shot) => shot is T): T | undefined => {
    const byId = oldShots.find((shot) => shot.id === event.shotId && !usedIds.has(shot.id) && fits(shot));
    const found = byId ?? oldShots.find((shot) => !usedIds.has(shot.id) && fits(shot));
    if (found) usedIds.add(found.id);
    return found as T | undefined;
  };
  const newId = (prefix: string, wanted: string | null): string => {
    if (wanted && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(wanted) && !usedIds.has(wanted) && !oldShots.some((s) => s.id === wanted)) {
      usedIds.add(wanted);
      return wanted;
    }
    for (let n = 1; ; n += 1) {
      const id = `${prefix}${n}`;
      if (
        !usedIds.has(id) &&
        !oldShots.some((s) => s.id === id) &&
        !(existing?.narration ?? []).some((i) => i.id === id) &&
        !(existing?.music ?? []).some((i) => i.id === id)
      ) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const oldNarration = [...(existing?.narration ?? [])];
  const oldMusic = [...(existing?.music ?? [])];
  const takeItem = <T extends { id: string; assetId: string }>(items: T[], event: SoundEvent, assetId: string): T | undefined => {
    const index = Math.max(
      items.findIndex((item) => item.id === event.itemId && item.assetId === assetId),
      -1,
    );
    const at = index >= 0 ? index : items.findIndex((item) => item.assetId === assetId);
    return at >= 0 ? items.splice(at, 1)[0] : undefined;
  };
  return {
    placeholder({ text, frames, id }: { text: string; frames: number; id: string }): Shot {
      return { id: newId(`${id}-`, id), type: 'title', text, duration: frames, transitionIn: { type: 'cut' }, fadeOutFrames: 0 };
    },
    title({ event, text, frames }: { event: PictureEvent; text: string; frames: number }): Shot {
      const old = takeShot(event, (shot): shot is Extract<Shot, { type: 'title' }> => shot.type === 'title' && shot.text === text);
      return {
        id: old?.id ?? newId('title-', event.shotId),
        type: 'title',
        text,
        ...(old?.subtitle ? { subtitle: old.subtitle } : {}),
        duration: keepDuration({ old: old?.duration, frames }),
        transitionIn: { type: 'cut' },
        fadeOutFrames: old?.fadeOutFrames ?? 0,
      };
    },
    photo({ event, asset, frames }: { event: PictureEvent; asset: Asset; frames: number }): Shot {
      const old = takeShot(event, (shot): shot is Extract<Shot, { type: 'photo' }> => shot.type === 'photo' && shot.assetId === asset.id);
      return {
        id: old?.id ?? newId('photo-', event.shotId),
        type: 'photo',
        assetId: asset.id,
        duration: keepDuration({ old: old?.duration, frames }),
        motion: old?.motion ?? 'none',
        transitionIn: { type: 'cut' },
        fadeOutFrames: old?.fadeOutFrames ?? 0,
      };
    },
    clip({ event, asset, sourceIn, frames, withSound }: { event: PictureEvent; asset: Asset; sourceIn: number; frames: number; withSound: boolean }): Shot {
      const old = takeShot(event, (shot): shot is Extract<Shot, { type: 'clip' }> => shot.type === 'clip' && shot.assetId === asset.id);
      const hasAudio = asset.probe?.audio != null;
      return {
        id: old?.id ?? newId('s', event.shotId),
        type: 'clip',
        assetId: asset.id,
        in: keepSource({ old: old?.in, frames: sourceIn }),
        out: keepSource({ old: old?.out, frames: sourceIn + frames }),
        audio: { gainDb: old?.audio.gainDb ?? 0, muted: hasAudio ? !withSound : (old?.audio.muted ?? false) },
        lowerThird: old?.lowerThird ?? 'auto',
        transitionIn: { type: 'cut' },
        fadeOutFrames: old?.fadeOutFrames ?? 0,
      };
    },
    narration({ event, asset }: { event: SoundEvent; asset: Asset }): NarrationItem {
      const old = takeItem(oldNarration, event, asset.id);
      const length = event.recordOut - event.recordIn;
      const whole = assetDuration({ asset });
      const outIsEnd = whole !== null && event.sourceIn + length === rationalToFrames({ value: whole });
      const item: NarrationItem = {
        id: old?.id ?? newId('n', event.itemId),
        assetId: asset.id,
        at: keepPosition({ old: old?.at, frames: event.recordIn }),
        gainDb: old?.gainDb ?? 0,
      };
      if (!(old && old.in === undefined && event.sourceIn === 0)) item.in = keepSource({ old: old?.in, frames: event.sourceIn });
      if (!(old && old.out === undefined && outIsEnd)) item.out = keepSource({ old: old?.out, frames: event.sourceIn + length });
      return item;
    },
    music({ event, asset }: { event: SoundEvent; asset: Asset }): MusicItem {
      const old = takeItem(oldMusic, event, asset.id);
      const item: MusicItem = {
        id: old?.id ?? newId('m', event.itemId),
        assetId: asset.id,
        from: keepPosition({ old: old?.from, frames: event.recordIn }),
        to: keepPosition({ old: old?.to, frames: event.recordOut }),
        gainDb: old?.gainDb ?? -14,
        fadeInFrames: old?.fadeInFrames ?? 50,
        fadeOutFrames: old?.fadeOutFrames ?? 75,
      };
      if (!(old && old.in === undefined && event.sourceIn === 0)) item.in = keepSource({ old: old?.in, frames: event.sourceIn });
      return item;
    },
  };
}

/** The draft's own writing of a source time when it is the same time; timecode otherwise. */
function keepSource({ old, frames }: { old: number | string | undefined; frames: number }): number | string {
  if (old !== undefined && compareRational({ a: parseSourceTime({ value: old }), b: framesToRational({ frames }) }) === 0) return old;
  return framesToTimecode({ frames });
}

function keepPosition({ old, frames }: { old: number | string | undefined; frames: number }): number | string {
  if (old !== undefined && parseProgrammeTime({ value: old }) === frames) return old;
  return framesToTimecode({ frames });
}

function keepDuration({ old, frames }: { old: number | string | undefined; frames: number }): number | string {
  if (old !== undefined && parseFrameDuration({ value: old }) === frames) return old;
  return frames;
}

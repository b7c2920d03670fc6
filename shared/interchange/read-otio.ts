/**
 * OpenTimelineIO JSON (`Timeline.1`) → the neutral timeline. Parsed with zod at the boundary: a
 * malformed document is refused naming the JSON path that failed. The first video track is the
 * picture; every clip of another video track is listed (the cut has one picture layer); audio
 * tracks are sound. Nested stacks (compound clips), speed effects (`LinearTimeWarp.1`,
 * `FreezeFrame.1`) and other effects are listed with their event number: clips are numbered in
 * the file's order, video tracks first.
 */
import { z } from 'zod';
import { FPS, nfc, roundRational } from '../domain/index.ts';
import { MAX_TIMELINE_EVENTS, timelineFrameRate, timelineMalformed, timelineTooManyEvents } from './interchange-error.ts';
import type { EditTransition, EventNote, MediaSource, PictureEvent, ReadTimeline, SoundEvent, UnexpressedEvent } from './timeline-model.ts';
import { endOf, transitionWithoutClip } from './timeline-model.ts';

const RationalTime = z.looseObject({ value: z.number().finite(), rate: z.number().positive().finite() });
const TimeRange = z.looseObject({ start_time: RationalTime, duration: RationalTime });
const Metadata = z.record(z.string(), z.unknown()).nullish();
const Effect = z.looseObject({ OTIO_SCHEMA: z.string(), effect_name: z.string().nullish(), time_scalar: z.number().nullish() });
const MediaReference = z.looseObject({
  OTIO_SCHEMA: z.string(),
  target_url: z.string().max(4096).nullish(),
  name: z.string().nullish(),
  generator_kind: z.string().nullish(),
  available_range: TimeRange.nullish(),
});
const Item = z.looseObject({
  OTIO_SCHEMA: z.string().max(64),
  name: z.string().max(1000).nullish(),
  metadata: Metadata,
  source_range: TimeRange.nullish(),
  effects: z.array(Effect).max(100).nullish(),
  enabled: z.boolean().nullish(),
  media_reference: MediaReference.nullish(),
  media_references: z.record(z.string(), MediaReference).nullish(),
  active_media_reference_key: z.string().nullish(),
  in_offset: RationalTime.nullish(),
  out_offset: RationalTime.nullish(),
  children: z.array(z.unknown()).nullish(),
});
const Track = z.looseObject({ OTIO_SCHEMA: z.string().max(64), kind: z.string().max(32), name: z.string().nullish(), children: z.array(Item).max(20_000) });
const TimelineDoc = z.looseObject({
  OTIO_SCHEMA: z.string().regex(/^Timeline\.\d+$/),
  name: z.string().max(1000).nullish(),
  global_start_time: RationalTime.nullish(),
  tracks: z.looseObject({ children: z.array(Track).max(200) }),
});
type OtioItem = z.infer<typeof Item>;

/** Reads OTIO JSON text. @throws InterchangeError (`TIMELINE_MALFORMED`, `TIMELINE_FRAME_RATE`). */
export function readOtio({ text }: { text: string }): ReadTimeline {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw timelineMalformed({ format: 'otio', where: 'the document', reason: `not JSON (${(error as Error).message})`, reasonVi: 'không phải JSON hợp lệ' });
  }
  const parsed = TimelineDoc.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path) : 'the document';
    throw timelineMalformed({ format: 'otio', where, reason: issue?.message ?? 'unexpected shape', reasonVi: 'cấu trúc không đúng định dạng OpenTimelineIO' });
  }
  const doc = parsed.data;
  const count = doc.tracks.children.reduce((sum, track) => sum + track.children.length, 0);
  if (count > MAX_TIMELINE_EVENTS) throw timelineTooManyEvents({ format: 'otio', count });
  const rates = [doc.global_start_time?.rate, ...doc.tracks.children.flatMap((t) => t.children.map((c) => c.source_range?.duration.rate))].filter(
    (r): r is number => r !== undefined,
  );
  const odd = rates.find((rate) => Math.abs(rate - FPS) > 1e-6);
  if (odd !== undefined) throw timelineFrameRate({ format: 'otio', found: `${odd} fps` });
  const startFrames = doc.global_start_time ? frames(doc.global_start_time) : 0;

  const picture: PictureEvent[] = [];
  const sound: SoundEvent[] = [];
  const unexpressed: UnexpressedEvent[] = [];
  const warnings: string[] = [];
  let event = 0;
  let videoTracks = 0;
  let audioTracks = 0;
  const ordered = [...doc.tracks.children.filter((t) => t.kind === 'Video'), ...doc.tracks.children.filter((t) => t.kind !== 'Video')];
  for (const trackDoc of ordered) {
    const isVideo = trackDoc.kind === 'Video';
    if (isVideo) videoTracks += 1;
    else audioTracks += 1;
    let cursor = 0;
    let pending: EditTransition | null = null;
    let afterBlack = false;
    for (const item of trackDoc.children) {
      const schema = item.OTIO_SCHEMA.split('.')[0];
      if (schema === 'Transition') {
        const type = afterBlack || cursor === 0 || metaOf(item)?.type === 'fade-from-black' ? 'fade-from-black' : 'dissolve';
        pending = { type, before: item.in_offset ? frames(item.in_offset) : 0, after: item.out_offset ? frames(item.out_offset) : 0 };
        continue;
      }
      const length = item.source_range ? frames(item.source_range.duration) : 0;
      if (schema === 'Gap') {
        cursor += length;
        pending = null;
        continue;
      }
      if (schema !== 'Clip') {
        event += 1;
        unexpressed.push({
          event,
          code: 'NESTED_SEQUENCE',
          reason: `a ${schema} (nested sequence or compound clip) cannot be brought into the cut; it is left out`,
          reasonVi: `${schema} (timeline lồng nhau) không đưa được vào bản dựng; đã bỏ qua`,
        });
        cursor += length;
        continue;
      }
      const reference = item.media_references?.[item.active_media_reference_key ?? 'DEFAULT_MEDIA'] ?? item.media_reference ?? null;
      const generator = reference?.OTIO_SCHEMA.startsWith('GeneratorReference') ?? false;
      if (generator && length === 0) {
        // A transition into black of no length is the previous clip's fade to black.
        const last = picture.at(-1);
        if (pending && isVideo && last && last.recordOut === cursor) {
          last.fadeOut = pending.before;
          pending = null;
          continue;
        }
        afterBlack = true;
        continue;
      }
      event += 1;
      const recordIn = cursor;
      cursor += length;
      afterBlack = false;
      if (item.enabled === false) {
        unexpressed.push({
          event,
          code: 'DISABLED_CLIP',
          reason: 'the clip is disabled in the timeline; it is left out',
          reasonVi: 'đoạn phim bị tắt trong timeline; đã bỏ qua',
        });
        pending = null;
        continue;
      }
      if (isVideo && videoTracks > 1) {
        unexpressed.push({
          event,
          code: 'EXTRA_VIDEO_TRACK',
          reason: `a clip on video track ${videoTracks}; the cut has one picture layer`,
          reasonVi: `đoạn phim ở track hình ${videoTracks}; bản dựng chỉ có một lớp hình`,
        });
        continue;
      }
      const notes = effectNotes({ item });
      const meta = metaOf(item);
      const name = nfc(item.name ?? '');
      const url = reference?.target_url ?? '';
      const fileName = nfc(decodeUrlName(url) || reference?.name || name);
      const cmxReel = (item.metadata?.cmx_3600 as { reel?: unknown } | undefined)?.reel;
      const reel = typeof cmxReel === 'string' ? cmxReel : 'AX';
      const source: MediaSource = { fileName, reel, clipName: name, kind: isVideo ? 'video' : 'audio', durationFrames: null, assetId: null };
      const sourceIn = item.source_range ? frames(item.source_range.start_time) : 0;
      if (isVideo) {
        const title = meta?.title as { text?: unknown } | undefined;
        const content = generator
          ? { type: 'title' as const, text: nfc(typeof title?.text === 'string' ? title.text : name) }
          : { type: 'file' as const, source, sourceIn };
        picture.push({
          event,
          recordIn,
          recordOut: recordIn + length,
          content,
          transitionIn: pending,
          fadeOut: 0,
          shotId: typeof meta?.shotId === 'string' ? meta.shotId : null,
          notes,
        });
      } else if (!generator) {
        const itemId = typeof meta?.itemId === 'string' ? meta.itemId : null;
        sound.push({ event, track: audioTracks, recordIn, recordOut: recordIn + length, source, sourceIn, role: null, itemId, notes });
      }
      pending = null;
    }
    if (pending) unexpressed.push(transitionWithoutClip({ event }));
  }
  const durationFrames = endOf({ picture, sound });
  return { timeline: { name: nfc(doc.name ?? ''), startFrames, durationFrames, picture, sound, markers: [] }, unexpressed, warnings };
}

function frames(time: { value: number; rate: number }): number {
  // value/rate seconds at 25 fps, rounded half up once (rates are checked to be 25 already).
  const scaled = Math.round(time.value * 1e6);
  return roundRational({ value: { num: scaled * FPS, den: Math.round(time.rate * 1e6) } });
}

function metaOf(item: OtioItem): Record<string, unknown> | undefined {
  const meta = item.metadata?.reportage;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
}

function effectNotes({ item }: { item: OtioItem }): EventNote[] {
  return (item.effects ?? []).map((effect) => {
    const kind = effect.OTIO_SCHEMA.split('.')[0];
    if (kind === 'LinearTimeWarp' && typeof effect.time_scalar === 'number') {
      return { code: effect.time_scalar < 0 ? ('REVERSE' as const) : ('SPEED_CHANGE' as const), detail: `${Math.round(effect.time_scalar * 100)} %` };
    }
    if (kind === 'FreezeFrame') return { code: 'SPEED_CHANGE' as const, detail: 'freeze frame' };
    return { code: 'EFFECT' as const, detail: effect.effect_name || kind || 'effect' };
  });
}

/** The file name of a target URL (`file:///Volumes/x/Phỏng%20vấn.mov` → `Phỏng vấn.mov`); never used as a path. */
function decodeUrlName(url: string): string {
  const last = url.split(/[\\/]/).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || 'the document'
  );
}

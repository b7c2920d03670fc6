/** Checks a parsed cut against the project's assets: every problem listed, each naming its item and field. */
import type { z } from 'zod';
import { ASSET_KIND_LABELS_VI, type Asset, type AssetKind, type AssetStatus } from '../asset.ts';
import type { Rational } from '../media-facts.ts';
import { FPS, SAMPLES_PER_FRAME } from '../project.ts';
import {
  compareRational,
  formatSourceTime,
  framesToTimecode,
  parseFrameDuration,
  parseProgrammeTime,
  parseSourceTime,
  rationalToFrames,
  secondsToSamples,
  subtractRational,
} from '../timecode.ts';
import { CutSchema, type Cut } from './cut-schema.ts';
import { computeShotTimings } from './cut-timing.ts';
import { CutError, type CutProblem, type CutProblemCode } from './cut-problems.ts';

/** Asset records by id: a Map or a plain object. */
export type AssetsById = ReadonlyMap<string, Asset> | Readonly<Record<string, Asset>>;

/** The part of a subtitle cue the timeline uses (`Cue` from shared/subtitles fits). */
export interface TranscriptCue {
  startMs: number;
  endMs: number;
  lines: readonly string[];
  /** `top`: its author placed it at the top of the picture. */
  placement?: 'bottom' | 'top' | undefined;
}

/** Parsed cues of subtitle assets, by subtitle asset id: a Map or a plain object. */
export type CuesById = ReadonlyMap<string, readonly TranscriptCue[]> | Readonly<Record<string, readonly TranscriptCue[]>>;

/** Looks an id up in a Map or in a plain object (own keys only, so "constructor" is not an asset). */
export function lookupById<T>({ table, id }: { table: ReadonlyMap<string, T> | Readonly<Record<string, T>>; id: string }): T | undefined {
  if (table instanceof Map) return table.get(id);
  const record = table as Readonly<Record<string, T>>;
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/**
 * Reads a cut's JSON against the schema only (no asset is looked at).
 *
 * @throws CutError (`INVALID_CUT`) listing every field that failed, each naming its item.
 */
export function parseCut({ input }: { input: unknown }): Cut {
  const parsed = CutSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const cutId = readString(input, ['id']) ?? 'cut';
  throw new CutError({ cutId, problems: parsed.error.issues.map((issue) => issueToProblem({ issue, input, cutId })) });
}

/** Arguments of `validateCut`. */
export interface ValidateCutInput {
  /** The cut as written (parsed here) or already parsed. */
  cut: unknown;
  /** The project's assets by id. */
  assets: AssetsById;
  /** Parsed cues of the subtitle assets used as transcripts; when given, a missing one is a problem. */
  transcriptCues?: CuesById;
}

/**
 * Checks a cut against the schema and against its assets, and returns it parsed.
 *
 * Problems found (all of them, in the cut's order): schema violations, duplicate ids, no shots,
 * unknown asset, asset of another project or not ready, wrong asset kind for the item, in after or
 * equal to out, out past the end of the file, a shot shorter than a frame, a dissolve on the first
 * shot or longer than the shot it enters or the shot before it (or two dissolves that together
 * exceed a shot), a fade longer than the part of the shot shown alone, a fade to black into a
 * dissolve, overlapping narration, music `to` ≤ `from` or longer than its file, a programme cue
 * whose end is not after its start, anything placed past the programme's end, a transcript whose
 * cues were not loaded.
 *
 * @throws CutError (`INVALID_CUT`) with `details.problems`.
 */
export function validateCut({ cut: input, assets, transcriptCues }: ValidateCutInput): Cut {
  const cut = parseCut({ input });
  const problems = new ProblemList();

  checkDuplicateIds({ cut, problems });
  if (cut.shots.length === 0) {
    problems.add({ item: { kind: 'cut', id: cut.id }, field: 'shots', code: 'NO_SHOTS', en: 'it has no shots', vi: 'chưa có cảnh nào' });
  }
  const frames = checkShots({ cut, assets, problems });
  const durationFrames = frames.every((f): f is number => f !== null) ? computeShotTimings({ cut }).durationFrames : null;
  checkNarration({ cut, assets, durationFrames, problems });
  checkMusic({ cut, assets, durationFrames, problems });
  checkTranscripts({ cut, assets, transcriptCues, problems });
  checkSubtitles({ cut, durationFrames, problems });
  if (cut.logo) {
    requireAsset({
      item: { kind: 'logo', id: 'logo' },
      field: 'assetId',
      assetId: cut.logo.assetId,
      kinds: ['photo'],
      role: { en: 'the logo', vi: 'biểu trưng (logo)' },
      cut,
      assets,
      problems,
    });
  }

  if (problems.items.length > 0) throw new CutError({ cutId: cut.id, problems: problems.items });
  return cut;
}

type ItemKind = 'cut' | 'shot' | 'narration' | 'music' | 'transcript' | 'subtitle' | 'logo';

interface ItemRef {
  kind: ItemKind;
  id: string;
}

const ITEM_NAMES: Record<ItemKind, { en: string; vi: string }> = {
  cut: { en: 'cut', vi: 'bản dựng' },
  shot: { en: 'shot', vi: 'cảnh' },
  narration: { en: 'narration', vi: 'lời bình' },
  music: { en: 'music', vi: 'nhạc nền' },
  transcript: { en: 'transcript of', vi: 'phụ đề gốc của' },
  subtitle: { en: 'subtitle', vi: 'phụ đề' },
  logo: { en: 'logo', vi: 'biểu trưng' },
};

class ProblemList {
  readonly items: CutProblem[] = [];

  add({ item, field, code, en, vi }: { item: ItemRef; field: string; code: CutProblemCode; en: string; vi: string }): void {
    const names = ITEM_NAMES[item.kind];
    this.items.push({ itemId: item.id, field, code, message: `${names.en} "${item.id}": ${en}`, messageVi: `${names.vi} "${item.id}": ${vi}` });
  }
}

const SECTION_KINDS: Record<string, ItemKind> = { shots: 'shot', narration: 'narration', music: 'music', subtitles: 'subtitle', transcripts: 'transcript' };

function issueToProblem({ issue, input, cutId }: { issue: z.core.$ZodIssue; input: unknown; cutId: string }): CutProblem {
  const [section, index, ...rest] = issue.path;
  const kind = typeof section === 'string' ? SECTION_KINDS[section] : undefined;
  let item: ItemRef = { kind: 'cut', id: cutId };
  let fieldPath: PropertyKey[] = issue.path;
  if (kind && index !== undefined) {
    const id = typeof index === 'number' ? readString(input, [section as string, index, 'id']) : String(index);
    item = { kind, id: id ?? `${String(section)}[${String(index)}]` };
    fieldPath = kind === 'transcript' ? issue.path : rest;
  }
  const names = ITEM_NAMES[item.kind];
  const prefix = fieldPath.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return {
      itemId: item.id,
      field: [prefix, issue.keys[0] ?? ''].filter(Boolean).join('.'),
      code: 'INVALID_FIELD',
      message: `${names.en} "${item.id}": unknown field ${keys}${prefix ? ` in ${prefix}` : ''} (check the spelling)`,
      messageVi: `${names.vi} "${item.id}": không có trường ${keys}${prefix ? ` trong ${prefix}` : ''} (hãy kiểm tra chính tả)`,
    };
  }
  const viFromParams = issue.code === 'custom' && typeof issue.params?.messageVi === 'string' ? issue.params.messageVi : null;
  return {
    itemId: item.id,
    field: prefix,
    code: 'INVALID_FIELD',
    message: `${names.en} "${item.id}": ${prefix ? `${prefix}: ` : ''}${issue.message}`,
    messageVi: `${names.vi} "${item.id}": ${prefix ? `trường "${prefix}" ` : ''}${viFromParams ?? vietnameseIssue(issue)}`,
  };
}

function vietnameseIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'còn thiếu' : `sai kiểu dữ liệu (cần ${issue.expected})`;
    case 'too_small':
      return `quá nhỏ (tối thiểu ${String(issue.minimum)})`;
    case 'too_big':
      return `quá lớn (tối đa ${String(issue.maximum)})`;
    case 'invalid_value':
      return `phải là một trong các giá trị ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'không hợp lệ (sai loại hoặc sai định dạng)';
    case 'invalid_format':
      return 'sai định dạng';
    default:
      return 'không hợp lệ';
  }
}

function readString(input: unknown, path: (string | number)[]): string | undefined {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function checkDuplicateIds({ cut, problems }: { cut: Cut; problems: ProblemList }): void {
  const seen = new Map<string, ItemRef>();
  const all: ItemRef[] = [
    ...cut.shots.map((s) => ({ kind: 'shot' as const, id: s.id })),
    ...cut.narration.map((n) => ({ kind: 'narration' as const, id: n.id })),
    ...cut.music.map((m) => ({ kind: 'music' as const, id: m.id })),
    ...cut.subtitles.map((c) => ({ kind: 'subtitle' as const, id: c.id })),
  ];
  for (const item of all) {
    const first = seen.get(item.id);
    if (!first) {
      seen.set(item.id, item);
      continue;
    }
    const other = ITEM_NAMES[first.kind];
    problems.add({
      item,
      field: 'id',
      code: 'DUPLICATE_ID',
      en: `the id "${item.id}" is already used by a ${other.en} (ids must be unique in the cut)`,
      vi: `mã "${item.id}" đã được dùng cho một ${other.vi} khác (mỗi mã chỉ dùng một lần trong bản dựng)`,
    });
  }
}

const STATUS_VI: Record<AssetStatus, string> = { queued: 'đang chờ', processing: 'đang xử lý', ready: 'sẵn sàng', rejected: 'bị từ chối', failed: 'xử lý lỗi' };

/** Finds a usable asset of one of `kinds`, or records why it is not. */
function requireAsset({
  item,
  field,
  assetId,
  kinds,
  role,
  cut,
  assets,
  problems,
}: {
  item: ItemRef;
  field: string;
  assetId: string;
  kinds: readonly AssetKind[];
  role: { en: string; vi: string };
  cut: Cut;
  assets: AssetsById;
  problems: ProblemList;
}): Asset | null {
  const asset = lookupById({ table: assets, id: assetId });
  if (!asset || asset.projectId !== cut.projectId) {
    problems.add({
      item,
      field,
      code: 'UNKNOWN_ASSET',
      en: asset ? `asset "${assetId}" belongs to another project` : `asset "${assetId}" does not exist in project "${cut.projectId}"`,
      vi: asset ? `tư liệu "${assetId}" thuộc dự án khác` : `không có tư liệu "${assetId}" trong dự án "${cut.projectId}"`,
    });
    return null;
  }
  if (!kinds.includes(asset.kind)) {
    problems.add({
      item,
      field,
      code: 'WRONG_ASSET_KIND',
      en: `asset "${assetId}" is ${asset.kind}, but ${role.en} needs ${kinds.join(' or ')}`,
      vi: `tư liệu "${assetId}" thuộc loại ${ASSET_KIND_LABELS_VI[asset.kind]}, nhưng ${role.vi} cần ${kinds.map((k) => ASSET_KIND_LABELS_VI[k]).join(' hoặc ')}`,
    });
    return null;
  }
  if (asset.status !== 'ready') {
    problems.add({
      item,
      field,
      code: 'ASSET_NOT_READY',
      en: `asset "${assetId}" is not ready (status: ${asset.status})`,
      vi: `tư liệu "${assetId}" chưa sẵn sàng (trạng thái: ${STATUS_VI[asset.status]})`,
    });
    return null;
  }
  return asset;
}

/** An asset's length from its probe, as exact seconds; null when unknown. */
export function assetDuration({ asset }: { asset: Pick<Asset, 'probe'> }): Rational | null {
  const seconds = asset.probe?.durationSeconds;
  return seconds === null || seconds === undefined ? null : parseSourceTime({ value: seconds });
}

/** Checks a source range [in, out) against its file; returns it when usable. */
function checkSourceRange({
  item,
  inValue,
  outValue,
  asset,
  problems,
}: {
  item: ItemRef;
  inValue: Rational;
  outValue: Rational | null;
  asset: Asset | null;
  problems: ProblemList;
}): { in: Rational; out: Rational } | null {
  const duration = asset ? assetDuration({ asset }) : null;
  const out = outValue ?? duration;
  if (asset && out === null) {
    problems.add({
      item,
      field: 'out',
      code: 'UNKNOWN_DURATION',
      en: `the length of asset "${asset.id}" is unknown: give an out point`,
      vi: `không rõ độ dài của tư liệu "${asset.id}": hãy nhập điểm ra`,
    });
    return null;
  }
  if (out === null) return null;
  const order = compareRational({ a: inValue, b: out });
  if (order >= 0) {
    const relation = order === 0 ? { en: 'equals', vi: 'trùng với' } : { en: 'is after', vi: 'nằm sau' };
    const outLabel = outValue ? { en: 'out', vi: 'điểm ra' } : { en: 'the end of the file', vi: 'cuối tệp' };
    problems.add({
      item,
      field: 'in',
      code: 'IN_NOT_BEFORE_OUT',
      en: `in (${formatSourceTime({ value: inValue })}) ${relation.en} ${outLabel.en} (${formatSourceTime({ value: out })})`,
      vi: `điểm vào (${formatSourceTime({ value: inValue })}) ${relation.vi} ${outLabel.vi} (${formatSourceTime({ value: out })})`,
    });
    return null;
  }
  if (asset && duration && outValue && compareRational({ a: outValue, b: duration }) > 0) {
    problems.add({
      item,
      field: 'out',
      code: 'OUT_PAST_END',
      en: `out (${formatSourceTime({ value: outValue })}) is past the end of asset "${asset.id}" (${formatSourceTime({ value: duration })})`,
      vi: `điểm ra (${formatSourceTime({ value: outValue })}) vượt quá độ dài của tư liệu "${asset.id}" (${formatSourceTime({ value: duration })})`,
    });
    return null;
  }
  return { in: inValue, out };
}

/** A finished programme (a version from file) is one clip over its whole length. */
const CLIP_KINDS: readonly AssetKind[] = ['footage', 'interview', 'programme'];

/** Checks every shot; returns each shot's frames, or null where the shot's length is unusable. */
function checkShots({ cut, assets, problems }: { cut: Cut; assets: AssetsById; problems: ProblemList }): (number | null)[] {
  const frames = cut.shots.map((shot): number | null => {
    const item: ItemRef = { kind: 'shot', id: shot.id };
    if (shot.type === 'title') return parseFrameDuration({ value: shot.duration });
    if (shot.type === 'photo') {
      requireAsset({ item, field: 'assetId', assetId: shot.assetId, kinds: ['photo'], role: { en: 'a photo', vi: 'cảnh ảnh' }, cut, assets, problems });
      return parseFrameDuration({ value: shot.duration });
    }
    const asset = requireAsset({
      item,
      field: 'assetId',
      assetId: shot.assetId,
      kinds: CLIP_KINDS,
      role: { en: 'a clip', vi: 'cảnh quay' },
      cut,
      assets,
      problems,
    });
    if (asset && asset.probe?.video == null) {
      problems.add({ item, field: 'assetId', code: 'WRONG_ASSET_KIND', en: `asset "${asset.id}" has no picture`, vi: `tư liệu "${asset.id}" không có hình` });
    }
    const inValue = parseSourceTime({ value: shot.in });
    const outValue = parseSourceTime({ value: shot.out });
    const range = checkSourceRange({ item, inValue, outValue, asset, problems });
    // The length is known from in/out alone, so transitions are checked even when the asset is not usable.
    if (compareRational({ a: inValue, b: outValue }) >= 0) return null;
    const length = rationalToFrames({ value: subtractRational({ a: outValue, b: inValue }) });
    if (length < 1) {
      if (range) {
        problems.add({
          item,
          field: 'out',
          code: 'SHOT_TOO_SHORT',
          en: `from in (${formatSourceTime({ value: inValue })}) to out (${formatSourceTime({ value: outValue })}) is shorter than one frame`,
          vi: `từ điểm vào (${formatSourceTime({ value: inValue })}) đến điểm ra (${formatSourceTime({ value: outValue })}) chưa đủ một khung hình`,
        });
      }
      return null;
    }
    return length;
  });

  cut.shots.forEach((shot, index) => {
    const item: ItemRef = { kind: 'shot', id: shot.id };
    const length = frames[index] ?? null;
    const previous = index > 0 ? cut.shots[index - 1] : undefined;
    const previousLength = index > 0 ? (frames[index - 1] ?? null) : null;
    const next = cut.shots[index + 1];
    const dissolveIn = shot.transitionIn.type === 'dissolve' ? shot.transitionIn.frames : 0;
    const dissolveOut = next?.transitionIn.type === 'dissolve' ? next.transitionIn.frames : 0;
    let transitionsOk = true;

    if (shot.transitionIn.type === 'dissolve') {
      if (!previous) {
        transitionsOk = false;
        problems.add({
          item,
          field: 'transitionIn',
          code: 'TRANSITION_WITHOUT_PREVIOUS',
          en: 'the first shot cannot dissolve from a previous shot (use a cut or a fade from black)',
          vi: 'cảnh đầu tiên không thể hoà tan từ cảnh trước (hãy dùng cắt thẳng hoặc hiện dần từ màu đen)',
        });
      } else {
        if (length !== null && dissolveIn > length) {
          transitionsOk = false;
          problems.add({
            item,
            field: 'transitionIn.frames',
            code: 'TRANSITION_TOO_LONG',
            en: `the ${dissolveIn}-frame dissolve is longer than the shot it enters (${length} frames)`,
            vi: `chuyển cảnh hoà tan ${dissolveIn} khung hình dài hơn chính cảnh này (${length} khung hình)`,
          });
        }
        if (previousLength !== null && dissolveIn > previousLength) {
          transitionsOk = false;
          problems.add({
            item,
            field: 'transitionIn.frames',
            code: 'TRANSITION_TOO_LONG',
            en: `the ${dissolveIn}-frame dissolve is longer than the shot before it, "${previous.id}" (${previousLength} frames)`,
            vi: `chuyển cảnh hoà tan ${dissolveIn} khung hình dài hơn cảnh trước đó "${previous.id}" (${previousLength} khung hình)`,
          });
        }
      }
    }
    if (length === null || !transitionsOk) return;
    if (dissolveOut <= length && dissolveIn + dissolveOut > length) {
      problems.add({
        item,
        field: 'transitionIn.frames',
        code: 'TRANSITION_TOO_LONG',
        en: `the dissolves into it (${dissolveIn} frames) and out of it (${dissolveOut} frames) overlap: together they exceed the shot (${length} frames)`,
        vi: `hai chuyển cảnh hoà tan vào (${dissolveIn} khung hình) và ra (${dissolveOut} khung hình) chồng lên nhau: tổng dài hơn cảnh (${length} khung hình)`,
      });
      return;
    }
    if (dissolveIn + dissolveOut > length) return; // reported on the next shot
    const fadeIn = shot.transitionIn.type === 'fade-from-black' ? shot.transitionIn.frames : 0;
    const solo = length - dissolveIn - dissolveOut;
    if (shot.fadeOutFrames > 0 && dissolveOut > 0) {
      problems.add({
        item,
        field: 'fadeOutFrames',
        code: 'FADE_INTO_DISSOLVE',
        en: `a fade to black cannot end a shot that dissolves into the next one ("${next?.id ?? ''}"): remove one of them`,
        vi: `không thể vừa tối dần cuối cảnh vừa hoà tan sang cảnh sau ("${next?.id ?? ''}"): hãy bỏ một trong hai`,
      });
    } else if (fadeIn + shot.fadeOutFrames > solo) {
      const parts = [fadeIn > 0 ? `fade from black ${fadeIn}` : '', shot.fadeOutFrames > 0 ? `fade to black ${shot.fadeOutFrames}` : '']
        .filter(Boolean)
        .join(' + ');
      const partsVi = [fadeIn > 0 ? `hiện dần ${fadeIn}` : '', shot.fadeOutFrames > 0 ? `tối dần ${shot.fadeOutFrames}` : ''].filter(Boolean).join(' + ');
      problems.add({
        item,
        field: fadeIn > 0 ? 'transitionIn.frames' : 'fadeOutFrames',
        code: 'FADE_TOO_LONG',
        en: `the fades (${parts} frames) are longer than the part of the shot shown alone (${solo} frames)`,
        vi: `hiệu ứng (${partsVi} khung hình) dài hơn phần cảnh hiển thị riêng (${solo} khung hình)`,
      });
    }
  });
  return frames;
}

function pastEnd({
  item,
  field,
  endFrame,
  durationFrames,
  problems,
}: {
  item: ItemRef;
  field: string;
  endFrame: number;
  durationFrames: number | null;
  problems: ProblemList;
}): void {
  if (durationFrames === null || endFrame <= durationFrames) return;
  problems.add({
    item,
    field,
    code: 'PAST_PROGRAMME_END',
    en: `ends at ${timecodeOrFrames(endFrame)}, after the end of the programme (${timecodeOrFrames(durationFrames)})`,
    vi: `kết thúc lúc ${timecodeOrFrames(endFrame)}, sau khi chương trình đã hết (${timecodeOrFrames(durationFrames)})`,
  });
}

function timecodeOrFrames(frames: number): string {
  return frames >= 0 && frames < 24 * 3600 * FPS ? framesToTimecode({ frames }) : `frame ${frames}`;
}

function checkNarration({
  cut,
  assets,
  durationFrames,
  problems,
}: {
  cut: Cut;
  assets: AssetsById;
  durationFrames: number | null;
  problems: ProblemList;
}): void {
  const placed: { id: string; startSample: number; endSample: number }[] = [];
  for (const narration of cut.narration) {
    const item: ItemRef = { kind: 'narration', id: narration.id };
    const asset = requireAsset({
      item,
      field: 'assetId',
      assetId: narration.assetId,
      kinds: ['voiceover'],
      role: { en: 'narration', vi: 'lời bình' },
      cut,
      assets,
      problems,
    });
    const inValue = narration.in === undefined ? { num: 0, den: 1 } : parseSourceTime({ value: narration.in });
    const outValue = narration.out === undefined ? null : parseSourceTime({ value: narration.out });
    const range = checkSourceRange({ item, inValue, outValue, asset, problems });
    if (!range) continue;
    const startSample = parseProgrammeTime({ value: narration.at }) * SAMPLES_PER_FRAME;
    const endSample = startSample + secondsToSamples({ value: subtractRational({ a: range.out, b: range.in }) });
    for (const other of placed) {
      if (other.startSample < endSample && startSample < other.endSample) {
        problems.add({
          item,
          field: 'at',
          code: 'NARRATION_OVERLAP',
          en: `it plays from ${samplesToTimecode(startSample)} to ${samplesToTimecode(endSample)}, over narration "${other.id}" (${samplesToTimecode(other.startSample)}–${samplesToTimecode(other.endSample)})`,
          vi: `phát từ ${samplesToTimecode(startSample)} đến ${samplesToTimecode(endSample)}, chồng lên lời bình "${other.id}" (${samplesToTimecode(other.startSample)}–${samplesToTimecode(other.endSample)})`,
        });
      }
    }
    placed.push({ id: narration.id, startSample, endSample });
    pastEnd({ item, field: 'at', endFrame: Math.ceil(endSample / SAMPLES_PER_FRAME), durationFrames, problems });
  }
}

/** A sample position as the timecode of the frame it falls in. */
function samplesToTimecode(samples: number): string {
  return timecodeOrFrames(Math.floor(samples / SAMPLES_PER_FRAME));
}

function checkMusic({ cut, assets, durationFrames, problems }: { cut: Cut; assets: AssetsById; durationFrames: number | null; problems: ProblemList }): void {
  for (const music of cut.music) {
    const item: ItemRef = { kind: 'music', id: music.id };
    const asset = requireAsset({
      item,
      field: 'assetId',
      assetId: music.assetId,
      kinds: ['music'],
      role: { en: 'music', vi: 'nhạc nền' },
      cut,
      assets,
      problems,
    });
    const from = parseProgrammeTime({ value: music.from });
    const to = parseProgrammeTime({ value: music.to });
    if (to <= from) {
      problems.add({
        item,
        field: 'to',
        code: 'MUSIC_RANGE_EMPTY',
        en: `to (${timecodeOrFrames(to)}) is not after from (${timecodeOrFrames(from)})`,
        vi: `điểm kết thúc (${timecodeOrFrames(to)}) không nằm sau điểm bắt đầu (${timecodeOrFrames(from)})`,
      });
      continue;
    }
    const length = to - from;
    const inValue = music.in === undefined ? { num: 0, den: 1 } : parseSourceTime({ value: music.in });
    const duration = asset ? assetDuration({ asset }) : null;
    if (asset && duration === null) {
      problems.add({
        item,
        field: 'assetId',
        code: 'UNKNOWN_DURATION',
        en: `the length of asset "${asset.id}" is unknown`,
        vi: `không rõ độ dài của tư liệu "${asset.id}"`,
      });
    } else if (asset && duration) {
      const available = subtractRational({ a: duration, b: inValue });
      const availableSamples = secondsToSamples({ value: available });
      if (availableSamples < length * SAMPLES_PER_FRAME) {
        problems.add({
          item,
          field: 'to',
          code: 'OUT_PAST_END',
          en: `it needs ${timecodeOrFrames(length)} of music from ${formatSourceTime({ value: inValue })}, but asset "${asset.id}" lasts ${formatSourceTime({ value: duration })}`,
          vi: `cần ${timecodeOrFrames(length)} nhạc từ ${formatSourceTime({ value: inValue })}, nhưng tư liệu "${asset.id}" chỉ dài ${formatSourceTime({ value: duration })}`,
        });
      }
    }
    if (music.fadeInFrames + music.fadeOutFrames > length) {
      problems.add({
        item,
        field: 'fadeOutFrames',
        code: 'FADE_TOO_LONG',
        en: `its fades (${music.fadeInFrames} + ${music.fadeOutFrames} frames) are longer than the music (${length} frames)`,
        vi: `hiệu ứng vào/ra (${music.fadeInFrames} + ${music.fadeOutFrames} khung hình) dài hơn đoạn nhạc (${length} khung hình)`,
      });
    }
    pastEnd({ item, field: 'to', endFrame: to, durationFrames, problems });
  }
}

function checkTranscripts({
  cut,
  assets,
  transcriptCues,
  problems,
}: {
  cut: Cut;
  assets: AssetsById;
  transcriptCues: CuesById | undefined;
  problems: ProblemList;
}): void {
  const usedClips = new Set(cut.shots.flatMap((shot) => (shot.type === 'clip' ? [shot.assetId] : [])));
  for (const [clipAssetId, subtitleAssetId] of Object.entries(cut.transcripts)) {
    const item: ItemRef = { kind: 'transcript', id: clipAssetId };
    const field = `transcripts.${clipAssetId}`;
    requireAsset({ item, field, assetId: clipAssetId, kinds: CLIP_KINDS, role: { en: 'a transcript', vi: 'phụ đề gốc' }, cut, assets, problems });
    const subtitle = requireAsset({
      item,
      field,
      assetId: subtitleAssetId,
      kinds: ['subtitle'],
      role: { en: 'a transcript', vi: 'phụ đề gốc' },
      cut,
      assets,
      problems,
    });
    if (subtitle && transcriptCues && usedClips.has(clipAssetId) && lookupById({ table: transcriptCues, id: subtitleAssetId }) === undefined) {
      problems.add({
        item,
        field,
        code: 'TRANSCRIPT_NOT_LOADED',
        en: `the cues of subtitle asset "${subtitleAssetId}" could not be loaded`,
        vi: `không đọc được nội dung của tệp phụ đề "${subtitleAssetId}"`,
      });
    }
  }
}

function checkSubtitles({ cut, durationFrames, problems }: { cut: Cut; durationFrames: number | null; problems: ProblemList }): void {
  for (const cue of cut.subtitles) {
    const item: ItemRef = { kind: 'subtitle', id: cue.id };
    const start = parseProgrammeTime({ value: cue.start });
    const end = parseProgrammeTime({ value: cue.end });
    if (end <= start) {
      problems.add({
        item,
        field: 'end',
        code: 'CUE_RANGE_EMPTY',
        en: `end (${timecodeOrFrames(end)}) is not after start (${timecodeOrFrames(start)})`,
        vi: `thời điểm kết thúc (${timecodeOrFrames(end)}) không nằm sau thời điểm bắt đầu (${timecodeOrFrames(start)})`,
      });
      continue;
    }
    pastEnd({ item, field: 'end', endFrame: end, durationFrames, problems });
  }
}

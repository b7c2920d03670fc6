/**
 * The cut: the document an editor builds (and a script can write) that says which shots follow
 * which, with what transitions, over what narration, music and subtitles.
 *
 * Times in a cut:
 * - source points (`in`, `out`) are exact source times: seconds (`12.48` or `"12.48"`),
 *   `"HH:MM:SS.mmm"`, `"HH:MM:SS:FF"` or `"num/den"` (see `parseSourceTime`);
 * - programme positions (`at`, `from`, `to`, a cue's `start`/`end`) are timecode `"HH:MM:SS:FF"`
 *   counted from the programme's first frame (00:00:00:00), or whole frames;
 * - durations of photos and title cards are timecode (`"00:00:05:00"`) or whole frames (`125`);
 * - transitions and fades are whole frames at 25 fps.
 *
 * Parsing fills in every default and normalises text to NFC, and a parsed cut parses again to
 * itself, so a frozen cut can be stored, read back and hashed with the same result.
 */
import { z } from 'zod';
import { ASSET_KIND_LABELS_VI, type Asset, type AssetKind, type AssetStatus } from './asset.ts';
import { TimelineError } from './errors.ts';
import type { Rational } from './media-facts.ts';
import { FPS, SAMPLES_PER_FRAME, type Project } from './project.ts';
import {
  compareRational,
  formatSourceTime,
  framesToTimecode,
  findFrameDurationProblem,
  findProgrammeTimeProblem,
  findSourceTimeProblem,
  parseFrameDuration,
  parseProgrammeTime,
  parseSourceTime,
  rationalToFrames,
  secondsToSamples,
  subtractRational,
  TIMECODE_PATTERN,
  type TimeProblem,
} from './timecode.ts';

// ─── Schema ────────────────────────────────────────────────────────────────────────────────────

const SLUG = /^[a-z0-9-]{1,64}$/;
/** Item ids go into segment ids and file names of reports: a small safe alphabet. */
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SOURCE_TIME_TEXT = /^\s*(?:\d+(?:[.,]\d+)?|\d{1,3}:[0-5]\d:[0-5]\d(?:[.,]\d+)?|\d{2}:[0-5]\d:[0-5]\d:\d{2}|\d+\/\d+)\s*$/;

const ItemIdSchema = z
  .string()
  .regex(ITEM_ID, 'an id is 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit')
  .meta({ description: 'Unique in the cut; names the item in error messages and segment ids.', examples: ['s12'] });

const AssetIdSchema = z.string().min(1).meta({ description: 'The id of an asset of the project.' });

/** A point in a source file (see the module comment for the accepted shapes). */
export const SourceTimeSchema = z
  .union([z.number().nonnegative(), z.string().meta({ pattern: SOURCE_TIME_TEXT.source })])
  .superRefine((value, ctx) => addTimeIssue({ ctx, problem: findSourceTimeProblem({ value }) }))
  .meta({ description: 'A time in the source file: seconds, "HH:MM:SS.mmm", "HH:MM:SS:FF" (25 fps) or "num/den" seconds.', examples: ['00:00:12:05', 12.2, '00:00:12.200', '1001/30000'] });

/** A programme position: timecode from 00:00:00:00, or whole frames. */
export const ProgrammeTimeSchema = z
  .union([z.int().nonnegative(), z.string().meta({ pattern: TIMECODE_PATTERN.source })])
  .superRefine((value, ctx) => addTimeIssue({ ctx, problem: findProgrammeTimeProblem({ value }) }))
  .meta({ description: 'A programme position: SMPTE timecode "HH:MM:SS:FF" at 25 fps from 00:00:00:00, or whole frames.', examples: ['00:01:30:00', 2250] });

/** A duration: timecode or whole frames, at least one frame. */
export const FrameDurationSchema = z
  .union([z.int().positive(), z.string().meta({ pattern: TIMECODE_PATTERN.source })])
  .superRefine((value, ctx) => addTimeIssue({ ctx, problem: findFrameDurationProblem({ value }) }))
  .meta({ description: 'A duration: timecode "HH:MM:SS:FF" (25 fps) or whole frames.', examples: ['00:00:05:00', 125] });

/** Turns a time problem into a zod issue carrying both languages. */
function addTimeIssue({ ctx, problem }: { ctx: z.RefinementCtx; problem: TimeProblem | null }): void {
  if (problem) ctx.addIssue({ code: 'custom', message: problem.reason, params: { messageVi: problem.reasonVi } });
}

const FramesSchema = z.int().min(1).max(250);
const FadeFramesSchema = z.int().min(0).max(250);
const GainDbSchema = z.number().min(-60).max(24);
const nfcText = ({ max }: { max: number }) => z.string().normalize('NFC').trim().min(1).max(max);

/** How a shot enters: a cut (default), a dissolve from the previous shot, or a fade from black. */
export const TransitionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('cut') }),
    z.strictObject({ type: z.literal('dissolve'), frames: FramesSchema.meta({ description: 'Frames the shot overlaps the previous one.' }) }),
    z.strictObject({ type: z.literal('fade-from-black'), frames: FramesSchema }),
  ])
  .prefault({ type: 'cut' });
export type Transition = z.output<typeof TransitionSchema>;

/** When a clip shows its speaker's lower third: `auto` on the speaker's first appearance in the cut. */
export const LOWER_THIRD_MODES = ['auto', 'always', 'never'] as const;
/** A photo's slow move over its whole hold. */
export const PHOTO_MOTIONS = ['none', 'zoom-in', 'zoom-out', 'pan-left', 'pan-right'] as const;

/** A piece of footage or an interview from `in` to `out`, with its own sound (level or muted). */
export const ClipShotSchema = z.strictObject({
  id: ItemIdSchema,
  type: z.literal('clip'),
  assetId: AssetIdSchema,
  in: SourceTimeSchema,
  out: SourceTimeSchema,
  audio: z
    .strictObject({ gainDb: GainDbSchema.default(0), muted: z.boolean().default(false) })
    .prefault({})
    .meta({ description: "The clip's own sound: level in dB, or muted." }),
  lowerThird: z
    .enum(LOWER_THIRD_MODES)
    .default('auto')
    .meta({ description: "The speaker's name and position: auto = on the speaker's first appearance in the cut." }),
  transitionIn: TransitionSchema,
  fadeOutFrames: FadeFramesSchema.default(0).meta({ description: 'Fade to black over the last N frames.' }),
});

/** A photo held for `duration`, optionally with a slow zoom or pan. */
export const PhotoShotSchema = z.strictObject({
  id: ItemIdSchema,
  type: z.literal('photo'),
  assetId: AssetIdSchema,
  duration: FrameDurationSchema,
  motion: z.enum(PHOTO_MOTIONS).default('none'),
  transitionIn: TransitionSchema,
  fadeOutFrames: FadeFramesSchema.default(0),
});

/** A title card (chapter titles along the project's themes). */
export const TitleShotSchema = z.strictObject({
  id: ItemIdSchema,
  type: z.literal('title'),
  text: nfcText({ max: 200 }),
  subtitle: nfcText({ max: 200 }).optional().meta({ description: 'A second line, e.g. the theme.' }),
  duration: FrameDurationSchema,
  transitionIn: TransitionSchema,
  fadeOutFrames: FadeFramesSchema.default(0),
});

/** One shot of the cut, by `type`. */
export const ShotSchema = z.discriminatedUnion('type', [ClipShotSchema, PhotoShotSchema, TitleShotSchema]);
export type Shot = z.output<typeof ShotSchema>;
export type ClipShot = z.output<typeof ClipShotSchema>;
export type PhotoShot = z.output<typeof PhotoShotSchema>;
export type TitleShot = z.output<typeof TitleShotSchema>;

/** A voice-over placed at a programme position; `in`/`out` default to the whole file. */
export const NarrationItemSchema = z.strictObject({
  id: ItemIdSchema,
  assetId: AssetIdSchema,
  at: ProgrammeTimeSchema,
  in: SourceTimeSchema.optional(),
  out: SourceTimeSchema.optional(),
  gainDb: GainDbSchema.default(0),
});
export type NarrationItem = z.output<typeof NarrationItemSchema>;

/** A music bed from one programme position to another, read from `in` (default 0) in its file. */
export const MusicItemSchema = z.strictObject({
  id: ItemIdSchema,
  assetId: AssetIdSchema,
  from: ProgrammeTimeSchema,
  to: ProgrammeTimeSchema,
  in: SourceTimeSchema.optional(),
  gainDb: GainDbSchema.default(-14),
  fadeInFrames: z.int().min(0).max(1500).default(50),
  fadeOutFrames: z.int().min(0).max(1500).default(75),
});
export type MusicItem = z.output<typeof MusicItemSchema>;

/** A programme-level subtitle (narration); `text` lines are separated by "\n". */
export const CutSubtitleSchema = z.strictObject({
  id: ItemIdSchema,
  start: ProgrammeTimeSchema,
  end: ProgrammeTimeSchema,
  text: nfcText({ max: 500 }),
  /** `top`: shown at the top of the picture (off a lower third); the bottom by default. */
  placement: z.enum(['bottom', 'top']).optional(),
});
export type CutSubtitle = z.output<typeof CutSubtitleSchema>;

/** Corners the organiser's logo can sit in (inside the title-safe area). */
export const LOGO_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

/** The organiser's logo over the programme: a photo asset (a PNG keeps its transparency). */
export const LogoSchema = z.strictObject({
  assetId: AssetIdSchema,
  corner: z.enum(LOGO_CORNERS).default('top-right'),
  heightPercent: z.number().min(3).max(20).default(8).meta({ description: "The logo's height, in % of the picture's height." }),
  opacity: z.number().min(0.2).max(1).default(0.9),
  overTitles: z.boolean().default(false).meta({ description: 'Also over title cards (they carry their own branding by default).' }),
});
export type Logo = z.output<typeof LogoSchema>;

/** What the cut is: the reportage itself, a teaser, or same-day highlights (each with its own length limits). */
export const CUT_KINDS = ['reportage', 'teaser', 'highlights'] as const;
export const CutKindSchema = z.enum(CUT_KINDS);
export type CutKind = z.infer<typeof CutKindSchema>;

/**
 * The cut document, version 1 (see the module comment for how times are written). Unknown fields
 * are refused so a misspelt field cannot be silently ignored.
 */
export const CutSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    projectId: z.string().regex(SLUG),
    id: z.string().regex(SLUG).meta({ description: "The cut's id: lowercase letters, digits and '-'." }),
    title: nfcText({ max: 300 }),
    kind: CutKindSchema.default('reportage').meta({ description: 'reportage: the project target length; teaser 0:15–1:30; highlights 1:00–5:00.' }),
    shots: z.array(ShotSchema).meta({ description: 'Shots in programme order.' }),
    narration: z.array(NarrationItemSchema).prefault([]),
    music: z.array(MusicItemSchema).prefault([]),
    ducking: z
      .strictObject({ db: z.number().min(-60).max(0).default(-12), rampFrames: z.int().min(0).max(250).default(10) })
      .prefault({})
      .meta({ description: 'How far music goes down under narration and interviews, and how long the ramps take.' }),
    transcripts: z
      .record(AssetIdSchema, AssetIdSchema)
      .prefault({})
      .meta({ description: "Clip asset id → subtitle asset id: the clip's transcript follows the clip wherever it is cut." }),
    subtitles: z.array(CutSubtitleSchema).prefault([]),
    logo: LogoSchema.optional().meta({ description: "The organiser's logo in a corner of the picture, over every shot but title cards." }),
  })
  .meta({ title: 'reportage cut', description: 'A cut of a reportage project: shots, narration, music and subtitles.' });

/** A parsed cut: defaults filled in, text in NFC. */
export type Cut = z.output<typeof CutSchema>;
/** A cut as a script may write it (defaults may be left out). */
export type CutInput = z.input<typeof CutSchema>;

/**
 * The cut's JSON Schema (draft 2020-12), as `reportage schema cut` prints it: the shape a script
 * must write. Value checks that JSON Schema cannot express (a timecode's frames below 25, in
 * before out …) are made by `validateCut`.
 */
export function cutJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CutSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

// ─── Length limits ─────────────────────────────────────────────────────────────────────────────

/** Allowed programme length, in frames at 25 fps (both ends included). */
export interface LengthLimits {
  minFrames: number;
  maxFrames: number;
}

/** Teaser 0:15–1:30 and highlights 1:00–5:00; a reportage uses the project's target length. */
export const CUT_LENGTH_LIMITS: Record<Exclude<CutKind, 'reportage'>, LengthLimits> = {
  teaser: { minFrames: 15 * FPS, maxFrames: 90 * FPS },
  highlights: { minFrames: 60 * FPS, maxFrames: 300 * FPS },
};

/** The length a cut of this kind must have, in frames. */
export function cutLengthLimits({ kind, project }: { kind: CutKind; project: Pick<Project, 'targetLength'> }): LengthLimits {
  if (kind === 'reportage') return { minFrames: project.targetLength.minFrames, maxFrames: project.targetLength.maxFrames };
  return { ...CUT_LENGTH_LIMITS[kind] };
}

// ─── Timing ────────────────────────────────────────────────────────────────────────────────────

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
    shots.push({ shotId: shot.id, startFrame: start, frames: length, dissolveInFrames, dissolveOutFrames, soloFrames: length - dissolveInFrames - dissolveOutFrames });
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

// ─── Errors ────────────────────────────────────────────────────────────────────────────────────

/** Stable codes of `CutProblem` (scripts and the editor rely on them). */
export const CUT_PROBLEM_CODES = [
  'INVALID_FIELD',
  'DUPLICATE_ID',
  'NO_SHOTS',
  'UNKNOWN_ASSET',
  'ASSET_NOT_READY',
  'WRONG_ASSET_KIND',
  'UNKNOWN_DURATION',
  'IN_NOT_BEFORE_OUT',
  'OUT_PAST_END',
  'SHOT_TOO_SHORT',
  'TRANSITION_WITHOUT_PREVIOUS',
  'TRANSITION_TOO_LONG',
  'FADE_TOO_LONG',
  'FADE_INTO_DISSOLVE',
  'NARRATION_OVERLAP',
  'MUSIC_RANGE_EMPTY',
  'CUE_RANGE_EMPTY',
  'PAST_PROGRAMME_END',
  'TRANSCRIPT_NOT_LOADED',
  'WRONG_PROJECT',
] as const;
export type CutProblemCode = (typeof CUT_PROBLEM_CODES)[number];

/** One thing wrong with a cut, naming the item (shot, narration, music …) and its field. */
export interface CutProblem {
  /** The item's id (for a transcript: the clip asset id; for the cut itself: the cut id). */
  itemId: string;
  /** The field inside the item, as a JSON path (`in`, `transitionIn.frames`, `audio.gainDb`). */
  field: string;
  code: CutProblemCode;
  message: string;
  messageVi: string;
}

/** How many problems the messages spell out; `details.problems` always has them all. */
const PROBLEMS_IN_MESSAGE = 5;

/**
 * A cut that cannot be rendered. Code `INVALID_CUT`; `details.problems` (and `problems`) list
 * every problem found, in the cut's order; both messages give the count and the first ones.
 */
export class CutError extends TimelineError {
  readonly problems: readonly CutProblem[];

  constructor({ cutId, problems }: { cutId: string; problems: CutProblem[] }) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE);
    const more = problems.length - shown.length;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super({
      code: 'INVALID_CUT',
      message:
        `The cut "${cutId}" has ${count}: ${shown.map((p) => p.message).join('; ')}` +
        (more > 0 ? `; and ${more} more` : '') +
        '. Fix the cut and try again.',
      messageVi:
        `Bản dựng "${cutId}" có ${problems.length} lỗi: ${shown.map((p) => p.messageVi).join('; ')}` +
        (more > 0 ? `; và ${more} lỗi khác` : '') +
        '. Hãy sửa bản dựng rồi thử lại.',
      details: { cutId, problems },
    });
    this.problems = problems;
  }
}

// ─── Validation ────────────────────────────────────────────────────────────────────────────────

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
    requireAsset({ item: { kind: 'logo', id: 'logo' }, field: 'assetId', assetId: cut.logo.assetId, kinds: ['photo'], role: { en: 'the logo', vi: 'biểu trưng (logo)' }, cut, assets, problems });
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

const CLIP_KINDS: readonly AssetKind[] = ['footage', 'interview'];

/** Checks every shot; returns each shot's frames, or null where the shot's length is unusable. */
function checkShots({ cut, assets, problems }: { cut: Cut; assets: AssetsById; problems: ProblemList }): (number | null)[] {
  const frames = cut.shots.map((shot): number | null => {
    const item: ItemRef = { kind: 'shot', id: shot.id };
    if (shot.type === 'title') return parseFrameDuration({ value: shot.duration });
    if (shot.type === 'photo') {
      requireAsset({ item, field: 'assetId', assetId: shot.assetId, kinds: ['photo'], role: { en: 'a photo', vi: 'cảnh ảnh' }, cut, assets, problems });
      return parseFrameDuration({ value: shot.duration });
    }
    const asset = requireAsset({ item, field: 'assetId', assetId: shot.assetId, kinds: CLIP_KINDS, role: { en: 'a clip', vi: 'cảnh quay' }, cut, assets, problems });
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
    const previousLength = index > 0 ? frames[index - 1] ?? null : null;
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
      const parts = [fadeIn > 0 ? `fade from black ${fadeIn}` : '', shot.fadeOutFrames > 0 ? `fade to black ${shot.fadeOutFrames}` : ''].filter(Boolean).join(' + ');
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

function pastEnd({ item, field, endFrame, durationFrames, problems }: { item: ItemRef; field: string; endFrame: number; durationFrames: number | null; problems: ProblemList }): void {
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

function checkNarration({ cut, assets, durationFrames, problems }: { cut: Cut; assets: AssetsById; durationFrames: number | null; problems: ProblemList }): void {
  const placed: { id: string; startSample: number; endSample: number }[] = [];
  for (const narration of cut.narration) {
    const item: ItemRef = { kind: 'narration', id: narration.id };
    const asset = requireAsset({ item, field: 'assetId', assetId: narration.assetId, kinds: ['voiceover'], role: { en: 'narration', vi: 'lời bình' }, cut, assets, problems });
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
    const asset = requireAsset({ item, field: 'assetId', assetId: music.assetId, kinds: ['music'], role: { en: 'music', vi: 'nhạc nền' }, cut, assets, problems });
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
      problems.add({ item, field: 'assetId', code: 'UNKNOWN_DURATION', en: `the length of asset "${asset.id}" is unknown`, vi: `không rõ độ dài của tư liệu "${asset.id}"` });
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

function checkTranscripts({ cut, assets, transcriptCues, problems }: { cut: Cut; assets: AssetsById; transcriptCues: CuesById | undefined; problems: ProblemList }): void {
  const usedClips = new Set(cut.shots.flatMap((shot) => (shot.type === 'clip' ? [shot.assetId] : [])));
  for (const [clipAssetId, subtitleAssetId] of Object.entries(cut.transcripts)) {
    const item: ItemRef = { kind: 'transcript', id: clipAssetId };
    const field = `transcripts.${clipAssetId}`;
    requireAsset({ item, field, assetId: clipAssetId, kinds: CLIP_KINDS, role: { en: 'a transcript', vi: 'phụ đề gốc' }, cut, assets, problems });
    const subtitle = requireAsset({ item, field, assetId: subtitleAssetId, kinds: ['subtitle'], role: { en: 'a transcript', vi: 'phụ đề gốc' }, cut, assets, problems });
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

/**
 * The cut document's schema, version 1: shots, narration, music, subtitles, logo (how times are
 * written: shared/domain/cut/index.ts).
 */
import { z } from 'zod';
import { CutKindSchema } from '../cut-kinds.ts';
import { LOGO_CORNERS, LOWER_THIRD_MODES, PHOTO_MOTIONS, type TransitionType } from './cut-enums.ts';
import type { Reframe } from './reframe.ts';
import { ProgrammeAudioLayoutSchema } from '../programme-audio-layout.ts';
import { findFrameDurationProblem, findProgrammeTimeProblem, findSourceTimeProblem, TIMECODE_PATTERN, type TimeProblem } from '../timecode.ts';

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
  .meta({
    description: 'A time in the source file: seconds, "HH:MM:SS.mmm", "HH:MM:SS:FF" (25 fps) or "num/den" seconds.',
    examples: ['00:00:12:05', 12.2, '00:00:12.200', '1001/30000'],
  });

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
/** The plain list the pages offer (cut-enums.ts) names exactly the schema's transitions: the compiler checks. */
type SameWords<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const TRANSITIONS_MATCH: SameWords<TransitionType, Transition['type']> = true;
void TRANSITIONS_MATCH;

/** A point of a crop's centre: a frame of the shot (from its first frame) and where the centre is, 0–1 of the picture's width and height. */
const CropCentrePointSchema = z.strictObject({
  frame: z.int().nonnegative().meta({ description: "Frame of the shot (0 = the shot's first frame)." }),
  x: z.number().min(0).max(1).meta({ description: "The crop's centre across the picture: 0 left edge, 0.5 middle, 1 right edge." }),
  y: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ description: 'The centre down the picture (default 0.5); matters only where the frame is wider than the picture.' }),
});

/**
 * How the shot fills the vertical (9:16) and square (1:1) profiles' frames; the 16:9 profiles
 * ignore it. Absent: a crop around the middle (x 0.5).
 */
export const ReframeSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('crop'),
      centre: z
        .array(CropCentrePointSchema)
        .min(1)
        .max(50)
        .refine((points) => points.every((point, i) => i === 0 || point.frame > points[i - 1]!.frame), {
          message: 'the centre points must be in order of frame, each after the one before',
          params: { messageVi: 'các điểm tâm khung phải theo thứ tự khung hình, điểm sau muộn hơn điểm trước' },
        })
        .meta({ description: "The crop's centre, one point per frame where it is set; it moves in a straight line between points." }),
    }),
    z.strictObject({ mode: z.literal('blur-fill') }),
  ])
  .meta({
    description:
      'Framing for the vertical and square profiles: a crop around a centre (which may move during the shot), or the whole picture over a blurred fill.',
    examples: [
      {
        mode: 'crop',
        centre: [
          { frame: 0, x: 0.3 },
          { frame: 100, x: 0.7 },
        ],
      },
      { mode: 'blur-fill' },
    ],
  });
/** The schema's framing is the domain's plain `Reframe` (shared/domain/cut/reframe.ts): the compiler checks. */
const REFRAME_MATCHES: [z.output<typeof ReframeSchema>] extends [Reframe] ? true : false = true;
void REFRAME_MATCHES;

/** A piece of footage or an interview from `in` to `out`, with its own sound (level or muted). */
export const ClipShotSchema = z.strictObject({
  id: ItemIdSchema,
  type: z.literal('clip'),
  assetId: AssetIdSchema,
  in: SourceTimeSchema,
  out: SourceTimeSchema,
  audio: z
    .strictObject({
      gainDb: GainDbSchema.default(0),
      muted: z.boolean().default(false),
      layout: ProgrammeAudioLayoutSchema.optional().meta({
        description:
          "Which channels make the stereo mix (a finished programme's declared layout); absent: mono to both sides, stereo as it is, more channels downmixed.",
      }),
    })
    .prefault({})
    .meta({ description: "The clip's own sound: level in dB, or muted." }),
  lowerThird: z
    .enum(LOWER_THIRD_MODES)
    .default('auto')
    .meta({ description: "The speaker's name and position: auto = on the speaker's first appearance in the cut." }),
  transitionIn: TransitionSchema,
  fadeOutFrames: FadeFramesSchema.default(0).meta({ description: 'Fade to black over the last N frames.' }),
  reframe: ReframeSchema.optional(),
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
  reframe: ReframeSchema.optional(),
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

/** The organiser's logo over the programme: a photo asset (a PNG keeps its transparency). */
export const LogoSchema = z.strictObject({
  assetId: AssetIdSchema,
  corner: z.enum(LOGO_CORNERS).default('top-right'),
  heightPercent: z.number().min(3).max(20).default(8).meta({ description: "The logo's height, in % of the picture's height." }),
  opacity: z.number().min(0.2).max(1).default(0.9),
  overTitles: z.boolean().default(false).meta({ description: 'Also over title cards (they carry their own branding by default).' }),
});
export type Logo = z.output<typeof LogoSchema>;

/** What the cut is: the reportage, a news item, a teaser or highlights, each with its own rules (shared/domain/cut-kinds.ts). */
export { CUT_KINDS, CutKindSchema, type CutKind } from '../cut-kinds.ts';

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
    kind: CutKindSchema.default('reportage').meta({
      description:
        "What the cut is; its length, approval chain and due day are the project's rules for the kind (by default reportage 12:00–15:00, news 1:00–3:00 signed by the editor-in-chief the same day, teaser 0:15–1:00, highlights 1:00–5:00).",
    }),
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

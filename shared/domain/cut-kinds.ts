/**
 * Cut kinds and their rules (DESIGN.md: "cut kinds carry their own rules"): how long a cut of the
 * kind must be, which stages of the project's approval chain sign it, and when it is due. The
 * rules are project data: the defaults below, overridden per kind in `project.cutKinds`.
 *
 * - `reportage`: the congress reportage, 12–15 minutes (the project's `targetLength`), signed by
 *   the whole chain, due by the project's delivery deadline (congress date minus two days).
 * - `news`: a same-day news item, 1–3 minutes, signed by the editor-in-chief alone, due the day it
 *   was started.
 * - `teaser`: 15–60 seconds, signed by the editor-in-chief alone, due by the delivery deadline.
 * - `highlights`: 1–5 minutes, the whole chain (kept for cuts made before news items existed).
 *
 * Only leaf modules below it: the project schema and the cut schema both build on this module.
 */
import { z } from 'zod';
import { CUT_KINDS, type CutKind } from './cut/cut-enums.ts';
import { FPS } from './frame-rate.ts';

export { CUT_KINDS, type CutKind };
export const CutKindSchema = z.enum(CUT_KINDS);

const StageIdSchema = z.string().regex(/^[a-z0-9-]+$/);

/** The rules of one kind, as a project states them. */
export const CutKindRulesSchema = z
  .object({
    label: z.object({ vi: z.string().min(1), en: z.string().min(1) }),
    /** Allowed programme length, in frames at 25 fps (both ends included). */
    minFrames: z.int().positive(),
    maxFrames: z.int().positive(),
    /** The stages of the project's chain that sign this kind, in chain order; null: the whole chain. */
    stages: z.array(StageIdSchema).min(1).nullable(),
    /** Days after the cut was started that it is due (0: the same day); null: the project's delivery deadline. */
    dueDays: z.int().min(0).max(365).nullable(),
  })
  .refine((rules) => rules.minFrames <= rules.maxFrames, { message: 'minFrames must not exceed maxFrames' });
export type CutKindRules = z.infer<typeof CutKindRulesSchema>;

/** A project's overrides: any field of any kind. */
export const CutKindOverridesSchema = z.partialRecord(
  CutKindSchema,
  z.object({
    label: z.object({ vi: z.string().min(1), en: z.string().min(1) }).optional(),
    minFrames: z.int().positive().optional(),
    maxFrames: z.int().positive().optional(),
    stages: z.array(StageIdSchema).min(1).nullable().optional(),
    dueDays: z.int().min(0).max(365).nullable().optional(),
  }),
);
export type CutKindOverrides = z.infer<typeof CutKindOverridesSchema>;

/** The editor-in-chief's stage in the default chain (DEFAULT_APPROVAL_CHAIN). */
export const EDITOR_IN_CHIEF_STAGE = 'tong-bien-tap';

/** The defaults; a reportage's length is the project's `targetLength` unless overridden. */
export const DEFAULT_CUT_KIND_RULES: Record<CutKind, CutKindRules> = {
  reportage: { label: { vi: 'Phóng sự', en: 'Reportage' }, minFrames: 12 * 60 * FPS, maxFrames: 15 * 60 * FPS, stages: null, dueDays: null },
  news: { label: { vi: 'Tin', en: 'News item' }, minFrames: 60 * FPS, maxFrames: 3 * 60 * FPS, stages: [EDITOR_IN_CHIEF_STAGE], dueDays: 0 },
  teaser: { label: { vi: 'Giới thiệu (teaser)', en: 'Teaser' }, minFrames: 15 * FPS, maxFrames: 60 * FPS, stages: [EDITOR_IN_CHIEF_STAGE], dueDays: null },
  highlights: { label: { vi: 'Điểm tin', en: 'Highlights' }, minFrames: 60 * FPS, maxFrames: 5 * 60 * FPS, stages: null, dueDays: null },
};

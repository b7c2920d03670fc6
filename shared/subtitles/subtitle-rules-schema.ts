import { z } from 'zod';
import { DEFAULT_SUBTITLE_RULES, type SubtitleRules } from './check-subtitle-rules.ts';

const D = DEFAULT_SUBTITLE_RULES;

/**
 * A project's subtitle rules as it may write them: every field optional, the defaults of SPECS.md
 * (`DEFAULT_SUBTITLE_RULES`) filled in. `SubtitleRulesSchema.parse({ maxCharsPerLine: 37 })`.
 */
export const SubtitleRulesSchema = z.object({
  maxCharsPerLine: z.number().int().positive().default(D.maxCharsPerLine),
  maxLines: z.number().int().positive().default(D.maxLines),
  maxCharsPerSecond: z.number().positive().default(D.maxCharsPerSecond),
  minDurationMs: z.number().int().nonnegative().default(D.minDurationMs),
  maxDurationMs: z.number().int().positive().default(D.maxDurationMs),
  minGapMs: z.number().int().nonnegative().default(D.minGapMs),
}) satisfies z.ZodType<SubtitleRules>;

import { z } from 'zod';

/** The two subtitle file formats the product reads and writes. */
export const SUBTITLE_FORMATS = ['srt', 'vtt'] as const;
export const SubtitleFormatSchema = z.enum(SUBTITLE_FORMATS);
export type SubtitleFormat = z.infer<typeof SubtitleFormatSchema>;

/**
 * One subtitle cue. Times are integer milliseconds from the start of the file; `lines` are plain
 * NFC text (markup such as `<i>` or `{\an8}` is removed when a file is parsed: the product renders
 * subtitles in its own house style).
 */
export const CueSchema = z.object({
  /** 1-based position of the cue in its file (not the number written in an SRT file). */
  index: z.number().int().positive(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  lines: z.array(z.string()),
});
export type Cue = z.infer<typeof CueSchema>;

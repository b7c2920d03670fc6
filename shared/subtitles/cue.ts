import { z } from 'zod';

/** The two subtitle file formats the product reads and writes. */
export const SUBTITLE_FORMATS = ['srt', 'vtt'] as const;
export const SubtitleFormatSchema = z.enum(SUBTITLE_FORMATS);
export type SubtitleFormat = z.infer<typeof SubtitleFormatSchema>;

/**
 * One subtitle cue. Times are integer milliseconds from the start of the file; `lines` are plain
 * NFC text (markup such as `<i>` or `{\an8}` is removed when a file is parsed: the product renders
 * subtitles in its own house style); only the vertical placement an author chose is kept.
 */
export const CueSchema = z.object({
  /** 1-based position of the cue in its file (not the number written in an SRT file). */
  index: z.number().int().positive(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  lines: z.array(z.string()),
  /**
   * Where the cue sits: at the bottom (the default, absent), or at the top where its author moved
   * it off a lower third (WebVTT `line:0` or a `line` above the middle; SRT `{\an8}`).
   */
  placement: z.enum(['bottom', 'top']).optional(),
});
export type Cue = z.infer<typeof CueSchema>;

import { z } from 'zod';

/**
 * A run of frames, `start` inclusive and `end` exclusive, in integer frames on one frame line
 * (a segment's own frames, or the file's once placed with `offsetPictureAnalysis`).
 * `{ start: 50, end: 125 }` is 75 frames: 3 s at 25 fps.
 */
export const SpanSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((span) => span.end > span.start, { message: 'a span ends after it starts' });
export type Span = z.infer<typeof SpanSchema>;

/** Number of frames in a span. */
export function spanFrames({ span }: { span: Span }): number {
  return span.end - span.start;
}

/**
 * A time in seconds as the nearest frame index. ffmpeg prints times rounded to the microsecond;
 * rounding (not flooring) lands `1.9999` on frame 50.
 *
 * @example secondsToFrame({ seconds: 3.04, fps: 25 }) // 76
 */
export function secondsToFrame({ seconds, fps }: { seconds: number; fps: number }): number {
  return Math.max(0, Math.round(seconds * fps));
}

/** Sorts spans and joins the ones that overlap or touch (`a.end >= b.start`). */
export function unionSpans({ spans }: { spans: readonly Span[] }): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const joined: Span[] = [];
  for (const span of sorted) {
    const last = joined[joined.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else joined.push({ ...span });
  }
  return joined;
}

/** The frames of `spans` that are not in `minus` (both sets of spans, any order). */
export function subtractSpans({ spans, minus }: { spans: readonly Span[]; minus: readonly Span[] }): Span[] {
  const cuts = unionSpans({ spans: minus });
  const result: Span[] = [];
  for (const span of unionSpans({ spans })) {
    let cursor = span.start;
    for (const cut of cuts) {
      if (cut.end <= cursor || cut.start >= span.end) continue;
      if (cut.start > cursor) result.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
      if (cursor >= span.end) break;
    }
    if (cursor < span.end) result.push({ start: cursor, end: span.end });
  }
  return result;
}

/** Spans cut to the range `[start, end)`; spans outside it disappear. */
export function clipSpans({ spans, start, end }: { spans: readonly Span[]; start: number; end: number }): Span[] {
  return spans.map((span) => ({ start: Math.max(span.start, start), end: Math.min(span.end, end) })).filter((span) => span.end > span.start);
}

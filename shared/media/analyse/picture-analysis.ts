import { z } from 'zod';
import { MediaAnalysisError } from './errors.ts';
import { FlashEventSchema, FlashRiskSchema, findFlashRisks, findFlashes } from './find-flashes.ts';
import { SpanSchema, type Span } from './span.ts';

/**
 * The picture checks of one file or one segment, small enough to cache with the segment
 * (a few hundred bytes per second). Every frame number, spans included, is on the frame line
 * that `startFrame` is on: 0 for a file analysed on its own, the segment's first programme
 * frame once placed with `offsetPictureAnalysis`.
 *
 * Spans are all the runs the filters found, however short: the "longer than 2 s" rule of QC is
 * applied to the programme after segments are merged, because a black run of 1.5 s at the end of
 * one segment and 1 s at the start of the next is one run of 2.5 s.
 */
export const PictureAnalysisSchema = z.object({
  fps: z.number().positive(),
  startFrame: z.number().int().nonnegative(),
  frames: z.number().int().nonnegative(),
  /** Black runs (`blackdetect`, pixel threshold 0.10, 98 % of the picture). */
  black: z.array(SpanSchema),
  /** Frozen runs (`freezedetect`, noise 0.001), black runs included. */
  freeze: z.array(SpanSchema),
  flashes: z.array(FlashEventSchema),
  /** Where more than 3 flashes fall in one second. */
  flashRisk: z.array(FlashRiskSchema),
  /** Average luma of each frame (share of the 8-bit range), `frames` values. */
  luma: z.array(z.number()),
});
export type PictureAnalysis = z.infer<typeof PictureAnalysisSchema>;

/**
 * How close two frames' average luma must be for them to count as the same picture where
 * freezedetect could not compare them (across a segment boundary, or where an encoder refining a
 * still broke one freeze into touching pieces). freezedetect's own tolerance (noise 0.001 of the
 * mean absolute difference) is far tighter; this only tells a still from a cut to another still.
 */
export const SAME_PICTURE_LUMA = 1 / 255;

/**
 * Joins freeze runs that continue each other: touching runs (`a.end === b.start`) whose frames on
 * either side of the seam look the same (`SAME_PICTURE_LUMA`). With `seams`, a run that reaches a
 * seam also takes in the single frame across it when that frame looks the same: a freeze that
 * starts on the last frame of one segment is invisible to that segment's freezedetect.
 * `luma[i]` is frame `base + i`.
 */
export function joinFreezeRuns({
  spans,
  luma,
  base = 0,
  seams = [],
}: {
  spans: readonly Span[];
  luma: readonly number[];
  base?: number;
  seams?: readonly number[];
}): Span[] {
  const samePictureAt = (seam: number) => {
    const before = luma[seam - 1 - base];
    const after = luma[seam - base];
    return before !== undefined && after !== undefined && Math.abs(before - after) <= SAME_PICTURE_LUMA + 1e-9;
  };
  const extended = spans.map((span) => ({ ...span }));
  for (const seam of seams) {
    if (!samePictureAt(seam)) continue;
    const endsHere = extended.find((span) => span.end === seam);
    const startsHere = extended.find((span) => span.start === seam);
    if (endsHere && !startsHere) endsHere.end = seam + 1;
    if (startsHere && !endsHere) startsHere.start = seam - 1;
  }
  const sorted = extended.sort((a, b) => a.start - b.start);
  const joined: Span[] = [];
  for (const span of sorted) {
    const last = joined[joined.length - 1];
    if (last && (span.start < last.end || (span.start === last.end && samePictureAt(span.start)))) last.end = Math.max(last.end, span.end);
    else joined.push(span);
  }
  return joined;
}

/** Joins black runs that touch or overlap (black next to black is one run). */
export function joinBlackRuns({ spans }: { spans: readonly Span[] }): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const joined: Span[] = [];
  for (const span of sorted) {
    const last = joined[joined.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else joined.push({ ...span });
  }
  return joined;
}

/**
 * Places an analysis on another frame line: a segment analysed on its own (frames from 0) moves to
 * where the segment sits in the programme or file. Pure; the cached analysis is not changed.
 *
 * @example offsetPictureAnalysis({ analysis: segmentQc, startFrame: 1250 }).black // spans + 1250
 */
export function offsetPictureAnalysis({ analysis, startFrame }: { analysis: PictureAnalysis; startFrame: number }): PictureAnalysis {
  if (!Number.isInteger(startFrame) || startFrame < 0) {
    throw new MediaAnalysisError({
      code: 'ANALYSIS_PARTS_INVALID',
      message: `A picture analysis can only be placed at a whole, non-negative frame, not ${startFrame}.`,
      messageVi: `Kết quả phân tích hình chỉ đặt được ở một khung hình nguyên không âm (nhận được ${startFrame}).`,
      details: { startFrame },
    });
  }
  const shift = startFrame - analysis.startFrame;
  const move = (span: Span) => ({ start: span.start + shift, end: span.end + shift });
  return {
    ...analysis,
    startFrame,
    black: analysis.black.map(move),
    freeze: analysis.freeze.map(move),
    flashes: analysis.flashes.map((flash) => ({ ...flash, frame: flash.frame + shift, endFrame: flash.endFrame + shift })),
    flashRisk: analysis.flashRisk.map((risk) => ({ ...risk, start: risk.start + shift, end: risk.end + shift })),
    luma: [...analysis.luma],
  };
}

/**
 * Joins the analyses of consecutive segments into the analysis of the whole stretch they cover,
 * as if it had been analysed in one pass: black runs that meet at a boundary become one run, a
 * freeze continuing across a boundary becomes one freeze, and flashes are found again over the
 * joined luma, so a strobe that straddles a boundary is counted in one window.
 *
 * Parts must share a frame rate and follow each other without gap or overlap once sorted by
 * `startFrame` (place them first with `offsetPictureAnalysis`); otherwise `ANALYSIS_PARTS_INVALID`.
 *
 * @example
 * const programme = mergePictureAnalyses({
 *   parts: segments.map((s) => offsetPictureAnalysis({ analysis: s.qc, startFrame: s.startFrame })),
 * });
 */
export function mergePictureAnalyses({ parts }: { parts: readonly PictureAnalysis[] }): PictureAnalysis {
  const sorted = [...parts].sort((a, b) => a.startFrame - b.startFrame);
  const first = sorted[0];
  if (!first) {
    throw new MediaAnalysisError({
      code: 'ANALYSIS_PARTS_INVALID',
      message: 'There are no picture analyses to merge.',
      messageVi: 'Không có kết quả phân tích hình nào để ghép.',
    });
  }
  const seams: number[] = [];
  let next = first.startFrame;
  for (const part of sorted) {
    if (part.fps !== first.fps) {
      throw new MediaAnalysisError({
        code: 'ANALYSIS_PARTS_INVALID',
        message: `Segment analyses must share one frame rate; found ${first.fps} and ${part.fps} fps.`,
        messageVi: `Các đoạn phải cùng tốc độ khung hình; có đoạn ${first.fps} và đoạn ${part.fps} hình/giây.`,
        details: { expected: first.fps, found: part.fps },
      });
    }
    if (part.startFrame !== next) {
      throw new MediaAnalysisError({
        code: 'ANALYSIS_PARTS_INVALID',
        message: `Segment analyses must follow each other: expected one starting at frame ${next}, found one at frame ${part.startFrame}.`,
        messageVi: `Các đoạn phải nối tiếp nhau: cần đoạn bắt đầu ở khung hình ${next}, nhưng đoạn tiếp theo bắt đầu ở khung hình ${part.startFrame}.`,
        details: { expected: next, found: part.startFrame },
      });
    }
    if (part !== first) seams.push(part.startFrame);
    next = part.startFrame + part.frames;
  }
  const fps = first.fps;
  const startFrame = first.startFrame;
  const luma = sorted.flatMap((part) => part.luma);
  const flashes = findFlashes({ luma, fps }).map((flash) => ({ ...flash, frame: flash.frame + startFrame, endFrame: flash.endFrame + startFrame }));
  return {
    fps,
    startFrame,
    frames: next - startFrame,
    black: joinBlackRuns({ spans: sorted.flatMap((part) => part.black) }),
    freeze: joinFreezeRuns({ spans: sorted.flatMap((part) => part.freeze), luma, base: startFrame, seams }),
    flashes,
    flashRisk: findFlashRisks({ flashes, fps }),
    luma,
  };
}

/**
 * The analysis of one pass, from what its log said (see `parsePictureLog`): freeze pieces joined,
 * flashes found.
 */
export function toPictureAnalysis({
  reading,
  fps,
}: {
  reading: { frames: number; black: Span[]; freeze: Span[]; luma: number[] };
  fps: number;
}): PictureAnalysis {
  const flashes = findFlashes({ luma: reading.luma, fps });
  return {
    fps,
    startFrame: 0,
    frames: reading.frames,
    black: joinBlackRuns({ spans: reading.black }),
    freeze: joinFreezeRuns({ spans: reading.freeze, luma: reading.luma }),
    flashes,
    flashRisk: findFlashRisks({ flashes, fps }),
    luma: reading.luma,
  };
}

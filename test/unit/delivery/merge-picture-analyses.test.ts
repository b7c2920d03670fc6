import { describe, expect, it } from 'vitest';
import {
  MediaAnalysisError,
  PictureAnalysisSchema,
  mergePictureAnalyses,
  offsetPictureAnalysis,
  toPictureAnalysis,
  type PictureAnalysis,
  type Span,
} from '../../../shared/media/index.ts';

const PICTURE = 0.45;
const BLACK = 16 / 255;

/** A segment analysis as `analysePicture` returns it, from its runs and per-frame luma. */
function segment({ frames, black = [], freeze = [], luma }: { frames: number; black?: Span[]; freeze?: Span[]; luma?: number[] }): PictureAnalysis {
  const values = luma ?? Array.from({ length: frames }, (_, n) => (black.some((s) => n >= s.start && n < s.end) ? BLACK : PICTURE + (n % 7) * 0.001));
  return toPictureAnalysis({ reading: { frames, black, freeze, luma: values }, fps: 25 });
}

describe('mergePictureAnalyses', () => {
  it('joins 1.5 s of black at the end of one segment and 1 s at the start of the next into one 2.5 s run', () => {
    const first = segment({ frames: 100, black: [{ start: 62, end: 100 }], freeze: [{ start: 62, end: 100 }] });
    const second = segment({ frames: 100, black: [{ start: 0, end: 25 }], freeze: [{ start: 0, end: 25 }] });
    const merged = mergePictureAnalyses({
      parts: [offsetPictureAnalysis({ analysis: second, startFrame: 1100 }), offsetPictureAnalysis({ analysis: first, startFrame: 1000 })],
    });
    expect(merged.startFrame).toBe(1000);
    expect(merged.frames).toBe(200);
    expect(merged.black).toEqual([{ start: 1062, end: 1125 }]);
    expect(merged.black[0]!.end - merged.black[0]!.start).toBe(63); // 2.52 s > 2 s
    expect(merged.freeze).toEqual([{ start: 1062, end: 1125 }]);
    expect(merged.luma).toHaveLength(200);
  });

  it('keeps black runs apart when picture comes between them', () => {
    const first = segment({ frames: 50, black: [{ start: 10, end: 49 }] });
    const second = segment({ frames: 50, black: [{ start: 0, end: 30 }] });
    const merged = mergePictureAnalyses({ parts: [first, offsetPictureAnalysis({ analysis: second, startFrame: 50 })] });
    expect(merged.black).toEqual([
      { start: 10, end: 49 },
      { start: 50, end: 80 },
    ]);
  });

  it('joins a freeze that continues across the boundary on the same picture', () => {
    const still = Array(50).fill(0.6);
    const first = segment({
      frames: 50,
      freeze: [{ start: 20, end: 50 }],
      luma: [
        ...Array(20)
          .fill(0.3)
          .map((v, i) => v + i * 0.01),
        ...still.slice(20),
      ],
    });
    const second = segment({ frames: 50, freeze: [{ start: 0, end: 30 }], luma: [...still.slice(0, 30), ...Array(20).fill(0.2)] });
    const merged = mergePictureAnalyses({ parts: [first, offsetPictureAnalysis({ analysis: second, startFrame: 50 })] });
    expect(merged.freeze).toEqual([{ start: 20, end: 80 }]);
  });

  it('does not join two different stills that meet at the boundary', () => {
    const first = segment({ frames: 50, freeze: [{ start: 0, end: 50 }], luma: Array(50).fill(0.3) });
    const second = segment({ frames: 50, freeze: [{ start: 0, end: 50 }], luma: Array(50).fill(0.7) });
    const merged = mergePictureAnalyses({ parts: [first, offsetPictureAnalysis({ analysis: second, startFrame: 50 })] });
    expect(merged.freeze).toEqual([
      { start: 0, end: 50 },
      { start: 50, end: 100 },
    ]);
  });

  it("takes in the frame across the boundary when a freeze starts on a segment's last frame", () => {
    const first = segment({ frames: 50, luma: [...Array.from({ length: 49 }, (_, i) => 0.2 + i * 0.005), 0.6] });
    const second = segment({ frames: 50, freeze: [{ start: 0, end: 50 }], luma: Array(50).fill(0.6) });
    const merged = mergePictureAnalyses({ parts: [first, offsetPictureAnalysis({ analysis: second, startFrame: 50 })] });
    expect(merged.freeze).toEqual([{ start: 49, end: 100 }]);
  });

  it('recounts flashes over the joined luma: a strobe split by a boundary is one risk', () => {
    const strobe = Array.from({ length: 50 }, (_, n) => (n % 5 < 2 ? 235 / 255 : BLACK));
    const first = segment({ frames: 25, luma: strobe.slice(0, 25) });
    const second = segment({ frames: 25, luma: strobe.slice(25) });
    const merged = mergePictureAnalyses({ parts: [first, offsetPictureAnalysis({ analysis: second, startFrame: 25 })] });
    const whole = segment({ frames: 50, luma: strobe });
    expect(merged.flashes).toEqual(whole.flashes);
    expect(merged.flashRisk).toEqual(whole.flashRisk);
    expect(merged.flashRisk).toHaveLength(1);
  });

  it('produces a result the cache schema accepts', () => {
    const merged = mergePictureAnalyses({ parts: [segment({ frames: 10 }), offsetPictureAnalysis({ analysis: segment({ frames: 10 }), startFrame: 10 })] });
    expect(PictureAnalysisSchema.parse(JSON.parse(JSON.stringify(merged)))).toEqual(merged);
  });

  it('refuses parts with a gap, an overlap or another frame rate', () => {
    const a = segment({ frames: 50 });
    const gap = () => mergePictureAnalyses({ parts: [a, offsetPictureAnalysis({ analysis: a, startFrame: 60 })] });
    const overlap = () => mergePictureAnalyses({ parts: [a, offsetPictureAnalysis({ analysis: a, startFrame: 40 })] });
    const rate = () => mergePictureAnalyses({ parts: [a, { ...offsetPictureAnalysis({ analysis: a, startFrame: 50 }), fps: 30 }] });
    for (const attempt of [gap, overlap, rate, () => mergePictureAnalyses({ parts: [] })]) {
      expect(attempt).toThrow(MediaAnalysisError);
    }
    expect(gap).toThrow(/expected one starting at frame 50, found one at frame 60/);
  });
});

describe('offsetPictureAnalysis', () => {
  it('moves every frame number and leaves the cached analysis alone', () => {
    const original = segment({ frames: 50, black: [{ start: 5, end: 10 }], luma: [0, 0, 1, 1, 0, ...Array(45).fill(0)] });
    const placed = offsetPictureAnalysis({ analysis: original, startFrame: 250 });
    expect(placed.black).toEqual([{ start: 255, end: 260 }]);
    expect(placed.flashes[0]).toMatchObject({ frame: 252, endFrame: 254 });
    expect(original.black).toEqual([{ start: 5, end: 10 }]);
    expect(offsetPictureAnalysis({ analysis: placed, startFrame: 0 })).toEqual(original);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import {
  layoutLowerThird,
  layoutTitleCard,
  planSubtitleLayout,
  planTextBoxes,
  rectInside,
  subtitleBox,
  textSafeRect,
  wrapCueLines,
} from '../../../shared/media/index.ts';
import type { RenderSpec } from '../../../shared/media/render/render-spec.ts';
import { formatAss } from '../../../shared/subtitles/index.ts';

const REELS = DEFAULT_PROFILES.vertical.platform!.safeArea;

describe('text inside a platform’s safe area', () => {
  it('keeps text clear of the top 14 %, the bottom 35 % and 6 % at each side of a Reels frame', () => {
    expect(textSafeRect({ width: 1080, height: 1920, safeArea: REELS })).toEqual({ left: 65, top: 269, right: 1015, bottom: 1248 });
    // Never closer to an edge than title-safe (5 %), whatever a platform allows.
    expect(textSafeRect({ width: 1000, height: 1000, safeArea: { topPercent: 0, bottomPercent: 2, sidePercent: 1 } })).toEqual({
      left: 50,
      top: 50,
      right: 950,
      bottom: 950,
    });
  });

  it('burns subtitles with margins at the safe area’s edges, lines broken to its width, the box of up to four lines inside it', () => {
    const layout = planSubtitleLayout({ width: 1080, height: 1920, sizePercentOfHeight: 3.5, safeArea: REELS });
    expect(layout.margins).toEqual({ left: 65, right: 65, top: 269, bottom: 672 });
    expect(layout.fontSize).toBe(67);
    const area = textSafeRect({ width: 1080, height: 1920, safeArea: REELS });
    for (const lineCount of [1, 2, 3, 4]) {
      for (const placement of [undefined, 'top'] as const) {
        expect(rectInside({ inner: subtitleBox({ layout, width: 1080, height: 1920, lineCount, placement }), outer: area })).toBe(true);
      }
    }
    const lines = wrapCueLines({ lines: ['Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng tổ chức Đại hội lần thứ I'], maxChars: layout.maxChars });
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(layout.maxChars);
    // The ASS script carries the same margins: the bottom one as the style's, the top one on a top cue.
    const ass = formatAss({
      cues: [
        { index: 1, startMs: 0, endMs: 1000, lines },
        { index: 2, startMs: 1000, endMs: 2000, lines: ['Trên'], placement: 'top' },
      ],
      width: 1080,
      height: 1920,
      fontName: 'Noto Sans',
      sizePercentOfHeight: 3.5,
      margins: layout.margins,
    });
    expect(ass).toMatch(/Style: Default,Noto Sans,67,.*,2,65,65,672,1$/m);
    expect(ass).toContain('Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,269,,{\\an8}Trên');
  });

  it('lays a title card and a lower third out inside the safe area, wrapping long text for the narrow frame', () => {
    const area = textSafeRect({ width: 1080, height: 1920, safeArea: REELS });
    const card = layoutTitleCard({
      title: 'Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng',
      subtitle: 'Nhiệm kỳ 2026–2031, vì một Hải Phòng phát triển',
      width: 1080,
      height: 1920,
      area,
    });
    expect(card.titleLines.length).toBeGreaterThanOrEqual(3);
    expect(rectInside({ inner: card.layout.box, outer: area })).toBe(true);
    const third = layoutLowerThird({
      name: 'Nguyễn Văn An',
      position: 'Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng',
      width: 1080,
      height: 1920,
      subtitleSizePercent: 3.5,
      area,
    });
    expect(third.positionLines.length).toBeGreaterThan(1);
    expect(rectInside({ inner: third.layout.box, outer: area })).toBe(true);
  });

  it('keeps the 16:9 layout of titles as it was (30 characters a line, the block at 45 % of the height)', () => {
    const card = layoutTitleCard({ title: 'Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật', subtitle: 'Hải Phòng', width: 1920, height: 1080 });
    expect(card.titleLines).toEqual(['Đại hội đại biểu Liên hiệp các', 'Hội Khoa học và Kỹ thuật']);
    expect(card.layout).toMatchObject({ titleSize: 76, blockTop: Math.round(1080 * 0.45 - 99), subtitleSize: 43 });
  });

  it('lists every title, lower third and burned cue of a vertical render where the renderer puts them, and nothing for a 16:9 profile', () => {
    const base = { fadeInFrames: 0, fadeOutFrames: 0, logo: null, cues: [], lowerThirds: [] };
    const spec = {
      durationFrames: 150,
      segments: [
        { ...base, id: 'seg-t', startFrame: 0, frames: 50, layers: [{ shotId: 't', visual: { type: 'title', title: 'Đại hội', subtitle: '' } }] },
        {
          ...base,
          id: 'seg-c',
          startFrame: 50,
          frames: 100,
          layers: [{ shotId: 'c', visual: { type: 'clip' } }],
          lowerThirds: [{ name: 'Nguyễn Văn An', position: 'Chủ tịch', startFrame: 25, endFrame: 150 }],
        },
      ],
      audio: { durationSamples: 0, items: [], duck: [], duckDb: -12, duckRampSamples: 0 },
      cues: [{ startFrame: 60, endFrame: 100, lines: ['Liên hiệp hội hợp nhất'] }],
    } as unknown as RenderSpec;
    const boxes = planTextBoxes({ spec, profile: DEFAULT_PROFILES.vertical });
    expect(boxes.map((b) => [b.kind, b.startFrame, b.endFrame])).toEqual([
      ['title', 0, 50],
      ['subtitle', 60, 100],
      ['lower-third', 75, 150],
    ]);
    const area = textSafeRect({ width: 1080, height: 1920, safeArea: REELS });
    for (const box of boxes) expect(rectInside({ inner: box.box, outer: area })).toBe(true);
    expect(planTextBoxes({ spec, profile: DEFAULT_PROFILES.web })).toEqual([]);
  });
});

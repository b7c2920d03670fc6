import { describe, expect, it } from 'vitest';
import { escapeAssText, formatAss, formatAssTime, TITLE_SAFE_MARGIN_PERCENT } from '../../../shared/subtitles/index.ts';

const cue = (startMs: number, endMs: number, ...lines: string[]) => ({ index: 1, startMs, endMs, lines });

function styleOf(ass: string): Record<string, string> {
  const format = /^Format: (Name, Fontname.*)$/m.exec(ass)![1]!.split(', ');
  const values = /^Style: (.*)$/m.exec(ass)![1]!.split(',');
  return Object.fromEntries(format.map((name, i) => [name, values[i]!]));
}

describe('formatAss', () => {
  const ass = formatAss({ cues: [cue(1000, 2500, 'Xin chào', 'Hải Phòng')], width: 1920, height: 1080, fontName: 'Noto Sans', sizePercentOfHeight: 6.5 });

  it('sets the play resolution to the picture, so one unit is one pixel', () => {
    expect(ass).toContain('PlayResX: 1920\nPlayResY: 1080');
    expect(ass).toContain('ScaledBorderAndShadow: yes');
  });

  it('writes one Default style: the font by family name, its size as a share of the height, white with an outline, bottom centre', () => {
    const style = styleOf(ass);
    expect(style.Fontname).toBe('Noto Sans');
    expect(style.Fontsize).toBe(String(Math.round(1080 * 0.065)));
    expect(style.PrimaryColour).toBe('&H00FFFFFF');
    expect(style.BorderStyle).toBe('1');
    expect(Number(style.Outline)).toBeGreaterThan(0);
    expect(style.Alignment).toBe('2');
  });

  it('keeps the text inside the title-safe area (5 % from every edge)', () => {
    const style = styleOf(ass);
    expect(Number(style.MarginL)).toBeGreaterThanOrEqual(1920 * 0.05);
    expect(Number(style.MarginR)).toBeGreaterThanOrEqual(1920 * 0.05);
    expect(Number(style.MarginV)).toBeGreaterThanOrEqual(1080 * 0.05);
    expect(TITLE_SAFE_MARGIN_PERCENT).toBe(5);
  });

  it('never lets a smaller margin out of title safe', () => {
    const narrow = formatAss({ cues: [cue(0, 1000, 'a')], width: 1000, height: 500, fontName: 'X', sizePercentOfHeight: 5, marginPercent: 1 });
    expect(styleOf(narrow).MarginL).toBe('50');
    expect(styleOf(narrow).MarginV).toBe('25');
  });

  it('writes each cue as a Dialogue line with centisecond times and \\N between lines', () => {
    expect(ass).toContain('Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,Xin chào\\NHải Phòng');
  });

  it('writes NFC text: decomposed Vietnamese (Windows-1258 style) becomes precomposed', () => {
    const decomposed = 'ậ ệ ộ ặ ẫ ỗ'.normalize('NFD');
    const out = formatAss({ cues: [cue(0, 1000, decomposed)], width: 320, height: 180, fontName: 'Noto Sans', sizePercentOfHeight: 5 });
    expect(out).toContain('ậ ệ ộ ặ ẫ ỗ'.normalize('NFC'));
    expect(out).not.toContain(decomposed);
  });

  it('draws a translucent box instead of an outline when asked', () => {
    const boxed = formatAss({ cues: [cue(0, 1000, 'a')], width: 1920, height: 1080, fontName: 'Noto Sans', sizePercentOfHeight: 5, legibility: 'box' });
    expect(styleOf(boxed).BorderStyle).toBe('3');
  });

  it('refuses a cue that ends before it starts, and one without text', () => {
    expect(() => formatAss({ cues: [cue(2000, 1000, 'a')], width: 1, height: 1, fontName: 'X', sizePercentOfHeight: 5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CUE' }),
    );
    expect(() => formatAss({ cues: [cue(0, 1000, '  ')], width: 1, height: 1, fontName: 'X', sizePercentOfHeight: 5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CUE' }),
    );
  });
});

describe('escapeAssText', () => {
  it('shows braces as text instead of starting an override block', () => {
    expect(escapeAssText('a {b} c')).toBe('a \\{b\\} c');
  });

  it('keeps a backslash from starting \\N, \\n or \\h', () => {
    expect(escapeAssText('C:\\New')).toBe('C:\\\u2060New');
    expect(escapeAssText('a\\b')).toBe('a\\b');
  });
});

describe('formatAssTime', () => {
  it('writes H:MM:SS.cc, frames of 40 ms exactly', () => {
    expect(formatAssTime({ ms: 0 })).toBe('0:00:00.00');
    expect(formatAssTime({ ms: 3_723_040 })).toBe('1:02:03.04');
  });
});

describe('formatAss: a cue placed at the top', () => {
  it('moves only that cue to the top centre with \\an8 (the style stays bottom centre)', () => {
    const ass = formatAss({
      cues: [{ ...cue(0, 1000, 'Trên'), placement: 'top' as const }, cue(1000, 2000, 'Dưới')],
      width: 1920,
      height: 1080,
      fontName: 'Noto Sans',
      sizePercentOfHeight: 5,
    });
    const dialogues = ass.split('\n').filter((line) => line.startsWith('Dialogue:'));
    expect(dialogues[0]).toMatch(/,,\{\\an8\}Trên$/);
    expect(dialogues[1]).toMatch(/,,Dưới$/);
    expect(styleOf(ass).Alignment).toBe('2');
  });
});

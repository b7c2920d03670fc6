import { describe, expect, it } from 'vitest';
import { WarningSchema } from '../../../shared/domain/asset.ts';
import { checkSubtitleRules, countSubtitleCharacters, DEFAULT_SUBTITLE_RULES, violationsToWarnings } from '../../../shared/subtitles/check-subtitle-rules.ts';
import { SubtitleRulesSchema } from '../../../shared/subtitles/subtitle-rules-schema.ts';
import type { Cue } from '../../../shared/subtitles/cue.ts';

const cue = (index: number, startMs: number, endMs: number, ...lines: string[]): Cue => ({ index, startMs, endMs, lines });
const summary = (cues: Cue[]) => checkSubtitleRules({ cues }).map(({ cue: n, rule }) => ({ cue: n, rule }));

describe('checkSubtitleRules', () => {
  it('has the SPECS.md numbers as defaults', () => {
    expect(DEFAULT_SUBTITLE_RULES).toEqual({
      maxCharsPerLine: 42,
      maxLines: 2,
      maxCharsPerSecond: 17,
      minDurationMs: 840,
      maxDurationMs: 7000,
      minGapMs: 80,
    });
  });

  it('finds nothing wrong with clean subtitles, including every limit met exactly', () => {
    const cues = [
      cue(1, 0, 2000, 'Xin chào các đại biểu'),
      cue(2, 2080, 5000, 'Hội nghị đại biểu', 'lần thứ nhất'), // gap exactly 80 ms
      cue(3, 5080, 5920, 'Vâng'), // exactly 840 ms
      cue(4, 6000, 13_000, 'Liên hiệp các Hội Khoa học và Kỹ thuật', 'thành phố Hải Phòng'), // exactly 7 s
      cue(5, 13_080, 16_080, 'ậ'.repeat(42)), // 42 characters, 14 per second
      cue(6, 16_160, 17_160, 'Mười bảy ký tự ạ.'), // 17 characters in 1 s
    ];
    expect(countSubtitleCharacters({ text: 'Mười bảy ký tự ạ.' })).toBe(17);
    expect(checkSubtitleRules({ cues })).toEqual([]);
  });

  it('flags a line longer than 42 characters', () => {
    const line = 'Liên hiệp các Hội Khoa học và Kỹ thuật Hải'; // 42
    expect(summary([cue(1, 0, 4000, line)])).toEqual([]);
    expect(summary([cue(1, 0, 4000, `${line}!`)])).toEqual([{ cue: 1, rule: 'line-length' }]);
  });

  it('flags more than two lines', () => {
    expect(summary([cue(1, 0, 4000, 'một', 'hai', 'ba')])).toEqual([{ cue: 1, rule: 'line-count' }]);
  });

  it('flags a reading speed above 17 characters per second, spaces and punctuation counted', () => {
    expect(summary([cue(1, 0, 1000, 'Mười tám ký tự, ạ.')])).toEqual([{ cue: 1, rule: 'reading-speed' }]);
  });

  it('counts reading speed in grapheme clusters of the NFC text, so NFD "ậ" is one character', () => {
    const nfd = 'ậ ệ ộ ặ ẫ ỗ ậ ệ ộ'.normalize('NFD'); // 17 characters, 35 code units
    expect(nfd.length).toBe(35);
    expect(countSubtitleCharacters({ text: nfd })).toBe(17);
    expect(countSubtitleCharacters({ text: 'g̃ẫ' })).toBe(2); // g + combining tilde has no precomposed form
    expect(summary([cue(1, 0, 1000, nfd)])).toEqual([]);
    expect(summary([cue(1, 0, 1000, `${nfd}ậ`)])).toEqual([{ cue: 1, rule: 'reading-speed' }]);
  });

  it('flags a cue shown for less than 0.84 s (21 frames)', () => {
    expect(summary([cue(1, 1000, 1839, 'Vâng')])).toEqual([{ cue: 1, rule: 'min-duration' }]);
  });

  it('flags a cue shown for more than 7 s', () => {
    expect(summary([cue(1, 0, 7001, 'Cảm ơn')])).toEqual([{ cue: 1, rule: 'max-duration' }]);
  });

  it('flags a gap under 80 ms (2 frames) on the later cue', () => {
    expect(summary([cue(1, 0, 2000, 'một'), cue(2, 2079, 4000, 'hai')])).toEqual([{ cue: 2, rule: 'min-gap' }]);
    expect(summary([cue(1, 0, 2000, 'một'), cue(2, 2000, 4000, 'hai')])).toEqual([{ cue: 2, rule: 'min-gap' }]);
  });

  it('flags an overlap on the later cue, and not also as a short gap', () => {
    expect(summary([cue(1, 0, 2000, 'một'), cue(2, 1999, 4000, 'hai')])).toEqual([{ cue: 2, rule: 'overlap' }]);
  });

  it('reports violations with the cue index the caller gave', () => {
    expect(summary([cue(12, 0, 500, 'a')])).toEqual([{ cue: 12, rule: 'min-duration' }]);
  });

  it('says what was found and what is allowed, in English and Vietnamese', () => {
    const [violation] = checkSubtitleRules({ cues: [cue(3, 0, 600, 'Vâng')] });
    expect(violation).toEqual({
      cue: 3,
      rule: 'min-duration',
      message: 'Cue 3 is shown for 0.6 s; it needs at least 0.84 s to be read. Show it longer.',
      messageVi: 'Phụ đề số 3 chỉ hiển thị 0,6 giây, tối thiểu 0,84 giây. Hãy kéo dài thời gian hiển thị.',
    });
  });

  it('applies a project override of the rules', () => {
    const rules = SubtitleRulesSchema.parse({ maxCharsPerLine: 37 });
    expect(rules).toEqual({ ...DEFAULT_SUBTITLE_RULES, maxCharsPerLine: 37 });
    const cues = [cue(1, 0, 4000, 'Liên hiệp các Hội Khoa học và Kỹ thuật')]; // 38 characters
    expect(checkSubtitleRules({ cues })).toEqual([]);
    expect(checkSubtitleRules({ cues, rules }).map((violation) => violation.rule)).toEqual(['line-length']);
  });
});

describe('violationsToWarnings', () => {
  it('maps every rule to a stable warning code with both messages', () => {
    const cues = [
      cue(1, 0, 4000, 'x'.repeat(43)),
      cue(2, 4080, 8000, 'một', 'hai', 'ba'),
      cue(3, 8080, 9080, 'x'.repeat(18)),
      cue(4, 9160, 9560, 'a'),
      cue(5, 9600, 18_000, 'b'),
      cue(6, 17_000, 19_000, 'c'),
    ];
    const warnings = violationsToWarnings({ violations: checkSubtitleRules({ cues }) });
    expect(warnings.map((warning) => warning.code)).toEqual([
      'SUBTITLE_LINE_TOO_LONG',
      'SUBTITLE_TOO_MANY_LINES',
      'SUBTITLE_READING_SPEED_TOO_HIGH',
      'SUBTITLE_TOO_SHORT',
      'SUBTITLE_GAP_TOO_SHORT',
      'SUBTITLE_TOO_LONG',
      'SUBTITLE_OVERLAP',
    ]);
    for (const warning of warnings) {
      expect(WarningSchema.parse(warning)).toEqual(warning);
      expect(warning.messageVi).toMatch(/^Phụ đề số \d/);
    }
  });
});

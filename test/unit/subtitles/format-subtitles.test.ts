import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../shared/subtitles/cue.ts';
import { SubtitleError } from '../../../shared/subtitles/errors.ts';
import { formatSrt, formatVtt } from '../../../shared/subtitles/format-subtitles.ts';
import { parseSubtitles } from '../../../shared/subtitles/parse-subtitles.ts';

const cues: Cue[] = [
  { index: 1, startMs: 1000, endMs: 3500, lines: ['Xin chào các đại biểu', 'về dự Đại hội'] },
  { index: 2, startMs: 3_723_004, endMs: 3_725_000, lines: ['ậ ệ ộ ặ ẫ ỗ'] },
  { index: 3, startMs: 360_000_000, endMs: 360_001_001, lines: ['A & B <3 > 2'] },
];

function errorOf(run: () => unknown): SubtitleError {
  try {
    run();
  } catch (error) {
    if (error instanceof SubtitleError) return error;
    throw error;
  }
  throw new Error('expected a SubtitleError');
}

describe('formatSrt', () => {
  it('writes numbered cues with HH:MM:SS,mmm timestamps', () => {
    expect(formatSrt({ cues: cues.slice(0, 2) })).toBe(
      '1\n00:00:01,000 --> 00:00:03,500\nXin chào các đại biểu\nvề dự Đại hội\n\n' + '2\n01:02:03,004 --> 01:02:05,000\nậ ệ ộ ặ ẫ ỗ\n',
    );
  });

  it('round-trips through parseSubtitles, including hours past 99', () => {
    const text = formatSrt({ cues });
    expect(text).toContain('100:00:00,000 --> 100:00:01,001');
    expect(parseSubtitles({ text })).toEqual({ format: 'srt', cues });
  });

  it('writes NFC text and numbers cues by position', () => {
    const text = formatSrt({ cues: [{ index: 9, startMs: 0, endMs: 1000, lines: ['Hải Phòng'.normalize('NFD')] }] });
    expect(text).toBe('1\n00:00:00,000 --> 00:00:01,000\nHải Phòng\n');
  });
});

describe('formatVtt', () => {
  it('writes a WEBVTT header and HH:MM:SS.mmm timestamps, escaping & < >', () => {
    expect(formatVtt({ cues: [cues[0] as Cue, cues[2] as Cue] })).toBe(
      'WEBVTT\n\n' + '00:00:01.000 --> 00:00:03.500\nXin chào các đại biểu\nvề dự Đại hội\n\n' + '100:00:00.000 --> 100:00:01.001\nA &amp; B &lt;3 &gt; 2\n',
    );
  });

  it('round-trips through parseSubtitles', () => {
    expect(parseSubtitles({ text: formatVtt({ cues }) })).toEqual({ format: 'vtt', cues });
  });

  it('round-trips a parsed file from SRT to WebVTT and back to SRT', () => {
    const srt = formatSrt({ cues });
    const vtt = formatVtt({ cues: parseSubtitles({ text: srt }).cues });
    expect(formatSrt({ cues: parseSubtitles({ text: vtt }).cues })).toBe(srt);
  });
});

describe('formatting invalid cues', () => {
  it('refuses cues that cannot be written, with code INVALID_CUE naming the cue', () => {
    const bad: Cue[][] = [
      [{ index: 1, startMs: 2000, endMs: 1000, lines: ['a'] }],
      [{ index: 1, startMs: -1, endMs: 1000, lines: ['a'] }],
      [{ index: 1, startMs: 0.5, endMs: 1000, lines: ['a'] }],
      [{ index: 1, startMs: 0, endMs: 1000, lines: ['  ', ''] }],
    ];
    for (const cuesToWrite of bad) {
      for (const format of [formatSrt, formatVtt]) {
        const error = errorOf(() => format({ cues: cuesToWrite }));
        expect(error.code).toBe('INVALID_CUE');
        expect(error.details.cue).toBe(1);
      }
    }
    expect(errorOf(() => formatSrt({ cues: [{ index: 1, startMs: 0, endMs: 1000, lines: ['a --> b'] }] })).code).toBe('INVALID_CUE');
    expect(formatVtt({ cues: [{ index: 1, startMs: 0, endMs: 1000, lines: ['a --> b'] }] })).toContain('a --&gt; b');
  });
});

describe('a top cue in the sidecars', () => {
  const cues: Cue[] = [
    { index: 1, startMs: 1000, endMs: 2000, lines: ['Ông Nguyễn Văn A'], placement: 'top' },
    { index: 2, startMs: 3000, endMs: 4000, lines: ['Phía dưới'] },
  ];

  it('writes {\\an8} in SRT and line:0 in WebVTT, and reads both back as the same cues', () => {
    const srt = formatSrt({ cues });
    expect(srt).toContain('00:00:01,000 --> 00:00:02,000\n{\\an8}Ông Nguyễn Văn A\n');
    const vtt = formatVtt({ cues });
    expect(vtt).toContain('00:00:01.000 --> 00:00:02.000 line:0\nÔng Nguyễn Văn A\n');
    expect(vtt).toContain('00:00:03.000 --> 00:00:04.000\nPhía dưới\n');
    expect(parseSubtitles({ text: srt }).cues).toEqual(cues);
    expect(parseSubtitles({ text: vtt }).cues).toEqual(cues);
  });
});

import { describe, expect, it } from 'vitest';
import { SubtitleError } from '../../../shared/subtitles/errors.ts';
import { readSubtitleFile } from '../../../shared/subtitles/read-subtitle-file.ts';
import * as subtitles from '../../../shared/subtitles/index.ts';
import { encodeWindows1258 } from '../../helpers/windows-1258.ts';

const SRT = [
  '1',
  '00:00:01,000 --> 00:00:05,000',
  'Liên hiệp các Hội Khoa học và Kỹ thuật',
  'thành phố Hải Phòng',
  '',
  '2',
  '00:00:05,040 --> 00:00:05,500',
  'ậ ệ ộ ặ ẫ ỗ',
  '',
].join('\r\n');

describe('readSubtitleFile', () => {
  it('reads a Windows-1258 SRT file with CRLF into NFC cues and lists its rule violations', () => {
    const file = readSubtitleFile({ bytes: encodeWindows1258(SRT) });
    expect(file.encoding).toBe('windows-1258');
    expect(file.format).toBe('srt');
    expect(file.cues).toEqual([
      { index: 1, startMs: 1000, endMs: 5000, lines: ['Liên hiệp các Hội Khoa học và Kỹ thuật', 'thành phố Hải Phòng'] },
      { index: 2, startMs: 5040, endMs: 5500, lines: ['ậ ệ ộ ặ ẫ ỗ'] },
    ]);
    expect(file.cues.flatMap((cue) => cue.lines).every((line) => line === line.normalize('NFC'))).toBe(true);
    expect(file.violations.map(({ cue, rule }) => ({ cue, rule }))).toEqual([
      { cue: 2, rule: 'min-gap' },
      { cue: 2, rule: 'reading-speed' },
      { cue: 2, rule: 'min-duration' },
    ]);
  });

  it('reads a UTF-16 LE WebVTT file with a BOM', () => {
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:03.000 line:90%\nXin chào\n';
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from(vtt, 'utf16le')]);
    expect(readSubtitleFile({ bytes })).toEqual({
      encoding: 'utf-16le',
      format: 'vtt',
      cues: [{ index: 1, startMs: 1000, endMs: 3000, lines: ['Xin chào'] }],
      violations: [],
    });
  });

  it('throws MALFORMED_SUBTITLES with the bad lines of a legacy file', () => {
    const bytes = encodeWindows1258(SRT.replace('00:00:05,040 --> 00:00:05,500', '00:00:05,040 00:00:05,500'));
    let caught: unknown;
    try {
      readSubtitleFile({ bytes });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SubtitleError);
    expect((caught as SubtitleError).code).toBe('MALFORMED_SUBTITLES');
    expect((caught as SubtitleError).details.problems).toMatchObject([{ line: 7 }]);
    expect((caught as SubtitleError).messageVi.startsWith('Tệp phụ đề SRT bị lỗi ở dòng 7: ')).toBe(true);
  });

  it('is exported from the folder index with the rest of the public surface', () => {
    for (const name of [
      'readSubtitleFile',
      'decodeSubtitleBytes',
      'parseSubtitles',
      'sniffSubtitleFormat',
      'checkSubtitleRules',
      'violationsToWarnings',
      'countSubtitleCharacters',
      'formatSrt',
      'formatVtt',
      'formatTimestamp',
      'parseTimestamp',
      'SubtitleError',
      'MalformedSubtitlesError',
      'DEFAULT_SUBTITLE_RULES',
      'SubtitleRulesSchema',
      'CueSchema',
    ]) {
      expect(subtitles).toHaveProperty(name);
    }
  });
});

describe('readSubtitleFile and the file name', () => {
  it('takes the format from a .vtt name: a WebVTT file without its header is told so', () => {
    const bytes = new TextEncoder().encode('00:00.000 --> 00:01.000\nXin chào\n');
    let caught: unknown;
    try {
      readSubtitleFile({ bytes, fileName: 'phu-de.VTT' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SubtitleError);
    expect((caught as SubtitleError).code).toBe('MALFORMED_SUBTITLES');
    expect((caught as SubtitleError).message).toContain('"WEBVTT"');
    expect(readSubtitleFile({ bytes: new TextEncoder().encode('WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n'), fileName: 'phu-de.vtt' }).format).toBe('vtt');
  });

  it('refuses two byte order marks read from bytes (the decoder took one)', () => {
    const bytes = Uint8Array.of(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nchữ\n'));
    expect(() => readSubtitleFile({ bytes })).toThrow(/second byte order mark/);
  });
});

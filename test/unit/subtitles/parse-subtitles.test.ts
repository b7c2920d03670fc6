import { describe, expect, it } from 'vitest';
import { ReportageError } from '../../../shared/domain/errors.ts';
import { MalformedSubtitlesError, SubtitleError } from '../../../shared/subtitles/errors.ts';
import { parseSubtitles, sniffSubtitleFormat } from '../../../shared/subtitles/parse-subtitles.ts';

function errorOf(run: () => unknown): SubtitleError {
  try {
    run();
  } catch (error) {
    if (error instanceof SubtitleError) return error;
    throw error;
  }
  throw new Error('expected a SubtitleError');
}

function problemLines(text: string, format?: 'srt' | 'vtt'): number[] {
  const error = errorOf(() => parseSubtitles(format ? { text, format } : { text }));
  expect(error).toBeInstanceOf(MalformedSubtitlesError);
  expect(error.code).toBe('MALFORMED_SUBTITLES');
  return (error.details.problems as { line: number }[]).map((problem) => problem.line);
}

const lines = (...rows: string[]) => rows.join('\n');

describe('parseSubtitles: SRT', () => {
  const srt = lines(
    '1',
    '00:00:01,000 --> 00:00:03,500',
    'Xin chào các đại biểu',
    'về dự Đại hội',
    '',
    '2',
    '01:02:03,004 --> 01:02:05,000',
    '<i>Liên hiệp các Hội</i> {\\an8}Khoa học',
    '',
  );

  it('reads cues with hours, multi-line text and integer milliseconds', () => {
    expect(parseSubtitles({ text: srt })).toEqual({
      format: 'srt',
      cues: [
        { index: 1, startMs: 1000, endMs: 3500, lines: ['Xin chào các đại biểu', 'về dự Đại hội'] },
        // `{\an8}` is removed from the text, and the top placement it asks for is kept.
        { index: 2, startMs: 3_723_004, endMs: 3_725_000, lines: ['Liên hiệp các Hội Khoa học'], placement: 'top' },
      ],
    });
  });

  it('reads CRLF text to the same cues as LF text', () => {
    expect(parseSubtitles({ text: srt.replace(/\n/g, '\r\n') })).toEqual(parseSubtitles({ text: srt }));
  });

  it('strips markup but keeps a literal "<" that is not a tag', () => {
    const { cues } = parseSubtitles({ text: lines('1', '00:00:01,000 --> 00:00:02,000', '<b>1 < 2</b> <font color="#ff0">vàng</font>') });
    expect(cues[0]?.lines).toEqual(['1 < 2 vàng']);
  });

  it('numbers cues by position, whatever numbers the file uses, and tolerates a missing number', () => {
    const { cues } = parseSubtitles({
      text: lines('7', '00:00:01,000 --> 00:00:02,000', 'một', '', '00:00:03,000 --> 00:00:04,000', 'hai', '', '3', '00:00:05,000 --> 00:00:06,000', 'ba'),
    });
    expect(cues.map((cue) => [cue.index, cue.lines[0]])).toEqual([
      [1, 'một'],
      [2, 'hai'],
      [3, 'ba'],
    ]);
  });

  it('returns NFC text from NFD input', () => {
    const { cues } = parseSubtitles({ text: lines('1', '00:00:01,000 --> 00:00:02,000', 'ậ ệ ộ ặ ẫ ỗ'.normalize('NFD')) });
    expect(cues[0]?.lines).toEqual(['ậ ệ ộ ặ ẫ ỗ']);
  });

  it('ignores a leading BOM and trailing blank lines', () => {
    expect(parseSubtitles({ text: `\uFEFF${srt}\n\n\n` }).cues).toHaveLength(2);
  });

  it('reports a missing arrow at its line', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'a', '', '2', '00:00:03,000 00:00:04,000', 'b'))).toEqual([6]);
    expect(problemLines(lines('1', '00:00:01,000 -> 00:00:02,000', 'a'))).toEqual([2]);
  });

  it('reports wrong timestamp syntax at its line', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'a', '', '2', '00:00:3,000 --> 00:00:04,000', 'b'))).toEqual([6]);
    expect(problemLines(lines('1', '00:00:01.000 --> 00:00:02,000', 'a'))).toEqual([2]); // "." is WebVTT, not SRT
    expect(problemLines(lines('1', '00:61:01,000 --> 00:62:02,000', 'a'))).toEqual([2, 2]); // both times bad
    expect(problemLines(lines('1', ' --> 00:00:02,000', 'a'))).toEqual([2]);
  });

  it('reports an end before (or at) its start at its line', () => {
    expect(problemLines(lines('1', '00:00:05,000 --> 00:00:04,000', 'a', '', '2', '00:00:06,000 --> 00:00:06,000', 'b'))).toEqual([2, 6]);
  });

  it('reports a cue without text at its timing line', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', '', '2', '00:00:03,000 --> 00:00:04,000', 'b'))).toEqual([2]);
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', '<i></i>'))).toEqual([2]);
  });

  it('reports a blank line inside a cue at the stray text', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'dòng một', '', 'dòng hai', '', '2', '00:00:03,000 --> 00:00:04,000', 'b'))).toEqual([5]);
  });

  it('reports a cue that follows another without a blank line, at the new cue number', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'a', '2', '00:00:03,000 --> 00:00:04,000', 'b'))).toEqual([4]);
  });

  it('keeps reading after a broken cue to report a cue glued to it', () => {
    expect(problemLines(lines('1', '00:00:01,000 00:00:02,000', 'a', '2', '00:00:03,000 --> 00:00:2,000', 'b'))).toEqual([2, 4, 5]);
  });

  it('reports a cue number with no timing line after it', () => {
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'a', '', '2', 'Xin chào'))).toEqual([6]);
    expect(problemLines(lines('1', '00:00:01,000 --> 00:00:02,000', 'a', '', '2'))).toEqual([5]);
  });

  it('lists every bad line of a file with many problems, in both languages', () => {
    const text = lines(
      '1', //                                 1
      '00:00:01,000 --> 00:00:02,000', //     2
      'Đúng', //                              3
      '', //                                  4
      '2', //                                 5
      '00:00:03,000 00:00:04,000', //         6  missing arrow
      'Thiếu mũi tên', //                     7
      '', //                                  8
      '3', //                                 9
      '00:00:05,000 --> 00:00:4,000', //      10 wrong syntax
      'Sai cú pháp', //                       11
      '', //                                  12
      '4', //                                 13
      '00:00:08,000 --> 00:00:07,000', //     14 end before start
      'Kết thúc trước', //                    15
      '', //                                  16
      '5', //                                 17
      '00:00:09,000 --> 00:00:10,000', //     18 no text
      '', //                                  19
      '6', //                                 20
      '00:00:11,000 --> 00:00:12,000', //     21
      'Đúng', //                              22
    );
    const error = errorOf(() => parseSubtitles({ text: text.replace(/\n/g, '\r\n') }));
    expect(error.code).toBe('MALFORMED_SUBTITLES');
    expect((error.details.problems as { line: number }[]).map((problem) => problem.line)).toEqual([6, 10, 14, 18]);
    expect(error.messageVi.startsWith('Tệp phụ đề SRT bị lỗi ở dòng 6, 10, 14, 18: ')).toBe(true);
    expect(error.messageVi).toContain('dòng 6: thiếu dấu "-->"');
    expect(error.message.startsWith('The SRT subtitle file is malformed at lines 6, 10, 14, 18: ')).toBe(true);
    for (const problem of error.details.problems as { message: string; messageVi: string }[]) {
      expect(problem.message).not.toBe('');
      expect(problem.messageVi).not.toBe('');
    }
  });

  it('names a single bad line in the singular', () => {
    const error = errorOf(() => parseSubtitles({ text: lines('1', '00:00:02,000 --> 00:00:01,000', 'a') }));
    expect(error.message.startsWith('The SRT subtitle file is malformed at line 2: ')).toBe(true);
    expect(error.messageVi.startsWith('Tệp phụ đề SRT bị lỗi ở dòng 2: ')).toBe(true);
  });

  it('throws EMPTY_SUBTITLES for an empty or blank file', () => {
    for (const text of ['', '\n\n', '\uFEFF  \r\n']) {
      const error = errorOf(() => parseSubtitles({ text }));
      expect(error).toBeInstanceOf(ReportageError);
      expect(error.code).toBe('EMPTY_SUBTITLES');
    }
  });
});

describe('parseSubtitles: WebVTT', () => {
  const vtt = lines(
    'WEBVTT - Phóng sự Đại hội',
    'Kind: captions',
    'Language: vi',
    '',
    'STYLE',
    '::cue { color: yellow }',
    '',
    'NOTE Bản dịch đã duyệt',
    'ngày 12/3',
    '',
    'chao-mung',
    '00:01.000 --> 00:03.500 align:start line:90% position:10%',
    '<v Chủ tịch>Xin chào</v> &amp; cảm ơn',
    '<c.yellow>các đại biểu</c> &lt;3 &gt;',
    '',
    '01:02:03.004 --> 01:02:05.000',
    'ậ ệ ộ ặ ẫ ỗ<00:00:04.000>',
    '',
  );

  it('reads cues with and without hours, identifiers, cue settings, markup and entities; skips STYLE and NOTE', () => {
    expect(parseSubtitles({ text: vtt })).toEqual({
      format: 'vtt',
      cues: [
        { index: 1, startMs: 1000, endMs: 3500, lines: ['Xin chào & cảm ơn', 'các đại biểu <3 >'] },
        { index: 2, startMs: 3_723_004, endMs: 3_725_000, lines: ['ậ ệ ộ ặ ẫ ỗ'] },
      ],
    });
  });

  it('reads CRLF WebVTT to the same cues as LF', () => {
    expect(parseSubtitles({ text: vtt.replace(/\n/g, '\r\n') })).toEqual(parseSubtitles({ text: vtt }));
  });

  it('reports a missing WEBVTT header at line 1 when WebVTT is asked for', () => {
    expect(problemLines(lines('00:01.000 --> 00:02.000', 'a'), 'vtt')).toEqual([1]);
    expect(problemLines(lines('WEBVTTX', '', '00:01.000 --> 00:02.000', 'a'))).toEqual([1]);
  });

  it('reports an SRT-style comma timestamp in WebVTT at its line', () => {
    expect(problemLines(lines('WEBVTT', '', '00:00:01,000 --> 00:00:02.000', 'a'))).toEqual([3]);
  });

  it('reports a missing arrow after an identifier, and a cue glued to the header', () => {
    expect(problemLines(lines('WEBVTT', '', 'id-1', '00:01.000 00:02.000', 'a'))).toEqual([4]);
    expect(problemLines(lines('WEBVTT', '00:01.000 --> 00:02.000', 'a'))).toEqual([2]);
  });

  it('reports an identifier with no timing line, and a cue without text', () => {
    expect(problemLines(lines('WEBVTT', '', 'chỉ có chữ', '', '00:01.000 --> 00:02.000'))).toEqual([3, 5]);
  });

  it('throws EMPTY_SUBTITLES for a header and notes with no cue', () => {
    expect(errorOf(() => parseSubtitles({ text: lines('WEBVTT', '', 'NOTE chưa có phụ đề', '') })).code).toBe('EMPTY_SUBTITLES');
  });
});

describe('WebVTT as its own parser test cases read it', () => {
  it('refuses a timing line whose parts are separated by vertical tabs (not WebVTT whitespace): no cue is gained silently', () => {
    const error = errorOf(() => parseSubtitles({ text: lines('WEBVTT', '', '00:00.000\v-->\v00:01.000', 'chữ') }));
    expect(error.code).toBe('MALFORMED_SUBTITLES');
    expect(new Set(problemLines(lines('WEBVTT', '', '00:00.000\v-->\v00:01.000', 'chữ')))).toEqual(new Set([3]));
    // A line of vertical tabs is not blank either.
    expect(parseSubtitles({ text: lines('WEBVTT', '', '00:00.000 --> 00:01.000', 'a', ' \t', '', '00:02.000\t-->\t00:03.000', 'b') }).cues).toHaveLength(2);
  });

  it('reads a STYLE block with a blank line inside it, a REGION block and NOTEs as the spec does: no cue, no error', () => {
    const text = lines(
      'WEBVTT',
      '',
      'STYLE',
      '::cue {',
      '  color: yellow;',
      '',
      '}',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'NOTE',
      'ghi chú',
      '',
      '00:00.000 --> 00:01.000',
      'Xin chào',
      '',
    );
    expect(parseSubtitles({ text }).cues.map((cue) => cue.lines)).toEqual([['Xin chào']]);
  });

  it('still reports a mistyped arrow in a WebVTT block', () => {
    expect(problemLines(lines('WEBVTT', '', '00:00.000 -> 00:01.000', 'a'))).toEqual([3]);
  });

  it('takes one BOM and reports a second one on line 1', () => {
    expect(parseSubtitles({ text: '\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\na\n' }).cues).toHaveLength(1);
    const twice = errorOf(() => parseSubtitles({ text: '\uFEFF\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\na\n' }));
    expect(twice.code).toBe('MALFORMED_SUBTITLES');
    expect(twice.message).toContain('second byte order mark');
    const srt = errorOf(() => parseSubtitles({ text: '\uFEFF1\n00:00:01,000 --> 00:00:02,000\na\n', stripBom: false }));
    expect(srt.message).toContain('second byte order mark');
  });

  it('reports a .vtt without its header in WebVTT terms, not SRT ones', () => {
    const error = errorOf(() => parseSubtitles({ text: lines('00:00.000 --> 00:01.000', 'a'), format: 'vtt' }));
    expect(error.message).toContain('must start with the line "WEBVTT"');
    expect(error.message).not.toContain('SRT');
  });
});

describe("a cue's vertical placement", () => {
  it('keeps WebVTT line settings that put a cue at the top, and leaves the others at the bottom', () => {
    const text = lines(
      'WEBVTT',
      '',
      '00:00.000 --> 00:01.000 line:0',
      'trên cùng',
      '',
      '00:01.000 --> 00:02.000 align:start line:10%,start',
      'gần trên',
      '',
      '00:02.000 --> 00:03.000 line:-1',
      'dưới cùng',
      '',
      '00:03.000 --> 00:04.000 line:90%',
      'gần dưới',
      '',
      '00:04.000 --> 00:05.000',
      'mặc định',
      '',
    );
    expect(parseSubtitles({ text }).cues.map((cue) => cue.placement ?? 'bottom')).toEqual(['top', 'top', 'bottom', 'bottom', 'bottom']);
  });

  it('reads an SRT cue moved up with {\\an8} (or {\\a6}) as a top cue, its text without the tag', () => {
    const { cues } = parseSubtitles({
      text: lines(
        '1',
        '00:00:01,000 --> 00:00:02,000',
        '{\\an8}Ông Nguyễn Văn A',
        '',
        '2',
        '00:00:03,000 --> 00:00:04,000',
        '{\\a6}Hai',
        '',
        '3',
        '00:00:05,000 --> 00:00:06,000',
        '{\\an2}Ba',
      ),
    });
    expect(cues.map((cue) => [cue.lines[0], cue.placement ?? 'bottom'])).toEqual([
      ['Ông Nguyễn Văn A', 'top'],
      ['Hai', 'top'],
      ['Ba', 'bottom'],
    ]);
  });
});

describe('sniffSubtitleFormat', () => {
  it('takes a file starting with WEBVTT for WebVTT and anything else for SRT', () => {
    expect(sniffSubtitleFormat({ text: 'WEBVTT\n\n' })).toBe('vtt');
    expect(sniffSubtitleFormat({ text: '\uFEFFWEBVTT' })).toBe('vtt');
    expect(sniffSubtitleFormat({ text: '1\n00:00:01,000 --> 00:00:02,000\nWEBVTT' })).toBe('srt');
  });
});

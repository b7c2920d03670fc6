import { ReportageError } from '../domain/errors.ts';
import type { SubtitleFormat } from './cue.ts';

/** Base class of every subtitle error: a file that cannot be read, or cues that cannot be written. */
export class SubtitleError extends ReportageError {}

/** One bad line of a subtitle file. `line` is 1-based, counted in the decoded text. */
export interface SubtitleProblem {
  line: number;
  message: string;
  messageVi: string;
}

/** How many problems the human-readable messages spell out; `details.problems` always has all. */
const PROBLEMS_IN_MESSAGE = 10;
/** How many line numbers the messages list before summarising the rest. */
const LINES_IN_MESSAGE = 50;

const FORMAT_NAMES: Record<SubtitleFormat, string> = { srt: 'SRT', vtt: 'WebVTT' };

/**
 * The file is not valid SRT/WebVTT. Code `MALFORMED_SUBTITLES`; `details.problems` lists every bad
 * line (sorted by line number), and both messages name the lines.
 */
export class MalformedSubtitlesError extends SubtitleError {
  readonly problems: readonly SubtitleProblem[];

  constructor({ format, problems }: { format: SubtitleFormat; problems: SubtitleProblem[] }) {
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    const lines = listLines({ lines: [...new Set(sorted.map((problem) => problem.line))] });
    const shown = sorted.slice(0, PROBLEMS_IN_MESSAGE);
    // "at line 4: line 4: …" says the line twice: name a problem's line only when there are several.
    const oneLine = new Set(sorted.map((problem) => problem.line)).size === 1;
    const more = sorted.length - shown.length;
    const name = FORMAT_NAMES[format];
    super({
      code: 'MALFORMED_SUBTITLES',
      message:
        `The ${name} subtitle file is malformed at ${lines.en}: ` +
        shown.map((problem) => (oneLine ? problem.message : `line ${problem.line}: ${problem.message}`)).join('; ') +
        (more > 0 ? `; and ${more} more problem(s)` : '') +
        '. Fix these lines and upload the file again.',
      messageVi:
        `Tệp phụ đề ${name} bị lỗi ở dòng ${lines.vi}: ` +
        shown.map((problem) => (oneLine ? problem.messageVi : `dòng ${problem.line}: ${problem.messageVi}`)).join('; ') +
        (more > 0 ? `; và ${more} lỗi khác` : '') +
        '. Hãy sửa các dòng này rồi tải tệp lên lại.',
      details: { format, problems: sorted },
    });
    this.problems = sorted;
  }
}

/** The file holds no cue at all (an empty file, or a WebVTT header alone). Code `EMPTY_SUBTITLES`. */
export class EmptySubtitlesError extends SubtitleError {
  constructor({ format }: { format: SubtitleFormat }) {
    super({
      code: 'EMPTY_SUBTITLES',
      message: `The ${FORMAT_NAMES[format]} subtitle file contains no cues. Check that you chose the right file.`,
      messageVi: `Tệp phụ đề ${FORMAT_NAMES[format]} không có câu phụ đề nào. Hãy kiểm tra lại xem đã chọn đúng tệp chưa.`,
      details: { format },
    });
  }
}

/**
 * The bytes are not text in an encoding we can identify. Code `UNDECODABLE_SUBTITLES`;
 * `details.reason` says why in English.
 */
export class UndecodableSubtitlesError extends SubtitleError {
  constructor({ reason, reasonVi, details = {} }: { reason: string; reasonVi: string; details?: Record<string, unknown> }) {
    super({
      code: 'UNDECODABLE_SUBTITLES',
      message: `The subtitle file could not be read as text: ${reason}. Save it as UTF-8 and upload it again.`,
      messageVi: `Không đọc được nội dung tệp phụ đề: ${reasonVi}. Hãy lưu tệp với bảng mã UTF-8 rồi tải lên lại.`,
      details: { reason, ...details },
    });
  }
}

/** The file is larger than any subtitle file of a programme could be. Code `SUBTITLES_TOO_LARGE`. */
export class SubtitlesTooLargeError extends SubtitleError {
  constructor({ sizeBytes, maxBytes }: { sizeBytes: number; maxBytes: number }) {
    super({
      code: 'SUBTITLES_TOO_LARGE',
      message: `The subtitle file has ${sizeBytes} bytes; at most ${maxBytes} are accepted. Check that you chose a subtitle file.`,
      messageVi: `Tệp phụ đề quá lớn (${sizeBytes} byte, tối đa ${maxBytes} byte). Hãy kiểm tra lại xem đã chọn đúng tệp phụ đề chưa.`,
      details: { sizeBytes, maxBytes },
    });
  }
}

/** A cue handed to a formatter cannot be written (negative or fractional time, end before start, no text). Code `INVALID_CUE`. */
export class InvalidCueError extends SubtitleError {
  constructor({ cue, reason, reasonVi }: { cue: number; reason: string; reasonVi: string }) {
    super({
      code: 'INVALID_CUE',
      message: `Cue ${cue} cannot be written: ${reason}.`,
      messageVi: `Không thể ghi phụ đề số ${cue}: ${reasonVi}.`,
      details: { cue, reason },
    });
  }
}

/** "line 7" / "lines 7, 12" (en) and "7, 12" (vi), summarising after `LINES_IN_MESSAGE` numbers. */
function listLines({ lines }: { lines: number[] }): { en: string; vi: string } {
  const shown = lines.slice(0, LINES_IN_MESSAGE).join(', ');
  const more = lines.length - LINES_IN_MESSAGE;
  const word = lines.length === 1 ? 'line' : 'lines';
  if (more <= 0) return { en: `${word} ${shown}`, vi: shown };
  return { en: `${word} ${shown} and ${more} more`, vi: `${shown} và ${more} dòng khác` };
}

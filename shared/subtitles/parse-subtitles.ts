import { nfc } from '../domain/text.ts';
import type { Cue, SubtitleFormat } from './cue.ts';
import { EmptySubtitlesError, MalformedSubtitlesError, type SubtitleProblem } from './errors.ts';
import { countTimestampLike, formatTimestamp, parseTimestamp, TIMESTAMP_SHAPES } from './timestamp.ts';

export interface ParsedSubtitles {
  format: SubtitleFormat;
  cues: Cue[];
}

/** A line of the file with its 1-based number. */
interface Line {
  number: number;
  text: string;
}

const ARROW = '-->';
const EXAMPLE_TIMESTAMP: Record<SubtitleFormat, string> = { srt: '00:01:02,500', vtt: '00:01:02.500' };
const EXAMPLE_TIMING: Record<SubtitleFormat, string> = {
  srt: '00:01:02,500 --> 00:01:05,000',
  vtt: '00:01:02.500 --> 00:01:05.000',
};
const VTT_HEADER = /^WEBVTT(?:[ \t].*)?$/;
/** Blocks of a WebVTT file that are not cues. */
const VTT_NON_CUE_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;
/** An arrow typed wrongly: `->`, `- ->`, `=>`, `—>`, `→`. */
const ARROW_LIKE = /-\s*>|=>|[—–]>|→/;
/** SRT markup: HTML-like tags (`<i>`, `<font color="…">`) and SSA overrides (`{\an8}`). */
const SRT_MARKUP = /<\/?[A-Za-z][^<>]*>|\{\\[^{}]*\}/g;
/** SSA alignment overrides that put an SRT cue at the top: `{\an7}`–`{\an9}`, or the older `{\a5}`–`{\a7}`. */
const SRT_TOP = /\{\\(?:an[789]|a[567])\}/;
/** WebVTT markup: every `<…>` is a tag (a literal `<` must be written `&lt;`). */
const VTT_MARKUP = /<[^<>]*>/g;
const VTT_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00A0',
  lrm: '\u200E',
  rlm: '\u200F',
};

/**
 * Tells the format from the text: WebVTT files must start with `WEBVTT`; anything else is taken
 * for SRT (and the SRT parser says precisely what is wrong if it is not).
 */
/**
 * Whitespace as WebVTT defines it (ASCII: space, tab, form feed; line breaks split lines before).
 * JavaScript's `trim()` is wider (vertical tab, no-break space, U+FEFF …): a timing line written
 * with those is not one, and a line of them is not blank.
 */
const ASCII_SPACE = /^[ \t\f]+|[ \t\f]+$/g;
const BLANK = /^[ \t\f]*$/;

function trimAscii(text: string): string {
  return text.replace(ASCII_SPACE, '');
}

/** The format a file's name states (`.srt`, `.vtt`), or null. */
export function subtitleFormatOfName({ name }: { name: string }): SubtitleFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension === 'srt' ? 'srt' : extension === 'vtt' || extension === 'webvtt' ? 'vtt' : null;
}

export function sniffSubtitleFormat({ text }: { text: string }): SubtitleFormat {
  return /^\uFEFF?WEBVTT/.test(text) ? 'vtt' : 'srt';
}

/**
 * Parses SRT or WebVTT text strictly into cues with integer-millisecond times and NFC text.
 *
 * - Markup is removed: SRT `<i>`, `<b>`, `<font …>` and `{\an8}`-style overrides; every WebVTT tag
 *   (`<v Name>`, `<c.x>`, inline timestamps), and WebVTT entities (`&amp;`, `&lt;`, …) are decoded.
 *   The product renders subtitles in its own house style, and the rule checks count what is seen.
 * - Text lines are trimmed; a line holding only markup is dropped.
 * - WebVTT cue identifiers and cue settings are accepted; of the settings only the vertical
 *   placement is kept (`line:0`, or a `line` above the middle: `placement: 'top'`), as is an SRT
 *   cue's `{\an8}`; trailing SRT coordinates are ignored; `NOTE`, `STYLE` and `REGION` blocks are skipped.
 * - SRT cue numbers may be missing or out of sequence: `Cue.index` is the cue's 1-based position.
 * - Lines of spaces, tabs or form feeds (WebVTT's whitespace) count as blank lines: they separate cues.
 * - WebVTT: the part of a STYLE, REGION or NOTE block after a blank line inside it (no "-->" in it) is
 *   passed over, as the WebVTT parser does.
 *
 * Every bad line is collected before throwing, so a person can fix the file in one pass.
 *
 * @example
 * parseSubtitles({ text: '1\n00:00:01,000 --> 00:00:02,500\nXin chào\n' })
 * // { format: 'srt', cues: [{ index: 1, startMs: 1000, endMs: 2500, lines: ['Xin chào'] }] }
 * @throws {MalformedSubtitlesError} code `MALFORMED_SUBTITLES`, `details.problems` = every bad line:
 *   wrong timestamp syntax, end not after start, missing arrow, cue without text, text where a cue
 *   should start, a missing `WEBVTT` header.
 * @throws {EmptySubtitlesError} code `EMPTY_SUBTITLES` when the file is well formed but has no cue.
 */
export function parseSubtitles({
  text: given,
  stripBom = true,
  format = sniffSubtitleFormat({ text: given }),
}: {
  text: string;
  /** Take one byte order mark off the start (false: the decoder already took it; a second one is an error). */
  stripBom?: boolean;
  format?: SubtitleFormat;
}): ParsedSubtitles {
  const text = stripBom ? given.replace(/^\uFEFF/, '') : given;
  if (text.split(/\r\n|\r|\n/).every((line) => BLANK.test(line))) throw new EmptySubtitlesError({ format });
  const lines: Line[] = text.split(/\r\n|\r|\n/).map((lineText, offset) => ({ number: offset + 1, text: lineText }));
  const problems: SubtitleProblem[] = [];
  const cues: Cue[] = [];
  const blocks = splitBlocks({ lines });

  if (format === 'vtt') {
    const header = blocks.shift();
    const first = lines[0] ?? { number: 1, text: '' };
    if (!header || header[0] !== first || !VTT_HEADER.test(first.text)) {
      problems.push(
        first.text.startsWith('\uFEFF')
          ? secondBom({ line: first })
          : {
              line: 1,
              message: `a WebVTT file must start with the line "WEBVTT" (its header), found ${quote(first.text)}`,
              messageVi: `tệp WebVTT phải bắt đầu bằng dòng "WEBVTT" (phần tiêu đề), nhưng gặp ${quote(first.text)}`,
            },
      );
      throw new MalformedSubtitlesError({ format, problems });
    }
    const cueInHeader = header.findIndex((line) => line.text.includes(ARROW));
    if (cueInHeader >= 0) {
      const line = header[cueInHeader] as Line;
      problems.push({
        line: line.number,
        message: 'a cue starts inside the header: add a blank line after the WEBVTT header',
        messageVi: 'câu phụ đề bắt đầu ngay trong phần tiêu đề: hãy thêm một dòng trống sau tiêu đề WEBVTT',
      });
      blocks.unshift(header.slice(cueInHeader));
    }
  }

  let afterNonCue = false;
  for (const block of blocks) {
    if (format === 'vtt' && VTT_NON_CUE_BLOCK.test((block[0] as Line).text)) {
      afterNonCue = true;
      continue;
    }
    // WebVTT: a blank line ends a STYLE, REGION or NOTE block; what follows it without any "-->"
    // (the rest of a style sheet) is no cue, and the WebVTT parser passes over it.
    if (format === 'vtt' && afterNonCue && !block.some((line) => line.text.includes(ARROW) || looksLikeTimingWithoutArrow({ line }))) continue;
    afterNonCue = false;
    let from = 0;
    while (from < block.length) from = parseCue({ block, from, format, cues, problems });
  }

  if (problems.length > 0) throw new MalformedSubtitlesError({ format, problems });
  if (cues.length === 0) throw new EmptySubtitlesError({ format });
  return { format, cues };
}

/** Groups the lines into blocks separated by blank (or whitespace-only) lines. */
function splitBlocks({ lines }: { lines: Line[] }): Line[][] {
  const blocks: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (BLANK.test(line.text)) {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/**
 * Reads the cue that starts at `block[from]`, appending it to `cues` or its problems to
 * `problems`. Returns where the next cue of the same block starts (one that was not separated by a
 * blank line, reported as a problem), or `block.length`.
 */
function parseCue({
  block,
  from,
  format,
  cues,
  problems,
}: {
  block: Line[];
  from: number;
  format: SubtitleFormat;
  cues: Cue[];
  problems: SubtitleProblem[];
}): number {
  const timingAt = findTimingLine({ block, from, format, problems });
  // After a broken start, keep reading at the next arrow to report the lines of later cues too.
  const next = findNextCue({ block, after: timingAt ?? from, format });
  if (next < block.length) {
    problems.push({
      line: (block[next] as Line).number,
      message: 'a new cue starts here without a blank line before it',
      messageVi: 'câu phụ đề mới bắt đầu ở đây nhưng thiếu dòng trống phía trước',
    });
  }
  if (timingAt === null) return next;

  const timingLine = block[timingAt] as Line;
  const times = parseTimingLine({ line: timingLine, format, problems });
  const text = block
    .slice(timingAt + 1, next)
    .map((line) => toPlainText({ text: line.text, format }))
    .filter((line) => line !== '');
  if (text.length === 0) {
    problems.push({
      line: timingLine.number,
      message: 'the cue has no text (markup alone does not count)',
      messageVi: 'câu phụ đề không có nội dung chữ',
    });
  } else if (times) {
    const top = format === 'vtt' ? times.top : block.slice(timingAt + 1, next).some((line) => SRT_TOP.test(line.text));
    cues.push({ index: cues.length + 1, startMs: times.startMs, endMs: times.endMs, lines: text, ...(top ? { placement: 'top' as const } : {}) });
  }
  return next;
}

/**
 * The start of the next cue in a block after position `after`: its timing line, or the SRT cue
 * number just before it. `block.length` when there is none.
 */
function findNextCue({ block, after, format }: { block: Line[]; after: number; format: SubtitleFormat }): number {
  for (let position = after + 1; position < block.length; position += 1) {
    if (!(block[position] as Line).text.includes(ARROW)) continue;
    const previous = block[position - 1] as Line;
    return format === 'srt' && position - 1 > after && isCueNumber(previous) ? position - 1 : position;
  }
  return block.length;
}

/**
 * Where the timing line of the cue starting at `block[from]` is: there, or on the next line after
 * an SRT cue number / a WebVTT identifier. Null (with the problem recorded) when it is missing.
 */
function findTimingLine({
  block,
  from,
  format,
  problems,
}: {
  block: Line[];
  from: number;
  format: SubtitleFormat;
  problems: SubtitleProblem[];
}): number | null {
  const first = block[from] as Line;
  if (first.text.includes(ARROW)) return from;
  if (looksLikeTimingWithoutArrow({ line: first })) {
    problems.push(missingArrow({ line: first, format }));
    return null;
  }
  if (first.number === 1 && first.text.startsWith('\uFEFF')) {
    problems.push(secondBom({ line: first }));
    return null;
  }
  if (format === 'srt' && !isCueNumber(first)) {
    problems.push({
      line: first.number,
      message: `expected a cue number or a timing line, found ${quote(first.text)} (is there a blank line inside the previous cue?)`,
      messageVi: `cần số thứ tự hoặc dòng thời gian của câu phụ đề, nhưng gặp ${quote(first.text)} (có dòng trống nằm giữa câu phụ đề trước không?)`,
    });
    return null;
  }
  const second = block[from + 1];
  if (second?.text.includes(ARROW)) return from + 1;
  if (second && looksLikeTimingWithoutArrow({ line: second })) {
    problems.push(missingArrow({ line: second, format }));
    return null;
  }
  const where = second ?? first;
  const after = format === 'srt' ? 'the cue number' : 'the cue identifier';
  const afterVi = format === 'srt' ? 'số thứ tự' : 'định danh câu phụ đề';
  const example = EXAMPLE_TIMING[format];
  problems.push({
    line: where.number,
    message: `expected a timing line such as "${example}" after ${after}${second ? `, found ${quote(second.text)}` : ''}`,
    messageVi: `cần dòng thời gian dạng "${example}" sau ${afterVi}${second ? `, nhưng gặp ${quote(second.text)}` : ''}`,
  });
  return null;
}

/** Reads `start --> end [settings]`; null (with problems recorded) when the times are unusable. */
function parseTimingLine({
  line,
  format,
  problems,
}: {
  line: Line;
  format: SubtitleFormat;
  problems: SubtitleProblem[];
}): { startMs: number; endMs: number; top: boolean } | null {
  const arrowAt = line.text.indexOf(ARROW);
  const startText = trimAscii(line.text.slice(0, arrowAt));
  const [endText = '', ...settings] = trimAscii(line.text.slice(arrowAt + ARROW.length)).split(/[ \t\f]+/);
  const startMs = readTime({ text: startText, which: 'start', line, format, problems });
  const endMs = readTime({ text: endText, which: 'end', line, format, problems });
  if (settings.some((setting) => setting.includes(ARROW))) {
    problems.push({
      line: line.number,
      message: `more than one "${ARROW}" on the timing line`,
      messageVi: `dòng thời gian có nhiều hơn một dấu "${ARROW}"`,
    });
    return null;
  }
  if (startMs === null || endMs === null) return null;
  if (endMs <= startMs) {
    const start = formatTimestamp({ ms: startMs, format });
    const end = formatTimestamp({ ms: endMs, format });
    problems.push({
      line: line.number,
      message: `the end time ${end} is not after the start time ${start}`,
      messageVi: `thời điểm kết thúc ${end} không sau thời điểm bắt đầu ${start}`,
    });
    return null;
  }
  return { startMs, endMs, top: settings.some(isTopLine) };
}

/**
 * WebVTT's `line` setting puts a cue high on the picture: a line number from the top (`line:0`,
 * `line:1`; negative numbers count from the bottom) or a percentage above the middle (`line:10%`).
 */
function isTopLine(setting: string): boolean {
  const match = /^line:(-?\d+(?:\.\d+)?)(%?)(?:,(?:start|center|end))?$/.exec(setting);
  if (!match) return false;
  const value = Number(match[1]);
  return match[2] === '%' ? value < 50 : value >= 0;
}

function readTime({
  text,
  which,
  line,
  format,
  problems,
}: {
  text: string;
  which: 'start' | 'end';
  line: Line;
  format: SubtitleFormat;
  problems: SubtitleProblem[];
}): number | null {
  const ms = parseTimestamp({ text, format });
  if (ms !== null) return ms;
  const whichVi = which === 'start' ? 'bắt đầu' : 'kết thúc';
  const expected = `${TIMESTAMP_SHAPES[format]}, for example ${EXAMPLE_TIMESTAMP[format]}`;
  const expectedVi = `${TIMESTAMP_SHAPES[format].replace(' or ', ' hoặc ')}, ví dụ ${EXAMPLE_TIMESTAMP[format]}`;
  problems.push(
    text === ''
      ? {
          line: line.number,
          message: `the ${which} time is missing (expected ${expected})`,
          messageVi: `thiếu thời điểm ${whichVi} (cần ${expectedVi})`,
        }
      : {
          line: line.number,
          message: `the ${which} time ${quote(text)} is not a valid ${format === 'srt' ? 'SRT' : 'WebVTT'} timestamp (expected ${expected})`,
          messageVi: `thời điểm ${whichVi} ${quote(text)} sai định dạng (cần ${expectedVi})`,
        },
  );
  return null;
}

/** Two timestamps, or one and something like an arrow: a timing line whose `-->` is missing or mistyped. */
function looksLikeTimingWithoutArrow({ line }: { line: Line }): boolean {
  const count = countTimestampLike({ text: line.text });
  return count >= 2 || (count === 1 && ARROW_LIKE.test(line.text));
}

function missingArrow({ line, format }: { line: Line; format: SubtitleFormat }): SubtitleProblem {
  const example = EXAMPLE_TIMING[format];
  return {
    line: line.number,
    message: `the "${ARROW}" between start and end time is missing (expected "${example}")`,
    messageVi: `thiếu dấu "${ARROW}" giữa thời điểm bắt đầu và kết thúc (cần dạng "${example}")`,
  };
}

function isCueNumber(line: Line): boolean {
  return /^\d+$/.test(trimAscii(line.text));
}

function secondBom({ line }: { line: Line }): SubtitleProblem {
  return {
    line: line.number,
    message: 'a second byte order mark (U+FEFF) starts the text: save the file again as UTF-8',
    messageVi: 'đầu tệp có thêm một dấu BOM (U+FEFF) thừa: hãy lưu lại tệp với bảng mã UTF-8',
  };
}

/** One line of cue text as shown: markup removed, entities decoded (WebVTT), trimmed, NFC. */
function toPlainText({ text, format }: { text: string; format: SubtitleFormat }): string {
  const plain =
    format === 'srt'
      ? text.replace(SRT_MARKUP, '')
      : text.replace(VTT_MARKUP, '').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity({ entity, name }));
  return nfc(plain.trim());
}

function decodeEntity({ entity, name }: { entity: string; name: string }): string {
  if (name.startsWith('#')) {
    const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  }
  return VTT_ENTITIES[name] ?? entity;
}

/** Found text for messages: quoted, and cut short so a hostile line cannot flood a message. */
function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

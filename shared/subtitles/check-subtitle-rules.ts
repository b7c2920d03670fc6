import type { Warning } from '../domain/asset.ts';
import { nfc } from '../domain/text.ts';
import type { Cue } from './cue.ts';
import { formatTimestamp } from './timestamp.ts';

/**
 * The subtitle rules of SPECS.md as data, so that a project can override them
 * (`SubtitleRulesSchema.parse({ maxCharsPerLine: 37 })` in subtitle-rules-schema.ts fills in the
 * rest). Durations are milliseconds; the defaults are frames at 25 fps (21 frames = 840 ms, 2 = 80 ms).
 * This module holds no zod: the cut editor checks cues with it in the browser.
 */
export interface SubtitleRules {
  /** Characters (grapheme clusters, spaces and punctuation included) on one line. */
  maxCharsPerLine: number;
  maxLines: number;
  /** Reading speed: characters of all lines (line breaks not counted) per second on screen. */
  maxCharsPerSecond: number;
  minDurationMs: number;
  maxDurationMs: number;
  /** Between the end of a cue and the start of the next. */
  minGapMs: number;
}

export const DEFAULT_SUBTITLE_RULES: Readonly<SubtitleRules> = Object.freeze({
  maxCharsPerLine: 42,
  maxLines: 2,
  maxCharsPerSecond: 17,
  minDurationMs: 840,
  maxDurationMs: 7000,
  minGapMs: 80,
});

/** Each rule and the stable warning code it becomes (editor warnings, QC report). */
export const SUBTITLE_RULE_CODES = {
  'line-length': 'SUBTITLE_LINE_TOO_LONG',
  'line-count': 'SUBTITLE_TOO_MANY_LINES',
  'reading-speed': 'SUBTITLE_READING_SPEED_TOO_HIGH',
  'min-duration': 'SUBTITLE_TOO_SHORT',
  'max-duration': 'SUBTITLE_TOO_LONG',
  'min-gap': 'SUBTITLE_GAP_TOO_SHORT',
  overlap: 'SUBTITLE_OVERLAP',
} as const;
export type SubtitleRuleName = keyof typeof SUBTITLE_RULE_CODES;

/** One broken rule. `cue` is the cue's `index`; for gaps and overlaps, the later cue's. */
export interface SubtitleViolation {
  cue: number;
  rule: SubtitleRuleName;
  message: string;
  messageVi: string;
}

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * Counts characters as a viewer sees them: grapheme clusters of the NFC text, so "ậ" is one
 * character however it was typed, and spaces and punctuation count.
 *
 * @example countSubtitleCharacters({ text: 'Hội nghị' }) // 8
 */
export function countSubtitleCharacters({ text }: { text: string }): number {
  let count = 0;
  for (const _ of graphemes.segment(nfc(text))) count += 1;
  return count;
}

/**
 * Checks cues against the subtitle rules: characters per line, lines per cue, reading speed,
 * minimum and maximum duration, the gap between consecutive cues, and overlaps. Cues are taken in
 * the order given. Returns every violation (empty when the subtitles are clean), cue by cue.
 *
 * @example
 * checkSubtitleRules({ cues: [{ index: 1, startMs: 0, endMs: 500, lines: ['Xin chào'] }] })
 * // [{ cue: 1, rule: 'min-duration', message: 'Cue 1 is shown for 0.5 s; …', messageVi: '…' }]
 */
export function checkSubtitleRules({ cues, rules = DEFAULT_SUBTITLE_RULES }: { cues: readonly Cue[]; rules?: Readonly<SubtitleRules> }): SubtitleViolation[] {
  const violations: SubtitleViolation[] = [];
  cues.forEach((cue, position) => {
    const previous = position > 0 ? cues[position - 1] : undefined;
    if (previous) violations.push(...checkSpacing({ cue, previous, rules }));
    violations.push(...checkCue({ cue, rules }));
  });
  return violations;
}

/**
 * Turns violations into the `Warning` records stored on an asset or a version and listed in QC.
 *
 * @example violationsToWarnings({ violations })[0]?.code // 'SUBTITLE_LINE_TOO_LONG'
 */
export function violationsToWarnings({ violations }: { violations: readonly SubtitleViolation[] }): Warning[] {
  return violations.map(({ rule, message, messageVi }) => ({ code: SUBTITLE_RULE_CODES[rule], message, messageVi }));
}

function checkCue({ cue, rules }: { cue: Cue; rules: Readonly<SubtitleRules> }): SubtitleViolation[] {
  const found: SubtitleViolation[] = [];
  const n = cue.index;
  const lengths = cue.lines.map((text) => countSubtitleCharacters({ text }));

  const longLines = lengths.flatMap((length, offset) => (length > rules.maxCharsPerLine ? [{ line: offset + 1, length }] : []));
  if (longLines.length > 0) {
    found.push({
      cue: n,
      rule: 'line-length',
      message:
        `Cue ${n}: ${longLines.map(({ line, length }) => `line ${line} has ${length} characters`).join(', ')}; ` +
        `at most ${rules.maxCharsPerLine} fit on a line. Break the line or shorten the text.`,
      messageVi:
        `Phụ đề số ${n}: ${longLines.map(({ line, length }) => `dòng ${line} có ${length} ký tự`).join(', ')}, ` +
        `vượt quá ${rules.maxCharsPerLine} ký tự mỗi dòng. Hãy ngắt dòng hoặc rút gọn câu.`,
    });
  }

  if (cue.lines.length > rules.maxLines) {
    found.push({
      cue: n,
      rule: 'line-count',
      message: `Cue ${n} has ${cue.lines.length} lines; at most ${rules.maxLines} are allowed. Split it into two cues.`,
      messageVi: `Phụ đề số ${n} có ${cue.lines.length} dòng, tối đa ${rules.maxLines} dòng. Hãy tách thành hai phụ đề.`,
    });
  }

  const durationMs = cue.endMs - cue.startMs;
  const characters = lengths.reduce((sum, length) => sum + length, 0);
  // Compared in integers: characters / seconds > max  ⇔  characters · 1000 > max · milliseconds.
  if (durationMs > 0 && characters * 1000 > rules.maxCharsPerSecond * durationMs) {
    const speed = ((characters * 1000) / durationMs).toFixed(1);
    found.push({
      cue: n,
      rule: 'reading-speed',
      message:
        `Cue ${n} needs a reading speed of ${speed} characters per second (${characters} characters in ${seconds(durationMs)} s); ` +
        `at most ${rules.maxCharsPerSecond} can be read. Shorten the text or show it longer.`,
      messageVi:
        `Phụ đề số ${n} cần tốc độ đọc ${vi(speed)} ký tự/giây (${characters} ký tự trong ${vi(seconds(durationMs))} giây), ` +
        `vượt quá ${vi(String(rules.maxCharsPerSecond))} ký tự/giây. Hãy rút gọn câu hoặc kéo dài thời gian hiển thị.`,
    });
  }

  if (durationMs < rules.minDurationMs) {
    found.push({
      cue: n,
      rule: 'min-duration',
      message: `Cue ${n} is shown for ${seconds(durationMs)} s; it needs at least ${seconds(rules.minDurationMs)} s to be read. Show it longer.`,
      messageVi: `Phụ đề số ${n} chỉ hiển thị ${vi(seconds(durationMs))} giây, tối thiểu ${vi(seconds(rules.minDurationMs))} giây. Hãy kéo dài thời gian hiển thị.`,
    });
  }
  if (durationMs > rules.maxDurationMs) {
    found.push({
      cue: n,
      rule: 'max-duration',
      message: `Cue ${n} is shown for ${seconds(durationMs)} s; at most ${seconds(rules.maxDurationMs)} s is allowed. Split it into two cues.`,
      messageVi: `Phụ đề số ${n} hiển thị ${vi(seconds(durationMs))} giây, tối đa ${vi(seconds(rules.maxDurationMs))} giây. Hãy tách thành hai phụ đề.`,
    });
  }
  return found;
}

function checkSpacing({ cue, previous, rules }: { cue: Cue; previous: Cue; rules: Readonly<SubtitleRules> }): SubtitleViolation[] {
  const n = cue.index;
  const p = previous.index;
  const gapMs = cue.startMs - previous.endMs;
  if (gapMs < 0) {
    const start = formatTimestamp({ ms: cue.startMs, format: 'vtt' });
    const end = formatTimestamp({ ms: previous.endMs, format: 'vtt' });
    return [
      {
        cue: n,
        rule: 'overlap',
        message: `Cue ${n} starts at ${start}, before cue ${p} ends at ${end}. Cues must not overlap: move one of them.`,
        messageVi: `Phụ đề số ${n} bắt đầu lúc ${start}, trước khi phụ đề số ${p} kết thúc (${end}). Các phụ đề không được chồng lên nhau.`,
      },
    ];
  }
  if (gapMs < rules.minGapMs) {
    return [
      {
        cue: n,
        rule: 'min-gap',
        message: `Cue ${n} starts ${gapMs} ms after cue ${p} ends; leave at least ${rules.minGapMs} ms between cues.`,
        messageVi: `Phụ đề số ${n} bắt đầu chỉ ${gapMs} ms sau khi phụ đề số ${p} kết thúc; hai phụ đề phải cách nhau tối thiểu ${rules.minGapMs} ms.`,
      },
    ];
  }
  return [];
}

/** Milliseconds as seconds without trailing zeros: 840 → "0.84", 7000 → "7". */
function seconds(ms: number): string {
  return String(ms / 1000);
}

/** Vietnamese writes the decimal separator as a comma. */
function vi(decimal: string): string {
  return decimal.replace('.', ',');
}

import type { SubtitleFormat } from './cue.ts';

/** SRT: `HH:MM:SS,mmm` (hours at least two digits). */
const SRT_TIMESTAMP = /^(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})$/;
/** WebVTT: `[HH:]MM:SS.mmm` (hours optional, at least two digits when present). */
const VTT_TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
/** Anything a person would recognise as a timestamp, in either format, well-formed or not. */
const TIMESTAMP_LIKE = /\d+:\d+(?::\d+)?[,.:]\d+/g;

/** The expected shape, as shown in error messages. */
export const TIMESTAMP_SHAPES: Record<SubtitleFormat, string> = {
  srt: 'HH:MM:SS,mmm',
  vtt: 'HH:MM:SS.mmm or MM:SS.mmm',
};

/**
 * Reads one timestamp strictly, in integer milliseconds; null when the text is not a timestamp
 * of that format (wrong separators, missing digits, minutes or seconds above 59).
 *
 * @example parseTimestamp({ text: '01:02:03,004', format: 'srt' }) // 3_723_004
 */
export function parseTimestamp({ text, format }: { text: string; format: SubtitleFormat }): number | null {
  const match = (format === 'srt' ? SRT_TIMESTAMP : VTT_TIMESTAMP).exec(text);
  if (!match) return null;
  const [, hours = '0', minutes = '0', seconds = '0', millis = '0'] = match;
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
  return Number.isSafeInteger(ms) ? ms : null;
}

/**
 * Writes integer milliseconds as `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT, hours always
 * written). Hours grow past two digits when needed.
 *
 * @example formatTimestamp({ ms: 3_723_004, format: 'vtt' }) // '01:02:03.004'
 */
export function formatTimestamp({ ms, format }: { ms: number; format: SubtitleFormat }): string {
  const millis = ms % 1000;
  const totalSeconds = Math.floor(ms / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const separator = format === 'srt' ? ',' : '.';
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(millis, 3)}`;
}

/** How many timestamp-looking tokens a line holds (to tell a timing line with a broken arrow from text). */
export function countTimestampLike({ text }: { text: string }): number {
  return text.match(TIMESTAMP_LIKE)?.length ?? 0;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

import { z } from 'zod';
import { secondsToFrame, type Span } from './span.ts';

/** Where a reading of silence ends up: ffmpeg prints `-inf`, JSON cannot carry it (as `parseEbur128Summary`). */
const FLOOR_LUFS = -120;

/** One point of the loudness-over-time plot: short-term loudness (3 s window) at `t` seconds. */
export const LoudnessPointSchema = z.object({ t: z.number().nonnegative(), lufs: z.number() });
export type LoudnessPoint = z.infer<typeof LoudnessPointSchema>;

export interface AudioLogReading {
  /** Runs below −60 dB for 2 s or more, in frames (end exclusive). */
  silence: Span[];
  /** Short-term loudness once a second. */
  shortTerm: LoudnessPoint[];
}

export interface AudioLogReader {
  push(args: { line: string }): void;
  /** `endSeconds`: where the sound ended, to close a silence still open (ffmpeg 5.1 closes it itself). */
  finish(args?: { endSeconds?: number | null }): AudioLogReading;
}

/** ebur128 prints no short-term reading (−120.7) until its 3-second window is full. */
const SHORT_TERM_WINDOW_SECONDS = 3;
const SILENCE_START = /\bsilence_start:\s*(-?[\d.]+(?:e-?\d+)?)/;
const SILENCE_END = /\bsilence_end:\s*(-?[\d.]+(?:e-?\d+)?)/;
/** `t: 6.09998    TARGET:-23 LUFS    M: -22.8 S: -21.9     I: -21.8 LUFS …` */
const EBUR128_FRAME = /(?:^|[\s\]])t:\s*([\d.]+)\s+TARGET:.*?\bS:\s*(-?(?:inf|nan|[\d.]+))/;

/**
 * A reader of the stderr of the sound pass (`buildAudioAnalysisArgs`):
 *
 * ```
 * [Parsed_ebur128_0 @ 0x…] [info] t: 0.999979   TARGET:-23 LUFS    M: -23.0 S: -23.0     I: -23.0 LUFS …
 * [silencedetect @ 0x…] [info] silence_start: 3.008
 * [silencedetect @ 0x…] [info] silence_end: 6 | silence_duration: 2.992
 * ```
 *
 * ebur128 logs every 100 ms; the plot keeps the reading nearest each whole second (one point a
 * second: 900 for a 15-minute programme), from 3 s on (the short-term window is 3 s long; before
 * it is full ebur128 prints a placeholder, not a reading). Silence times become frames at `fps`.
 */
export function createAudioLogReader({
  fps,
  startSeconds = 0,
}: {
  fps: number;
  /** File time where the measured sound starts (a programme after a line-up): the window fills from there. */
  startSeconds?: number;
}): AudioLogReader {
  const silence: Span[] = [];
  const shortTerm: LoudnessPoint[] = [];
  let silenceOpen: number | null = null;
  let lastSecond = -1;

  return {
    push({ line }) {
      const frame = EBUR128_FRAME.exec(line);
      if (frame) {
        const t = Number(frame[1]);
        const second = Math.round(t);
        if (Math.abs(t - second) < 0.05 && second > lastSecond && second >= startSeconds + SHORT_TERM_WINDOW_SECONDS) {
          lastSecond = second;
          shortTerm.push({ t: second, lufs: readLufs(frame[2] ?? '') });
        }
        return;
      }
      const start = SILENCE_START.exec(line);
      if (start) {
        silenceOpen = secondsToFrame({ seconds: Number(start[1]), fps });
        return;
      }
      const end = SILENCE_END.exec(line);
      if (end) {
        const endFrame = secondsToFrame({ seconds: Number(end[1]), fps });
        if (silenceOpen !== null && endFrame > silenceOpen) silence.push({ start: silenceOpen, end: endFrame });
        silenceOpen = null;
      }
    },
    finish({ endSeconds = null } = {}) {
      if (silenceOpen !== null && endSeconds !== null) {
        const endFrame = secondsToFrame({ seconds: endSeconds, fps });
        if (endFrame > silenceOpen) silence.push({ start: silenceOpen, end: endFrame });
      }
      silenceOpen = null;
      return { silence: [...silence], shortTerm: [...shortTerm] };
    },
  };
}

/**
 * Reads a whole captured log at once (tests, cached stderr). Same rules as `createAudioLogReader`.
 *
 * @example parseAudioLog({ text: stderr, fps: 25 }).silence // [{ start: 75, end: 150 }]
 */
export function parseAudioLog({ text, fps, endSeconds = null }: { text: string; fps: number; endSeconds?: number | null }): AudioLogReading {
  const reader = createAudioLogReader({ fps });
  for (const line of text.split(/\r?\n/)) reader.push({ line });
  return reader.finish({ endSeconds });
}

function readLufs(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) return FLOOR_LUFS;
  return Math.max(Math.round(value * 10) / 10, FLOOR_LUFS);
}

import { secondsToFrame, type Span } from './span.ts';

/** What one picture pass printed, before spans are joined and flashes counted. */
export interface PictureLogReading {
  /** Frames that went through the filters. */
  frames: number;
  /** Runs of black frames (`blackdetect`), any length. */
  black: Span[];
  /** Runs of frames identical to their first (`freezedetect`), two frames or longer. */
  freeze: Span[];
  /** Average luma of every frame, a share of the 8-bit range (0–1), 4 decimals. */
  luma: number[];
}

/** Reads lines as they arrive; `finish` closes what is still open at the end of the stream. */
export interface PictureLogReader {
  push(args: { line: string }): void;
  finish(): PictureLogReading;
}

/**
 * Matched anywhere in a line, not after a fixed prefix: a line may carry `[Parsed_metadata_2 @ 0x…] [info] `
 * or, when ffmpeg's stats line is on, follow `frame=  1 fps=…\r` without a newline.
 */
const FRAME_HEADER = /(?:^|[\s\]])frame:\s*(\d+)\s+pts:\s*\S+\s+pts_time:\s*(-?[\d.]+)/;
/** `lavfi.black_start=2` as the metadata filter prints it (freezedetect's own `key: value` lines do not match). */
const KEY_VALUE = /(?:^|[\s\]])(lavfi\.[\w.]+)=(\S*)\s*$/;

/**
 * A reader of the stderr of the picture pass (`buildPictureAnalysisArgs`), which prints per frame,
 * through two `metadata=mode=print` filters:
 *
 * ```
 * [Parsed_metadata_2 @ 0x…] [info] frame:50   pts:25600   pts_time:2
 * [Parsed_metadata_2 @ 0x…] [info] lavfi.black_start=2
 * [Parsed_metadata_6 @ 0x…] [info] frame:50   pts:25600   pts_time:2
 * [Parsed_metadata_6 @ 0x…] [info] lavfi.signalstats.YAVG=16.000
 * ```
 *
 * Frame numbers come from the headers, so spans are exact integer frames:
 * - `lavfi.black_start` marks the first black frame, `lavfi.black_end` the first frame after;
 * - `lavfi.freezedetect.freeze_start` (set once the freeze has lasted `d`) holds the time of the
 *   freeze's first frame, `freeze_end` marks the first frame that differs;
 * - a run still open when the stream ends is closed at the last frame (ffmpeg 5.1's freezedetect
 *   never closes it; blackdetect's own log would end it one frame early).
 *
 * Everything else (blackdetect's and freezedetect's own log lines, ffmpeg's banner) is ignored.
 */
export function createPictureLogReader({ fps }: { fps: number }): PictureLogReader {
  let current = -1;
  let frames = 0;
  let origin: number | null = null;
  let blackOpen: number | null = null;
  let freezeOpen: number | null = null;
  const black: Span[] = [];
  const freeze: Span[] = [];
  const luma: number[] = [];

  const close = (list: Span[], start: number | null, end: number) => {
    if (start !== null && end > start) list.push({ start, end });
  };

  return {
    push({ line }) {
      const header = FRAME_HEADER.exec(line);
      if (header) {
        current = Number(header[1]);
        frames = Math.max(frames, current + 1);
        if (origin === null) origin = Number(header[2]);
        return;
      }
      const pair = KEY_VALUE.exec(line);
      if (!pair || current < 0) return;
      const [, key, value = ''] = pair;
      switch (key) {
        case 'lavfi.signalstats.YAVG': {
          const average = Number(value);
          if (Number.isFinite(average)) luma[current] = Math.round((average / 255) * 10_000) / 10_000;
          break;
        }
        case 'lavfi.black_start':
          if (blackOpen === null) blackOpen = current;
          break;
        case 'lavfi.black_end':
          close(black, blackOpen, current);
          blackOpen = null;
          break;
        case 'lavfi.freezedetect.freeze_start': {
          const seconds = Number(value);
          const start = Number.isFinite(seconds) ? secondsToFrame({ seconds: seconds - (origin ?? 0), fps }) : current;
          freezeOpen = Math.min(start, current);
          break;
        }
        case 'lavfi.freezedetect.freeze_end':
          close(freeze, freezeOpen, current);
          freezeOpen = null;
          break;
        default:
          break;
      }
    },
    finish() {
      close(black, blackOpen, frames);
      close(freeze, freezeOpen, frames);
      blackOpen = null;
      freezeOpen = null;
      // A frame whose statistics were lost (never seen in practice) takes its neighbour's value.
      const filled: number[] = [];
      for (let i = 0; i < frames; i++) filled.push(luma[i] ?? filled[i - 1] ?? 0);
      return { frames, black: [...black], freeze: [...freeze], luma: filled };
    },
  };
}

/**
 * Reads a whole captured log at once (tests, cached stderr). Same rules as `createPictureLogReader`.
 *
 * @example parsePictureLog({ text: stderr, fps: 25 }).black // [{ start: 50, end: 126 }]
 */
export function parsePictureLog({ text, fps }: { text: string; fps: number }): PictureLogReading {
  const reader = createPictureLogReader({ fps });
  for (const line of text.split(/\r?\n/)) reader.push({ line });
  return reader.finish();
}

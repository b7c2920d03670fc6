import type { Loudness } from '../domain/media-facts.ts';

/** Where a reading of silence ends up: ffmpeg prints `-inf`, JSON cannot carry it. */
const FLOOR_DB = -120;

/**
 * Reads the summary the `ebur128=peak=true` filter logs when it ends (the last one, if several):
 *
 * ```
 * [Parsed_ebur128_0 @ 0x…] [info] Summary:
 *   Integrated loudness:
 *     I:         -23.0 LUFS
 *   Loudness range:
 *     LRA:         0.0 LU
 *   True peak:
 *     Peak:      -20.8 dBFS
 * ```
 *
 * `Peak` is labelled dBFS but is the true peak (4× oversampled) with `peak=true`, i.e. dBTP.
 * Returns null when there is no complete summary (no audio went through the filter).
 */
export function parseEbur128Summary({ stderr }: { stderr: string }): Loudness | null {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) return null;
  const summary = stderr.slice(at);
  const integrated = readNumber(/\bI:\s+(-?(?:inf|[\d.]+))\s+LUFS/.exec(summary)?.[1]);
  const range = readNumber(/\bLRA:\s+(-?(?:inf|[\d.]+))\s+LU\b/.exec(summary)?.[1]);
  const peak = readNumber(/\bPeak:\s+(-?(?:inf|[\d.]+))\s+dBFS/.exec(summary)?.[1]);
  if (integrated === null || range === null || peak === null) return null;
  return { integratedLufs: integrated, loudnessRangeLu: range, truePeakDbtp: peak };
}

function readNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^-?inf$/.test(text)) return text.startsWith('-') ? FLOOR_DB : null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  return Math.max(value, FLOOR_DB);
}

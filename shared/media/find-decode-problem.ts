import { MediaRejectedError } from './errors.ts';

/** Error lines that mean the data stops early rather than being garbled. */
const TRUNCATION = /partial file|moov atom not found|Truncating packet|unexpected end of file|End of file/i;

/**
 * Judges a decoding pass: `TRUNCATED` when the demuxer ran out of data or the decoded duration falls
 * far short of the probed one (more than 10 % and more than half a second), `UNDECODABLE` when the
 * decoders logged errors (`[error]` lines under `-loglevel level+info`); null when it decoded clean.
 * A healthy file logs no error at all: the QC decode test (SPECS.md) asks the same of deliveries.
 *
 * @example findDecodeProblem({ errorLines: ['[h264 @ 0x1] [error] error while decoding MB 7 8'], decodedSeconds: 3, expectedSeconds: 3 })
 * // MediaRejectedError UNDECODABLE
 */
export function findDecodeProblem({
  errorLines,
  errorCount = errorLines.length,
  decodedSeconds,
  expectedSeconds,
  maxErrors = 0,
}: {
  /** Some or all of the `[error]`/`[fatal]` lines of the pass. */
  errorLines: readonly string[];
  /** How many error lines there were in all (the list may be capped). */
  errorCount?: number;
  decodedSeconds: number | null;
  expectedSeconds: number | null;
  maxErrors?: number;
}): MediaRejectedError | null {
  if (errorLines.some((line) => TRUNCATION.test(line))) return new MediaRejectedError({ code: 'TRUNCATED', details: { reason: 'data-ends-early' } });
  if (decodedSeconds !== null && expectedSeconds !== null) {
    const missing = expectedSeconds - decodedSeconds;
    if (missing > 0.5 && missing > 0.1 * expectedSeconds) return new MediaRejectedError({ code: 'TRUNCATED', details: { reason: 'decoded-duration-short' } });
  }
  if (errorCount > maxErrors) return new MediaRejectedError({ code: 'UNDECODABLE', details: { errorLines: errorCount } });
  return null;
}

/** True for a stderr line logged at error level or worse. */
export function isErrorLine({ line }: { line: string }): boolean {
  return /\[(error|fatal|panic)\]/.test(line);
}

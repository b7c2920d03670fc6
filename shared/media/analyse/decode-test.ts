import { z } from 'zod';
import { toFfmpegUrl } from '../build-input-args.ts';
import { FfmpegFailedError } from '../errors.ts';
import { isErrorLine } from '../find-decode-problem.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildDecodeTestArgs } from './build-analysis-args.ts';

/** Error lines kept in the result; the count says how many there were. */
const KEPT_ERRORS = 50;

export const DecodeTestResultSchema = z.object({
  /** True when every frame and sample decoded with no error-level message. */
  ok: z.boolean(),
  /** ffmpeg's error-level lines (the first 50), the input's name replaced by `<input>`. */
  errors: z.array(z.string()),
  /** All error lines, including those not kept. */
  errorCount: z.number().int().nonnegative(),
  /** How far decoding got, in seconds (null when ffmpeg could not start). */
  decodedSeconds: z.number().nonnegative().nullable(),
});
export type DecodeTestResult = z.infer<typeof DecodeTestResultSchema>;

/**
 * The decode test of QC: decodes every picture and sound stream of the file to nothing and
 * reports each error-level message. A clean file logs none; a damaged or truncated one logs
 * `Invalid NAL unit size`, `partial file`, `moov atom not found`… and fails. With
 * `expectedSeconds`, decoding that stops more than one second short fails too.
 *
 * Only the tool's own failures (not found, killed, timed out) are thrown: a file ffmpeg refuses is
 * a failed test, not an exception.
 *
 * @example
 * const { ok, errors } = await decodeTest({ source, tools: config.ffmpeg });
 */
export async function decodeTest({
  source,
  tools,
  expectedSeconds,
  picture = 'decode',
  range,
  signal,
  onProgress,
}: {
  source: MediaSource;
  tools: MediaTools;
  /** `packets`: read the picture without decoding it (see `buildDecodeTestArgs`); sound is always decoded. */
  picture?: 'decode' | 'packets';
  /** Only this part of the file; `expectedSeconds` is then the part's length. */
  range?: { startSeconds: number; durationSeconds?: number };
  /** The file's duration by its index; decoding must reach it (within 1 s). */
  expectedSeconds?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { seconds: number }) => void;
}): Promise<DecodeTestResult> {
  const scrub = makeScrubber({ source });
  const errors: string[] = [];
  let errorCount = 0;
  const onStderrLine = (line: string) => {
    if (!isErrorLine({ line })) return;
    errorCount++;
    if (errors.length < KEPT_ERRORS) errors.push(scrub(line.trim()));
  };
  let decodedSeconds: number | null = null;
  try {
    ({ outTimeSeconds: decodedSeconds } = await runFfmpeg({
      args: buildDecodeTestArgs({ source, picture, ...(range ? { range } : {}) }),
      tools,
      onStderrLine,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    }));
  } catch (error) {
    if (!(error instanceof FfmpegFailedError)) throw error;
    if (errors.length === 0) errors.push(...error.stderrTail.map((line) => scrub(line)));
    return { ok: false, errors, errorCount: Math.max(errorCount, errors.length, 1), decodedSeconds };
  }
  if (expectedSeconds !== undefined && (decodedSeconds ?? 0) < expectedSeconds - 1) {
    errors.push(`decoding stopped at ${(decodedSeconds ?? 0).toFixed(2)} s of ${expectedSeconds.toFixed(2)} s`);
    errorCount++;
  }
  return { ok: errorCount === 0, errors, errorCount, decodedSeconds };
}

/** Hides the input's url or path from ffmpeg's lines: a path names the store's layout, a URL may be signed. */
function makeScrubber({ source }: { source: MediaSource }): (line: string) => string {
  const url = toFfmpegUrl(source);
  const secrets = [url, url.startsWith('file:') ? url.slice('file:'.length) : url].sort((a, b) => b.length - a.length);
  return (line) => {
    let clean = line;
    for (const secret of secrets) if (secret) clean = clean.split(secret).join('<input>');
    return clean.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
  };
}

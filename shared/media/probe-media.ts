import { stat } from 'node:fs/promises';
import type { ProbeFacts } from '../domain/media-facts.ts';
import { buildInputArgs, toFfmpegUrl } from './build-input-args.ts';
import { FfmpegFailedError, MediaReadError, MediaRejectedError, type MediaError } from './errors.ts';
import { IMAGE_DEMUXERS, REFERENCE_DEMUXERS } from './media-allow-lists.ts';
import type { MediaSource, MediaTools } from './media-tools.ts';
import { mapProbeJson } from './map-probe-json.ts';
import { DEFAULT_MEDIA_LIMITS, checkPictureSize, readPictureSize, type MediaLimits } from './media-limits.ts';
import { readExifOrientation } from './read-exif-orientation.ts';
import { readHead } from './read-head.ts';
import { runFfprobe } from './run-ffprobe.ts';
import { sniffMedia } from './sniff-media.ts';

/** The ffprobe arguments of `probeMedia`: JSON of the container and every stream, with the input whitelists. */
export function buildProbeArgs({ source }: { source: MediaSource }): string[] {
  return ['-print_format', 'json', '-show_format', '-show_streams', ...buildInputArgs({ source })];
}

/**
 * Probes an untrusted original and returns its `ProbeFacts`, or throws a fatal `MediaRejectedError`:
 * `EMPTY_FILE`, `PLAYLIST_REJECTED` (by its first bytes, or because ffprobe saw a reference
 * demuxer, which the format whitelist refused before it read anything the playlist names),
 * `NOT_MEDIA`, `TRUNCATED`, `UNSUPPORTED_CODEC`, and over the `limits`: `PICTURE_TOO_LARGE`,
 * `TOO_LONG`, `TOO_MANY_STREAMS` (nothing decoded yet). Tool failures stay `MediaError`s
 * (`FFMPEG_TIMEOUT`, `MEDIA_READ_FAILED`, … retryable where it makes sense).
 *
 * `head` is the first bytes (64 KiB) when the caller has them; for a local source they are read here.
 *
 * @example const facts = await probeMedia({ source: await blobs.mediaInput({ key }), tools: config.ffmpeg, head })
 */
export async function probeMedia({
  source,
  tools,
  head,
  sizeBytes,
  signal,
  limits = DEFAULT_MEDIA_LIMITS,
}: {
  source: MediaSource;
  tools: MediaTools;
  /** Pixels, duration and streams a file may have: checked from the header and the probe, before any decode. */
  limits?: MediaLimits;
  head?: Uint8Array;
  /** The original's size, when known (a local source is measured here). */
  sizeBytes?: number;
  signal?: AbortSignal;
}): Promise<ProbeFacts> {
  const size = sizeBytes ?? (await localSize(source));
  if (size === 0) throw new MediaRejectedError({ code: 'EMPTY_FILE', details: {} });
  const bytes = head ?? (await readHead({ source }));
  if (bytes) {
    const sniffed = sniffMedia({ head: bytes });
    if (sniffed.kind === 'playlist') throw new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format: sniffed.format } });
    // A PNG or JPEG names its size in its first bytes: a picture bomb is refused before ffprobe opens it.
    const picture = readPictureSize({ head: bytes });
    if (picture !== null) checkPictureSize({ ...picture, still: true, limits });
  }

  let stdout: string;
  try {
    ({ stdout } = await runFfprobe({ args: buildProbeArgs({ source }), tools, ...(signal ? { signal } : {}) }));
  } catch (error) {
    if (error instanceof FfmpegFailedError) throw classifyProbeFailure({ stderrTail: error.stderrTail, sizeBytes: size, cause: error });
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'unreadable-probe-output' } });
  }
  const demuxer = (json as { format?: { format_name?: string } }).format?.format_name?.split(',')[0] ?? '';
  const exifOrientation = IMAGE_DEMUXERS.has(demuxer) ? await readExifOrientation({ head: bytes }) : 1;
  return mapProbeJson({ json, exifOrientation, limits, ...(size !== undefined ? { sizeBytes: size } : {}) });
}

/**
 * Turns ffprobe's refusal into the reason a contributor can act on. Reads the scrubbed stderr tail
 * (`[<demuxer> @ 0x…] [error] Format not on whitelist …`), so nothing a playlist names is echoed.
 */
export function classifyProbeFailure({
  stderrTail,
  sizeBytes,
  cause,
}: {
  stderrTail: readonly string[];
  sizeBytes?: number | undefined;
  cause?: MediaError;
}): MediaError {
  const text = stderrTail.join('\n');
  const refused = /\[([\w,]+) @ 0x[0-9a-f]+\] \[error\] Format not on whitelist/.exec(text);
  if (refused) {
    const demuxer = refused[1]?.split(',')[0] ?? '';
    if (REFERENCE_DEMUXERS.has(demuxer)) {
      return new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format: demuxer === 'concat' ? 'ffconcat' : demuxer } });
    }
    return new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'container-not-allowed' } });
  }
  if (/not on whitelist/i.test(text)) {
    return new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format: 'reference' } });
  }
  if (/moov atom not found|partial file|Truncating packet|End of file/i.test(text)) {
    return new MediaRejectedError({ code: 'TRUNCATED', details: { reason: 'container-incomplete' } });
  }
  if (/Server returned|Connection (refused|reset|timed out)|Network is unreachable|Input\/output error|HTTP error|timed out/i.test(text)) {
    return new MediaReadError({ stderrTail: [...stderrTail] });
  }
  if (/Permission denied|No such file or directory/i.test(text) && cause) return cause;
  if (sizeBytes === 0) return new MediaRejectedError({ code: 'EMPTY_FILE', details: {} });
  return new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'unreadable' } });
}

async function localSize(source: MediaSource): Promise<number | undefined> {
  const url = toFfmpegUrl(source);
  if (!url.startsWith('file:')) return undefined;
  return (await stat(url.slice('file:'.length))).size;
}

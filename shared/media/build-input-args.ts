import { ALLOWED_DEMUXERS } from './media-allow-lists.ts';
import type { ProbeFacts } from '../domain/media-facts.ts';
import type { MediaSource } from './media-tools.ts';

/**
 * The options that open one untrusted input, ending with `-i <url>`:
 * `-protocol_whitelist` (what the url may reach), `-format_whitelist` (which demuxers may be chosen,
 * so a playlist, concat list or file-name pattern never is) and, once ingest knows it, `-f <demuxer>`.
 *
 * A local path is given as `file:<path>` so that a `:` or a leading `-` in it is never read as a
 * protocol or an option.
 *
 * @example buildInputArgs({ source: { url: '/data/originals/ab12', protocols: 'file', demuxer: 'mov' } })
 * // ['-protocol_whitelist', 'file', '-format_whitelist', 'mov,matroska,…', '-f', 'mov', '-i', 'file:/data/originals/ab12']
 */
export function buildInputArgs({
  source,
  formatWhitelist = ALLOWED_DEMUXERS,
  seekSeconds,
  autorotate = true,
  decoderThreads,
}: {
  source: MediaSource;
  formatWhitelist?: readonly string[];
  /** Input seeking (`-ss` before `-i`): fast, lands on the frame at that time. */
  seekSeconds?: number;
  /** False when the caller turns the picture itself (photos: EXIF orientation). */
  autorotate?: boolean;
  /** Decoder threads for this input; ffmpeg's default (one per core, and one more) when absent. */
  decoderThreads?: number | undefined;
}): string[] {
  const args = ['-protocol_whitelist', source.protocols, '-format_whitelist', formatWhitelist.join(',')];
  if (source.demuxer) args.push('-f', source.demuxer);
  if (!autorotate) args.push('-autorotate', '0');
  if (seekSeconds !== undefined && seekSeconds > 0) args.push('-ss', seekSeconds.toFixed(3));
  if (decoderThreads !== undefined) args.push('-threads', String(decoderThreads));
  args.push('-i', toFfmpegUrl(source));
  return args;
}

/** The url as ffmpeg must see it: local paths get an explicit `file:` protocol. */
export function toFfmpegUrl({ url, protocols }: { url: string; protocols: string }): string {
  const isLocal = protocols.split(',').every((name) => name.trim() === 'file');
  if (isLocal && !url.startsWith('file:')) return `file:${url}`;
  return url;
}

/** An output path, with an explicit `file:` protocol for the same reason as inputs. */
export function toOutputUrl({ path }: { path: string }): string {
  return path.startsWith('file:') ? path : `file:${path}`;
}

/** Every read after ingest forces the demuxer ingest found. */
export function withDemuxer({ source, facts }: { source: MediaSource; facts: Pick<ProbeFacts, 'demuxer'> }): MediaSource {
  return { ...source, demuxer: source.demuxer ?? facts.demuxer };
}

import { open } from 'node:fs/promises';
import { toFfmpegUrl } from './build-input-args.ts';
import type { MediaSource } from './media-tools.ts';

/** How many leading bytes sniffing and EXIF reading look at (an EXIF segment is at most 64 KiB). */
export const HEAD_BYTES = 64 * 1024;

/**
 * The first bytes of a local source, or null for a remote one (the caller passes its own head:
 * ingest reads it while storing the upload).
 */
export async function readHead({ source, bytes = HEAD_BYTES }: { source: MediaSource; bytes?: number }): Promise<Buffer | null> {
  const url = toFfmpegUrl(source);
  if (!url.startsWith('file:')) return null;
  const handle = await open(url.slice('file:'.length), 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

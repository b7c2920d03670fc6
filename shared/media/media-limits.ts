import { MediaRejectedError } from './errors.ts';

/**
 * How large an untrusted file may be in what it asks a decoder to do, checked from the probe (and,
 * for PNG and JPEG, from the first bytes) before anything is decoded. A 16000×16000 grey PNG is
 * 250 KB on disk and 256 megapixels once decoded; a tiny clip can claim hours. Same shape as
 * `Config['mediaLimits']`.
 */
export interface MediaLimits {
  /** Pixels of one video frame (width × height as coded). */
  maxVideoPixels: number;
  /** Pixels of one photo. */
  maxPhotoPixels: number;
  maxDurationSeconds: number;
  /** Streams of every type (picture, sound, subtitles, data, attachments). */
  maxStreams: number;
}

/**
 * 8K video frames (7680×4320, and DCI 8192×4320) pass; photos up to 120 megapixels (a 102 MP
 * medium-format camera); four hours (a whole congress session from one camera); 16 streams (an
 * XDCAM file with 8 mono sound tracks, timecode and data).
 */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxVideoPixels: 36_000_000, maxPhotoPixels: 120_000_000, maxDurationSeconds: 4 * 3600, maxStreams: 16 };

/** Refuses a picture over its limit (`PICTURE_TOO_LARGE`). */
export function checkPictureSize({ width, height, still, limits }: { width: number; height: number; still: boolean; limits: MediaLimits }): void {
  const maxPixels = still ? limits.maxPhotoPixels : limits.maxVideoPixels;
  if (width * height > maxPixels) throw new MediaRejectedError({ code: 'PICTURE_TOO_LARGE', details: { width, height, maxPixels, still } });
}

/**
 * A PNG's or a baseline/progressive JPEG's size from its header, or null (another format, or the
 * header is not in `head`). Lets ingest refuse a picture bomb before even ffprobe opens it.
 *
 * @example readPictureSize({ head }) // { width: 16000, height: 16000 }
 */
export function readPictureSize({ head }: { head: Uint8Array }): { width: number; height: number } | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  // PNG: signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a && b.toString('latin1', 12, 16) === 'IHDR') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  // JPEG: markers after SOI until a start-of-frame (SOF0–SOF15 but DHT, JPG, DAC), which holds height then width.
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let at = 2;
    while (at + 9 <= b.length) {
      if (b[at] !== 0xff) return null;
      const marker = b[at + 1]!;
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        at += 2;
        continue;
      }
      const length = b.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
      }
      if (length < 2) return null;
      at += 2 + length;
    }
  }
  return null;
}

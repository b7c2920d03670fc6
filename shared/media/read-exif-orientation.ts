import exifr from 'exifr';

/**
 * The EXIF orientation (1–8) of a picture from its first bytes; 1 when there is none or the bytes
 * are not a format exifr knows. ffprobe does not report it, and whether ffmpeg applies it depends
 * on the build, so probing and photo derivatives read it here and apply it themselves.
 *
 * @example await readExifOrientation({ head }) // 6: the camera was turned right, rotate 90° clockwise
 */
export async function readExifOrientation({ head }: { head: Uint8Array | null }): Promise<number> {
  if (!head || head.length < 4) return 1;
  try {
    // A Buffer, never a string: exifr would read a string as a path or URL.
    const value = await exifr.orientation(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8 ? value : 1;
  } catch {
    return 1;
  }
}

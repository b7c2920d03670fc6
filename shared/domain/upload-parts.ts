/**
 * How an upload is cut into parts: S3's multipart limits (kept by every backend) and the part size
 * the upload page sends. No imports: the browser bundle takes these from here too, so the page and
 * the API cannot disagree on where a part ends.
 */

/** S3's multipart limits. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;

/**
 * The part size the upload page sends (Uppy's `getChunkSize`): 8 MiB, S3's minimum is 5 MiB;
 * bigger parts mean fewer requests for camera files.
 */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

/**
 * The length part `partNumber` of an upload of `declaredBytes` has, as Uppy cuts a file (parts of
 * `partBytes`, grown so that the file fits in 10 000 parts), or null when the file has no such part.
 * Signing each part URL for exactly this length makes the declared size hold however many parts
 * are sent at once: the parts together can only be the file.
 *
 * @example partLength({ declaredBytes: 20 * 2 ** 20, partNumber: 3 }) // 4 MiB (8 + 8 + 4)
 */
export function partLength({
  declaredBytes,
  partNumber,
  partBytes = UPLOAD_PART_BYTES,
}: {
  declaredBytes: number;
  partNumber: number;
  partBytes?: number;
}): number | null {
  let chunk = Math.max(partBytes, MIN_PART_BYTES);
  if (Math.ceil(declaredBytes / chunk) > MAX_PARTS) chunk = Math.ceil(declaredBytes / MAX_PARTS);
  const count = Math.max(1, Math.ceil(declaredBytes / chunk));
  if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > count) return null;
  return Math.min(chunk, declaredBytes - (partNumber - 1) * chunk);
}

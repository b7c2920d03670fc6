import { InvalidKeyError, ReadOnlyKeyError } from './errors.ts';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
/** S3's limit, so a key valid here is valid on every backend. */
const MAX_KEY_LENGTH = 1024;
/** Where the fs store keeps files being written: not addressable by keys. */
export const TEMP_DIR_NAME = '.tmp';
export const ORIGINALS_PREFIX = 'originals/';

/**
 * Checks a blob key strictly: relative, `/`-separated, every segment made of `[A-Za-z0-9._-]`,
 * no empty, `.` or `..` segment, at most 1024 characters, and not inside the store's `.tmp/`.
 * Throws `InvalidKeyError` (code `INVALID_KEY`) naming the rule that failed.
 *
 * @example validateBlobKey({ key: 'derived/ab12/proxy.mp4' }) // ok
 * @example validateBlobKey({ key: '../etc/passwd' })          // throws INVALID_KEY
 */
export function validateBlobKey({ key }: { key: string }): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError({ key: String(key), reason: 'the key is empty' });
  if (key.length > MAX_KEY_LENGTH) throw new InvalidKeyError({ key, reason: `the key is longer than ${MAX_KEY_LENGTH} characters` });
  if (key.startsWith('/')) throw new InvalidKeyError({ key, reason: 'the key is absolute (starts with "/")' });
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') throw new InvalidKeyError({ key, reason: 'the key has an empty segment ("//" or a trailing "/")' });
    if (segment === '.' || segment === '..') throw new InvalidKeyError({ key, reason: `the key has a "${segment}" segment` });
    if (!SEGMENT.test(segment))
      throw new InvalidKeyError({ key, reason: `the segment ${JSON.stringify(segment)} has a character other than A-Z, a-z, 0-9, ".", "_", "-"` });
  }
  if (segments[0] === TEMP_DIR_NAME) throw new InvalidKeyError({ key, reason: `"${TEMP_DIR_NAME}/" is reserved for files being written` });
}

/** Keys under `originals/` are written by `putOriginal` only; `putBytes`/`putFile` there throw `READ_ONLY_KEY`. */
export function assertWritableKey({ key }: { key: string }): void {
  validateBlobKey({ key });
  if (key.startsWith(ORIGINALS_PREFIX)) throw new ReadOnlyKeyError({ key });
}

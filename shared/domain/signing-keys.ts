/**
 * The HMAC keys that sign download links, part-upload URLs and CSRF tokens. Each key has an id
 * (a fingerprint of its bytes, so no store needs a second field to stay in step with the key), and
 * a link names the key that signed it. After a rotation the previous key still verifies the links
 * it signed until they expire; nothing new is signed with it.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from './errors.ts';

/** Shorter keys are refused at start-up: an empty or short HMAC key lets anyone forge links. */
export const MIN_SIGNING_KEY_BYTES = 32;

export interface SigningKey {
  id: string;
  key: Uint8Array;
  /** When it stopped signing (epoch seconds), for a previous key; null for the current one. */
  retiredAt: number | null;
}

export interface SigningKeyRing {
  current: SigningKey;
  /** Keys rotated out, newest first: they verify what they signed, and sign nothing. */
  previous: SigningKey[];
}

/** A key's id: `k` and the first 12 hex digits of its SHA-256 (says nothing usable about the key). */
export function signingKeyId({ key }: { key: Uint8Array }): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * Refuses a key that is too short to be secret (an empty file, a truncated copy).
 *
 * @throws ConfigError `SIGNING_KEY_TOO_SHORT`
 */
export function checkSigningKey({ key, where }: { key: Uint8Array; where: string }): Uint8Array {
  if (key.length < MIN_SIGNING_KEY_BYTES) {
    throw new ConfigError({
      code: 'SIGNING_KEY_TOO_SHORT',
      message:
        `The signing key in ${where} holds ${key.length} bytes; at least ${MIN_SIGNING_KEY_BYTES} random bytes are needed (an empty or short key lets anyone forge links). ` +
        'Restore it from a backup, or delete it so a new one is made (links and upload URLs already handed out stop working).',
      messageVi: `Khóa ký trong ${where} quá ngắn (${key.length} byte, cần ít nhất ${MIN_SIGNING_KEY_BYTES}). Hãy khôi phục từ bản sao lưu hoặc xóa để tạo khóa mới.`,
      details: { where, bytes: key.length },
    });
  }
  return key;
}

/** A ring of one key (tests, callers that never rotated). */
export function singleKeyRing({ key }: { key: Uint8Array }): SigningKeyRing {
  return { current: { id: signingKeyId({ key }), key, retiredAt: null }, previous: [] };
}

/**
 * The key a link names, if it may still verify at `nowSeconds`: the current key, or a previous
 * one while links it signed can still be valid (`retiredAt + maxLinkSeconds`, the longest a link
 * signed before the rotation lives).
 */
export function findVerifyingKey({
  ring,
  id,
  nowSeconds,
  maxLinkSeconds,
}: {
  ring: SigningKeyRing;
  id: string;
  nowSeconds: number;
  maxLinkSeconds: number;
}): SigningKey | null {
  if (ring.current.id === id) return ring.current;
  const previous = ring.previous.find((k) => k.id === id);
  if (previous === undefined || previous.retiredAt === null) return null;
  return nowSeconds < previous.retiredAt + maxLinkSeconds ? previous : null;
}

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, MIN_SIGNING_KEY_BYTES, checkSigningKey, signingKeyId, type SigningKey, type SigningKeyRing } from '../../domain/index.ts';

/** The file beside the key that keeps the key rotated out, while links it signed may be valid. */
const previousFileOf = (file: string) => `${file}.previous`;

const PreviousKeyFileSchema = z.object({ id: z.string(), key: z.string().min(1), retiredAt: z.int().nonnegative() });

/** Writes `bytes` to a new temporary file beside `file` (owner-only, flushed) and returns its name. */
function writeTemp({ file, bytes }: { file: string; bytes: Uint8Array }): string {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/**
 * The data folder's secret: 32 random bytes in a file readable by its owner only, made on first
 * use. It signs part-upload and download URLs and derives CSRF tokens, so it must survive restarts
 * (links handed out stay valid) and never leave the machine.
 *
 * Made atomically: the bytes are written and flushed to a temporary file that is then hard-linked
 * to the key's name, which fails if the name exists, so no process ever reads a half-written key
 * and two processes starting at once end up with the same one. A key file that exists but is
 * shorter than 32 bytes (empty, truncated) is refused rather than used or replaced.
 *
 * @throws ConfigError `SIGNING_KEY_TOO_SHORT`, `SIGNING_KEY_UNREADABLE`
 */
export function readOrCreateSigningKey({ file }: { file: string }): Uint8Array {
  const existing = readKeyFile({ file });
  if (existing !== null) return checkSigningKey({ key: existing, where: file });
  const temp = writeTemp({ file, bytes: randomBytes(MIN_SIGNING_KEY_BYTES) });
  try {
    linkSync(temp, file);
  } catch (error) {
    // Another process made it at the same moment: theirs is complete (it was linked whole), use it.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return checkSigningKey({ key: readKeyFile({ file }) ?? new Uint8Array(0), where: file });
}

/** The current key and the previous one (if a rotation left one), each with its id. */
export function readOrCreateSigningKeys({ file }: { file: string }): SigningKeyRing {
  const key = readOrCreateSigningKey({ file });
  const previous = readPreviousKey({ file });
  return { current: { id: signingKeyId({ key }), key, retiredAt: null }, previous: previous === null ? [] : [previous] };
}

/**
 * Replaces the key with a new one; the old one moves to `<file>.previous` with the time it was
 * retired, so links it signed keep working until they expire. Each step is a rename of a flushed
 * file: a crash leaves either the old key or the new one in place, never a partial key. A running
 * `reportage serve` signs with the new key after it restarts.
 */
export function rotateSigningKey({ file, now }: { file: string; now: Date }): { current: SigningKey; retired: SigningKey } {
  const old = readOrCreateSigningKey({ file });
  const retired: SigningKey = { id: signingKeyId({ key: old }), key: old, retiredAt: Math.floor(now.getTime() / 1000) };
  const record = JSON.stringify({ id: retired.id, key: Buffer.from(old).toString('base64'), retiredAt: retired.retiredAt });
  renameSync(writeTemp({ file: previousFileOf(file), bytes: Buffer.from(record) }), previousFileOf(file));
  const key = new Uint8Array(randomBytes(MIN_SIGNING_KEY_BYTES));
  renameSync(writeTemp({ file, bytes: key }), file);
  return { current: { id: signingKeyId({ key }), key, retiredAt: null }, retired };
}

function readKeyFile({ file }: { file: string }): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw unreadable({ file, error });
  }
}

function readPreviousKey({ file }: { file: string }): SigningKey | null {
  const bytes = readKeyFile({ file: previousFileOf(file) });
  if (bytes === null) return null;
  let parsed: z.infer<typeof PreviousKeyFileSchema>;
  try {
    parsed = PreviousKeyFileSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (error) {
    throw unreadable({ file: previousFileOf(file), error });
  }
  const key = checkSigningKey({ key: new Uint8Array(Buffer.from(parsed.key, 'base64')), where: previousFileOf(file) });
  return { id: signingKeyId({ key }), key, retiredAt: parsed.retiredAt };
}

function unreadable({ file, error }: { file: string; error: unknown }): ConfigError {
  return new ConfigError({
    code: 'SIGNING_KEY_UNREADABLE',
    message: `The signing key file ${file} cannot be read (${(error as Error).message}). Check its owner and permissions, or restore it from a backup.`,
    messageVi: `Không đọc được tệp khóa ký ${file}. Hãy kiểm tra quyền truy cập hoặc khôi phục từ bản sao lưu.`,
    details: { file },
    cause: error,
  });
}

import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The data folder's secret: 32 random bytes in a file readable by its owner only, made on first
 * use. It signs part-upload and download URLs and derives CSRF tokens, so it must survive restarts
 * (links handed out stay valid) and never leave the machine.
 */
export function readOrCreateSigningKey({ file }: { file: string }): Uint8Array {
  try {
    const key = readFileSync(file);
    if (key.length >= 32) return new Uint8Array(key);
  } catch {
    // Not there yet: made below.
  }
  try {
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it at the same moment: read theirs.
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  return new Uint8Array(readFileSync(file));
}

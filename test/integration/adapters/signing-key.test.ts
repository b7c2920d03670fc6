import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOrCreateSigningKey, readOrCreateSigningKeys, rotateSigningKey } from '../../../shared/adapters/local/index.ts';
import { ConfigError, signingKeyId } from '../../../shared/domain/index.ts';
import { makeTempDir } from './temp-dir.ts';

/** The data folder's signing key: made atomically, refused when short, rotated with ids. */
describe('local signing key file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir({ prefix: 'signing-key' }));
  });
  afterEach(async () => cleanup());

  it('makes 32 random bytes readable by the owner only, and reads the same key on the next start', () => {
    const file = path.join(dir, 'signing.key');
    const key = readOrCreateSigningKey({ file });
    expect(key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateSigningKey({ file })).toEqual(key);
    // No temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['signing.key']);
  });

  it('refuses a key file that exists but is empty or short, with a start-up error naming the file, and leaves it as it is', () => {
    const file = path.join(dir, 'signing.key');
    for (const bytes of [Buffer.alloc(0), Buffer.alloc(31, 7)]) {
      writeFileSync(file, bytes);
      let error: unknown;
      try {
        readOrCreateSigningKey({ file });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'SIGNING_KEY_TOO_SHORT', details: { where: file, bytes: bytes.length } });
      expect((error as Error).message).toContain(file);
      expect(readFileSync(file)).toEqual(bytes);
    }
  });

  it('gives processes starting at the same moment the same complete key', async () => {
    const file = path.join(dir, 'signing.key');
    const script = `import { readOrCreateSigningKey } from ${JSON.stringify(path.resolve('shared/adapters/local/signing-key.ts'))};
process.stdout.write(Buffer.from(readOrCreateSigningKey({ file: ${JSON.stringify(file)} })).toString('hex'));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const keys = await Promise.all([run(), run(), run()]);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(readFileSync(file).toString('hex'));
    expect(keys[0]).toHaveLength(64);
  }, 30_000);

  it('rotates: a new current key, the old one kept with its id and retirement time', () => {
    const file = path.join(dir, 'signing.key');
    const old = readOrCreateSigningKey({ file });
    const { current, retired } = rotateSigningKey({ file, now: new Date('2026-11-01T08:00:00Z') });
    expect(retired).toEqual({ id: signingKeyId({ key: old }), key: old, retiredAt: Date.parse('2026-11-01T08:00:00Z') / 1000 });
    expect(current.id).not.toBe(retired.id);
    const ring = readOrCreateSigningKeys({ file });
    expect(ring.current).toEqual(current);
    expect(ring.previous).toEqual([retired]);
    expect(statSync(`${file}.previous`).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['signing.key', 'signing.key.previous']);
  });
});

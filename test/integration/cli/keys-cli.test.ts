import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOrCreateSigningKey, readOrCreateSigningKeys } from '../../../shared/adapters/local/index.ts';
import { signingKeyId } from '../../../shared/domain/index.ts';
import { makeTempDir, runCli } from './cli-helpers.ts';

/** `reportage keys rotate`, and a start-up refused on an empty key file. */
describe('reportage keys rotate', () => {
  let cleanup: () => Promise<void>;
  let dataDir: string;
  beforeAll(async () => {
    const temp = await makeTempDir('keys');
    cleanup = temp.cleanup;
    dataDir = path.join(temp.dir, 'data');
    mkdirSync(dataDir, { recursive: true });
  });
  afterAll(async () => cleanup());

  it('replaces the key and keeps the old one, naming both by id', async () => {
    const file = path.join(dataDir, 'signing.key');
    const old = readOrCreateSigningKey({ file });
    const result = await runCli({ args: ['keys', 'rotate', '--json'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { currentKeyId: string; retiredKeyId: string };
    expect(printed.retiredKeyId).toBe(signingKeyId({ key: old }));
    const ring = readOrCreateSigningKeys({ file });
    expect(ring.current.id).toBe(printed.currentKeyId);
    expect(ring.previous.map((k) => k.id)).toEqual([printed.retiredKeyId]);
  });

  it('refuses to start on an empty key file, saying which file and what to do', async () => {
    writeFileSync(path.join(dataDir, 'signing.key'), '');
    const result = await runCli({ args: ['admin-token', '--json'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/signing key.*0 bytes/i);
    expect(result.stdout).not.toContain('/i/');
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startCli } from './cli-helpers.ts';

/** `reportage serve` on loopback: it listens, answers, and stops on SIGTERM. */
describe('reportage serve', () => {
  let cleanup: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const temp = await makeTempDir('serve');
    cleanup = temp.cleanup;
    dataDir = path.join(temp.dir, 'data');
  });
  afterAll(async () => cleanup());

  it('serves health and the asset list on 127.0.0.1, then exits cleanly on SIGTERM', async () => {
    const child = startCli({ args: ['serve', '--port', '0'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (match) resolve(match[0]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    try {
      const health = await fetch(`${url}healthz`);
      expect(await health.json()).toEqual({ ok: true, backend: 'local' });
      const assets = await fetch(`${url}api/projects/dai-hoi-2026/assets`);
      expect(assets.status).toBe(200);
      expect(await assets.json()).toEqual({ assets: [] });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

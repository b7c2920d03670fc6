import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, startCli } from './cli-helpers.ts';

/** Starts `reportage serve` on a free port and collects its stdout until the listening line. */
async function startServe({ dataDir }: { dataDir: string }): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = startCli({ args: ['serve', '--port', '0', '--no-worker'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (match && /Admin sign-in/.test(out)) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
  });
  return { child, url, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** `reportage serve` on loopback: it listens, prints the admin sign-in link once, answers, and stops on SIGTERM. */
describe('reportage serve', () => {
  let cleanup: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const temp = await makeTempDir('serve');
    cleanup = temp.cleanup;
    dataDir = path.join(temp.dir, 'data');
  });
  afterAll(async () => cleanup());

  it('serves health on 127.0.0.1, prints no admin link into a pipe, signs in with an `admin-token` link, then exits cleanly on SIGTERM', async () => {
    const { child, url, output } = await startServe({ dataDir });
    try {
      const health = await fetch(`${url}healthz`);
      expect(await health.json()).toEqual({ ok: true, backend: 'local' });
      expect((await fetch(`${url}api/projects/dai-hoi-2026/assets`)).status).toBe(401);
      // stdout is a pipe here (a log, a service journal): the secret link is not written to it.
      expect(output()).toMatch(/Admin sign-in: no link is printed when stdout is not a terminal; run `reportage admin-token`/);
      expect(output()).not.toMatch(/\/i\//);
      // No --base-url: admin-token finds the address this serve listens on (a free port here, not 8080).
      const made = await runCli({ args: ['admin-token', '--json'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
      const link = (JSON.parse(made.stdout) as { url: string }).url;
      expect(url).not.toContain(':8080/');
      expect(link.startsWith(`${url}i/`)).toBe(true);
      // Opening the link (a GET, as a link preview does) shows its page and signs nobody in; its button (a POST) does.
      const page = await fetch(link, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      const signIn = await fetch(link, { method: 'POST', redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const assets = await fetch(`${url}api/projects/dai-hoi-2026/assets`, { headers: { cookie } });
      expect(assets.status).toBe(200);
      expect(await assets.json()).toEqual({ assets: [] });

      // A multipart upload over real HTTP: the part body streams through the Node server to disk.
      const { session } = (await (await fetch(`${url}api/session`, { headers: { cookie } })).json()) as { session: { csrfToken: string } };
      const headers = { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
      const bytes = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 13) % 256);
      const created = await fetch(`${url}api/projects/dai-hoi-2026/uploads`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ filename: 'lớn.bin', sizeBytes: bytes.length, metadata: { kind: 'footage' } }),
      });
      const { uploadId } = (await created.json()) as { uploadId: string };
      const target = (await (await fetch(`${url}api/projects/dai-hoi-2026/uploads/${uploadId}/parts/1`, { headers })).json()) as { url: string };
      const put = await fetch(new URL(target.url, url), { method: 'PUT', body: bytes });
      expect(put.status).toBe(200);
      const etag = put.headers.get('etag');
      const done = await fetch(`${url}api/projects/dai-hoi-2026/uploads/${uploadId}/complete`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ parts: [{ partNumber: 1, etag }] }),
      });
      expect(done.status).toBe(202);
      expect(await done.json()).toMatchObject({ upload: { uploadId, state: 'storing' } });
      // serve stores the joined file in the background; the upload page polls the list until it is completed.
      let row: { uploadId: string; state: string; asset: { id: string } | null } | undefined;
      for (let tries = 0; tries < 200 && row?.state !== 'completed'; tries += 1) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        row = ((await (await fetch(`${url}api/projects/dai-hoi-2026/uploads`, { headers })).json()) as { uploads: NonNullable<typeof row>[] }).uploads.find(
          (u) => u.uploadId === uploadId,
        );
      }
      expect(row?.state).toBe('completed');
      const asset = await fetch(`${url}api/projects/dai-hoi-2026/assets/${row!.asset!.id}`, { headers });
      expect(await asset.json()).toMatchObject({ asset: { original: { sizeBytes: bytes.length } } });
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('prints no admin link on a later run either; `reportage admin-token` makes a new one', async () => {
    const { child, url, output } = await startServe({ dataDir });
    try {
      expect(output()).toContain('reportage admin-token');
      expect(output()).not.toMatch(/\/i\/[A-Za-z0-9_-]{43}/);
      const made = await runCli({
        args: ['admin-token', '--json', '--base-url', url, '--hours', '2'],
        env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' },
      });
      expect(made.code).toBe(0);
      const { token, url: link } = JSON.parse(made.stdout) as { token: string; url: string };
      expect(link).toBe(`${url}i/${token}`);
      const session = await fetch(`${url}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ session: { role: 'admin', projectId: null } });
    } finally {
      expect(await stop(child)).toBe(0);
    }
    // Once serve has stopped, its address is gone: admin-token falls back to the default one.
    const after = await runCli({ args: ['admin-token', '--json'], env: { REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
    expect((JSON.parse(after.stdout) as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/i\//);
  });
});

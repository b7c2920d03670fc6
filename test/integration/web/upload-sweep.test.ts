import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../shared/web/index.ts';
import { sweepAbandonedUploads } from '../../../shared/web/sweep-abandoned-uploads.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const MIB = 1024 * 1024;

/** A closed tab leaves an upload neither completed nor cancelled: the sweep of `serve` removes its parts and frees its quota. */
describe('sweeping abandoned local uploads', () => {
  let h: WebHarness;
  let contributor: Client;
  beforeAll(async () => {
    h = await makeWebHarness();
    // The sweep compares the files' times with the app's clock: both real here.
    h.clock.set(new Date());
    contributor = await h.signIn({ role: 'contributor' });
  });
  afterAll(async () => h.close());

  it('removes the staging of uploads idle for the set age, marks them aborted, and gives their quota back', async () => {
    const quotas = {
      project: { bytesInFlight: 100 * MIB, bytesStored: 1000 * MIB, openUploads: 10 },
      contributor: { bytesInFlight: 10 * MIB, bytesStored: 1000 * MIB, openUploads: 10 },
    };
    const app = createApp({ deps: { ...h.deps, uploadQuotas: quotas } });
    const start = (sizeBytes: number) =>
      app.request(`/api/projects/${PROJECT_ID}/uploads`, {
        method: 'POST',
        headers: { cookie: contributor.cookie, 'x-csrf-token': contributor.csrf, 'content-type': 'application/json', origin: 'http://localhost' },
        body: JSON.stringify({ filename: 'bỏ dở.mp4', sizeBytes, metadata: { kind: 'footage' } }),
      });
    const abandoned = (await (await start(8 * MIB)).json()) as { uploadId: string };
    const fresh = (await (await start(1 * MIB)).json()) as { uploadId: string };
    expect((await start(2 * MIB)).status).toBe(413);

    // Three days without a part: its folder and files are that old.
    const folder = path.join(h.dir, 'uploads', abandoned.uploadId);
    const old = new Date(Date.now() - 72 * 3600_000);
    for (const name of await readdir(folder)) await utimes(path.join(folder, name), old, old);
    await utimes(folder, old, old);

    const { swept } = await sweepAbandonedUploads({
      uploads: h.backend.uploads,
      workflow: h.backend.workflow,
      clock: h.clock,
      log: h.deps.log,
      olderThanSeconds: 48 * 3600,
    });
    expect(swept).toBe(1);
    expect(await readdir(path.join(h.dir, 'uploads'))).toEqual([fresh.uploadId]);
    expect((await h.backend.workflow.uploads.get({ id: abandoned.uploadId }))?.state).toBe('aborted');
    expect((await h.backend.workflow.uploads.get({ id: fresh.uploadId }))?.state).toBe('uploading');
    // Its 8 MiB no longer count: another upload of 2 MiB fits in the contributor's 10 MiB.
    expect((await start(2 * MIB)).status).toBe(201);
  });
});

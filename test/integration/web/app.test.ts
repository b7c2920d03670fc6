import { mkdtemp, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { submitUpload } from '../../../shared/ingest/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { createApp } from '../../../shared/web/index.ts';

/** The Hono app through `app.request()`, on the real SQLite store and filesystem blob store. */
describe('createApp', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-app-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 3 });
    await backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date() }) });
    await submitUpload({
      deps: { ...backend, clock: systemClock },
      projectId: 'dai-hoi-2026',
      body: Readable.from([Buffer.from('not yet probed')]),
      originalName: 'Phỏng vấn.mp4',
      metadata: { kind: 'interview', theme: 'hop-tac-quoc-te', speaker: { name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng' } },
    });
    app = createApp({ deps: { store: backend.store, blobs: backend.blobs, log: silentLogger, backend: 'local' } });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the health check', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, backend: 'local' });
  });

  it("lists a project's assets without exposing storage keys", async () => {
    const response = await app.request('/api/projects/dai-hoi-2026/assets?kind=interview');
    expect(response.status).toBe(200);
    const { assets } = (await response.json()) as { assets: Record<string, any>[] };
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ kind: 'interview', status: 'queued', originalName: 'Phỏng vấn.mp4', speaker: { name: 'Trần Thị Ngọc Diệp' } });
    expect(JSON.stringify(assets)).not.toContain('originals/');
  });

  it('refuses an invalid filter with a stable code', async () => {
    const response = await app.request('/api/projects/dai-hoi-2026/assets?kind=video');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_QUERY');
  });

  it('answers an unknown project with 404 and a Vietnamese message', async () => {
    const response = await app.request('/api/projects/khong-co/assets');
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { code: string; messageVi: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.messageVi).toContain('Không tìm thấy');
  });

  it('answers an unknown route with JSON, not a stack trace', async () => {
    const response = await app.request('/api/nothing');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });
});

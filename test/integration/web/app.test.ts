import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitUpload } from '../../../shared/ingest/index.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

/** The Hono app through `app.request()`, on the real SQLite store and filesystem blob store. */
describe('createApp', () => {
  let h: WebHarness;
  let editor: Client;

  beforeAll(async () => {
    h = await makeWebHarness();
    await submitUpload({
      deps: { ...h.backend, clock: h.clock },
      projectId: PROJECT_ID,
      body: Readable.from([Buffer.from('not yet probed')]),
      originalName: 'Phỏng vấn.mp4',
      metadata: { kind: 'interview', theme: 'hop-tac-quoc-te', speaker: { name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng' } },
    });
    editor = await h.signIn({ role: 'editor' });
  });
  afterAll(async () => h.close());

  it('answers the health check', async () => {
    const response = await h.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, backend: 'local' });
  });

  it("lists a project's assets without exposing storage keys", async () => {
    const response = await editor.request(`/api/projects/${PROJECT_ID}/assets?kind=interview`);
    expect(response.status).toBe(200);
    const { assets } = (await response.json()) as { assets: Record<string, any>[] };
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ kind: 'interview', status: 'queued', originalName: 'Phỏng vấn.mp4', speaker: { name: 'Trần Thị Ngọc Diệp' } });
    expect(JSON.stringify(assets)).not.toContain('originals/');
  });

  it('refuses an invalid filter with a stable code', async () => {
    const response = await editor.request(`/api/projects/${PROJECT_ID}/assets?kind=video`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_QUERY');
  });

  it('answers an unknown project with 404 and a Vietnamese message (admin) or 403 (a project-bound session)', async () => {
    const admin = await h.signIn({ role: 'admin' });
    const response = await admin.request('/api/projects/khong-co/assets');
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { code: string; messageVi: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.messageVi).toContain('Không tìm thấy');
    expect((await editor.request('/api/projects/khong-co/assets')).status).toBe(403);
  });

  it('answers an unknown route with JSON, not a stack trace', async () => {
    const response = await h.app.request('/api/nothing');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const response = await h.app.request('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/projects/{projectId}/uploads']!.post;
    expect(create['x-roles']).toEqual(['admin', 'editor', 'contributor']);
    expect(create.requestBody.content['application/json'].schema.properties.metadata.properties.kind.enum).toContain('interview');
    expect(doc.paths['/api/projects/{projectId}/versions/{versionId}/decisions']!.post.requestBody.content['application/json'].schema.required).toContain(
      'expectedSequence',
    );
  });
});

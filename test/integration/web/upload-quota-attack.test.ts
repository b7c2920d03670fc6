import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadQuotas } from '../../../shared/domain/index.ts';
import { createApp } from '../../../shared/web/index.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Attacks on uploads over real HTTP on 127.0.0.1 (the app as `reportage serve` runs it, local
 * backend): many uploads started at once against a contributor's quota, and parts sent in
 * parallel (each with more than the file, or the same part many times) against the declared size.
 * Bounded: a few dozen requests of at most 24 MiB each, within the test's timeout.
 */
describe('upload attacks over HTTP', () => {
  let h: WebHarness;
  let server: ServerType;
  let base = '';
  let contributor: Client;
  const quotas: UploadQuotas = {
    project: { bytesInFlight: 200 * MIB, bytesStored: 60 * MIB, openUploads: 50 },
    contributor: { bytesInFlight: 10 * MIB, bytesStored: 1 * GIB, openUploads: 2 },
  };

  /** The API with the session's cookie and CSRF token, over the socket. */
  const api = (client: Client, p: string, init: { method?: string; json?: unknown } = {}) =>
    fetch(`${base}${p}`, {
      method: init.method ?? 'GET',
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, origin: base, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
  const start = (client: Client, sizeBytes: number, filename = 'tấn công.mp4') =>
    api(client, `/api/projects/${PROJECT_ID}/uploads`, { method: 'POST', json: { filename, sizeBytes, metadata: { kind: 'footage' } } });
  const sign = async (client: Client, uploadId: string, partNumber: number) =>
    ((await (await api(client, `/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/${partNumber}`)).json()) as { url: string }).url;

  /** A part PUT with no Content-Length (chunked), so nothing is refused before the bytes come: `total` bytes in 256 KiB writes. */
  const putChunked = (url: string, total: number, fill: number) =>
    new Promise<{ status: number; code: string | null }>((resolve) => {
      // A socket of its own: a 413 closes its connection, which a kept-alive socket would carry into the next PUT.
      const request = http.request(`${base}${url}`, { method: 'PUT', headers: { origin: base }, agent: false }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, code: text.includes('"error"') ? (JSON.parse(text) as { error: { code: string } }).error.code : null }),
        );
      });
      request.on('error', () => resolve({ status: 0, code: 'CONNECTION_CLOSED' }));
      let sent = 0;
      const write = () => {
        while (sent < total) {
          const size = Math.min(256 * 1024, total - sent);
          sent += size;
          if (!request.write(Buffer.alloc(size, fill))) return void request.once('drain', write);
        }
        request.end();
      };
      write();
    });

  const bytesOnDisk = async (uploadId: string) => {
    const folder = path.join(h.dir, 'uploads', uploadId);
    const names = (await readdir(folder)).filter((n) => n.endsWith('.data'));
    return (await Promise.all(names.map(async (n) => (await stat(path.join(folder, n))).size))).reduce((a, b) => a + b, 0);
  };

  // A second server on the same data with the default quotas, for the part attacks (a file of 20 MiB).
  let roomy: ServerType;
  let roomyBase = '';
  const listen = (app: ReturnType<typeof createApp>) =>
    new Promise<{ server: ServerType; url: string }>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server: started, url: `http://127.0.0.1:${info.port}` }),
      );
    });

  beforeAll(async () => {
    h = await makeWebHarness();
    ({ server, url: base } = await listen(createApp({ deps: { ...h.deps, uploadQuotas: quotas } })));
    ({ server: roomy, url: roomyBase } = await listen(createApp({ deps: h.deps })));
    contributor = await h.signIn({ role: 'contributor', label: 'Hội Tin học' });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => roomy.close(() => resolve()));
    await h.close();
  });

  it("refuses uploads started at once beyond the contributor's quota (2 open, 10 MiB in flight) with UPLOAD_QUOTA_EXCEEDED, and audits each refusal", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => start(contributor, 4 * MIB, `song-song-${i}.mp4`)));
    const accepted = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThanOrEqual(2);
    for (const r of refused) {
      expect(r.status).toBe(413);
      const { error } = (await r.json()) as { error: { code: string; messageVi: string } };
      expect(error.code).toBe('UPLOAD_QUOTA_EXCEEDED');
      expect(error.messageVi).toContain('tối đa');
    }
    // What the contributor holds never passed the quota: open uploads and the bytes they reserve.
    const open = (await h.backend.workflow.uploads.list({ projectId: PROJECT_ID, inviteId: contributor.inviteId! })).filter((u) => u.state === 'uploading');
    expect(open.length).toBeLessThanOrEqual(2);
    expect(open.reduce((sum, u) => sum + u.sizeBytes, 0)).toBeLessThanOrEqual(10 * MIB);
    const audit = (await h.backend.workflow.audit.list({ projectId: PROJECT_ID, limit: 100 })).filter((e) => e.action === 'upload.refused');
    expect(audit.length).toBeGreaterThanOrEqual(refused.length);
    expect(audit[0]).toMatchObject({
      actor: { role: 'contributor', inviteId: contributor.inviteId },
      details: { code: 'UPLOAD_QUOTA_EXCEEDED', scope: 'contributor' },
    });

    // One more, alone, is refused by the in-flight bytes or the open count; cancelling one frees its share.
    const { uploadId } = (await accepted[0]!.json()) as { uploadId: string };
    expect((await api(contributor, `/api/projects/${PROJECT_ID}/uploads/${uploadId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await start(contributor, 4 * MIB)).status).toBe(201);
    expect((await start(contributor, 11 * MIB)).status).toBe(413);
  });

  it('refuses an upload that would take the project past its stored bytes (60 MiB), whoever starts it', async () => {
    const others = await Promise.all([1, 2, 3].map((i) => h.signIn({ role: 'contributor', label: `Hội ${i}` })));
    // Each of three contributors reserves 8 MiB (within their own quota): with the first test's bytes the project nears its 60 MiB.
    for (const other of others) expect((await start(other, 8 * MIB)).status).toBe(201);
    const editor = await h.signIn({ role: 'editor' });
    const over = await start(editor, 40 * MIB);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { details?: unknown; code: string } }).error.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    const entry = (await h.backend.workflow.audit.list({ projectId: PROJECT_ID, limit: 5 })).find((e) => e.action === 'upload.refused');
    expect(entry?.details).toMatchObject({ scope: 'project', limit: 'bytesStored', max: 60 * MIB });
  });

  it('stores nothing beyond the declared size when every part is sent at once with more than the whole file', async () => {
    base = roomyBase;
    const editor = await h.signIn({ role: 'editor', label: 'Ban Thông tin' });
    const declared = 20 * MIB; // parts of 8, 8 and 4 MiB
    const created = await start(editor, declared);
    expect(created.status).toBe(201);
    const { uploadId } = (await created.json()) as { uploadId: string };
    // Part numbers past the file's parts get no URL.
    expect((await api(editor, `/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/4`)).status).toBe(400);
    const urls = await Promise.all([1, 2, 3].map((n) => sign(editor, uploadId, n)));

    // Each of the three parts sends 24 MiB, all at once and without a Content-Length: 72 MiB tried.
    const overflow = await Promise.all(urls.map((url, i) => putChunked(url, 24 * MIB, i)));
    for (const answer of overflow) expect(answer.status === 413 || answer.code === 'CONNECTION_CLOSED', JSON.stringify(answer)).toBe(true);
    for (const answer of overflow.filter((a) => a.status === 413)) expect(['UPLOAD_TOO_LARGE', 'BODY_TOO_LARGE']).toContain(answer.code);
    await waitFor(async () => (await bytesOnDisk(uploadId)) === 0);
    expect(await bytesOnDisk(uploadId)).toBe(0);

    // Part 1 (8 MiB) sent six times at once with its exact length: 48 MiB for a 20 MiB file.
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => putChunked(urls[0]!, 8 * MIB, 10 + i)));
    const _stored = again.filter((a) => a.status === 200).length;
    for (const answer of again.filter((a) => a.status !== 200)) expect(answer.code, JSON.stringify(answer)).toBe('UPLOAD_TOO_LARGE');
    await waitFor(async () => (await bytesOnDisk(uploadId)) <= declared);
    expect(await bytesOnDisk(uploadId)).toBeLessThanOrEqual(declared);
    const parts = ((await (await api(editor, `/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts`)).json()) as { parts: { sizeBytes: number }[] }).parts;
    expect(parts.reduce((sum, p) => sum + p.sizeBytes, 0)).toBeLessThanOrEqual(declared);

    // The honest upload still goes through: its three parts at once, then completion.
    const honest = await Promise.all(urls.map((url, i) => putChunked(url, [8 * MIB, 8 * MIB, 4 * MIB][i]!, 20 + i)));
    expect(
      honest.map((a) => a.status),
      JSON.stringify({ honest, again }),
    ).toEqual([200, 200, 200]);
    expect(await bytesOnDisk(uploadId)).toBe(declared);
  });
});

async function waitFor(condition: () => Promise<boolean>, { timeoutMs = 5000 } = {}): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

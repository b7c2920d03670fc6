import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PART_BYTES } from '../../../shared/domain/index.ts';
import { createJobHandlers, runWorker } from '../../../shared/jobs/index.ts';
import { makeSilentClip, TEST_TOOLS } from '../../helpers/make-media.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

interface UploadRow {
  uploadId: string;
  filename: string;
  state: string;
  asset: { id: string; status: string; error: { code: string; messageVi: string } | null } | null;
}

/** Uppy's multipart calls, in order, through the API: create, sign, PUT parts, list, complete. */
async function uploadThroughApi({
  h,
  client,
  bytes,
  filename,
  metadata,
  partSize = UPLOAD_PART_BYTES,
}: {
  h: WebHarness;
  client: Client;
  bytes: Buffer;
  filename: string;
  metadata: Record<string, unknown>;
  partSize?: number;
}) {
  const created = await client.request(`/api/projects/${PROJECT_ID}/uploads`, {
    method: 'POST',
    json: { filename, contentType: 'video/mp4', sizeBytes: bytes.length, metadata },
  });
  expect(created.status).toBe(201);
  const { uploadId } = (await created.json()) as { uploadId: string };
  const parts: { partNumber: number; etag: string }[] = [];
  for (let offset = 0, partNumber = 1; offset < bytes.length; offset += partSize, partNumber++) {
    const signed = await client.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/${partNumber}`);
    expect(signed.status).toBe(200);
    const { url, method } = (await signed.json()) as { url: string; method: string };
    // The browser's PUT carries no cookie and no CSRF token: the signed URL is the authority.
    const put = await h.app.request(url, { method, body: new Uint8Array(bytes.subarray(offset, offset + partSize)), headers: { origin: 'http://localhost' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
    parts.push({ partNumber, etag: put.headers.get('etag')! });
  }
  const listed = (await (await client.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts`)).json()) as {
    parts: { partNumber: number; etag: string }[];
  };
  expect(listed.parts.map((p) => p.etag)).toEqual(parts.map((p) => p.etag));
  const completed = await client.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/complete`, { method: 'POST', json: { parts } });
  // Answered at once: the file is then stored (moved into the originals) in the background.
  expect(completed.status).toBe(202);
  expect(((await completed.json()) as { upload: { state: string } }).upload.state).toBe('storing');
  const row = await waitUntilStored({ client, uploadId });
  expect(row.state).toBe('completed');
  return { uploadId, asset: row.asset! };
}

/** Polls the list of uploads, as the upload page does, until the upload is no longer being stored. */
async function waitUntilStored({ client, uploadId }: { client: Client; uploadId: string }): Promise<UploadRow> {
  for (let tries = 0; ; tries += 1) {
    const { uploads } = (await (await client.request(`/api/projects/${PROJECT_ID}/uploads`)).json()) as { uploads: UploadRow[] };
    const row = uploads.find((u) => u.uploadId === uploadId);
    if (row !== undefined && row.state !== 'storing') return row;
    if (tries > 200) throw new Error(`upload ${uploadId} is still ${row?.state ?? 'missing'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('uploads through the API', () => {
  let h: WebHarness;
  let contributor: Client;
  let admin: Client;

  beforeAll(async () => {
    h = await makeWebHarness();
    contributor = await h.signIn({ role: 'contributor', label: 'Hội Tin học Hải Phòng' });
    admin = await h.signIn({ role: 'admin' });
  });
  afterAll(async () => h.close());

  const ingestAll = () =>
    runWorker({
      queue: h.backend.queue,
      handlers: createJobHandlers({ deps: { ...h.backend, clock: h.clock, log: h.deps.log, tools: TEST_TOOLS, scratchDir: path.join(h.dir, 'scratch') } }),
      log: h.deps.log,
      maxAttempts: 3,
      stopWhenIdle: true,
      waitSeconds: 0,
    });

  it('uploads a clip and a multi-part non-media file; ingest accepts one and rejects the other with a plain reason', async () => {
    const clip = await readFile(await makeSilentClip());
    const good = await uploadThroughApi({
      h,
      client: contributor,
      bytes: clip,
      filename: 'Hội thảo khoa học.mp4',
      metadata: { kind: 'footage', theme: 'nghien-cuu-khoa-hoc', description: 'Hội thảo' },
    });
    expect(good.asset.status).toBe('queued');
    const junk = Buffer.alloc(UPLOAD_PART_BYTES + 4096, 0x5a);
    const bad = await uploadThroughApi({ h, client: contributor, bytes: junk, filename: 'hỏng.mp4', metadata: { kind: 'footage' } });

    await ingestAll();

    const { uploads } = (await (await contributor.request(`/api/projects/${PROJECT_ID}/uploads`)).json()) as { uploads: UploadRow[] };
    const byId = new Map(uploads.map((u) => [u.uploadId, u]));
    expect(byId.get(good.uploadId)).toMatchObject({ state: 'completed', filename: 'Hội thảo khoa học.mp4', asset: { status: 'ready', error: null } });
    const rejected = byId.get(bad.uploadId)!;
    expect(rejected.asset?.status).toBe('rejected');
    expect(rejected.asset?.error?.messageVi.length).toBeGreaterThan(10);
    const asset = await h.backend.store.assets.get({ id: good.asset.id });
    expect(asset).toMatchObject({ theme: 'nghien-cuu-khoa-hoc', contributor: 'Hội Tin học Hải Phòng', originalName: 'Hội thảo khoa học.mp4' });
    expect(asset?.original.sizeBytes).toBe(clip.length);
    expect((await h.backend.store.assets.get({ id: bad.asset.id }))?.original.sizeBytes).toBe(junk.length);
    // The staged parts and joined file are gone once ingest has the original.
    expect(await h.backend.blobs.head({ key: `uploads/${good.uploadId}` })).toBeNull();
    const own = await contributor.request(`/api/projects/${PROJECT_ID}/assets/${good.asset.id}`);
    expect(own.status).toBe(200);
  });

  it("keeps one contributor out of another's uploads", async () => {
    const created = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'a.mp4', sizeBytes: 10, metadata: { kind: 'footage' } },
    });
    const { uploadId } = (await created.json()) as { uploadId: string };
    const other = await h.signIn({ role: 'contributor', label: 'Hội Y học' });
    expect((await other.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/1`)).status).toBe(404);
    expect((await other.request(`/api/projects/${PROJECT_ID}/uploads`)).status).toBe(200);
    expect(((await (await other.request(`/api/projects/${PROJECT_ID}/uploads`)).json()) as { uploads: unknown[] }).uploads).toEqual([]);
    expect((await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts`)).status).toBe(404);
  });

  it("bounds uploads by the project's size and kinds", async () => {
    const { project } = (await (await admin.request(`/api/projects/${PROJECT_ID}`)).json()) as {
      project: { revision: number; uploadLimits: Record<string, unknown> };
    };
    const patched = await admin.request(`/api/projects/${PROJECT_ID}`, {
      method: 'PATCH',
      json: { expectedRevision: project.revision, uploadLimits: { maxBytes: 1000, minDurationSeconds: 1, allowedKinds: ['photo', 'footage'] } },
    });
    expect(patched.status).toBe(200);
    const big = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'lớn.mp4', sizeBytes: 1001, metadata: { kind: 'footage' } },
    });
    expect(big.status).toBe(413);
    expect(await errorCode(big)).toBe('UPLOAD_TOO_LARGE');
    const music = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'nhạc.mp3', sizeBytes: 10, metadata: { kind: 'music' } },
    });
    expect(music.status).toBe(400);
    expect(await errorCode(music)).toBe('UPLOAD_KIND_NOT_ALLOWED');
    const noKind = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'x.mp4', sizeBytes: 10, metadata: {} },
    });
    expect(await errorCode(noKind)).toBe('INVALID_BODY');
    // Bytes beyond the declared size are refused as they arrive, so a client cannot fill the disk.
    const created = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'x.jpg', sizeBytes: 1000, metadata: { kind: 'photo' } },
    });
    const { uploadId } = (await created.json()) as { uploadId: string };
    const { url } = (await (await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/1`)).json()) as { url: string };
    const put = await h.app.request(url, { method: 'PUT', body: new Uint8Array(2000) });
    expect(put.status).toBe(413);
    // The part URL is signed for the part's 1000 bytes: refused by its Content-Length (BODY_TOO_LARGE), or as the bytes arrive.
    expect(['BODY_TOO_LARGE', 'UPLOAD_TOO_LARGE']).toContain(await errorCode(put));
    expect(((await (await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts`)).json()) as { parts: unknown[] }).parts).toEqual([]);
  });

  it('refuses a part PUT with a bad signature', async () => {
    const created = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'y.jpg', sizeBytes: 10, metadata: { kind: 'photo' } },
    });
    const { uploadId } = (await created.json()) as { uploadId: string };
    const response = await h.app.request(`/api/uploads/${uploadId}/parts/1?exp=9999999999&sig=nope`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('SIGNATURE_INVALID');
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject, type UploadRecord } from '../../../shared/domain/index.ts';
import { storeCompletedUpload } from '../../../shared/ingest/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';

/**
 * The use case both backends run once a browser upload's parts are joined (the ingest function on
 * AWS, the app in-process locally), here on the local adapters: the staged blob becomes an
 * original without passing through the caller, and every step can be run again.
 */
describe('storing a completed upload', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  const deps = () => ({ ...backend, clock: systemClock, uploads: backend.workflow.uploads });
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-store-upload-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** An upload whose parts S3 (or the local receiver) has just joined into `uploads/<id>`, recorded `storing`. */
  const staged = async ({
    bytes,
    declared = bytes.length,
    metadata = { kind: 'interview' },
  }: {
    bytes: Uint8Array;
    declared?: number;
    metadata?: Record<string, unknown>;
  }): Promise<UploadRecord> => {
    const id = randomUUID();
    const file = path.join(dir, `${id}.joined`);
    await writeFile(file, bytes);
    await backend.blobs.putFile({ key: `uploads/${id}`, path: file, contentType: 'application/octet-stream' });
    const now = new Date().toISOString();
    return backend.workflow.uploads.create({
      upload: {
        id,
        projectId: 'dai-hoi-2026',
        key: `uploads/${id}`,
        filename: 'Phỏng vấn.mp4',
        contentType: 'video/mp4',
        sizeBytes: declared,
        metadata,
        inviteId: null,
        state: 'storing',
        assetId: null,
        createdAt: now,
        updatedAt: now,
        revision: 0,
      },
    });
  };

  it('stores the original under its SHA-256, records the asset and one ingest job, completes the upload, removes the staged blob; a repeat changes nothing', async () => {
    const bytes = new Uint8Array(Buffer.from('bytes of an interview, joined from their parts'));
    const upload = await staged({ bytes });
    const result = await storeCompletedUpload({ deps: deps(), uploadId: upload.id });
    expect(result).toMatchObject({ outcome: 'completed', duplicate: false, upload: { state: 'completed', sizeBytes: bytes.length } });
    const asset = (result as { asset: { id: string } }).asset;
    expect(await backend.store.assets.get({ id: asset.id })).toMatchObject({
      kind: 'interview',
      originalName: 'Phỏng vấn.mp4',
      status: 'queued',
      original: { key: `originals/${sha256(bytes)}`, sizeBytes: bytes.length },
    });
    expect(await backend.workflow.uploads.get({ id: upload.id })).toMatchObject({ state: 'completed', assetId: asset.id });
    expect(await backend.blobs.head({ key: upload.key })).toBeNull();
    expect(await backend.blobs.head({ key: `originals/${sha256(bytes)}` })).toEqual({ sizeBytes: bytes.length });

    // A repeated delivery after the end: nothing to do.
    expect(await storeCompletedUpload({ deps: deps(), uploadId: upload.id })).toMatchObject({ outcome: 'skipped', reason: 'already completed' });
    // The same bytes uploaded again (as a run cut off after the copy, run again, finds them): the existing asset, no second job.
    const again = await staged({ bytes });
    expect(await storeCompletedUpload({ deps: deps(), uploadId: again.id })).toMatchObject({ outcome: 'completed', duplicate: true, asset: { id: asset.id } });
    expect((await backend.queue.list({ state: 'ready' })).filter((job) => (job.body as { assetId?: string }).assetId === asset.id)).toHaveLength(1);
  });

  it('marks an upload larger than it declared failed, in both languages, and stores nothing', async () => {
    const bytes = new Uint8Array(2000).fill(7);
    const upload = await staged({ bytes, declared: 1000 });
    const result = await storeCompletedUpload({ deps: deps(), uploadId: upload.id });
    expect(result).toMatchObject({ outcome: 'failed', upload: { state: 'failed', assetId: null, error: { code: 'UPLOAD_TOO_LARGE' } } });
    expect((result as { upload: UploadRecord }).upload.error?.messageVi.length).toBeGreaterThan(10);
    expect(await backend.blobs.head({ key: `originals/${sha256(bytes)}` })).toBeNull();
    expect(await backend.blobs.head({ key: upload.key })).toBeNull();
  });

  it('marks an upload with a theme the project does not have failed (UNKNOWN_THEME); leaves uploads still in progress alone', async () => {
    const themed = await staged({ bytes: new Uint8Array([1, 2, 3]), metadata: { kind: 'footage', theme: 'khong-co' } });
    expect(await storeCompletedUpload({ deps: deps(), uploadId: themed.id })).toMatchObject({
      outcome: 'failed',
      upload: { error: { code: 'UNKNOWN_THEME' } },
    });
    const uploading = await staged({ bytes: new Uint8Array([4, 5, 6]) });
    await backend.workflow.uploads.update({ upload: { ...uploading, state: 'uploading' }, expectedRevision: 0 });
    expect(await storeCompletedUpload({ deps: deps(), uploadId: uploading.id })).toMatchObject({ outcome: 'skipped', reason: 'the upload is uploading' });
    expect(await backend.blobs.head({ key: uploading.key })).toEqual({ sizeBytes: 3 });
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3BlobStore, createS3MultipartUploads } from '../../../shared/adapters/aws/index.ts';
import { MIN_PART_BYTES, StoreError } from '../../../shared/domain/index.ts';
import type { UploadPartTarget } from '../../../shared/ports/index.ts';
import { describeMultipartUploadsContract } from '../../contracts/multipart-uploads-contract.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { makeResources, type TestResources } from './aws-resources.ts';

/**
 * Browser uploads straight to S3 through presigned part URLs, against fauxqs over HTTP. fauxqs has
 * no ListParts: test/helpers/emulators.ts adds that one operation in front of it.
 */

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => emulators?.close());

/** What the browser (Uppy's AWS S3 plugin) does with a signed part: PUT the bytes, read the ETag. */
async function sendPart({ target, body }: { target: UploadPartTarget; body: Uint8Array }): Promise<string> {
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body: new Uint8Array(body) as Uint8Array<ArrayBuffer> });
  if (!response.ok) throw new Error(`part PUT answered ${response.status}: ${await response.text()}`);
  return response.headers.get('etag') ?? '';
}

describeMultipartUploadsContract({
  name: 'S3 (fauxqs)',
  make: async () => {
    const resources = await makeResources({ emulators });
    const spoolDir = await mkdtemp(path.join(tmpdir(), 'reportage-spool-'));
    return {
      uploads: createS3MultipartUploads({ s3: resources.clients.s3, bucket: resources.buckets.originals }),
      blobs: createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir }),
      sendPart,
      cleanup: async () => {
        await resources.cleanup();
        await rm(spoolDir, { recursive: true, force: true });
      },
    };
  },
});

describe('S3 multipart uploads: the presigned flow end to end', () => {
  let resources: TestResources;
  let spoolDir: string;
  beforeEach(async () => {
    resources = await makeResources({ emulators });
    spoolDir = await mkdtemp(path.join(tmpdir(), 'reportage-spool-'));
  });
  afterEach(async () => {
    await resources.cleanup();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('creates, PUTs the parts over HTTP, resumes from listParts, completes, and the bytes hash the same', async () => {
    const uploads = createS3MultipartUploads({ s3: resources.clients.s3, bucket: resources.buckets.originals });
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    const bytes = Uint8Array.from({ length: 2 * MIN_PART_BYTES + 4321 }, (_, i) => (i * 7 + (i >> 10)) % 256);
    const chunks = [bytes.subarray(0, MIN_PART_BYTES), bytes.subarray(MIN_PART_BYTES, 2 * MIN_PART_BYTES), bytes.subarray(2 * MIN_PART_BYTES)];

    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: bytes.length });
    expect(key).toMatch(/^uploads\/[0-9a-f-]{36}$/);
    const target = await uploads.signPart({ key, uploadId, partNumber: 1 });
    expect(target.url).toContain('X-Amz-Signature=');
    expect(target.url).toContain(`partNumber=1`);
    await sendPart({ target, body: chunks[0]! });

    // The tab was closed: the browser asks what S3 has and sends the rest.
    const have = await uploads.listParts({ key, uploadId });
    expect(have.map((p) => p.partNumber)).toEqual([1]);
    for (const partNumber of [2, 3]) await sendPart({ target: await uploads.signPart({ key, uploadId, partNumber }), body: chunks[partNumber - 1]! });

    const parts = (await uploads.listParts({ key, uploadId })).map(({ partNumber, etag }) => ({ partNumber, etag }));
    expect(await uploads.complete({ key, uploadId, parts })).toEqual({ key, sizeBytes: bytes.length });
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(await buffer(await blobs.read({ key })))).toBe(sha(bytes));

    // The staged blob becomes an original under its SHA-256, as ingest does with it.
    const original = await blobs.putOriginal({ body: await blobs.read({ key }) });
    expect(original).toMatchObject({ key: `originals/${sha(bytes)}`, sizeBytes: bytes.length, created: true });
    await expectRejection({ call: () => uploads.listParts({ key, uploadId }), code: 'UPLOAD_NOT_FOUND', kind: 'not-found' });
  });

  it('refuses keys outside uploads/', async () => {
    const uploads = createS3MultipartUploads({ s3: resources.clients.s3, bucket: resources.buckets.originals });
    await expectRejection({ call: () => uploads.signPart({ key: 'originals/abc', uploadId: 'x', partNumber: 1 }), code: 'INVALID_KEY', type: StoreError });
    await expectRejection({ call: () => uploads.complete({ key: '../uploads/x', uploadId: 'x', parts: [] }), code: 'INVALID_KEY', type: StoreError });
  });
});

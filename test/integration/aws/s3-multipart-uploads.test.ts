import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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

/**
 * Whether a presigned part URL is good for a body of `sizeBytes`: the URL signed again for that
 * length at the same moment carries the same signature (S3 recomputes it from the request it gets,
 * its Content-Length included, since the URL names it among its signed headers).
 */
async function presignedFor({ s3, target, sizeBytes }: { s3: S3Client; target: UploadPartTarget; sizeBytes: number }): Promise<boolean> {
  const url = new URL(target.url);
  const q = url.searchParams;
  if (!(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('content-length')) return false;
  const [, bucket = '', ...keyParts] = url.pathname.split('/');
  const date = q.get('X-Amz-Date') ?? '';
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const again = await getSignedUrl(
    s3,
    new UploadPartCommand({
      Bucket: bucket,
      Key: decodeURIComponent(keyParts.join('/')),
      UploadId: q.get('uploadId') ?? '',
      PartNumber: Number(q.get('partNumber')),
      ContentLength: sizeBytes,
    }),
    { expiresIn: Number(q.get('X-Amz-Expires')), signingDate },
  );
  return new URL(again).searchParams.get('X-Amz-Signature') === q.get('X-Amz-Signature');
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
      signedFor: ({ target, sizeBytes }) => presignedFor({ s3: resources.clients.s3, target, sizeBytes }),
      // fauxqs checks no signatures: a real S3 answers 403 SignatureDoesNotMatch to another length.
      enforcesSignedLength: false,
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
    const target = await uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: chunks[0]!.length });
    expect(target.url).toContain('X-Amz-Signature=');
    expect(target.url).toContain(`partNumber=1`);
    await sendPart({ target, body: chunks[0]! });

    // The tab was closed: the browser asks what S3 has and sends the rest.
    const have = await uploads.listParts({ key, uploadId });
    expect(have.map((p) => p.partNumber)).toEqual([1]);
    for (const partNumber of [2, 3])
      await sendPart({
        target: await uploads.signPart({ key, uploadId, partNumber, sizeBytes: chunks[partNumber - 1]!.length }),
        body: chunks[partNumber - 1]!,
      });

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
    await expectRejection({
      call: () => uploads.signPart({ key: 'originals/abc', uploadId: 'x', partNumber: 1, sizeBytes: 1 }),
      code: 'INVALID_KEY',
      type: StoreError,
    });
    await expectRejection({ call: () => uploads.complete({ key: '../uploads/x', uploadId: 'x', parts: [] }), code: 'INVALID_KEY', type: StoreError });
  });

  it("signs no part URL without the part's length: an unbounded URL would take 5 GiB whatever the file declared", async () => {
    const uploads = createS3MultipartUploads({ s3: resources.clients.s3, bucket: resources.buckets.originals });
    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: 100 });
    await expectRejection({ call: () => uploads.signPart({ key, uploadId, partNumber: 1 }), code: 'UPLOAD_PART_INVALID' });
    const target = await uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 100 });
    expect(new URL(target.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');
    await uploads.abort({ key, uploadId });
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CompleteMultipartUploadCommand, PutObjectCommand, type CompleteMultipartUploadCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients, createS3BlobStore, createS3Inbox, createS3MultipartUploads, isRetryableAwsError } from '../../../shared/adapters/aws/index.ts';
import { ReportageError } from '../../../shared/domain/index.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { makeResources, type TestResources } from './aws-resources.ts';

/**
 * Objects of the size of real footage (tens of MB, random bytes: S3 does not look inside) through
 * every S3 path the adapters use, against fauxqs started as test/helpers/emulators.ts starts it
 * (its 11 MiB request body limit raised): PutObject of an original, the multipart path of an
 * original (threshold lowered here), a file dropped in the inbox streamed into an original,
 * presigned part URLs PUT by `fetch` as a browser does, presigned GET URLs read with ranges, and
 * derived files. An emulator started with a small limit shows what a user sees when something
 * other than S3 answers: the status and the emulator's own text, not an XML parse error.
 */

const MIB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** ~30 MiB of random bytes, made once for the file (a fraction of a second). */
const footage = randomBytes(30 * MIB + 12_345);

let emulators: Emulators;
let resources: TestResources;
let spoolDir: string;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => emulators?.close());
beforeEach(async () => {
  resources = await makeResources({ emulators });
  spoolDir = await mkdtemp(path.join(tmpdir(), 'reportage-sizes-'));
});
afterEach(async () => {
  await resources.cleanup();
  await rm(spoolDir, { recursive: true, force: true });
});

/**
 * fauxqs cannot parse a CompleteMultipartUpload part list that carries checksums (s3-blob-store.test.ts
 * checks what the adapter sends): this double forwards the list without them. Everything else is unchanged.
 */
function withoutPartChecksums(s3: S3Client): S3Client {
  return new Proxy(s3, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { input: Record<string, unknown> }, ...rest: unknown[]) => {
        const send = target.send as (...args: unknown[]) => Promise<unknown>;
        if (!(command instanceof CompleteMultipartUploadCommand)) return send.call(target, command, ...rest);
        const input = command.input as unknown as CompleteMultipartUploadCommandInput;
        const Parts = (input.MultipartUpload?.Parts ?? []).map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
        return send.call(
          target,
          new CompleteMultipartUploadCommand({ Bucket: input.Bucket, Key: input.Key, UploadId: input.UploadId, MultipartUpload: { Parts } }),
          ...rest,
        );
      };
    },
  });
}

/** What ffmpeg or a browser does with a presigned GET URL: an HTTP Range request. */
async function fetchRange({ url, start, end }: { url: string; start: number; end: number }): Promise<Buffer> {
  const response = await fetch(url, { headers: { range: `bytes=${start}-${end}` } });
  expect(response.status).toBe(206);
  return Buffer.from(await response.arrayBuffer());
}

describe('S3 paths with objects of real footage size (tens of MB)', () => {
  it('stores an original of 30 MB with one PutObject and reads it back whole and by presigned ranges', async () => {
    const source = path.join(spoolDir, 'clip.mp4');
    await writeFile(source, footage);
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });

    const stored = await blobs.putOriginal({ body: createReadStream(source) });
    expect(stored).toEqual({ key: `originals/${sha256(footage)}`, sha256: sha256(footage), sizeBytes: footage.length, created: true });
    expect(sha256(await buffer(await blobs.read({ key: stored.key })))).toBe(sha256(footage));
    const { url } = await blobs.mediaInput({ key: stored.key });
    const start = 17 * MIB + 5;
    expect(sha256(await fetchRange({ url, start, end: start + 3 * MIB }))).toBe(sha256(footage.subarray(start, start + 3 * MIB + 1)));
    const tail = await buffer(await blobs.read({ key: stored.key, range: { start: footage.length - 1000 } }));
    expect(tail.equals(footage.subarray(footage.length - 1000))).toBe(true);
  });

  it('stores an original of 30 MB in parts when above the (lowered) single-PUT threshold', async () => {
    const blobs = createS3BlobStore({
      s3: withoutPartChecksums(resources.clients.s3),
      buckets: resources.buckets,
      spoolDir,
      singlePutMaxBytes: 8 * MIB,
      partSizeBytes: 12 * MIB,
    });
    const stored = await blobs.putOriginal({ body: Readable.from([footage.subarray(0, 9 * MIB), footage.subarray(9 * MIB)]) });
    expect(stored).toMatchObject({ key: `originals/${sha256(footage)}`, created: true, sizeBytes: footage.length });
    expect(await blobs.head({ key: stored.key })).toEqual({ sizeBytes: footage.length });
    // A range across the boundary of parts 1 and 2.
    const url = (await blobs.locate({ key: stored.key })).url ?? '';
    expect((await fetchRange({ url, start: 12 * MIB - 100, end: 12 * MIB + 99 })).equals(footage.subarray(12 * MIB - 100, 12 * MIB + 100))).toBe(true);
    expect(sha256(await buffer(await blobs.read({ key: stored.key })))).toBe(sha256(footage));
  });

  it('streams a 30 MB file dropped in the inbox into an original (the drop box path)', async () => {
    await resources.clients.s3.send(new PutObjectCommand({ Bucket: resources.buckets.originals, Key: 'incoming/dai-hoi-2026/the.mp4', Body: footage }));
    const inbox = createS3Inbox({ s3: resources.clients.s3, bucket: resources.buckets.originals });
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    const dropped = await inbox.open({ key: 'incoming/dai-hoi-2026/the.mp4' });
    expect(dropped.sizeBytes).toBe(footage.length);
    expect(await blobs.putOriginal({ body: dropped.body })).toMatchObject({ sha256: sha256(footage), created: true });
  });

  it('takes a browser upload of 30 MB through presigned part URLs (12 MiB parts) and reads it back by ranges', async () => {
    const uploads = createS3MultipartUploads({ s3: resources.clients.s3, bucket: resources.buckets.originals });
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    const { key, uploadId } = await uploads.create({ contentType: 'video/mp4', sizeBytes: footage.length });
    const parts = [];
    for (let start = 0, partNumber = 1; start < footage.length; start += 12 * MIB, partNumber += 1) {
      const body = footage.subarray(start, Math.min(footage.length, start + 12 * MIB));
      const target = await uploads.signPart({ key, uploadId, partNumber, sizeBytes: body.length });
      const response = await fetch(target.url, { method: target.method, headers: target.headers, body: new Uint8Array(body) });
      expect(response.status, await response.clone().text()).toBe(200);
      parts.push({ partNumber, etag: response.headers.get('etag') ?? '', sizeBytes: body.length });
    }
    expect((await uploads.listParts({ key, uploadId })).map((part) => part.sizeBytes)).toEqual([12 * MIB, 12 * MIB, footage.length - 24 * MIB]);
    expect(await uploads.complete({ key, uploadId, parts })).toEqual({ key, sizeBytes: footage.length });
    const url = (await blobs.locate({ key })).url ?? '';
    expect((await fetchRange({ url, start: 24 * MIB - 1, end: 24 * MIB })).equals(footage.subarray(24 * MIB - 1, 24 * MIB + 1))).toBe(true);
    expect(sha256(await buffer(await blobs.read({ key })))).toBe(sha256(footage));
  });

  it('stores derived files and deliveries of 30 MB from local files', async () => {
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    for (const key of ['cache/segments/s1.mp4', 'deliveries/r1/master.mp4']) {
      const file = path.join(spoolDir, 'out.mp4');
      await writeFile(file, footage);
      expect(await blobs.putFile({ key, path: file, contentType: 'video/mp4' })).toEqual({ key, sizeBytes: footage.length });
      expect(sha256(await buffer(await blobs.read({ key })))).toBe(sha256(footage));
    }
  });
});

describe('an error from something other than the service', () => {
  it("reports the emulator's 413 with its status and text, not as an XML parse error", async () => {
    const small = await startEmulators({ s3BodyLimitBytes: MIB });
    const smallResources = await makeResources({ emulators: small });
    try {
      const blobs = createS3BlobStore({ s3: smallResources.clients.s3, buckets: smallResources.buckets, spoolDir });
      const error = await blobs.putOriginal({ body: Readable.from([footage.subarray(0, 2 * MIB)]) }).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ReportageError);
      const { code, message, retryable } = error as ReportageError;
      expect({ code, retryable }).toEqual({ code: 'BLOB_IO_FAILED', retryable: false });
      expect(message).toContain('S3 answered HTTP 413');
      expect(message).toContain('Request body is too large');
      expect(message).not.toMatch(/XML parse error|Deserialization error/);
    } finally {
      await smallResources.cleanup();
      await small.close();
    }
  });

  it("reports a proxy's HTML error page on the SQS path with its status, as retryable", async () => {
    const proxy = createServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const clients = createAwsClients({ region: emulators.region, endpoints: { sqs: endpoint }, credentials: emulators.credentials });
    try {
      const error = await clients.sqs.send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/jobs`, MessageBody: '{}' })).then(
        () => null,
        (thrown: unknown) => thrown as Error,
      );
      expect(error?.name).toBe('ForeignErrorResponse');
      expect(error?.message).toContain('SQS answered HTTP 502 with text/html');
      expect(error?.message).toContain('502 Bad Gateway');
      expect(isRetryableAwsError(error)).toBe(true);
    } finally {
      clients.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

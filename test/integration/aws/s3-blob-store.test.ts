import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type CompleteMultipartUploadCommandInput,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3BlobStore, mediaProtocolsFor } from '../../../shared/adapters/aws/index.ts';
import { probeMedia } from '../../../shared/media/index.ts';
import { makePhoneClip, TEST_TOOLS } from '../../helpers/make-media.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { makeResources, type TestResources } from './aws-resources.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (length: number, seed = 7) => Uint8Array.from({ length }, (_, i) => (i * seed + (i >> 8)) % 256);

let emulators: Emulators;
let resources: TestResources;
let spoolDir: string;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => emulators?.close());
beforeEach(async () => {
  resources = await makeResources({ emulators });
  spoolDir = await mkdtemp(path.join(tmpdir(), 'reportage-spool-'));
});
afterEach(async () => {
  await resources.cleanup();
  await rm(spoolDir, { recursive: true, force: true });
});

/**
 * A test double at one call: S3's PutObject. Neither emulator (fauxqs, nor any other we could use
 * here) enforces `If-None-Match: *` on PutObject, so this wrapper plays S3's part for originals:
 * it records what was sent and answers 412 PreconditionFailed when the key exists, as S3 does.
 * Every other call goes to the emulator unchanged. `holdHeads` makes the first HEADs of originals
 * wait for each other, so two uploads both miss the existing-object check and race on the PUT.
 */
function conditionalPutDouble({ s3, holdHeads = 0 }: { s3: S3Client; holdHeads?: number }) {
  const puts: { key: string; ifNoneMatch: unknown; checksum: unknown }[] = [];
  const written = new Set<string>();
  const waiting: (() => void)[] = [];
  const double = new Proxy(s3, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { input: Record<string, unknown> }, ...rest: unknown[]) => {
        const key = String(command.input.Key ?? '');
        if (command instanceof HeadObjectCommand && key.startsWith('originals/') && holdHeads > 0) {
          holdHeads -= 1;
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (holdHeads === 0) for (const release of waiting.splice(0)) release();
          });
        }
        if (command instanceof PutObjectCommand && key.startsWith('originals/')) {
          puts.push({ key, ifNoneMatch: command.input.IfNoneMatch, checksum: command.input.ChecksumSHA256 });
          // S3 decides atomically: the first conditional PUT of a key wins, even while it is still uploading.
          const claimedBefore = written.has(key);
          if (command.input.IfNoneMatch === '*') written.add(key);
          const exists =
            claimedBefore ||
            (await target.send(new HeadObjectCommand({ Bucket: String(command.input.Bucket), Key: key })).then(
              () => true,
              () => false,
            ));
          if (exists && command.input.IfNoneMatch === '*') {
            throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
              name: 'PreconditionFailed',
              $metadata: { httpStatusCode: 412 },
            });
          }
        }
        return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  });
  return { s3: double, puts };
}

describe('S3 blob store: originals are written once', () => {
  it('sends every original with If-None-Match: * and its SHA-256 for S3 to verify', async () => {
    const { s3, puts } = conditionalPutDouble({ s3: resources.clients.s3 });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir });
    const bytes = bytesOf(70_000);
    const result = await blobs.putOriginal({ body: Readable.from([bytes]) });
    expect(result).toMatchObject({ key: `originals/${sha256(bytes)}`, created: true, sizeBytes: 70_000 });
    expect(puts).toEqual([{ key: result.key, ifNoneMatch: '*', checksum: Buffer.from(sha256(bytes), 'hex').toString('base64') }]);
  });

  it('keeps the first of two concurrent uploads of the same bytes: S3 refuses the second PUT (412)', async () => {
    const { s3, puts } = conditionalPutDouble({ s3: resources.clients.s3, holdHeads: 2 });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir });
    const bytes = bytesOf(40_000, 13);
    const results = await Promise.all([blobs.putOriginal({ body: Readable.from([bytes]) }), blobs.putOriginal({ body: Readable.from([bytes]) })]);
    // Both missed the HEAD check and sent a PUT; the double, playing S3, let only one through.
    expect(puts).toHaveLength(2);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(new Set(results.map((r) => r.key))).toEqual(new Set([`originals/${sha256(bytes)}`]));
    expect(sha256(await buffer(await blobs.read({ key: results[0]!.key })))).toBe(sha256(bytes));
  });

  it('stores a large original in parts, each checked by S3, and reads it back whole', async () => {
    // fauxqs cannot parse a CompleteMultipartUpload part list that carries checksums (S3 requires
    // them when the upload was started with ChecksumAlgorithm SHA256): this double at that one call
    // records what the adapter sent, then forwards the list without the checksums.
    const completions: { parts: { PartNumber?: number; ChecksumSHA256?: string }[]; ifNoneMatch: unknown }[] = [];
    const s3 = new Proxy(resources.clients.s3, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { input: Record<string, unknown> }, ...rest: unknown[]) => {
          if (command instanceof CompleteMultipartUploadCommand) {
            const parts = (command.input.MultipartUpload as { Parts: { PartNumber?: number; ETag?: string; ChecksumSHA256?: string }[] }).Parts;
            completions.push({ parts, ifNoneMatch: command.input.IfNoneMatch });
            const input = command.input as unknown as CompleteMultipartUploadCommandInput;
            const forwarded = new CompleteMultipartUploadCommand({
              Bucket: input.Bucket,
              Key: input.Key,
              UploadId: input.UploadId,
              MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
            });
            return (target.send as (...args: unknown[]) => Promise<unknown>)(forwarded, ...rest);
          }
          return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
        };
      },
    });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir, singlePutMaxBytes: 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 });
    const bytes = bytesOf(11 * 1024 * 1024 + 123, 31);
    const result = await blobs.putOriginal({ body: Readable.from([bytes.subarray(0, 4_000_000), bytes.subarray(4_000_000)]) });
    expect(result).toMatchObject({ key: `originals/${sha256(bytes)}`, created: true, sizeBytes: bytes.length });
    expect(await blobs.head({ key: result.key })).toEqual({ sizeBytes: bytes.length });
    expect(sha256(await buffer(await blobs.read({ key: result.key })))).toBe(sha256(bytes));
    const tail = await buffer(await blobs.read({ key: result.key, range: { start: bytes.length - 10 } }));
    expect(Array.from(tail)).toEqual(Array.from(bytes.subarray(bytes.length - 10)));
    const partHash = (start: number, end: number) => createHash('sha256').update(bytes.subarray(start, end)).digest('base64');
    const MIB5 = 5 * 1024 * 1024;
    expect(completions).toEqual([
      {
        ifNoneMatch: '*',
        parts: [
          expect.objectContaining({ PartNumber: 1, ChecksumSHA256: partHash(0, MIB5) }),
          expect.objectContaining({ PartNumber: 2, ChecksumSHA256: partHash(MIB5, 2 * MIB5) }),
          expect.objectContaining({ PartNumber: 3, ChecksumSHA256: partHash(2 * MIB5, bytes.length) }),
        ],
      },
    ]);
  });

  it('leaves nothing in the spool folder, after a success or a failed stream', async () => {
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    await blobs.putOriginal({ body: Readable.from([bytesOf(1000)]) });
    const failing = new Readable({
      read() {
        this.push(Buffer.from(bytesOf(500)));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(blobs.putOriginal({ body: failing })).rejects.toThrow('client went away');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('routes keys to the originals, deliveries and derived buckets', async () => {
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    const { key } = await blobs.putOriginal({ body: Readable.from([bytesOf(10)]) });
    await blobs.putBytes({ key: 'deliveries/p/v/web/checksums.sha256', body: 'x', contentType: 'text/plain' });
    await blobs.putBytes({ key: 'derived/a/proxy.mp4', body: 'y', contentType: 'video/mp4' });
    const headIn = (bucket: string, k: string) =>
      resources.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k })).then(
        () => true,
        () => false,
      );
    expect(await headIn(resources.buckets.originals, key)).toBe(true);
    expect(await headIn(resources.buckets.deliveries, 'deliveries/p/v/web/checksums.sha256')).toBe(true);
    expect(await headIn(resources.buckets.derived, 'derived/a/proxy.mp4')).toBe(true);
    expect(await headIn(resources.buckets.derived, key)).toBe(false);
  });
});

/**
 * A test double at the two copy calls, playing S3's part where the emulator has none: CopyObject
 * answers the SHA-256 S3 computes of the copy when asked (`ChecksumAlgorithm`; `tamper` makes it
 * differ, as a copy of other bytes would), and UploadPartCopy (which fauxqs lacks) becomes a
 * ranged GET plus an UploadPart to the emulator, answering the part's SHA-256. The source is read
 * from the emulator, so the checksums are of real bytes; every other call goes through unchanged.
 */
function copyDouble({ s3, tamper = false }: { s3: S3Client; tamper?: boolean }) {
  const copies: Record<string, unknown>[] = [];
  const readSource = async (source: string, range?: string) => {
    const [bucket, ...key] = decodeURIComponent(source).split('/');
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/'), ...(range === undefined ? {} : { Range: range }) }));
    return Buffer.from(await object.Body!.transformToByteArray());
  };
  const double = new Proxy(s3, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { input: Record<string, unknown> }, ...rest: unknown[]) => {
        if (command instanceof CopyObjectCommand) {
          copies.push(command.input);
          const answer = (await (target.send as (...args: unknown[]) => Promise<Record<string, unknown>>)(command, ...rest)) as {
            CopyObjectResult?: Record<string, unknown>;
          };
          const bytes = await readSource(String(command.input.CopySource));
          const checksum = createHash('sha256')
            .update(tamper ? Buffer.concat([bytes, Buffer.from('x')]) : bytes)
            .digest('base64');
          return { ...answer, CopyObjectResult: { ...answer.CopyObjectResult, ChecksumSHA256: checksum } };
        }
        if (command instanceof UploadPartCopyCommand) {
          copies.push(command.input);
          const bytes = await readSource(String(command.input.CopySource), String(command.input.CopySourceRange));
          const { Bucket, Key, UploadId, PartNumber } = command.input as { Bucket: string; Key: string; UploadId: string; PartNumber: number };
          const { ETag } = await target.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: bytes, ContentLength: bytes.length }));
          return { CopyPartResult: { ETag, ChecksumSHA256: createHash('sha256').update(bytes).digest('base64') } };
        }
        if (command instanceof CompleteMultipartUploadCommand) {
          // fauxqs reads only PartNumber and ETag of each part (its parser skips a part with a checksum).
          const input = command.input as CompleteMultipartUploadCommandInput;
          copies.push({
            completedParts: input.MultipartUpload?.Parts?.map((part) => ({ partNumber: part.PartNumber, checksum: part.ChecksumSHA256 })),
            ifNoneMatch: input.IfNoneMatch,
          });
          const parts = input.MultipartUpload?.Parts?.map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
          return target.send(new CompleteMultipartUploadCommand({ ...input, MultipartUpload: { Parts: parts } }));
        }
        return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  });
  return { s3: double, copies };
}

describe('S3 blob store: a completed browser upload becomes an original by a server-side copy', () => {
  const stage = async (key: string, bytes: Uint8Array) =>
    resources.clients.s3.send(new PutObjectCommand({ Bucket: resources.buckets.originals, Key: key, Body: bytes, ContentLength: bytes.length }));

  it("copies with ChecksumAlgorithm SHA256, If-None-Match and the hashed ETag; compares S3's checksum; never copies twice", async () => {
    const bytes = bytesOf(700_000);
    await stage('uploads/u-1', bytes);
    const { s3, copies } = copyDouble({ s3: resources.clients.s3 });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir });
    expect(await blobs.adoptOriginal({ key: 'uploads/u-1' })).toEqual({
      key: `originals/${sha256(bytes)}`,
      sha256: sha256(bytes),
      sizeBytes: bytes.length,
      created: true,
    });
    expect(copies).toEqual([
      expect.objectContaining({
        Key: `originals/${sha256(bytes)}`,
        CopySource: `${resources.buckets.originals}/uploads/u-1`,
        ChecksumAlgorithm: 'SHA256',
        IfNoneMatch: '*',
        CopySourceIfMatch: expect.any(String),
      }),
    ]);
    expect(sha256(await buffer(await blobs.read({ key: `originals/${sha256(bytes)}` })))).toBe(sha256(bytes));
    // The same bytes again (a repeated notification, or a second upload of the file): no copy.
    expect((await blobs.adoptOriginal({ key: 'uploads/u-1' })).created).toBe(false);
    expect(copies).toHaveLength(1);
  });

  it('refuses a copy whose SHA-256, as S3 computed it, is not the one read', async () => {
    await stage('uploads/u-2', bytesOf(50_000, 3));
    const { s3 } = copyDouble({ s3: resources.clients.s3, tamper: true });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir });
    await expect(blobs.adoptOriginal({ key: 'uploads/u-2' })).rejects.toMatchObject({
      code: 'BLOB_IO_FAILED',
      message: expect.stringContaining('differs from the bytes read'),
    });
  });

  it("copies a staged upload above the single-copy limit in parts (UploadPartCopy), each part's checksum compared", async () => {
    const bytes = bytesOf(12 * 1024 * 1024 + 123, 11);
    await stage('uploads/u-3', bytes);
    const { s3, copies } = copyDouble({ s3: resources.clients.s3 });
    const blobs = createS3BlobStore({ s3, buckets: resources.buckets, spoolDir, singleCopyMaxBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 });
    expect(await blobs.adoptOriginal({ key: 'uploads/u-3' })).toMatchObject({ sha256: sha256(bytes), sizeBytes: bytes.length, created: true });
    expect(copies.slice(0, 3).map((c) => c.CopySourceRange)).toEqual(['bytes=0-5242879', 'bytes=5242880-10485759', `bytes=10485760-${bytes.length - 1}`]);
    const partSha = (start: number, end: number) => createHash('sha256').update(bytes.subarray(start, end)).digest('base64');
    expect(copies[3]).toEqual({
      completedParts: [
        { partNumber: 1, checksum: partSha(0, 5242880) },
        { partNumber: 2, checksum: partSha(5242880, 10485760) },
        { partNumber: 3, checksum: partSha(10485760, bytes.length) },
      ],
      ifNoneMatch: '*',
    });
    expect(sha256(await buffer(await blobs.read({ key: `originals/${sha256(bytes)}` })))).toBe(sha256(bytes));
  });
});

describe('S3 blob store: media inputs for ffmpeg', () => {
  it('hands ffprobe a presigned URL it reads over HTTP ranges (plain http only because the emulator is on loopback)', async () => {
    const blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir });
    const clip = await makePhoneClip();
    const { key, sizeBytes } = await blobs.putOriginal({ body: createReadStream(clip) });
    const source = await blobs.mediaInput({ key });
    expect(source.protocols).toBe('http,tcp');
    expect(source.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+X-Amz-Signature=/);
    const head = new Uint8Array((await readFile(clip)).subarray(0, 65_536));
    const facts = await probeMedia({ source: { ...source, demuxer: 'mov' }, tools: TEST_TOOLS, head, sizeBytes });
    expect(facts.video?.codec).toBe('h264');
    expect(facts.durationSeconds).toBeGreaterThan(2.5);
  });

  it('allows https always, plain http only to loopback, and nothing else', () => {
    expect(mediaProtocolsFor({ url: 'https://reportage-originals.s3.ap-southeast-1.amazonaws.com/originals/ab?X-Amz-Signature=1' })).toBe('https,tls,tcp');
    expect(mediaProtocolsFor({ url: 'http://127.0.0.1:4566/b/k' })).toBe('http,tcp');
    expect(mediaProtocolsFor({ url: 'http://localhost:4566/b/k' })).toBe('http,tcp');
    expect(mediaProtocolsFor({ url: 'http://[::1]:4566/b/k' })).toBe('http,tcp');
    for (const url of [
      'http://10.0.0.5:4566/b/k',
      'http://s3.amazonaws.com/b/k',
      'http://127.0.0.1.evil.example/b/k',
      'ftp://127.0.0.1/b/k',
      'file:///etc/passwd',
    ]) {
      expect(() => mediaProtocolsFor({ url }), url).toThrow(/UNSAFE|Refusing/);
    }
  });
});

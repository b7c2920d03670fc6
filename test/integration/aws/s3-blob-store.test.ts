import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CompleteMultipartUploadCommand, HeadObjectCommand, type CompleteMultipartUploadCommandInput, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
            throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
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
            const forwarded = new CompleteMultipartUploadCommand({ Bucket: input.Bucket, Key: input.Key, UploadId: input.UploadId, MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) } });
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
    const headIn = (bucket: string, k: string) => resources.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k })).then(() => true, () => false);
    expect(await headIn(resources.buckets.originals, key)).toBe(true);
    expect(await headIn(resources.buckets.deliveries, 'deliveries/p/v/web/checksums.sha256')).toBe(true);
    expect(await headIn(resources.buckets.derived, 'derived/a/proxy.mp4')).toBe(true);
    expect(await headIn(resources.buckets.derived, key)).toBe(false);
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
    for (const url of ['http://10.0.0.5:4566/b/k', 'http://s3.amazonaws.com/b/k', 'http://127.0.0.1.evil.example/b/k', 'ftp://127.0.0.1/b/k', 'file:///etc/passwd']) {
      expect(() => mediaProtocolsFor({ url }), url).toThrow(/UNSAFE|Refusing/);
    }
  });
});

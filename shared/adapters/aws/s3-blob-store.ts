import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from '../../domain/text.ts';
import type { MediaInput } from '../../domain/index.ts';
import type { BlobStore, PutOriginalResult } from '../../ports/index.ts';
import { BlobNotFoundError, InvalidRangeError } from '../../ports/errors.ts';
import { ORIGINALS_PREFIX, assertWritableKey, validateBlobKey } from '../../ports/blob-keys.ts';
import { errorNameOf, httpStatusOf } from './aws-clients.ts';
import { AwsStoreError } from './errors.ts';
import { mediaProtocolsFor } from './media-protocols.ts';

/** The three buckets of the stateful stack; keys are routed to them by prefix. */
export interface BlobBuckets {
  /** `originals/…` and staged browser uploads (`uploads/…`). */
  originals: string;
  /** `deliveries/…`: delivered files, checksums, QC reports. */
  deliveries: string;
  /** Everything else: derivatives, render caches, scratch. */
  derived: string;
}

export interface S3BlobStoreOptions {
  s3: S3Client;
  buckets: BlobBuckets;
  /** Where an incoming original is spooled while it is hashed (Lambda: /tmp). Default: the OS temp folder. */
  spoolDir?: string;
  /** Lifetime of the presigned GET URLs handed to ffmpeg and people. Default one hour. */
  presignSeconds?: number;
  /** Originals larger than this go up in parts (PutObject's limit is 5 GiB). */
  singlePutMaxBytes?: number;
  /** Part size of a large original. */
  partSizeBytes?: number;
  /** Staged uploads larger than this are copied into `originals/` in parts (CopyObject's limit is 5 GiB). */
  singleCopyMaxBytes?: number;
  /** Lifetime of a download URL handed to a browser (`signedDownloadUrl`). Default five minutes. */
  downloadUrlSeconds?: number;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Which bucket holds a key. */
export function bucketFor({ key, buckets }: { key: string; buckets: BlobBuckets }): string {
  if (key.startsWith(ORIGINALS_PREFIX) || key.startsWith('uploads/')) return buckets.originals;
  // The public folder (published watch pages) sits beside the deliveries, behind the CDN.
  if (key.startsWith('deliveries/') || key.startsWith('public/')) return buckets.deliveries;
  return buckets.derived;
}

/**
 * The blob store on S3, with the same contract as the local one (test/contracts/blob-store-contract.ts).
 *
 * - Originals: the body is spooled to a temp file while SHA-256 is computed (constant memory),
 *   then stored under `originals/<sha256>` with `IfNoneMatch: '*'` (S3 refuses to replace an
 *   existing object: two concurrent uploads of the same bytes store it once, the loser gets
 *   `created: false`) and `ChecksumSHA256` (S3 verifies the bytes it received against our hash).
 *   Originals above `singlePutMaxBytes` go up in parts, each with its own SHA-256 checked by S3,
 *   completed with `IfNoneMatch: '*'`.
 * - Ranged reads are HTTP Range GETs; a start past the end (S3's 416) reads nothing.
 * - `mediaInput` is a presigned GET URL: ffmpeg streams only the byte ranges it needs. Protocols:
 *   `https,tls,tcp`; plain `http,tcp` only for an http endpoint on loopback (the test emulators).
 * - `locate` gives a presigned GET URL (one hour by default).
 * - `adoptOriginal` reads a staged upload once (hashing it, per copy part too), then copies it
 *   server-side into `originals/<sha256>` with `ChecksumAlgorithm: 'SHA256'` and `IfNoneMatch: '*'`
 *   (above `singleCopyMaxBytes`, UploadPartCopy in parts, each part's checksum compared), and
 *   compares the checksum S3 computed of the copy with its own: the bytes never pass through.
 * - `signedDownloadUrl` is a presigned GET (five minutes by default) that makes S3 answer with
 *   the given `Content-Type` and `Content-Disposition`, and serve ranges itself.
 *
 * @example
 * const blobs = createS3BlobStore({ s3, buckets: { originals: 'o', derived: 'd', deliveries: 'v' } });
 */
export function createS3BlobStore({
  s3,
  buckets,
  spoolDir = tmpdir(),
  presignSeconds = 3600,
  singlePutMaxBytes = 5 * GIB,
  partSizeBytes = 64 * MIB,
  singleCopyMaxBytes = 5 * GIB,
  downloadUrlSeconds = 300,
}: S3BlobStoreOptions): BlobStore {
  const where = (key: string) => ({ Bucket: bucketFor({ key, buckets }), Key: key });

  const call = async <T>(operation: string, key: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError({ key });
      throw new AwsStoreError({ service: 'S3', operation: `${operation} of ${key}`, cause: error });
    }
  };

  const head = async (key: string): Promise<{ sizeBytes: number } | null> => {
    try {
      const found = await s3.send(new HeadObjectCommand(where(key)));
      return { sizeBytes: found.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new AwsStoreError({ service: 'S3', operation: `head of ${key}`, cause: error });
    }
  };

  const presignGet = (key: string) => getSignedUrl(s3, new GetObjectCommand(where(key)), { expiresIn: presignSeconds });

  /** PutObject that never replaces: false when S3 says the key exists (412) or a concurrent write won (409). */
  const putOnce = async ({ key, file, sizeBytes, sha256 }: { key: string; file: string; sizeBytes: number; sha256: string }): Promise<boolean> => {
    try {
      if (sizeBytes <= singlePutMaxBytes) {
        await s3.send(
          new PutObjectCommand({
            ...where(key),
            Body: createReadStream(file),
            ContentLength: sizeBytes,
            ContentType: 'application/octet-stream',
            ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
            IfNoneMatch: '*',
          }),
        );
      } else {
        await putInParts({ s3, target: where(key), file, sizeBytes, partSizeBytes });
      }
      return true;
    } catch (error) {
      if (isAlreadyThere(error)) return false;
      throw new AwsStoreError({ service: 'S3', operation: `store of ${key}`, cause: error });
    }
  };

  return {
    async putOriginal({ body, onProgress }): Promise<PutOriginalResult> {
      await mkdir(spoolDir, { recursive: true });
      const spool = path.join(spoolDir, `reportage-original-${randomUUID()}.part`);
      try {
        const hash = createHash('sha256');
        let written = 0;
        await pipeline(
          body,
          async function* (chunks: AsyncIterable<Buffer | Uint8Array | string>) {
            for await (const chunk of chunks) {
              const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
              hash.update(bytes);
              written += bytes.byteLength;
              yield bytes;
              onProgress?.(written);
            }
          },
          createWriteStream(spool, { flags: 'wx', mode: 0o600 }),
        );
        if (written === 0) onProgress?.(0);
        const sha256 = hash.digest('hex');
        const key = `${ORIGINALS_PREFIX}${sha256}`;
        // The common duplicate (the same file uploaded twice) is answered without sending the bytes again.
        if ((await head(key)) !== null) return { key, sha256, sizeBytes: written, created: false };
        const created = await putOnce({ key, file: spool, sizeBytes: (await stat(spool)).size, sha256 });
        return { key, sha256, sizeBytes: written, created };
      } finally {
        await rm(spool, { force: true }).catch(() => {});
      }
    },

    async putFile({ key, path: source, contentType }) {
      assertWritableKey({ key });
      const { size } = await stat(source).catch((error: unknown) => {
        throw new AwsStoreError({ service: 'S3', operation: `read of the local file for ${key}`, cause: error });
      });
      await call('upload', key, () =>
        s3.send(new PutObjectCommand({ ...where(key), Body: createReadStream(source), ContentLength: size, ContentType: contentType })),
      );
      // The port lets the store move the file in: the caller must not use it afterwards, as locally.
      await rm(source, { force: true }).catch(() => {});
      return { key, sizeBytes: size };
    },

    async putBytes({ key, body, contentType }) {
      assertWritableKey({ key });
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      await call('upload', key, () => s3.send(new PutObjectCommand({ ...where(key), Body: bytes, ContentLength: bytes.length, ContentType: contentType })));
      return { key, sizeBytes: bytes.length };
    },

    async read({ key, range }) {
      validateBlobKey({ key });
      if (range !== undefined) checkRange({ key, range });
      const rangeHeader = range === undefined ? undefined : `bytes=${range.start}-${range.end ?? ''}`;
      try {
        const object = await s3.send(new GetObjectCommand({ ...where(key), ...(rangeHeader === undefined ? {} : { Range: rangeHeader }) }));
        return object.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError({ key });
        // 416: the range starts at or past the end of an existing blob, which reads nothing (as locally).
        if (httpStatusOf(error) === 416 || errorNameOf(error) === 'InvalidRange') return Readable.from([]);
        throw new AwsStoreError({ service: 'S3', operation: `read of ${key}`, cause: error });
      }
    },

    async head({ key }) {
      validateBlobKey({ key });
      return head(key);
    },

    async mediaInput({ key }): Promise<MediaInput> {
      validateBlobKey({ key });
      if ((await head(key)) === null) throw new BlobNotFoundError({ key });
      const url = await presignGet(key);
      return { url, protocols: mediaProtocolsFor({ url }) };
    },

    async locate({ key }) {
      validateBlobKey({ key });
      return { url: await presignGet(key) };
    },

    async adoptOriginal({ key }): Promise<PutOriginalResult> {
      validateBlobKey({ key });
      const found = await call('head', key, () => s3.send(new HeadObjectCommand(where(key))));
      const sizeBytes = found.ContentLength ?? 0;
      // Every later request names this ETag: what is copied is the object that was hashed.
      const etag = found.ETag;
      const sameSource = etag === undefined ? {} : { CopySourceIfMatch: etag };
      const copyPartBytes = Math.max(partSizeBytes, Math.ceil(sizeBytes / 10_000));
      const inParts = sizeBytes > singleCopyMaxBytes;
      // One read: the whole object's SHA-256, and each copy part's when it is copied in parts.
      const whole = createHash('sha256');
      const partHashes: string[] = [];
      let part = createHash('sha256');
      let inPart = 0;
      let read = 0;
      const body = await call(
        'read',
        key,
        async () => (await s3.send(new GetObjectCommand({ ...where(key), ...(etag === undefined ? {} : { IfMatch: etag }) }))).Body as Readable,
      );
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          whole.update(chunk);
          read += chunk.length;
          if (!inParts) continue;
          for (let offset = 0; offset < chunk.length; ) {
            const take = Math.min(chunk.length - offset, copyPartBytes - inPart);
            part.update(chunk.subarray(offset, offset + take));
            inPart += take;
            offset += take;
            if (inPart === copyPartBytes) {
              partHashes.push(part.digest('base64'));
              part = createHash('sha256');
              inPart = 0;
            }
          }
        }
      } catch (error) {
        throw new AwsStoreError({ service: 'S3', operation: `read of ${key}`, cause: error });
      }
      if (inParts && inPart > 0) partHashes.push(part.digest('base64'));
      if (read !== sizeBytes)
        throw new AwsStoreError({
          service: 'S3',
          operation: `read of ${key}`,
          cause: new Error(`read ${read} bytes of ${sizeBytes}: the staged object changed`),
        });
      const sha256 = whole.digest('hex');
      const original = `${ORIGINALS_PREFIX}${sha256}`;
      if ((await head(original)) !== null) return { key: original, sha256, sizeBytes, created: false };
      const expected = Buffer.from(sha256, 'hex').toString('base64');
      const source = `${bucketFor({ key, buckets })}/${key}`;
      try {
        if (!inParts) {
          const copied = await s3.send(
            new CopyObjectCommand({
              ...where(original),
              CopySource: source,
              ...sameSource,
              ChecksumAlgorithm: 'SHA256',
              IfNoneMatch: '*',
              ContentType: 'application/octet-stream',
              MetadataDirective: 'REPLACE',
            }),
          );
          checkCopyChecksum({ key: original, got: copied.CopyObjectResult?.ChecksumSHA256, expected });
        } else {
          await copyInParts({ s3, target: where(original), source, sameSource, sizeBytes, partBytes: copyPartBytes, partHashes });
        }
      } catch (error) {
        if (isAlreadyThere(error)) return { key: original, sha256, sizeBytes, created: false };
        if (error instanceof AwsStoreError) throw error;
        throw new AwsStoreError({ service: 'S3', operation: `copy of ${key} to ${original}`, cause: error });
      }
      return { key: original, sha256, sizeBytes, created: true };
    },

    async copy({ from, to, contentType, cacheControl }) {
      validateBlobKey({ key: from });
      assertWritableKey({ key: to });
      const sizeBytes = (await head(from))?.sizeBytes;
      if (sizeBytes === undefined) throw new BlobNotFoundError({ key: from });
      await call('copy', to, () =>
        s3.send(
          new CopyObjectCommand({
            ...where(to),
            CopySource: `${bucketFor({ key: from, buckets })}/${from}`,
            ContentType: contentType,
            ...(cacheControl === undefined ? {} : { CacheControl: cacheControl }),
            MetadataDirective: 'REPLACE',
          }),
        ),
      );
      return { key: to, sizeBytes };
    },

    async signedDownloadUrl({ key, contentType, fileName }) {
      validateBlobKey({ key });
      const command = new GetObjectCommand({
        ...where(key),
        ResponseContentType: contentType,
        ...(fileName === undefined ? {} : { ResponseContentDisposition: attachmentDisposition({ fileName }) }),
      });
      return getSignedUrl(s3, command, { expiresIn: downloadUrlSeconds });
    },

    async delete({ key }) {
      validateBlobKey({ key });
      try {
        await s3.send(new DeleteObjectCommand(where(key)));
      } catch (error) {
        if (isNotFound(error)) return;
        throw new AwsStoreError({ service: 'S3', operation: `delete of ${key}`, cause: error });
      }
    },
  };
}

/** A large original in parts, each part's SHA-256 verified by S3; the completion refuses to replace. */
async function putInParts({
  s3,
  target,
  file,
  sizeBytes,
  partSizeBytes,
}: {
  s3: S3Client;
  target: { Bucket: string; Key: string };
  file: string;
  sizeBytes: number;
  partSizeBytes: number;
}): Promise<void> {
  await writeOnceInParts({
    s3,
    target,
    sizeBytes,
    partBytes: partSizeBytes,
    part: async ({ UploadId, partNumber, start, end }) => {
      const partHash = createHash('sha256');
      for await (const chunk of createReadStream(file, { start, end })) partHash.update(chunk as Buffer);
      const checksum = partHash.digest('base64');
      const { ETag } = await s3.send(
        new UploadPartCommand({
          ...target,
          UploadId,
          PartNumber: partNumber,
          Body: createReadStream(file, { start, end }),
          ContentLength: end - start + 1,
          ChecksumSHA256: checksum,
        }),
      );
      return { ETag: ETag ?? '', ChecksumSHA256: checksum };
    },
  });
}

/**
 * A staged upload above CopyObject's 5 GiB copied in parts (UploadPartCopy), each part's SHA-256
 * (as S3 computed it of the copy) compared with the one read; the completion refuses to replace.
 */
async function copyInParts({
  s3,
  target,
  source,
  sameSource,
  sizeBytes,
  partBytes,
  partHashes,
}: {
  s3: S3Client;
  target: { Bucket: string; Key: string };
  source: string;
  sameSource: { CopySourceIfMatch?: string };
  sizeBytes: number;
  partBytes: number;
  partHashes: string[];
}): Promise<void> {
  await writeOnceInParts({
    s3,
    target,
    sizeBytes,
    partBytes,
    part: async ({ UploadId, partNumber, start, end }) => {
      const { CopyPartResult } = await s3.send(
        new UploadPartCopyCommand({ ...target, UploadId, PartNumber: partNumber, CopySource: source, ...sameSource, CopySourceRange: `bytes=${start}-${end}` }),
      );
      const expected = partHashes[partNumber - 1] ?? '';
      checkCopyChecksum({ key: `${target.Key} (part ${partNumber})`, got: CopyPartResult?.ChecksumSHA256, expected });
      return { ETag: CopyPartResult?.ETag ?? '', ChecksumSHA256: expected };
    },
  });
}

/**
 * A multipart upload to `target` with SHA-256 part checksums: `part` makes each part (bytes
 * `start`–`end` of `sizeBytes`, in `partBytes` steps), the completion is write-once
 * (`IfNoneMatch: '*'`), and any failure aborts the upload so no parts are left behind.
 */
async function writeOnceInParts({
  s3,
  target,
  sizeBytes,
  partBytes,
  part,
}: {
  s3: S3Client;
  target: { Bucket: string; Key: string };
  sizeBytes: number;
  partBytes: number;
  part: (args: { UploadId: string | undefined; partNumber: number; start: number; end: number }) => Promise<{ ETag: string; ChecksumSHA256: string }>;
}): Promise<void> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ ...target, ContentType: 'application/octet-stream', ChecksumAlgorithm: 'SHA256' }));
  try {
    const parts: { PartNumber: number; ETag: string; ChecksumSHA256: string }[] = [];
    for (let start = 0, partNumber = 1; start < sizeBytes; start += partBytes, partNumber += 1) {
      const end = Math.min(sizeBytes, start + partBytes) - 1;
      parts.push({ PartNumber: partNumber, ...(await part({ UploadId, partNumber, start, end })) });
    }
    await s3.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: '*' }));
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => {});
    throw error;
  }
}

/**
 * S3 returns the SHA-256 it computed of what it copied when asked (`ChecksumAlgorithm`); one that
 * differs from the bytes we read means the copy is not what was hashed. (The emulators return
 * none: nothing to compare then.)
 */
function checkCopyChecksum({ key, got, expected }: { key: string; got: string | undefined; expected: string }): void {
  if (got === undefined || got === expected) return;
  throw new AwsStoreError({
    service: 'S3',
    operation: `copy to ${key}`,
    cause: new Error(`S3's SHA-256 of the copy (${got}) differs from the bytes read (${expected})`),
  });
}

function checkRange({ key, range }: { key: string; range: { start: number; end?: number } }): void {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new InvalidRangeError({ key, range });
}

function isNotFound(error: unknown): boolean {
  const name = errorNameOf(error);
  // A missing bucket is a deployment fault, not a missing blob.
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatusOf(error) === 404;
}

/** 412: the key exists (If-None-Match). 409: a concurrent conditional write to the same key won. */
function isAlreadyThere(error: unknown): boolean {
  const status = httpStatusOf(error);
  const name = errorNameOf(error);
  return status === 412 || name === 'PreconditionFailed' || status === 409 || name === 'ConditionalRequestConflict';
}

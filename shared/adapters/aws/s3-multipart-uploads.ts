import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MAX_PARTS, MAX_PART_BYTES, UploadError } from '../../domain/access.ts';
import { StoreError } from '../../domain/errors.ts';
import type { MultipartUploads, UploadedPart } from '../../ports/index.ts';
import { validateBlobKey } from '../../ports/blob-keys.ts';
import { errorNameOf, httpStatusOf } from './aws-clients.ts';
import { AwsStoreError } from './errors.ts';

export interface S3MultipartUploadsOptions {
  s3: S3Client;
  /** The originals bucket: staged uploads live under `uploads/` in it (the ingest function listens there). */
  bucket: string;
  /** Lifetime of a presigned part URL. Default one hour (a part is at most a few hundred MiB). */
  partUrlSeconds?: number;
  /** For tests: the time used to compute `expiresAt`. */
  now?: () => Date;
}

const UPLOADS_PREFIX = 'uploads/';

/**
 * Browser uploads straight to S3 (the protocol Uppy's `@uppy/aws-s3` speaks): `create` starts an
 * S3 multipart upload under `uploads/<uuid>`, `signPart` hands out a presigned `UploadPart` URL
 * (the browser PUTs the part's bytes to S3 and reads the `ETag` header back, which the bucket's
 * CORS exposes), `listParts` resumes, `complete` joins the parts. Nothing passes through Lambda.
 *
 * Errors (the domain's `UploadError`s, as the local backend throws them): a key outside
 * `uploads/` → `INVALID_KEY`; an unknown, completed or aborted upload → `UPLOAD_NOT_FOUND`; a part
 * list S3 refuses (missing part, wrong ETag, out of order) → `UPLOAD_PART_MISMATCH`; a part but
 * the last under 5 MiB → `UPLOAD_PART_TOO_SMALL`; a part number outside 1–10000 → `UPLOAD_PART_INVALID`.
 * S3 itself does not tell which part failed: those errors name part 0.
 */
export function createS3MultipartUploads({ s3, bucket, partUrlSeconds = 3600, now = () => new Date() }: S3MultipartUploadsOptions): MultipartUploads {
  const checkKey = (key: string) => {
    validateBlobKey({ key });
    if (!key.startsWith(UPLOADS_PREFIX)) {
      throw new StoreError({
        code: 'INVALID_KEY',
        message: `Invalid blob key ${JSON.stringify(key)}: a staged upload lives under "${UPLOADS_PREFIX}".`,
        messageVi: 'Tên tệp tải lên không hợp lệ.',
        details: { key },
      });
    }
  };

  const call = async <T>({ operation, key, uploadId, run }: { operation: string; key: string; uploadId?: string; run: () => Promise<T> }): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const name = errorNameOf(error);
      if (name === 'NoSuchUpload' || (httpStatusOf(error) === 404 && name !== 'NoSuchBucket')) throw UploadError.notFound({ uploadId: uploadId ?? key });
      // S3 does not say which part: the browser resumes (listParts) and sends what is missing.
      if (name === 'InvalidPart' || name === 'InvalidPartOrder')
        throw UploadError.partMismatch({ partNumber: 0, reason: `S3 refused the part list (${name}): a part is missing, out of order, or its ETag differs` });
      if (name === 'EntityTooSmall') throw UploadError.partTooSmall({ partNumber: 0, sizeBytes: 0 });
      throw new AwsStoreError({ service: 'S3', operation: `${operation} of ${key}`, cause: error });
    }
  };

  return {
    async create({ contentType }) {
      const key = `${UPLOADS_PREFIX}${randomUUID()}`;
      const { UploadId } = await call({
        operation: 'start of a multipart upload',
        key,
        run: () => s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType })),
      });
      if (UploadId === undefined)
        throw new AwsStoreError({ service: 'S3', operation: `start of a multipart upload of ${key}`, cause: new Error('no UploadId in the answer') });
      return { uploadId: UploadId, key };
    },

    async signPart({ key, uploadId, partNumber, sizeBytes }) {
      checkKey(key);
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
        throw UploadError.badPart({ partNumber, reason: `part numbers run from 1 to ${MAX_PARTS}` });
      }
      // Without a signed length a URL would take a part of any size (up to 5 GiB), whatever the file declared.
      if (sizeBytes === undefined || !Number.isSafeInteger(sizeBytes) || sizeBytes < 0 || sizeBytes > MAX_PART_BYTES) {
        throw UploadError.badPart({ partNumber, reason: "a part URL is signed for the part's length (0 bytes to 5 GiB)" });
      }
      const expiresAt = new Date(now().getTime() + partUrlSeconds * 1000).toISOString();
      // Content-Length is a signed header of the URL: S3 refuses a body of any other length (SignatureDoesNotMatch).
      const command = new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: sizeBytes });
      const url = await getSignedUrl(s3, command, { expiresIn: partUrlSeconds, signableHeaders: new Set(['content-length']) });
      return { url, method: 'PUT', headers: {}, expiresAt };
    },

    async listParts({ key, uploadId }) {
      checkKey(key);
      const parts: UploadedPart[] = [];
      let marker: string | undefined;
      do {
        const page = await call({
          operation: 'list of parts',
          key,
          uploadId,
          run: () =>
            s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, ...(marker === undefined ? {} : { PartNumberMarker: marker }) })),
        });
        for (const part of page.Parts ?? []) parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '', sizeBytes: part.Size ?? 0 });
        marker = page.IsTruncated === true ? page.NextPartNumberMarker : undefined;
      } while (marker !== undefined);
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },

    async complete({ key, uploadId, parts }) {
      checkKey(key);
      const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber).map((part) => ({ PartNumber: part.partNumber, ETag: part.etag }));
      await call({
        operation: 'completion of a multipart upload',
        key,
        uploadId,
        run: () => s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: ordered } })),
      });
      const head = await call({ operation: 'head', key, run: () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })) });
      return { key, sizeBytes: head.ContentLength ?? 0 };
    },

    async abort({ key, uploadId }) {
      checkKey(key);
      try {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      } catch (error) {
        if (errorNameOf(error) === 'NoSuchUpload' || httpStatusOf(error) === 404) return;
        throw new AwsStoreError({ service: 'S3', operation: `abort of an upload of ${key}`, cause: error });
      }
    },
  };
}

import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BlobNotFoundError } from '../../ports/errors.ts';
import { errorNameOf, httpStatusOf } from './aws-clients.ts';
import { AwsStoreError } from './errors.ts';

/** Where files dropped straight into the originals bucket wait for the ingest function. */
export const INBOX_PREFIX = 'incoming/';

export interface DroppedFile {
  body: Readable;
  sizeBytes: number;
  /** The object's user metadata (`x-amz-meta-*`), names lower-cased, values URL-decoded. */
  metadata: Record<string, string>;
}

export interface S3Inbox {
  open(args: { key: string }): Promise<DroppedFile>;
  remove(args: { key: string }): Promise<void>;
}

/**
 * The drop box for bulk uploads that do not go through the browser (a camera card copied with
 * `aws s3 cp … s3://<originals>/incoming/<project>/`): the ingest function opens each dropped
 * object, hands its bytes to the ingest use case and removes it. Keys here are whatever the
 * person named the file (any characters), so they are not blob keys and never reach the store.
 */
export function createS3Inbox({ s3, bucket }: { s3: S3Client; bucket: string }): S3Inbox {
  return {
    async open({ key }) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const metadata = Object.fromEntries(Object.entries(object.Metadata ?? {}).map(([name, value]) => [name.toLowerCase(), safeDecode(value)]));
        return { body: object.Body as Readable, sizeBytes: object.ContentLength ?? 0, metadata };
      } catch (error) {
        if (errorNameOf(error) === 'NoSuchKey' || httpStatusOf(error) === 404) throw new BlobNotFoundError({ key });
        throw new AwsStoreError({ service: 'S3', operation: `read of the dropped file ${key}`, cause: error });
      }
    },
    async remove({ key }) {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw new AwsStoreError({ service: 'S3', operation: `removal of the dropped file ${key}`, cause: error });
      }
    },
  };
}

/** S3 metadata travels in HTTP headers (ASCII): Vietnamese values are sent URL-encoded. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value).normalize('NFC');
  } catch {
    return value;
  }
}

import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../../shared/adapters/aws/index.ts';
import type { BlobStore } from '../../../shared/ports/index.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { asFunction } from '../../helpers/aws-iam/record-aws-calls.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { makeResources, type TestResources } from './aws-resources.ts';

/**
 * The public folder of a published video on S3, as the api function makes and removes it
 * (shared/delivery/publications.ts through the S3 blob store: `copy` is HeadObject + CopyObject
 * from `deliveries/`, `delete` is DeleteObject), run as the api's role: the IAM check at the end
 * evaluates every call against the synthesized policy, and `REPORTAGE_IAM_USAGE=write` records
 * them for test/unit/infra/iam-policies.test.ts (the grants `CopyToPublicFolder` and
 * `RemoveWithdrawnPublicFiles`). What the copies carry is what CloudFront serves and caches by
 * (infra/lib/constructs/public-media-distribution.ts).
 */

const TOKEN = 'q3Vx0b_Z9kLm2N-4pR7sTu';
const RENDER = 'deliveries/dai-hoi-2026/v1a2b3c4d5e6f7a8/stream';
/** The stream render's files, as the worker leaves them (type and body), and where publishing puts each. */
const FILES = [
  { from: `${RENDER}/hls/master.m3u8`, name: 'hls/master.m3u8', type: 'application/vnd.apple.mpegurl', cache: 'public, max-age=10', body: '#EXTM3U\n' },
  { from: `${RENDER}/hls/720p/seg-001.ts`, name: 'hls/720p/seg-001.ts', type: 'video/mp2t', cache: 'public, max-age=300', body: 'G'.repeat(188 * 4) },
  { from: `${RENDER}/captions.vtt`, name: 'captions/vi.vtt', type: 'text/vtt; charset=utf-8', cache: 'public, max-age=10', body: 'WEBVTT\n' },
  { from: `${RENDER}/poster.jpg`, name: 'poster.jpg', type: 'image/jpeg', cache: 'public, max-age=300', body: '\xff\xd8\xff' },
] as const;

let emulators: Emulators;
let resources: TestResources;
let blobs: BlobStore;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => emulators?.close());
beforeEach(async () => {
  resources = await makeResources({ emulators });
  blobs = createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets });
  // The worker wrote these with its own role (not recorded here), without Cache-Control.
  for (const file of FILES) {
    await resources.clients.s3.send(
      new PutObjectCommand({ Bucket: resources.buckets.deliveries, Key: file.from, Body: file.body, ContentType: 'binary/octet-stream' }),
    );
  }
});
afterEach(async () => resources.cleanup());

const publicKey = (name: string) => `public/${TOKEN}/${name}`;

describe('the public folder of a published video on S3', () => {
  it('publishing copies each file into public/<token>/ of the deliveries bucket with the type and cache lifetime the CDN serves', async () => {
    await asFunction('api', async () => {
      for (const file of FILES) await blobs.copy({ from: file.from, to: publicKey(file.name), contentType: file.type, cacheControl: file.cache });
    });
    for (const file of FILES) {
      const head = await resources.clients.s3.send(new HeadObjectCommand({ Bucket: resources.buckets.deliveries, Key: publicKey(file.name) }));
      expect({ type: head.ContentType, cache: head.CacheControl, size: head.ContentLength }, file.name).toEqual({
        type: file.type,
        cache: file.cache,
        size: Buffer.byteLength(file.body),
      });
      expect((await buffer(await blobs.read({ key: publicKey(file.name) }))).toString(), file.name).toBe(file.body);
    }
    // The source stays where it was: the delivery is not moved, only copied.
    expect(await blobs.head({ key: FILES[0].from })).not.toBeNull();
  });

  it('unpublishing deletes the public files (again without error), leaving the delivery', async () => {
    await asFunction('api', async () => {
      for (const file of FILES) await blobs.copy({ from: file.from, to: publicKey(file.name), contentType: file.type, cacheControl: file.cache });
    });
    await asFunction('api', async () => {
      // It reads the folder's own playlists first, to know every segment to remove.
      expect((await buffer(await blobs.read({ key: publicKey(FILES[0].name) }))).toString()).toBe(FILES[0].body);
      for (const file of FILES) await blobs.delete({ key: publicKey(file.name) });
      // A withdrawal cut off half-way is run again: deleting what is gone is no error.
      await blobs.delete({ key: publicKey(FILES[0].name) });
    });
    for (const file of FILES) {
      expect(await blobs.head({ key: publicKey(file.name) }), file.name).toBeNull();
      expect(await blobs.head({ key: file.from }), file.from).not.toBeNull();
    }
  });
});

checkIamOfRecordedCalls({ file: import.meta.filename });

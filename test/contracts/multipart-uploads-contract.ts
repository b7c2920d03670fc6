import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_PART_BYTES, UploadError } from '../../shared/domain/index.ts';
import type { BlobStore, MultipartUploads, UploadPartTarget } from '../../shared/ports/index.ts';
import { expectRejection } from './expect-rejection.ts';

export interface MultipartUploadsHarness {
  uploads: MultipartUploads;
  /** Where completed uploads land (`key`). */
  blobs: BlobStore;
  /** Sends a part as the browser would: an HTTP PUT to the signed target; returns the ETag header. */
  sendPart: (args: { target: UploadPartTarget; body: Uint8Array<ArrayBuffer> }) => Promise<string>;
  cleanup: () => Promise<void>;
  /** Whether a part URL is good for a body of `sizeBytes` (checked the way each backend binds the length). */
  signedFor: (args: { target: UploadPartTarget; sizeBytes: number }) => Promise<boolean>;
  /** The store behind the URL checks the length itself (the emulated S3 does not check signatures). */
  enforcesSignedLength: boolean;
}

export interface MultipartUploadsContractOptions {
  /** Shown in the test names, e.g. `fs (local)` or `S3 (emulated)`. */
  name: string;
  make: () => Promise<MultipartUploadsHarness>;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const filled = (length: number, seed: number) => {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) % 251;
  return bytes;
};

/**
 * The `MultipartUploads` port's contract (the S3 multipart protocol Uppy speaks): every backend
 * runs it unchanged. Parts are the real minimum (5 MiB) so S3's own rules hold.
 *
 * @example describeMultipartUploadsContract({ name: 'fs', make: async () => ({ uploads, blobs, sendPart, cleanup }) });
 */
export function describeMultipartUploadsContract({ name, make }: MultipartUploadsContractOptions): void {
  describe(`MultipartUploads contract: ${name}`, () => {
    let h: MultipartUploadsHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => h.cleanup());

    it('joins parts sent in any order into the staged blob, with quoted-MD5 ETags', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'video/mp4', sizeBytes: MIN_PART_BYTES + 1000 });
      const first = filled(MIN_PART_BYTES, 1);
      const last = filled(1000, 2);
      const target2 = await h.uploads.signPart({ key, uploadId, partNumber: 2, sizeBytes: 1000 });
      expect(target2.method).toBe('PUT');
      expect(Date.parse(target2.expiresAt)).toBeGreaterThan(Date.now() - 60_000);
      const etag2 = await h.sendPart({ target: target2, body: last });
      const etag1 = await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: first.length }), body: first });
      expect(etag1).toBe(`"${md5(first)}"`);
      expect(etag2).toBe(`"${md5(last)}"`);
      const parts = await h.uploads.listParts({ key, uploadId });
      expect(parts.map((p) => [p.partNumber, p.etag, p.sizeBytes])).toEqual([
        [1, etag1, first.length],
        [2, etag2, last.length],
      ]);
      const done = await h.uploads.complete({
        key,
        uploadId,
        parts: [
          { partNumber: 2, etag: etag2 },
          { partNumber: 1, etag: etag1 },
        ],
      });
      expect(done).toEqual({ key, sizeBytes: first.length + last.length });
      const stored = await buffer(await h.blobs.read({ key }));
      expect(md5(stored)).toBe(md5(Buffer.concat([first, last])));
    });

    it('keeps the latest copy of a part sent again (a resumed upload)', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'application/octet-stream' });
      await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 100 }), body: filled(100, 3) });
      const again = filled(120, 4);
      const etag = await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: again.length }), body: again });
      expect(await h.uploads.listParts({ key, uploadId })).toEqual([{ partNumber: 1, etag, sizeBytes: 120 }]);
      await h.uploads.complete({ key, uploadId, parts: [{ partNumber: 1, etag }] });
      expect(md5(await buffer(await h.blobs.read({ key })))).toBe(md5(again));
    });

    it('refuses to complete with a wrong ETag, a missing part, or a small part before the last', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'application/octet-stream' });
      const etag1 = await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 1000 }), body: filled(1000, 5) });
      const etag2 = await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 2, sizeBytes: 1000 }), body: filled(1000, 6) });
      await expectRejection({
        call: () => h.uploads.complete({ key, uploadId, parts: [{ partNumber: 1, etag: `"${'0'.repeat(32)}"` }] }),
        code: 'UPLOAD_PART_MISMATCH',
        type: UploadError,
      });
      await expectRejection({
        call: () => h.uploads.complete({ key, uploadId, parts: [{ partNumber: 3, etag: etag1 }] }),
        code: 'UPLOAD_PART_MISMATCH',
        type: UploadError,
      });
      await expectRejection({
        call: () =>
          h.uploads.complete({
            key,
            uploadId,
            parts: [
              { partNumber: 1, etag: etag1 },
              { partNumber: 2, etag: etag2 },
            ],
          }),
        code: 'UPLOAD_PART_TOO_SMALL',
        type: UploadError,
      });
      // Nothing was lost: the upload can still complete with what is valid.
      await h.uploads.complete({ key, uploadId, parts: [{ partNumber: 1, etag: etag1 }] });
      expect((await h.blobs.head({ key }))?.sizeBytes).toBe(1000);
    });

    it('aborts an upload: its parts are gone, and aborting again or an unknown upload is a no-op', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'application/octet-stream' });
      await h.sendPart({ target: await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 10 }), body: filled(10, 7) });
      await h.uploads.abort({ key, uploadId });
      await expectRejection({ call: () => h.uploads.listParts({ key, uploadId }), code: 'UPLOAD_NOT_FOUND', kind: 'not-found' });
      await h.uploads.abort({ key, uploadId });
      await h.uploads.abort({ key: 'uploads/00000000-0000-4000-8000-000000000000', uploadId: '00000000-0000-4000-8000-000000000000' });
      expect(await h.blobs.head({ key })).toBeNull();
    });

    it('refuses part numbers outside 1–10000', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'application/octet-stream' });
      await expectRejection({ call: () => h.uploads.signPart({ key, uploadId, partNumber: 0, sizeBytes: 10 }), code: 'UPLOAD_PART_INVALID' });
      await expectRejection({ call: () => h.uploads.signPart({ key, uploadId, partNumber: 10_001, sizeBytes: 10 }), code: 'UPLOAD_PART_INVALID' });
    });

    it('signs a part URL for one length: a body of another length is refused and nothing is stored', async () => {
      const { uploadId, key } = await h.uploads.create({ contentType: 'application/octet-stream', sizeBytes: 100 });
      const target = await h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 100 });
      if (h.enforcesSignedLength) {
        await expect(h.sendPart({ target, body: filled(150, 8) })).rejects.toThrow();
        await expect(h.sendPart({ target, body: filled(60, 9) })).rejects.toThrow();
        expect(await h.uploads.listParts({ key, uploadId })).toEqual([]);
      }
      expect(await h.signedFor({ target, sizeBytes: 100 })).toBe(true);
      expect(await h.signedFor({ target, sizeBytes: 101 })).toBe(false);
      expect(await h.signedFor({ target, sizeBytes: 5 * 1024 ** 3 })).toBe(false);
      await expectRejection({ call: () => h.uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: -1 }), code: 'UPLOAD_PART_INVALID' });
      const etag = await h.sendPart({ target, body: filled(100, 10) });
      await h.uploads.complete({ key, uploadId, parts: [{ partNumber: 1, etag }] });
      expect((await h.blobs.head({ key }))?.sizeBytes).toBe(100);
    });
  });
}

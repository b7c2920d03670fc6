import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AccessError, MAX_PARTS, MAX_PART_BYTES, MIN_PART_BYTES, UploadError, secretsEqual } from '../../domain/index.ts';
import type { BlobStore, Clock, MultipartUploads, UploadedPart } from '../../ports/index.ts';
import { systemClock } from '../../ports/index.ts';

export interface FsMultipartUploadsOptions {
  /** The staging folder (`<dataDir>/uploads`): one folder per upload, one file per part. */
  root: string;
  /** Where a completed upload is stored, under `uploads/<uploadId>`. */
  blobs: BlobStore;
  /** The HMAC key that signs part URLs (the app's signing key). */
  signingKey: Uint8Array;
  /** How long a signed part URL is accepted. Default one hour. */
  urlTtlSeconds?: number;
  clock?: Clock;
}

/** The local multipart uploads, plus what the app's part endpoint calls to store a part. */
export interface FsMultipartUploads extends MultipartUploads {
  /**
   * Stores one part sent to a signed URL: checks the signature and its expiry, streams the body
   * to a file (never into memory) while hashing it, and returns the part's ETag (quoted MD5).
   * A part sent again replaces the earlier one (a resumed upload).
   *
   * @throws AccessError `SIGNATURE_INVALID` (403) / `LINK_EXPIRED` (410); UploadError
   *   `UPLOAD_NOT_FOUND`, `UPLOAD_PART_INVALID`
   */
  receivePart(args: { uploadId: string; partNumber: number; exp: string; sig: string; body: Readable }): Promise<UploadedPart>;
}

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;
const MetaSchema = z.object({ contentType: z.string(), sizeBytes: z.number().nullable(), createdAt: z.string() });
const PartMetaSchema = z.object({ partNumber: z.number(), etag: z.string(), sizeBytes: z.number() });

/**
 * Browser uploads in parts, stored by the app itself (the local side of the S3 multipart
 * protocol that Uppy speaks). `signPart` gives an app-relative URL
 * `/api/uploads/<uploadId>/parts/<n>?exp=<unix s>&sig=<HMAC-SHA256>`; the app's PUT route hands
 * the body to `receivePart`. Parts live as files under `<root>/<uploadId>/`; `complete` joins
 * them in order (streamed) and moves the result into the blob store as `uploads/<uploadId>`, the
 * staged blob that ingest then hashes into an original. The same rules as S3: parts 1–10000, at
 * most 5 GiB each, every part but the last at least 5 MiB, ETags checked at completion; and the
 * parts together never exceed the size declared at `create` (streaming stops at the first byte over).
 *
 * @example const uploads = createFsMultipartUploads({ root: path.join(dataDir, 'uploads'), blobs, signingKey });
 */
export function createFsMultipartUploads({ root, blobs, signingKey, urlTtlSeconds = 3600, clock = systemClock }: FsMultipartUploadsOptions): FsMultipartUploads {
  const rootDir = path.resolve(root);

  const folderOf = (uploadId: string) => {
    if (!UPLOAD_ID.test(uploadId)) throw UploadError.notFound({ uploadId: uploadId.slice(0, 64) });
    return path.join(rootDir, uploadId);
  };
  const partFile = (uploadId: string, partNumber: number) => path.join(folderOf(uploadId), `part-${String(partNumber).padStart(5, '0')}`);
  const sign = (uploadId: string, partNumber: number, exp: string) => createHmac('sha256', signingKey).update(`part.${uploadId}.${partNumber}.${exp}`).digest('base64url');

  const requireUpload = async (uploadId: string) => {
    const folder = folderOf(uploadId);
    try {
      return MetaSchema.parse(JSON.parse(await readFile(path.join(folder, 'meta.json'), 'utf8')));
    } catch {
      throw UploadError.notFound({ uploadId });
    }
  };

  const checkPartNumber = (partNumber: number) => {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) throw UploadError.badPart({ partNumber, reason: `part numbers go from 1 to ${MAX_PARTS}` });
  };

  const listParts = async (uploadId: string): Promise<UploadedPart[]> => {
    await requireUpload(uploadId);
    const names = (await readdir(folderOf(uploadId))).filter((name) => /^part-\d{5}\.json$/.test(name)).sort();
    const parts: UploadedPart[] = [];
    for (const name of names) {
      const meta = PartMetaSchema.safeParse(JSON.parse(await readFile(path.join(folderOf(uploadId), name), 'utf8').catch(() => 'null')));
      if (meta.success) parts.push(meta.data);
    }
    return parts;
  };

  return {
    async create({ contentType, sizeBytes }) {
      const uploadId = randomUUID();
      const folder = folderOf(uploadId);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'meta.json'), JSON.stringify({ contentType, sizeBytes: sizeBytes ?? null, createdAt: clock.now().toISOString() }));
      return { uploadId, key: `uploads/${uploadId}` };
    },

    async signPart({ uploadId, partNumber }) {
      checkPartNumber(partNumber);
      await requireUpload(uploadId);
      const expires = Math.floor(clock.now().getTime() / 1000) + urlTtlSeconds;
      const exp = String(expires);
      return {
        url: `/api/uploads/${uploadId}/parts/${partNumber}?exp=${exp}&sig=${sign(uploadId, partNumber, exp)}`,
        method: 'PUT',
        headers: {},
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },

    async receivePart({ uploadId, partNumber, exp, sig, body }) {
      if (!UPLOAD_ID.test(uploadId) || !/^\d{1,12}$/.test(exp) || !secretsEqual({ a: sig, b: sign(uploadId, partNumber, exp) })) {
        throw new AccessError({
          code: 'SIGNATURE_INVALID',
          kind: 'forbidden',
          message: 'The upload address is not valid (its signature does not match). Restart the upload from the upload page.',
          messageVi: 'Địa chỉ tải lên không hợp lệ. Hãy tải tệp lên lại từ trang tải lên.',
        });
      }
      if (Number(exp) * 1000 <= clock.now().getTime()) {
        throw new AccessError({
          code: 'LINK_EXPIRED',
          kind: 'forbidden',
          message: 'The upload address has expired; the upload page asks for a new one when it resumes.',
          messageVi: 'Địa chỉ tải lên đã hết hạn; hãy tiếp tục tải lên để nhận địa chỉ mới.',
        });
      }
      checkPartNumber(partNumber);
      const meta = await requireUpload(uploadId);
      // The other parts plus this one may not exceed the size declared at the start: a client cannot fill the disk.
      const others = (await listParts(uploadId)).filter((p) => p.partNumber !== partNumber).reduce((sum, p) => sum + p.sizeBytes, 0);
      const allowed = meta.sizeBytes === null ? MAX_PART_BYTES : Math.min(MAX_PART_BYTES, meta.sizeBytes - others);
      const target = partFile(uploadId, partNumber);
      const temp = `${target}.${randomUUID()}.tmp`;
      const md5 = createHash('md5');
      let sizeBytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sizeBytes += chunk.length;
          if (sizeBytes > allowed) {
            done(allowed < MAX_PART_BYTES ? UploadError.tooLarge({ declaredBytes: meta.sizeBytes ?? 0 }) : UploadError.badPart({ partNumber, reason: 'a part holds at most 5 GiB' }));
            return;
          }
          md5.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(temp, { flags: 'wx' }));
        const part: UploadedPart = { partNumber, etag: `"${md5.digest('hex')}"`, sizeBytes };
        // The bytes first, then the record that names them: a listed part always has its file.
        await rename(temp, target);
        await writeFile(`${target}.json`, JSON.stringify(part));
        return part;
      } finally {
        await rm(temp, { force: true });
      }
    },

    async listParts({ uploadId }) {
      return listParts(uploadId);
    },

    async complete({ key, uploadId, parts }) {
      await requireUpload(uploadId);
      if (key !== `uploads/${uploadId}`) throw UploadError.notFound({ uploadId });
      const received = new Map((await listParts(uploadId)).map((part) => [part.partNumber, part]));
      const wanted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
      if (wanted.length === 0) throw UploadError.partMismatch({ partNumber: 1, reason: 'no parts were named' });
      wanted.forEach((part, index) => {
        const got = received.get(part.partNumber);
        if (got === undefined) throw UploadError.partMismatch({ partNumber: part.partNumber, reason: 'it was never received' });
        if (index > 0 && wanted[index - 1]!.partNumber === part.partNumber) throw UploadError.partMismatch({ partNumber: part.partNumber, reason: 'it is named twice' });
        if (normaliseEtag(got.etag) !== normaliseEtag(part.etag)) throw UploadError.partMismatch({ partNumber: part.partNumber, reason: `its ETag is ${got.etag}, not ${part.etag}` });
        if (index < wanted.length - 1 && got.sizeBytes < MIN_PART_BYTES) throw UploadError.partTooSmall({ partNumber: part.partNumber, sizeBytes: got.sizeBytes });
      });
      const joined = path.join(folderOf(uploadId), `joined-${randomUUID()}`);
      try {
        const out = createWriteStream(joined, { flags: 'wx' });
        await pipeline(
          Readable.from(
            (async function* () {
              for (const part of wanted) yield* createReadStream(partFile(uploadId, part.partNumber));
            })(),
          ),
          out,
        );
        const stored = await blobs.putFile({ key, path: joined, contentType: 'application/octet-stream' });
        await rm(folderOf(uploadId), { recursive: true, force: true });
        return { key, sizeBytes: stored.sizeBytes };
      } finally {
        await rm(joined, { force: true });
      }
    },

    async abort({ key, uploadId }) {
      if (!UPLOAD_ID.test(uploadId)) return;
      await rm(folderOf(uploadId), { recursive: true, force: true });
      if (key === `uploads/${uploadId}` && (await blobs.head({ key })) !== null) await blobs.delete({ key });
    },
  };
}

function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}


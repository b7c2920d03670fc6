import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
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
   * A part sent again replaces the earlier one (a resumed upload): the earlier copy is dropped
   * when the new one starts. `len` is the length the URL was signed for (`signPart({ sizeBytes })`):
   * a body of any other length is refused.
   *
   * @throws AccessError `SIGNATURE_INVALID` (403) / `LINK_EXPIRED` (410); UploadError
   *   `UPLOAD_NOT_FOUND`, `UPLOAD_PART_INVALID`, `UPLOAD_TOO_LARGE` (the parts, those still
   *   arriving included, would exceed the declared size)
   */
  receivePart(args: { uploadId: string; partNumber: number; exp: string; sig: string; len?: string; body: Readable }): Promise<UploadedPart>;
  /**
   * Removes the staging of uploads with no activity (no part received, not started) for
   * `olderThanSeconds`: a closed tab never completes or aborts. Returns the upload ids removed,
   * so the caller can mark their records aborted. Uploads receiving a part are left alone.
   */
  sweep(args: { olderThanSeconds: number }): Promise<{ uploadIds: string[] }>;
}

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;
const MetaSchema = z.object({ contentType: z.string(), sizeBytes: z.number().nullable(), createdAt: z.string() });
const PartMetaSchema = z.object({
  partNumber: z.number(),
  etag: z.string(),
  sizeBytes: z.number(),
  file: z
    .string()
    .regex(/^part-\d{5}(\.[0-9a-f-]{36}\.data)?$/)
    .optional(),
});
type PartRecord = z.infer<typeof PartMetaSchema>;

/**
 * What this process knows of one upload's bytes: the parts recorded, and the parts arriving now
 * (each counted chunk by chunk). The declared size is checked against both together, so parts
 * sent at once cannot each take the whole size. One process owns a staging folder (`serve`).
 */
interface Ledger {
  declared: number | null;
  committed: Map<number, number>;
  arriving: Set<{ bytes: number; file: string }>;
  /** Record changes of this upload, one at a time: a part's record always names its own bytes. */
  lock: Promise<unknown>;
}

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
export function createFsMultipartUploads({
  root,
  blobs,
  signingKey,
  urlTtlSeconds = 3600,
  clock = systemClock,
}: FsMultipartUploadsOptions): FsMultipartUploads {
  const rootDir = path.resolve(root);

  const folderOf = (uploadId: string) => {
    if (!UPLOAD_ID.test(uploadId)) throw UploadError.notFound({ uploadId: uploadId.slice(0, 64) });
    return path.join(rootDir, uploadId);
  };
  const partName = (partNumber: number) => `part-${String(partNumber).padStart(5, '0')}`;
  const recordFile = (uploadId: string, partNumber: number) => path.join(folderOf(uploadId), `${partName(partNumber)}.json`);
  /** Before records named their file, a part's bytes were `part-NNNNN`. */
  const bytesOf = (uploadId: string, part: PartRecord) => path.join(folderOf(uploadId), part.file ?? partName(part.partNumber));
  // A URL signed for a length carries it in the signed text; without one the text is as before.
  const sign = (uploadId: string, partNumber: number, exp: string, len = '') =>
    createHmac('sha256', signingKey)
      .update(`part.${uploadId}.${partNumber}.${exp}${len === '' ? '' : `.${len}`}`)
      .digest('base64url');
  const ledgers = new Map<string, Promise<Ledger>>();

  const requireUpload = async (uploadId: string) => {
    const folder = folderOf(uploadId);
    try {
      return MetaSchema.parse(JSON.parse(await readFile(path.join(folder, 'meta.json'), 'utf8')));
    } catch {
      throw UploadError.notFound({ uploadId });
    }
  };

  const checkPartNumber = (partNumber: number) => {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS)
      throw UploadError.badPart({ partNumber, reason: `part numbers go from 1 to ${MAX_PARTS}` });
  };

  const readRecords = async (uploadId: string): Promise<PartRecord[]> => {
    await requireUpload(uploadId);
    const names = (await readdir(folderOf(uploadId))).filter((name) => /^part-\d{5}\.json$/.test(name)).sort();
    const parts: PartRecord[] = [];
    for (const name of names) {
      const text = await readFile(path.join(folderOf(uploadId), name), 'utf8').catch(() => 'null');
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // Records are renamed into place whole; an unreadable one is not a part.
      }
      const meta = PartMetaSchema.safeParse(json);
      if (meta.success) parts.push(meta.data);
    }
    return parts;
  };
  const listParts = async (uploadId: string): Promise<UploadedPart[]> =>
    (await readRecords(uploadId)).map(({ partNumber, etag, sizeBytes }) => ({ partNumber, etag, sizeBytes }));

  const ledgerOf = (uploadId: string, declared: number | null): Promise<Ledger> => {
    let ledger = ledgers.get(uploadId);
    if (ledger === undefined) {
      ledger = readRecords(uploadId).then((records) => ({
        declared,
        committed: new Map(records.map((r) => [r.partNumber, r.sizeBytes])),
        arriving: new Set(),
        lock: Promise.resolve(),
      }));
      ledgers.set(uploadId, ledger);
      ledger.catch(() => ledgers.delete(uploadId));
    }
    return ledger;
  };
  /** Runs `task` after the upload's earlier record changes. */
  const locked = <T>(ledger: Ledger, task: () => Promise<T>): Promise<T> => {
    const run = ledger.lock.then(task, task);
    ledger.lock = run.catch(() => undefined);
    return run;
  };
  const bytesHeld = (ledger: Ledger) =>
    [...ledger.committed.values()].reduce((sum, n) => sum + n, 0) + [...ledger.arriving].reduce((sum, a) => sum + a.bytes, 0);
  /** Writes a file whole or not at all: a reader never sees half a record. */
  const writeAtomically = async (file: string, text: string) => {
    const temp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  };
  /** Drops part `partNumber`'s record, then its bytes. */
  const dropPart = async (uploadId: string, ledger: Ledger, partNumber: number) => {
    const old = (await readRecords(uploadId)).find((r) => r.partNumber === partNumber);
    ledger.committed.delete(partNumber);
    if (old === undefined) return;
    await rm(recordFile(uploadId, partNumber), { force: true });
    await rm(bytesOf(uploadId, old), { force: true });
  };

  return {
    async create({ contentType, sizeBytes }) {
      const uploadId = randomUUID();
      const folder = folderOf(uploadId);
      await mkdir(folder, { recursive: true });
      await writeAtomically(
        path.join(folder, 'meta.json'),
        JSON.stringify({ contentType, sizeBytes: sizeBytes ?? null, createdAt: clock.now().toISOString() }),
      );
      return { uploadId, key: `uploads/${uploadId}` };
    },

    async signPart({ uploadId, partNumber, sizeBytes }) {
      checkPartNumber(partNumber);
      if (sizeBytes !== undefined && (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0 || sizeBytes > MAX_PART_BYTES)) {
        throw UploadError.badPart({ partNumber, reason: 'a part holds 0 bytes to 5 GiB' });
      }
      await requireUpload(uploadId);
      const expires = Math.floor(clock.now().getTime() / 1000) + urlTtlSeconds;
      const exp = String(expires);
      const len = sizeBytes === undefined ? '' : String(sizeBytes);
      return {
        url: `/api/uploads/${uploadId}/parts/${partNumber}?exp=${exp}&sig=${sign(uploadId, partNumber, exp, len)}${len === '' ? '' : `&len=${len}`}`,
        method: 'PUT',
        headers: {},
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },

    async receivePart({ uploadId, partNumber, exp, sig, len = '', body }) {
      if (
        !UPLOAD_ID.test(uploadId) ||
        !/^\d{1,12}$/.test(exp) ||
        !/^(\d{1,13})?$/.test(len) ||
        !secretsEqual({ a: sig, b: sign(uploadId, partNumber, exp, len) })
      ) {
        throw new AccessError({
          code: 'SIGNATURE_INVALID',
          message: 'The upload address is not valid (its signature does not match). Restart the upload from the upload page.',
          messageVi: 'Địa chỉ tải lên không hợp lệ. Hãy tải tệp lên lại từ trang tải lên.',
        });
      }
      if (Number(exp) * 1000 <= clock.now().getTime()) {
        throw new AccessError({
          code: 'LINK_EXPIRED',
          message: 'The upload address has expired; the upload page asks for a new one when it resumes.',
          messageVi: 'Địa chỉ tải lên đã hết hạn; hãy tiếp tục tải lên để nhận địa chỉ mới.',
        });
      }
      checkPartNumber(partNumber);
      const meta = await requireUpload(uploadId);
      const signedLength = len === '' ? null : Number(len);
      const ledger = await ledgerOf(uploadId, meta.sizeBytes);
      // The bytes go to a file of their own; the record, renamed into place last, names it.
      const file = `${partName(partNumber)}.${randomUUID()}.data`;
      const arriving = { bytes: 0, file };
      ledger.arriving.add(arriving);
      const md5 = createHash('md5');
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          arriving.bytes += chunk.length;
          if (signedLength !== null && arriving.bytes > signedLength) {
            // More than the part's length is more than the file declared (413, like the parts together).
            done(UploadError.tooLarge({ declaredBytes: ledger.declared ?? signedLength }));
            return;
          }
          if (arriving.bytes > MAX_PART_BYTES) {
            done(UploadError.badPart({ partNumber, reason: 'a part holds at most 5 GiB' }));
            return;
          }
          // Every part arriving now counts, not only those recorded: parts sent at once cannot each take the whole size.
          if (ledger.declared !== null && bytesHeld(ledger) > ledger.declared) {
            done(UploadError.tooLarge({ declaredBytes: ledger.declared }));
            return;
          }
          md5.update(chunk);
          done(null, chunk);
        },
      });
      const target = path.join(folderOf(uploadId), file);
      let committed = false;
      try {
        // A part sent again replaces the earlier copy, which stops counting (and is gone) from now on.
        if (ledger.committed.has(partNumber)) await locked(ledger, () => dropPart(uploadId, ledger, partNumber));
        await pipeline(body, meter, createWriteStream(target, { flags: 'wx' }));
        if (signedLength !== null && arriving.bytes !== signedLength) {
          throw UploadError.badPart({ partNumber, reason: `the address was signed for ${signedLength} bytes and ${arriving.bytes} arrived` });
        }
        const part: UploadedPart = { partNumber, etag: `"${md5.digest('hex')}"`, sizeBytes: arriving.bytes };
        await locked(ledger, async () => {
          const previous = (await readRecords(uploadId)).find((r) => r.partNumber === partNumber);
          await writeAtomically(recordFile(uploadId, partNumber), JSON.stringify({ ...part, file } satisfies PartRecord));
          committed = true;
          ledger.committed.set(partNumber, part.sizeBytes);
          ledger.arriving.delete(arriving);
          if (previous !== undefined && previous.file !== file) await rm(bytesOf(uploadId, previous), { force: true });
        });
        return part;
      } finally {
        ledger.arriving.delete(arriving);
        if (!committed) await rm(target, { force: true });
      }
    },

    async listParts({ uploadId }) {
      return listParts(uploadId);
    },

    async complete({ key, uploadId, parts }) {
      await requireUpload(uploadId);
      if (key !== `uploads/${uploadId}`) throw UploadError.notFound({ uploadId });
      const received = new Map((await readRecords(uploadId)).map((part) => [part.partNumber, part]));
      const wanted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
      if (wanted.length === 0) throw UploadError.partMismatch({ partNumber: 1, reason: 'no parts were named' });
      wanted.forEach((part, index) => {
        const got = received.get(part.partNumber);
        if (got === undefined) throw UploadError.partMismatch({ partNumber: part.partNumber, reason: 'it was never received' });
        if (index > 0 && wanted[index - 1]!.partNumber === part.partNumber)
          throw UploadError.partMismatch({ partNumber: part.partNumber, reason: 'it is named twice' });
        if (normaliseEtag(got.etag) !== normaliseEtag(part.etag))
          throw UploadError.partMismatch({ partNumber: part.partNumber, reason: `its ETag is ${got.etag}, not ${part.etag}` });
        if (index < wanted.length - 1 && got.sizeBytes < MIN_PART_BYTES)
          throw UploadError.partTooSmall({ partNumber: part.partNumber, sizeBytes: got.sizeBytes });
      });
      const joined = path.join(folderOf(uploadId), `joined-${randomUUID()}`);
      try {
        const out = createWriteStream(joined, { flags: 'wx' });
        await pipeline(
          Readable.from(
            (async function* () {
              for (const part of wanted) yield* createReadStream(bytesOf(uploadId, received.get(part.partNumber)!));
            })(),
          ),
          out,
        );
        const stored = await blobs.putFile({ key, path: joined, contentType: 'application/octet-stream' });
        await rm(folderOf(uploadId), { recursive: true, force: true });
        ledgers.delete(uploadId);
        return { key, sizeBytes: stored.sizeBytes };
      } finally {
        await rm(joined, { force: true });
      }
    },

    async abort({ key, uploadId }) {
      if (!UPLOAD_ID.test(uploadId)) return;
      await rm(folderOf(uploadId), { recursive: true, force: true });
      ledgers.delete(uploadId);
      if (key === `uploads/${uploadId}` && (await blobs.head({ key })) !== null) await blobs.delete({ key });
    },

    async sweep({ olderThanSeconds }) {
      const names = await readdir(rootDir).catch(() => [] as string[]);
      const cutoff = clock.now().getTime() - olderThanSeconds * 1000;
      const uploadIds: string[] = [];
      for (const uploadId of names) {
        if (!UPLOAD_ID.test(uploadId)) continue;
        const ledger = await ledgers.get(uploadId)?.catch(() => undefined);
        if (ledger !== undefined && ledger.arriving.size > 0) continue;
        const folder = folderOf(uploadId);
        // The latest sign of life: the folder (a part renamed in or dropped) or any file in it.
        const entries = await readdir(folder).catch(() => null);
        if (entries === null) continue;
        const times = await Promise.all(
          [folder, ...entries.map((name) => path.join(folder, name))].map((file) =>
            stat(file).then(
              (s) => s.mtimeMs,
              () => 0,
            ),
          ),
        );
        if (Math.max(...times) > cutoff) continue;
        await rm(folder, { recursive: true, force: true });
        ledgers.delete(uploadId);
        uploadIds.push(uploadId);
      }
      return { uploadIds };
    },
  };
}

function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

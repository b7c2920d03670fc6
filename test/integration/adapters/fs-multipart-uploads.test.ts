import { randomBytes } from 'node:crypto';
import { readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore, createFsMultipartUploads, type FsMultipartUploads } from '../../../shared/adapters/local/index.ts';
import type { UploadPartTarget } from '../../../shared/ports/index.ts';
import { makeTempDir } from './temp-dir.ts';

const MIB = 1024 * 1024;

/** A body that arrives in `chunks` pieces of `chunkBytes`, a turn of the event loop apart (a part on the wire). */
function slowBody({ chunks, chunkBytes, fill }: { chunks: number; chunkBytes: number; fill: number }): Readable {
  const stream = new PassThrough();
  let sent = 0;
  const next = () => {
    if (sent === chunks) return void stream.end();
    sent += 1;
    stream.write(Buffer.alloc(chunkBytes, fill));
    setImmediate(next);
  };
  setImmediate(next);
  return stream;
}

describe('fs multipart uploads: the declared size, part records, and the sweep', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let uploads: FsMultipartUploads;
  let now: Date;
  const root = () => path.join(dir, 'uploads');
  const send = (target: UploadPartTarget, body: Readable, partNumber: number, uploadId: string) => {
    const q = new URL(target.url, 'http://app.local').searchParams;
    return uploads.receivePart({ uploadId, partNumber, exp: q.get('exp') ?? '', sig: q.get('sig') ?? '', len: q.get('len') ?? '', body });
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir({ prefix: 'fs-multipart' }));
    now = new Date();
    uploads = createFsMultipartUploads({
      root: root(),
      blobs: createFsBlobStore({ root: path.join(dir, 'blobs') }),
      signingKey: randomBytes(32),
      clock: { now: () => now },
    });
  });
  afterEach(async () => cleanup());

  it('holds the declared size across parts sent at once: eight parallel parts of the whole size store at most the size', async () => {
    const declared = 4 * MIB;
    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: declared });
    // URLs signed without a length (the adapter's own bound is what is tested here): each part tries to send the whole file.
    const targets = await Promise.all(Array.from({ length: 8 }, (_, i) => uploads.signPart({ key, uploadId, partNumber: i + 1 })));
    const results = await Promise.allSettled(
      targets.map((target, i) => send(target, slowBody({ chunks: 64, chunkBytes: 64 * 1024, fill: i }), i + 1, uploadId)),
    );

    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(refused.length).toBeGreaterThanOrEqual(7);
    expect(new Set(refused)).toEqual(new Set(['UPLOAD_TOO_LARGE']));
    const parts = await uploads.listParts({ key, uploadId });
    expect(parts.reduce((sum, p) => sum + p.sizeBytes, 0)).toBeLessThanOrEqual(declared);
    // Nothing beyond the declared size is left on disk either: refused parts' bytes are removed.
    const files = await readdir(path.join(root(), uploadId));
    const onDisk = (await Promise.all(files.filter((f) => f.endsWith('.data')).map(async (f) => (await stat(path.join(root(), uploadId, f))).size))).reduce(
      (a, b) => a + b,
      0,
    );
    expect(onDisk).toBeLessThanOrEqual(declared);
  });

  it('lets parts that fit together arrive at once, and a part sent again replaces the earlier copy', async () => {
    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: 3 * MIB });
    const targets = await Promise.all([1, 2, 3].map((partNumber) => uploads.signPart({ key, uploadId, partNumber, sizeBytes: MIB })));
    const parts = await Promise.all(targets.map((target, i) => send(target, slowBody({ chunks: 16, chunkBytes: 64 * 1024, fill: i }), i + 1, uploadId)));
    expect(parts.map((p) => p.sizeBytes)).toEqual([MIB, MIB, MIB]);
    // The whole size is taken; part 2 sent again still fits, because its earlier copy stops counting.
    const again = await send(
      await uploads.signPart({ key, uploadId, partNumber: 2, sizeBytes: MIB }),
      slowBody({ chunks: 16, chunkBytes: 64 * 1024, fill: 9 }),
      2,
      uploadId,
    );
    expect((await uploads.listParts({ key, uploadId })).map((p) => p.etag)).toEqual([parts[0]!.etag, again.etag, parts[2]!.etag]);
    expect((await readdir(path.join(root(), uploadId))).filter((f) => f.endsWith('.data'))).toHaveLength(3);
  });

  it('refuses a body longer or shorter than the URL was signed for, and a URL whose length was changed', async () => {
    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: 10 * MIB });
    const target = await uploads.signPart({ key, uploadId, partNumber: 1, sizeBytes: 1000 });
    await expect(send(target, Readable.from([Buffer.alloc(1001)]), 1, uploadId)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    await expect(send(target, Readable.from([Buffer.alloc(999)]), 1, uploadId)).rejects.toMatchObject({ code: 'UPLOAD_PART_INVALID' });
    const forged = { ...target, url: target.url.replace('len=1000', 'len=5000000') };
    await expect(send(forged, Readable.from([Buffer.alloc(5_000_000)]), 1, uploadId)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await uploads.listParts({ key, uploadId })).toEqual([]);
    expect(await readdir(path.join(root(), uploadId))).toEqual(['meta.json']);
    expect((await send(target, Readable.from([Buffer.alloc(1000)]), 1, uploadId)).sizeBytes).toBe(1000);
  });

  it('writes part records whole: a reader during many replacements never sees a torn record, and each record names its own bytes', async () => {
    const { uploadId, key } = await uploads.create({ contentType: 'video/mp4', sizeBytes: 64 * 1024 });
    const record = path.join(root(), uploadId, 'part-00001.json');
    let reading = true;
    const torn: string[] = [];
    const reader = (async () => {
      while (reading) {
        const text = await readFile(record, 'utf8').catch(() => null);
        if (text !== null) {
          try {
            JSON.parse(text);
          } catch {
            torn.push(text);
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // Twenty copies of part 1 at once, each a different size, all within the declared size together.
    const sends = Array.from({ length: 20 }, (_, i) =>
      uploads.signPart({ key, uploadId, partNumber: 1 }).then((t) => send(t, Readable.from([Buffer.alloc(1000 + i, i)]), 1, uploadId).catch(() => null)),
    );
    await Promise.all(sends);
    reading = false;
    await reader;
    expect(torn).toEqual([]);
    const [part] = await uploads.listParts({ key, uploadId });
    const named = JSON.parse(await readFile(record, 'utf8')) as { file: string; sizeBytes: number };
    expect((await stat(path.join(root(), uploadId, named.file))).size).toBe(part!.sizeBytes);
    const done = await uploads.complete({ key, uploadId, parts: [{ partNumber: 1, etag: part!.etag }] });
    expect(done.sizeBytes).toBe(part!.sizeBytes);
  });

  it('sweeps uploads with no activity for the set age, and leaves recent ones and those receiving a part', async () => {
    const old = await uploads.create({ contentType: 'video/mp4', sizeBytes: 100 });
    await send(await uploads.signPart({ ...old, partNumber: 1 }), Readable.from([Buffer.alloc(10)]), 1, old.uploadId);
    const fresh = await uploads.create({ contentType: 'video/mp4', sizeBytes: 100 });
    const busy = await uploads.create({ contentType: 'video/mp4', sizeBytes: 10 * MIB });
    // A folder left by a crash between mkdir and its meta.json is swept too.
    const orphan = '00000000-0000-4000-8000-000000000001';
    await writeFile(path.join(root(), 'not-an-upload.txt'), 'kept');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(root(), orphan)));
    const threeDaysAgo = new Date(Date.now() - 72 * 3600_000);
    for (const id of [old.uploadId, orphan, busy.uploadId]) {
      const folder = path.join(root(), id);
      for (const name of await readdir(folder)) await utimes(path.join(folder, name), threeDaysAgo, threeDaysAgo);
      await utimes(folder, threeDaysAgo, threeDaysAgo);
    }
    const body = new PassThrough();
    const receiving = send(await uploads.signPart({ ...busy, partNumber: 1 }), body, 1, busy.uploadId);
    body.write(Buffer.alloc(1000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The busy upload's folder is old on disk, but a part is arriving: it stays.
    const busyFolder = path.join(root(), busy.uploadId);
    for (const name of await readdir(busyFolder)) await utimes(path.join(busyFolder, name), threeDaysAgo, threeDaysAgo);
    await utimes(busyFolder, threeDaysAgo, threeDaysAgo);

    const { uploadIds } = await uploads.sweep({ olderThanSeconds: 48 * 3600 });
    expect(uploadIds.sort()).toEqual([old.uploadId, orphan].sort());
    expect((await readdir(root())).sort()).toEqual([busy.uploadId, fresh.uploadId, 'not-an-upload.txt'].sort());
    await expect(uploads.listParts({ ...old })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    body.end();
    expect((await receiving).sizeBytes).toBe(1000);
  });
});

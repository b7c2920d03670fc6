import { createHash } from 'node:crypto';
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../../shared/adapters/local/index.ts';
import { StoreError } from '../../../shared/domain/index.ts';
import type { BlobStore } from '../../../shared/ports/index.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { makeTempDir } from './temp-dir.ts';

/** What only the local file store promises, beyond the BlobStore contract. */
describe('fs blob store (local only)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;
  let blobs: BlobStore;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir({ prefix: 'fs-blobs' }));
    root = path.join(dir, 'blobs');
    blobs = createFsBlobStore({ root });
  });
  afterEach(async () => cleanup());

  const tempFiles = () => readdir(path.join(root, '.tmp'));

  it('a crash mid-write leaves no visible blob and no temp file', async () => {
    const hash = createHash('sha256');
    let sent = 0;
    const half = 8 * 1024 * 1024;
    const source = new Readable({
      read() {
        if (sent >= half) {
          // The client disappears halfway through a 16 MiB upload.
          this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
          return;
        }
        const chunk = Buffer.alloc(64 * 1024, sent % 251);
        hash.update(chunk);
        sent += chunk.length;
        this.push(chunk);
      },
    });

    await expect(blobs.putOriginal({ body: source })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await blobs.head({ key: `originals/${hash.digest('hex')}` })).toBeNull();
    expect(await readdir(path.join(root, 'originals')).catch(() => [])).toEqual([]);
    expect(await tempFiles()).toEqual([]);
  });

  it('streams a 200 MB upload through putOriginal in constant memory', async () => {
    const total = 200 * 1024 * 1024;
    const chunkSize = 256 * 1024;
    const expected = createHash('sha256');
    let produced = 0;
    const source = new Readable({
      highWaterMark: chunkSize,
      read() {
        if (produced >= total) {
          this.push(null);
          return;
        }
        // Fresh chunks (never one buffer reused): what a network stream gives.
        const chunk = Buffer.allocUnsafe(chunkSize);
        chunk.fill(produced / chunkSize);
        chunk.writeUInt32BE(produced / chunkSize, 0);
        expected.update(chunk);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const result = await blobs.putOriginal({
      body: source,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(result.sizeBytes).toBe(total);
    expect(result.sha256).toBe(expected.digest('hex'));
    expect((await stat(path.join(root, 'originals', result.sha256))).size).toBe(total);
    const grewMb = (peak - before) / 1024 / 1024;
    expect(grewMb, `RSS grew by ${grewMb.toFixed(1)} MB`).toBeLessThan(100);
  });

  it('stores an original read-only (0444) at <root>/originals/<sha256>', async () => {
    const { key, sha256 } = await blobs.putOriginal({ body: Readable.from([Buffer.from('video bytes')]) });
    const file = path.join(root, 'originals', sha256);
    expect(key).toBe(`originals/${sha256}`);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores concurrent uploads of the same bytes once', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    const uploads = await Promise.all(
      Array.from({ length: 4 }, () => blobs.putOriginal({ body: Readable.from([bytes.subarray(0, 1_000_000), bytes.subarray(1_000_000)]) })),
    );
    expect(uploads.filter((upload) => upload.created)).toHaveLength(1);
    expect(new Set(uploads.map((upload) => upload.key)).size).toBe(1);
    expect(await readdir(path.join(root, 'originals'))).toHaveLength(1);
    expect(await tempFiles()).toEqual([]);
  });

  it('gives ffmpeg the absolute path with the file protocol only, and locates blobs by path', async () => {
    await blobs.putBytes({ key: 'derived/x/poster.jpg', body: 'jpeg', contentType: 'image/jpeg' });
    const file = path.join(root, 'derived', 'x', 'poster.jpg');
    expect(await blobs.mediaInput({ key: 'derived/x/poster.jpg' })).toEqual({ url: file, protocols: 'file' });
    expect(await blobs.locate({ key: 'derived/x/poster.jpg' })).toEqual({ path: file });
    await expectRejection({ call: () => blobs.mediaInput({ key: 'derived/x/none.jpg' }), code: 'BLOB_NOT_FOUND', kind: 'not-found', type: StoreError });
  });

  it('moves a file in with putFile, and keeps the folder free of temp files', async () => {
    const source = path.join(dir, 'scratch', 'proxy.mp4');
    await mkdir(path.dirname(source), { recursive: true });
    await writeFile(source, 'proxy');
    await blobs.putFile({ key: 'derived/x/proxy.mp4', path: source, contentType: 'video/mp4' });
    expect((await buffer(await blobs.read({ key: 'derived/x/proxy.mp4' }))).toString()).toBe('proxy');
    await expect(stat(source)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await tempFiles()).toEqual([]);
  });

  it('copies a file in from another filesystem (/dev/shm), atomically', async (context) => {
    const shm = await stat('/dev/shm').catch(() => null);
    if (shm === null || shm.dev === (await stat(dir)).dev) {
      context.skip();
      return;
    }
    const source = path.join('/dev/shm', `reportage-test-${process.pid}-${Date.now()}.bin`);
    await writeFile(source, Buffer.alloc(100_000, 3));
    const stored = await blobs.putFile({ key: 'derived/x/other-fs.bin', path: source, contentType: 'application/octet-stream' });
    expect(stored.sizeBytes).toBe(100_000);
    expect((await buffer(await blobs.read({ key: 'derived/x/other-fs.bin' }))).equals(Buffer.alloc(100_000, 3))).toBe(true);
    await expect(stat(source)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await tempFiles()).toEqual([]);
  });

  it('refuses a missing source file in putFile without storing anything', async () => {
    await expectRejection({
      call: () => blobs.putFile({ key: 'derived/x/a.bin', path: path.join(dir, 'nope.bin'), contentType: 'x' }),
      code: 'BLOB_IO_FAILED',
      type: StoreError,
    });
    expect(await blobs.head({ key: 'derived/x/a.bin' })).toBeNull();
  });

  it('does not address its temp folder', async () => {
    await expectRejection({ call: () => blobs.read({ key: '.tmp/anything' }), code: 'INVALID_KEY', type: StoreError });
    await expectRejection({ call: () => blobs.putBytes({ key: '.tmp/x', body: 'x', contentType: 'x' }), code: 'INVALID_KEY', type: StoreError });
  });

  it('removes temp files older than an hour at start-up, and keeps younger ones (another process may be writing them)', async () => {
    const stale = path.join(root, '.tmp', 'stale.part');
    const young = path.join(root, '.tmp', 'young.part');
    await writeFile(stale, 'left by a killed process');
    await writeFile(young, 'being written by another process');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);

    createFsBlobStore({ root });
    expect(await tempFiles()).toEqual(['young.part']);
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../shared/domain/index.ts';
import type { BlobStore } from '../../shared/ports/index.ts';
import { expectRejection } from './expect-rejection.ts';

export interface BlobStoreHarness {
  blobs: BlobStore;
  /** Removes everything `make` created. */
  cleanup: () => Promise<void>;
}

export interface BlobStoreContractOptions {
  /** Shown in the test names, e.g. `fs (local)` or `S3 (emulated)`. */
  name: string;
  /** A fresh, empty store for each test. */
  make: () => Promise<BlobStoreHarness>;
  /**
   * The `-protocol_whitelist` values `mediaInput` may give. Default `file` and `https,tls,tcp`;
   * an S3 store on a plain-http loopback emulator legitimately gives `http,tcp` (and only then).
   */
  mediaProtocols?: string[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** 0, 1, …, 255, 0, 1, … : every byte tells its own offset (mod 256), so range errors show. */
const counting = (length: number) => {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) bytes[index] = index % 256;
  return bytes;
};

/** A stream of `bytes` cut into chunks of `chunkSize`. */
function streamOf({ bytes, chunkSize = 1000 }: { bytes: Uint8Array; chunkSize?: number }): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(Buffer.from(bytes.subarray(offset, offset + chunkSize)));
  return Readable.from(chunks, { objectMode: false });
}

/** A stream that delivers `bytes` then fails, as an upload cut off by the client does. */
function failingStream({ bytes }: { bytes: Uint8Array }): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.from(bytes));
        return;
      }
      this.destroy(new Error('connection reset by the client'));
    },
  });
}

/** Compares bytes without a deep-equality walk over every element (slow on large arrays). */
function expectSameBytes({ actual, expected }: { actual: Uint8Array; expected: Uint8Array }): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(
    true,
  );
}

const BAD_KEYS = ['../x', '/abs', 'a//b', 'a/../b', 'a/./b', '', 'a/', '..', 'a\\b', 'a b', 'derived/ä.mp4', 'originals/../../escape'];

/**
 * The `BlobStore` port's contract: what every backend (local files, S3) must do, run unchanged
 * against each of them.
 *
 * @example describeBlobStoreContract({ name: 'fs', make: async () => { …; return { blobs, cleanup }; } });
 */
export function describeBlobStoreContract({ name, make, mediaProtocols = ['file', 'https,tls,tcp'] }: BlobStoreContractOptions): void {
  describe(`BlobStore contract: ${name}`, () => {
    let blobs: BlobStore;
    let cleanup: () => Promise<void>;
    let scratch: string;

    beforeEach(async () => {
      ({ blobs, cleanup } = await make());
      scratch = await mkdtemp(path.join(os.tmpdir(), 'reportage-blob-contract-'));
    });
    afterEach(async () => {
      await cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    describe('derived blobs', () => {
      it('reads back the bytes and the text stored with putBytes', async () => {
        const text = 'Xin chào Hải Phòng — Đại hội 2026–2031';
        const stored = await blobs.putBytes({ key: 'derived/abc/notes.txt', body: text, contentType: 'text/plain; charset=utf-8' });
        expect(stored).toEqual({ key: 'derived/abc/notes.txt', sizeBytes: Buffer.byteLength(text, 'utf8') });
        expect((await buffer(await blobs.read({ key: 'derived/abc/notes.txt' }))).toString('utf8')).toBe(text);

        const bytes = counting(3000).subarray(7, 2007);
        await blobs.putBytes({ key: 'derived/abc/data.bin', body: bytes, contentType: 'application/octet-stream' });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: 'derived/abc/data.bin' })), expected: bytes });
        expect(await blobs.head({ key: 'derived/abc/data.bin' })).toEqual({ sizeBytes: 2000 });
      });

      it('replaces a derived blob written again under the same key', async () => {
        await blobs.putBytes({ key: 'derived/x/manifest.json', body: '{"v":1}', contentType: 'application/json' });
        await blobs.putBytes({ key: 'derived/x/manifest.json', body: '{"v":2,"more":true}', contentType: 'application/json' });
        expect((await buffer(await blobs.read({ key: 'derived/x/manifest.json' }))).toString()).toBe('{"v":2,"more":true}');
        expect(await blobs.head({ key: 'derived/x/manifest.json' })).toEqual({ sizeBytes: 19 });
      });

      it('keeps keys sharing a prefix apart', async () => {
        await blobs.putBytes({ key: 'a/b', body: 'b', contentType: 'text/plain' });
        await blobs.putBytes({ key: 'a/c/d', body: 'd', contentType: 'text/plain' });
        expect((await buffer(await blobs.read({ key: 'a/b' }))).toString()).toBe('b');
        expect((await buffer(await blobs.read({ key: 'a/c/d' }))).toString()).toBe('d');
        expect(await blobs.head({ key: 'a' })).toBeNull();
      });

      it('stores a local file with putFile', async () => {
        const bytes = counting(70_000);
        const source = path.join(scratch, 'proxy.mp4');
        await writeFile(source, bytes);
        const stored = await blobs.putFile({ key: 'derived/abc/ingest-v1/proxy.mp4', path: source, contentType: 'video/mp4' });
        expect(stored).toEqual({ key: 'derived/abc/ingest-v1/proxy.mp4', sizeBytes: 70_000 });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: stored.key })), expected: bytes });
      });

      it('copies a blob to another key (the public folder), replacing the copy; deleting the copy leaves the source', async () => {
        const bytes = counting(5000);
        await blobs.putBytes({ key: 'deliveries/p/v/stream/hls/720p/seg-00000.ts', body: bytes, contentType: 'video/mp2t' });
        const copied = await blobs.copy({
          from: 'deliveries/p/v/stream/hls/720p/seg-00000.ts',
          to: 'public/tok/hls/720p/seg-00000.ts',
          contentType: 'video/mp2t',
          cacheControl: 'public, max-age=60',
        });
        expect(copied).toEqual({ key: 'public/tok/hls/720p/seg-00000.ts', sizeBytes: 5000 });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: copied.key })), expected: bytes });
        await blobs.putBytes({ key: 'deliveries/p/v/other.txt', body: 'new', contentType: 'text/plain' });
        await blobs.copy({ from: 'deliveries/p/v/other.txt', to: copied.key, contentType: 'text/plain' });
        expect((await buffer(await blobs.read({ key: copied.key }))).toString()).toBe('new');
        await blobs.delete({ key: copied.key });
        expect(await blobs.head({ key: copied.key })).toBeNull();
        expect(await blobs.head({ key: 'deliveries/p/v/stream/hls/720p/seg-00000.ts' })).toEqual({ sizeBytes: 5000 });
        await expect(blobs.copy({ from: 'deliveries/none', to: 'public/tok/x', contentType: 'text/plain' })).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
        await expect(blobs.copy({ from: copied.key, to: 'originals/x', contentType: 'text/plain' })).rejects.toMatchObject({ code: 'READ_ONLY_KEY' });
      });
    });

    describe('originals', () => {
      it('stores an original under its SHA-256, reporting progress up to its size', async () => {
        const bytes = counting(250_000);
        const progress: number[] = [];
        const result = await blobs.putOriginal({ body: streamOf({ bytes, chunkSize: 16_384 }), onProgress: (n) => progress.push(n) });
        expect(result).toEqual({ key: `originals/${sha256(bytes)}`, sha256: sha256(bytes), sizeBytes: 250_000, created: true });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: result.key })), expected: bytes });
        expect(progress.at(-1)).toBe(250_000);
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
      });

      it('stores the same bytes once: a second upload creates nothing and returns the same key', async () => {
        const bytes = counting(10_000);
        const first = await blobs.putOriginal({ body: streamOf({ bytes }) });
        const second = await blobs.putOriginal({ body: streamOf({ bytes, chunkSize: 333 }) });
        expect(first.created).toBe(true);
        expect(second).toEqual({ ...first, created: false });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: first.key })), expected: bytes });
      });

      it('gives different bytes different keys', async () => {
        const a = await blobs.putOriginal({ body: streamOf({ bytes: counting(100) }) });
        const b = await blobs.putOriginal({ body: streamOf({ bytes: counting(101) }) });
        expect(a.key).not.toBe(b.key);
        expect(await blobs.head({ key: a.key })).toEqual({ sizeBytes: 100 });
        expect(await blobs.head({ key: b.key })).toEqual({ sizeBytes: 101 });
      });

      it('stores an empty original', async () => {
        const result = await blobs.putOriginal({ body: Readable.from([]) });
        expect(result).toEqual({ key: `originals/${sha256(new Uint8Array())}`, sha256: sha256(new Uint8Array()), sizeBytes: 0, created: true });
        expect(await blobs.head({ key: result.key })).toEqual({ sizeBytes: 0 });
        expect((await buffer(await blobs.read({ key: result.key }))).length).toBe(0);
      });

      it('never lets putBytes or putFile overwrite an original', async () => {
        const bytes = counting(5000);
        const { key } = await blobs.putOriginal({ body: streamOf({ bytes }) });
        const source = path.join(scratch, 'evil.bin');
        await writeFile(source, 'replaced');
        await expectRejection({ call: () => blobs.putBytes({ key, body: 'replaced', contentType: 'text/plain' }), code: 'READ_ONLY_KEY', type: StoreError });
        await expectRejection({ call: () => blobs.putFile({ key, path: source, contentType: 'text/plain' }), code: 'READ_ONLY_KEY', type: StoreError });
        expectSameBytes({ actual: await buffer(await blobs.read({ key })), expected: bytes });
      });

      it('stores nothing when the upload stream fails halfway', async () => {
        const whole = counting(200_000);
        const half = whole.subarray(0, 100_000);
        await expect(blobs.putOriginal({ body: failingStream({ bytes: half }) })).rejects.toBeInstanceOf(Error);
        expect(await blobs.head({ key: `originals/${sha256(half)}` })).toBeNull();
        expect(await blobs.head({ key: `originals/${sha256(whole)}` })).toBeNull();
        // The complete upload afterwards is a new original.
        expect((await blobs.putOriginal({ body: streamOf({ bytes: whole }) })).created).toBe(true);
      });

      it('adopts a staged upload as an original where it lies: once, repeatable, the staged blob left for the caller', async () => {
        const bytes = counting(300_000);
        const staged = path.join(scratch, 'joined.bin');
        await writeFile(staged, bytes);
        await blobs.putFile({ key: 'uploads/up-1', path: staged, contentType: 'application/octet-stream' });
        const adopted = await blobs.adoptOriginal({ key: 'uploads/up-1' });
        expect(adopted).toEqual({ key: `originals/${sha256(bytes)}`, sha256: sha256(bytes), sizeBytes: 300_000, created: true });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: adopted.key })), expected: bytes });
        expect(await blobs.head({ key: 'uploads/up-1' })).toEqual({ sizeBytes: 300_000 });
        // Run again (a repeated delivery), or the same bytes uploaded twice: nothing new is written.
        expect(await blobs.adoptOriginal({ key: 'uploads/up-1' })).toEqual({ ...adopted, created: false });
        await writeFile(staged, bytes);
        await blobs.putFile({ key: 'uploads/up-2', path: staged, contentType: 'application/octet-stream' });
        expect(await blobs.adoptOriginal({ key: 'uploads/up-2' })).toEqual({ ...adopted, created: false });
        await blobs.delete({ key: 'uploads/up-1' });
        expectSameBytes({ actual: await buffer(await blobs.read({ key: adopted.key })), expected: bytes });
        await expectRejection({ call: () => blobs.adoptOriginal({ key: 'uploads/none' }), code: 'BLOB_NOT_FOUND', type: StoreError });
      });
    });

    describe('ranged reads', () => {
      const bytes = counting(256);
      const readRange = async (range: { start: number; end?: number }) =>
        Array.from(new Uint8Array(await buffer(await blobs.read({ key: 'derived/r/bytes.bin', range }))));
      const slice = (start: number, endExclusive: number) => Array.from(bytes.subarray(start, endExclusive));

      beforeEach(async () => {
        await blobs.putBytes({ key: 'derived/r/bytes.bin', body: bytes, contentType: 'application/octet-stream' });
      });

      it('reads the inclusive range start–end, like HTTP Range', async () => {
        expect(await readRange({ start: 10, end: 19 })).toEqual(slice(10, 20));
        expect(await readRange({ start: 0, end: 0 })).toEqual([0]);
        expect(await readRange({ start: 255, end: 255 })).toEqual([255]);
      });

      it('reads to the end when end is omitted', async () => {
        expect(await readRange({ start: 250 })).toEqual(slice(250, 256));
        expect(await readRange({ start: 0 })).toEqual(slice(0, 256));
      });

      it('clamps an end past the blob, and reads nothing from a start at or past the end', async () => {
        expect(await readRange({ start: 250, end: 10_000 })).toEqual(slice(250, 256));
        expect(await readRange({ start: 0, end: 65_535 })).toEqual(slice(0, 256));
        expect(await readRange({ start: 256 })).toEqual([]);
      });

      it('refuses a range that is not 0 <= start <= end', async () => {
        await expectRejection({
          call: () => blobs.read({ key: 'derived/r/bytes.bin', range: { start: 5, end: 4 } }),
          code: 'INVALID_RANGE',
          kind: 'invalid',
          type: StoreError,
        });
        await expectRejection({
          call: () => blobs.read({ key: 'derived/r/bytes.bin', range: { start: -1 } }),
          code: 'INVALID_RANGE',
          kind: 'invalid',
          type: StoreError,
        });
        await expectRejection({
          call: () => blobs.read({ key: 'derived/r/bytes.bin', range: { start: 1.5 } }),
          code: 'INVALID_RANGE',
          kind: 'invalid',
          type: StoreError,
        });
      });
    });

    describe('keys', () => {
      it.each(BAD_KEYS)('refuses the key %j in every operation with INVALID_KEY', async (key) => {
        const source = path.join(scratch, 'file.bin');
        await writeFile(source, 'x');
        const calls: [string, () => Promise<unknown>][] = [
          ['read', () => blobs.read({ key })],
          ['head', () => blobs.head({ key })],
          ['putBytes', () => blobs.putBytes({ key, body: 'x', contentType: 'text/plain' })],
          ['putFile', () => blobs.putFile({ key, path: source, contentType: 'text/plain' })],
          ['delete', () => blobs.delete({ key })],
          ['mediaInput', () => blobs.mediaInput({ key })],
          ['locate', () => blobs.locate({ key })],
        ];
        for (const [operation, call] of calls) {
          const error = await expectRejection({ call, code: 'INVALID_KEY', kind: 'invalid', type: StoreError }).catch((failure: unknown) => {
            throw new Error(`${operation}(${JSON.stringify(key)}): ${String(failure)}`);
          });
          expect(error.message).toContain(JSON.stringify(key));
        }
      });

      it('accepts keys made of letters, digits, ".", "_" and "-"', async () => {
        const key = 'derived/AbC-09_x/v1.2/file.name-Z_9.mp4';
        await blobs.putBytes({ key, body: 'ok', contentType: 'text/plain' });
        expect(await blobs.head({ key })).toEqual({ sizeBytes: 2 });
      });
    });

    describe('missing blobs and delete', () => {
      it('reports a missing blob: read rejects BLOB_NOT_FOUND, head is null, delete is a no-op', async () => {
        await expectRejection({ call: () => blobs.read({ key: 'derived/none/x.bin' }), code: 'BLOB_NOT_FOUND', kind: 'not-found', type: StoreError });
        await expectRejection({
          call: () => blobs.read({ key: 'derived/none/x.bin', range: { start: 0, end: 9 } }),
          code: 'BLOB_NOT_FOUND',
          kind: 'not-found',
          type: StoreError,
        });
        expect(await blobs.head({ key: 'derived/none/x.bin' })).toBeNull();
        await expect(blobs.delete({ key: 'derived/none/x.bin' })).resolves.toBeUndefined();
      });

      it('deletes a blob', async () => {
        await blobs.putBytes({ key: 'derived/d/x.txt', body: 'x', contentType: 'text/plain' });
        await blobs.delete({ key: 'derived/d/x.txt' });
        expect(await blobs.head({ key: 'derived/d/x.txt' })).toBeNull();
        await expectRejection({ call: () => blobs.read({ key: 'derived/d/x.txt' }), code: 'BLOB_NOT_FOUND', type: StoreError });
        await blobs.delete({ key: 'derived/d/x.txt' });
      });
    });

    describe('media inputs', () => {
      it('tells ffmpeg where to read a blob and which protocols that needs', async () => {
        const { key } = await blobs.putOriginal({ body: streamOf({ bytes: counting(1000) }) });
        const input = await blobs.mediaInput({ key });
        expect(input.url.length).toBeGreaterThan(0);
        expect(mediaProtocols).toContain(input.protocols);
        const where = await blobs.locate({ key });
        expect(where.path ?? where.url).toBeTruthy();
      });
    });
  });
}

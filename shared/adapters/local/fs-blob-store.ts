import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, open, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { MediaInput } from '../../domain/index.ts';
import type { BlobStore, PutOriginalResult } from '../../ports/index.ts';
import { BlobIoError, BlobNotFoundError, InvalidKeyError, InvalidRangeError } from '../../ports/errors.ts';
import { ORIGINALS_PREFIX, TEMP_DIR_NAME, assertWritableKey, validateBlobKey } from '../../ports/blob-keys.ts';

export interface FsBlobStoreOptions {
  /** The folder that holds the blobs; created if missing. */
  root: string;
  /**
   * Temp files (in `<root>/.tmp/`) whose last write is older than this are removed at
   * construction. Default one hour.
   */
  staleTempMs?: number;
}

/** Writes are gathered up to this size before one `write` call (fewer syscalls for small HTTP chunks). */
const WRITE_BATCH_BYTES = 1024 * 1024;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The local blob store: one file per key under `root`.
 *
 * Durability: every write goes to a temp file in `<root>/.tmp/`, is fsynced, renamed (or, for
 * originals, hard-linked) into place, and the folder is fsynced; so readers, and a process
 * restarted after a crash or power loss, see a whole blob or none. A write that fails removes
 * its temp file. Temp files left by a killed process are removed when a store is constructed,
 * but only those untouched for `staleTempMs` (default one hour): the blob folder is shared by
 * several processes (`reportage serve`, `reportage worker`), and a younger temp file may be an
 * upload another process is still writing (an active write touches its file continuously).
 *
 * Originals (`putOriginal`) are hashed while streaming, in constant memory, stored under
 * `originals/<sha256>` with mode 0444 and never replaced: the hard link that publishes one fails
 * if the key exists, so two concurrent uploads of the same bytes store it once. `putBytes` and
 * `putFile` refuse keys under `originals/` (`READ_ONLY_KEY`).
 *
 * `putFile` moves the file in (rename on the same filesystem, copy + fsync + rename across
 * filesystems, then the source is removed): the caller must not use the source afterwards.
 * `contentType` is not kept (files are served by key; the caller knows what it stored).
 *
 * Errors: an invalid key, or one resolving outside `root`, throws `INVALID_KEY`; a missing blob
 * on `read`/`mediaInput` throws `BLOB_NOT_FOUND`; `head` returns null and `delete` does nothing.
 * An upload stream that fails makes `putOriginal` reject with the stream's own error (the client
 * went away; not a storage fault); a filesystem failure is `BLOB_IO_FAILED`.
 *
 * @example
 * const blobs = createFsBlobStore({ root: '/srv/reportage/blobs' });
 * const { key, sha256, created } = await blobs.putOriginal({ body: createReadStream(upload) });
 */
export function createFsBlobStore({ root, staleTempMs = HOUR_MS }: FsBlobStoreOptions): BlobStore {
  const rootDir = path.resolve(root);
  const tempDir = path.join(rootDir, TEMP_DIR_NAME);
  mkdirSync(tempDir, { recursive: true });
  removeStaleTempFiles({ tempDir, olderThanMs: staleTempMs });

  function resolveKey(key: string): string {
    validateBlobKey({ key });
    const full = path.resolve(rootDir, ...key.split('/'));
    if (!full.startsWith(rootDir + path.sep)) throw new InvalidKeyError({ key, reason: 'the key resolves outside the store' });
    return full;
  }

  const newTempPath = () => path.join(tempDir, `${randomUUID()}.part`);

  return {
    async putOriginal({ body, onProgress }): Promise<PutOriginalResult> {
      const temp = newTempPath();
      const label = `${ORIGINALS_PREFIX}(upload)`;
      let handle: FileHandle | undefined;
      try {
        handle = await io({ key: label, operation: 'create a temp file for', run: () => open(temp, 'wx', 0o600) });
        const hash = createHash('sha256');
        let written = 0;
        let batch: Buffer[] = [];
        let batchBytes = 0;
        const flush = async (file: FileHandle) => {
          if (batchBytes === 0) return;
          const bytes = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes);
          batch = [];
          batchBytes = 0;
          await io({ key: label, operation: 'write', run: () => writeAll({ handle: file, bytes, position: written }) });
          written += bytes.length;
          onProgress?.(written);
        };
        for await (const chunk of body as AsyncIterable<Buffer | Uint8Array | string>) {
          const bytes = toBuffer(chunk);
          hash.update(bytes);
          batch.push(bytes);
          batchBytes += bytes.length;
          if (batchBytes >= WRITE_BATCH_BYTES) await flush(handle);
        }
        await flush(handle);
        const file = handle;
        await io({ key: label, operation: 'fsync', run: () => file.sync() });
        await closeQuietly(handle);
        handle = undefined;

        const sha256 = hash.digest('hex');
        const key = `${ORIGINALS_PREFIX}${sha256}`;
        const final = resolveKey(key);
        const created = await io({ key, operation: 'publish', run: () => publishOnce({ temp, final }) });
        return { key, sha256, sizeBytes: written, created };
      } finally {
        if (handle !== undefined) await closeQuietly(handle);
        await rm(temp, { force: true }).catch(() => {});
      }
    },

    async putFile({ key, path: source }) {
      assertWritableKey({ key });
      const final = resolveKey(key);
      return io({
        key,
        operation: 'store a file as',
        run: async () => {
          const sizeBytes = await fsyncFile({ file: source });
          await ensureDir({ dir: path.dirname(final) });
          try {
            await rename(source, final);
          } catch (error) {
            if (errorCode(error) !== 'EXDEV') throw error;
            // Another filesystem: copy next to the destination, make it durable, then publish.
            const temp = newTempPath();
            try {
              await copyFile(source, temp);
              await fsyncFile({ file: temp });
              await rename(temp, final);
            } finally {
              await rm(temp, { force: true });
            }
            await rm(source, { force: true });
          }
          await fsyncDir({ dir: path.dirname(final) });
          return { key, sizeBytes };
        },
      });
    },

    async putBytes({ key, body }) {
      assertWritableKey({ key });
      const final = resolveKey(key);
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const temp = newTempPath();
      try {
        return await io({
          key,
          operation: 'write',
          run: async () => {
            const handle = await open(temp, 'wx', 0o644);
            try {
              await writeAll({ handle, bytes, position: 0 });
              await handle.sync();
            } finally {
              await closeQuietly(handle);
            }
            await ensureDir({ dir: path.dirname(final) });
            await rename(temp, final);
            await fsyncDir({ dir: path.dirname(final) });
            return { key, sizeBytes: bytes.length };
          },
        });
      } finally {
        await rm(temp, { force: true }).catch(() => {});
      }
    },

    async read({ key, range }) {
      const file = resolveKey(key);
      if (range !== undefined) checkRange({ key, range });
      const handle = await openBlob({ key, file });
      let size: number;
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new BlobNotFoundError({ key });
        size = info.size;
      } catch (error) {
        await closeQuietly(handle);
        throw error instanceof BlobNotFoundError ? error : new BlobIoError({ key, operation: 'read', cause: error });
      }
      if (range === undefined) return handle.createReadStream();
      const end = Math.min(range.end ?? size - 1, size - 1);
      if (range.start >= size) {
        await closeQuietly(handle);
        return Readable.from([]);
      }
      return handle.createReadStream({ start: range.start, end });
    },

    async head({ key }) {
      const file = resolveKey(key);
      const info = await statBlob({ key, file });
      return info === null ? null : { sizeBytes: info.size };
    },

    async mediaInput({ key }): Promise<MediaInput> {
      const file = resolveKey(key);
      if ((await statBlob({ key, file })) === null) throw new BlobNotFoundError({ key });
      return { url: file, protocols: 'file' };
    },

    async locate({ key }) {
      return { path: resolveKey(key) };
    },

    async adoptOriginal({ key }): Promise<PutOriginalResult> {
      const staged = resolveKey(key);
      // A hard link to the staged file is a snapshot of its bytes: what is hashed is what is published.
      const temp = newTempPath();
      try {
        try {
          await link(staged, temp);
        } catch (error) {
          const code = errorCode(error);
          if (code === 'ENOENT' || code === 'ENOTDIR') throw new BlobNotFoundError({ key });
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP' && code !== 'EXDEV')
            throw new BlobIoError({ key, operation: 'take', cause: error });
          await io({ key, operation: 'copy', run: () => copyFile(staged, temp) });
        }
        const hash = createHash('sha256');
        let sizeBytes = 0;
        const handle = await io({ key, operation: 'open', run: () => open(temp, 'r') });
        try {
          for await (const chunk of handle.createReadStream({ autoClose: false })) {
            hash.update(chunk as Buffer);
            sizeBytes += (chunk as Buffer).length;
          }
        } finally {
          await closeQuietly(handle);
        }
        const sha256 = hash.digest('hex');
        const original = `${ORIGINALS_PREFIX}${sha256}`;
        const created = await io({ key: original, operation: 'publish', run: () => publishOnce({ temp, final: resolveKey(original) }) });
        return { key: original, sha256, sizeBytes, created };
      } finally {
        await rm(temp, { force: true }).catch(() => {});
      }
    },

    async copy({ from, to }) {
      assertWritableKey({ key: to });
      const source = resolveKey(from);
      const final = resolveKey(to);
      const temp = newTempPath();
      try {
        try {
          await link(source, temp);
        } catch (error) {
          const code = errorCode(error);
          if (code === 'ENOENT' || code === 'ENOTDIR') throw new BlobNotFoundError({ key: from });
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP' && code !== 'EXDEV')
            throw new BlobIoError({ key: from, operation: 'copy', cause: error });
          await io({ key: from, operation: 'copy', run: () => copyFile(source, temp) });
        }
        return await io({
          key: to,
          operation: 'store a copy as',
          run: async () => {
            const { size } = await stat(temp);
            await ensureDir({ dir: path.dirname(final) });
            await rename(temp, final);
            return { key: to, sizeBytes: size };
          },
        });
      } finally {
        await rm(temp, { force: true }).catch(() => {});
      }
    },

    async signedDownloadUrl() {
      // The app streams local blobs itself (with ranges): no URL a browser could use without it.
      return null;
    },

    async delete({ key }) {
      const file = resolveKey(key);
      try {
        await unlink(file);
      } catch (error) {
        const code = errorCode(error);
        // Deleting what is not there (or a folder, which is not a blob) is a no-op, as on S3.
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return;
        throw new BlobIoError({ key, operation: 'delete', cause: error });
      }
    },
  };
}

/**
 * Publishes a finished, fsynced temp file as an original, never replacing one: `link` fails with
 * EEXIST when the key exists, atomically, even against another process storing the same bytes.
 * Returns whether this call created the blob. (Filesystems without hard links fall back to
 * rename after an existence check; identical bytes make the remaining race harmless.)
 */
async function publishOnce({ temp, final }: { temp: string; final: string }): Promise<boolean> {
  await chmod(temp, 0o444);
  await ensureDir({ dir: path.dirname(final) });
  try {
    await link(temp, final);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    if ((await stat(final).catch(() => null)) !== null) return false;
    await rename(temp, final);
  }
  await fsyncDir({ dir: path.dirname(final) });
  return true;
}

function checkRange({ key, range }: { key: string; range: { start: number; end?: number } }): void {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new InvalidRangeError({ key, range });
}

async function openBlob({ key, file }: { key: string; file: string }): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new BlobNotFoundError({ key });
    throw new BlobIoError({ key, operation: 'open', cause: error });
  }
}

async function statBlob({ key, file }: { key: string; file: string }) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : null;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new BlobIoError({ key, operation: 'stat', cause: error });
  }
}

/** Writes every byte (a write may be partial), at explicit positions. */
async function writeAll({ handle, bytes, position }: { handle: FileHandle; bytes: Buffer; position: number }): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset);
    offset += bytesWritten;
  }
}

/** Flushes a file's data to disk (before it becomes visible under a key); returns its size. */
async function fsyncFile({ file }: { file: string }): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EISDIR' });
    await handle.sync();
    return info.size;
  } finally {
    await closeQuietly(handle);
  }
}

/** Makes a rename/link in `dir` durable. Platforms that cannot fsync a folder are skipped. */
async function fsyncDir({ dir }: { dir: string }): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (errorCode(error) === 'EISDIR' || errorCode(error) === 'EPERM') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR' && code !== 'EBADF') throw error;
  } finally {
    await closeQuietly(handle);
  }
}

/** Creates `dir` and fsyncs the parent of every folder it created, so the new path survives a power loss. */
async function ensureDir({ dir }: { dir: string }): Promise<void> {
  const made = await mkdir(dir, { recursive: true });
  if (made === undefined) return;
  let current = dir;
  for (;;) {
    const parent = path.dirname(current);
    await fsyncDir({ dir: parent });
    if (current === made || parent === current) return;
    current = parent;
  }
}

function removeStaleTempFiles({ tempDir, olderThanMs }: { tempDir: string; olderThanMs: number }): void {
  const cutoff = Date.now() - olderThanMs;
  for (const name of readdirSync(tempDir)) {
    const file = path.join(tempDir, name);
    try {
      if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true, recursive: true });
    } catch {
      // Removed meanwhile by another process: nothing to do.
    }
  }
}

async function io<T>({ key, operation, run }: { key: string; operation: string; run: () => Promise<T> }): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BlobIoError || error instanceof InvalidKeyError) throw error;
    throw new BlobIoError({ key, operation, cause: error });
  }
}

async function closeQuietly(handle: FileHandle): Promise<void> {
  await handle.close().catch(() => {});
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

import type { Readable } from 'node:stream';
import type { MediaInput } from '../domain/media-facts.ts';

export interface PutOriginalResult {
  key: string;
  sha256: string;
  sizeBytes: number;
  /** False when these exact bytes were stored before: nothing new was written. */
  created: boolean;
}

/**
 * Stores blobs: originals under their SHA-256 (written once, never overwritten) and derived files
 * under keys made by the use cases. Keys are `/`-separated, relative, and never escape the store.
 *
 * Errors every backend throws alike (`StoreError`s; test/contracts/blob-store-contract.ts):
 * a key that is not segments of `[A-Za-z0-9._-]` (no empty, `.` or `..` segment, no leading `/`)
 * → `INVALID_KEY`; reading a missing blob → `BLOB_NOT_FOUND` (kind `not-found`); `putBytes` or
 * `putFile` under `originals/` → `READ_ONLY_KEY` (only `putOriginal` writes there).
 */
export interface BlobStore {
  /** Streams a new original in while hashing it; the key is `originals/<sha256>`. */
  putOriginal(args: { body: Readable; onProgress?: (bytesWritten: number) => void }): Promise<PutOriginalResult>;
  /**
   * Stores a local file under `key` (atomically: readers see all of it or nothing). The file may be
   * moved rather than copied (the local store renames it in): the caller must not use `path` afterwards.
   */
  putFile(args: { key: string; path: string; contentType: string }): Promise<{ key: string; sizeBytes: number }>;
  /** Stores bytes under `key` (atomically). */
  putBytes(args: { key: string; body: Uint8Array | string; contentType: string }): Promise<{ key: string; sizeBytes: number }>;
  /**
   * Reads a blob, or the inclusive byte range `start`–`end` of it (as HTTP Range). An `end` past the
   * blob is clamped; a `start` at or past its end gives an empty stream; anything but integers with
   * `0 <= start <= end` is `INVALID_RANGE`. A missing blob rejects (`BLOB_NOT_FOUND`) before any stream.
   */
  read(args: { key: string; range?: { start: number; end?: number } }): Promise<Readable>;
  /** Size of a blob, or null when there is none. */
  head(args: { key: string }): Promise<{ sizeBytes: number } | null>;
  /** How ffmpeg/ffprobe should open this blob. */
  mediaInput(args: { key: string }): Promise<MediaInput>;
  /** A place a person or script can find the blob: a local path, or a URL. */
  locate(args: { key: string }): Promise<{ path?: string; url?: string }>;
  /**
   * Copies the blob `from` to `to` without its bytes passing through this process (S3: a
   * server-side copy; locally: a hard link), replacing `to` atomically. `to` answers with
   * `contentType` and, where the store serves it to browsers directly (S3 behind a CDN), with
   * `cacheControl`. A missing `from` → `BLOB_NOT_FOUND`.
   */
  copy(args: { from: string; to: string; contentType: string; cacheControl?: string }): Promise<{ key: string; sizeBytes: number }>;
  /** Removes a blob; removing one that does not exist is a no-op. */
  delete(args: { key: string }): Promise<void>;
  /**
   * Makes the staged blob `key` (a completed browser upload, `uploads/…`) an original without
   * its bytes passing through this process: reads it once to hash it (streaming, bounded
   * memory), then publishes it as `originals/<sha256>` where it lies (S3: a server-side copy
   * whose SHA-256 checksum S3 computes and the store compares; locally: a hard link). Never
   * replaces an original: when these bytes are stored already, `created` is false. The staged
   * blob is left in place (the caller deletes it once the upload is recorded), so a call
   * repeated after a crash gives the same answer. A missing staged blob → `BLOB_NOT_FOUND`.
   */
  adoptOriginal(args: { key: string }): Promise<PutOriginalResult>;
  /**
   * A short-lived URL a browser may GET the blob from itself (ranges included), answering with
   * `contentType` and, with `fileName`, as an attachment of that name. Null when the store has no
   * such URLs (local: the app streams the blob itself).
   */
  signedDownloadUrl(args: { key: string; contentType: string; fileName?: string }): Promise<string | null>;
}

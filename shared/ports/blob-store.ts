import type { Readable } from 'node:stream';

/** Where ffmpeg reads a blob from, and which protocols it may use for it. */
export interface MediaInput {
  /** A local path (local backend) or a presigned https URL (aws backend). */
  url: string;
  /** The ffmpeg `-protocol_whitelist` for this input: `file` locally, `https,tls,tcp` for a URL. */
  protocols: string;
}

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
 */
export interface BlobStore {
  /** Streams a new original in while hashing it; the key is `originals/<sha256>`. */
  putOriginal(args: { body: Readable; onProgress?: (bytesWritten: number) => void }): Promise<PutOriginalResult>;
  /** Stores a local file under `key` (atomically: readers see all of it or nothing). */
  putFile(args: { key: string; path: string; contentType: string }): Promise<{ key: string; sizeBytes: number }>;
  /** Stores bytes under `key` (atomically). */
  putBytes(args: { key: string; body: Uint8Array | string; contentType: string }): Promise<{ key: string; sizeBytes: number }>;
  /** Reads a blob, or the inclusive byte range `start`–`end` of it. */
  read(args: { key: string; range?: { start: number; end?: number } }): Promise<Readable>;
  /** Size of a blob, or null when there is none. */
  head(args: { key: string }): Promise<{ sizeBytes: number } | null>;
  /** How ffmpeg/ffprobe should open this blob. */
  mediaInput(args: { key: string }): Promise<MediaInput>;
  /** A place a person or script can find the blob: a local path, or a URL. */
  locate(args: { key: string }): Promise<{ path?: string; url?: string }>;
  delete(args: { key: string }): Promise<void>;
}

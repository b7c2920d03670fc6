/**
 * Resumable browser uploads in parts (the S3 multipart protocol, which Uppy's `@uppy/aws-s3`
 * plugin speaks). Locally the app stores the parts itself and `signPart` points the browser at the
 * app's own part endpoint; on AWS `signPart` hands out a presigned S3 `UploadPart` URL. Either
 * way the browser code is the same.
 *
 * A completed upload is a staged blob (`key`), not yet an original: the ingest use case hashes it
 * into `originals/<sha256>` and probes it before anything else may read it.
 */
export interface MultipartUploads {
  /** Starts an upload; the staged object will be `key` (`uploads/<uploadId>` or similar). */
  create(args: { contentType: string; sizeBytes?: number }): Promise<{ uploadId: string; key: string }>;
  /**
   * Where the browser sends part `partNumber` (1–10000): an HTTP `PUT` of the part's bytes. With
   * `sizeBytes` the URL is good for a body of exactly that length and no other (S3: the signed
   * `Content-Length`; locally: the length in the signature), so parts sent at once cannot add up
   * to more than the file. The AWS backend requires it.
   */
  signPart(args: { key: string; uploadId: string; partNumber: number; sizeBytes?: number }): Promise<UploadPartTarget>;
  /** The parts received so far (to resume after a dropped connection or a closed tab). */
  listParts(args: { key: string; uploadId: string }): Promise<UploadedPart[]>;
  /** Joins the parts in order into the staged blob; a missing or mismatched part is refused. */
  complete(args: { key: string; uploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<{ key: string; sizeBytes: number }>;
  /** Drops the upload and its parts; aborting an unknown upload is a no-op. */
  abort(args: { key: string; uploadId: string }): Promise<void>;
}

export interface UploadPartTarget {
  /** Absolute (presigned S3) or app-relative (local) URL. */
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  /** ISO time after which the URL is refused. */
  expiresAt: string;
}

export interface UploadedPart {
  partNumber: number;
  /** The ETag the browser got back from the part PUT (quoted, as S3 sends it). */
  etag: string;
  sizeBytes: number;
}

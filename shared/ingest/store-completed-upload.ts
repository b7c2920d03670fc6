import { ConflictError, ReportageError, UploadError, type Asset, type AssetMetadata, type UploadRecord } from '../domain/index.ts';
import type { UploadRepository } from '../ports/index.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { checkSubmission, recordSubmittedOriginal } from './submit-upload.ts';

export interface StoreCompletedUploadInput {
  deps: Pick<IngestDeps, 'blobs' | 'store' | 'queue' | 'clock'> & { uploads: Pick<UploadRepository, 'get' | 'update'> };
  /** The upload record (state `storing`: its parts are joined into the staged blob `upload.key`). */
  uploadId: string;
}

export type StoreCompletedUploadResult =
  | { outcome: 'completed'; upload: UploadRecord; asset: Asset; duplicate: boolean }
  | { outcome: 'failed'; upload: UploadRecord }
  /** Nothing to do: no such upload, still uploading, cancelled, or already finished (a repeated delivery). */
  | { outcome: 'skipped'; upload: UploadRecord | null; reason: string };

/**
 * Takes a completed browser upload in, without its bytes passing through the caller: the staged
 * blob is hashed and published as `originals/<sha256>` by the blob store itself
 * (`adoptOriginal`: an S3 server-side copy, checksum compared, or a local hard link; never
 * replacing an original), then recorded as an asset with its ingest job queued exactly as
 * `submitUpload` does, then the upload is marked `completed` with its asset, and the staged blob
 * is deleted last. A file the project refuses (larger than declared or allowed, unknown project or
 * theme) marks the upload `failed` with the reason in both languages; retryable faults (S3,
 * DynamoDB) are thrown for the caller to retry.
 *
 * Each step is safe to repeat, so a repeated delivery or a run cut off half-way and run again
 * ends the same: the original is written once, the asset is unique per original and the job per
 * asset, a finished upload only has its staged blob removed again.
 *
 * Runs in the ingest function on AWS (S3's notification of the completed multipart upload) and
 * in-process locally, right after the completion route answers.
 *
 * @example await storeCompletedUpload({ deps: { ...deps, uploads: workflow.uploads }, uploadId })
 */
export async function storeCompletedUpload({ deps, uploadId }: StoreCompletedUploadInput): Promise<StoreCompletedUploadResult> {
  const upload = await deps.uploads.get({ id: uploadId });
  if (upload === null) return { outcome: 'skipped', upload, reason: 'no such upload' };
  if (upload.state === 'completed' || upload.state === 'failed') {
    // A repeated delivery after the record was written: only the clean-up may be left.
    await deps.blobs.delete({ key: upload.key });
    return { outcome: 'skipped', upload, reason: `already ${upload.state}` };
  }
  if (upload.state !== 'storing') return { outcome: 'skipped', upload, reason: `the upload is ${upload.state}` };

  let stored: { asset: Asset; duplicate: boolean; sizeBytes: number };
  try {
    stored = await storeAndRecord({ deps, upload });
  } catch (error) {
    if (!(error instanceof ReportageError) || error.retryable || error.kind === 'internal') throw error;
    const failed = await finish({ deps, upload, change: { state: 'failed', error: { code: error.code, message: error.message, messageVi: error.messageVi } } });
    await deps.blobs.delete({ key: upload.key });
    return failed.state === 'failed' ? { outcome: 'failed', upload: failed } : { outcome: 'skipped', upload: failed, reason: `already ${failed.state}` };
  }
  const completed = await finish({ deps, upload, change: { state: 'completed', assetId: stored.asset.id, sizeBytes: stored.sizeBytes, error: null } });
  await deps.blobs.delete({ key: upload.key });
  return { outcome: 'completed', upload: completed, asset: stored.asset, duplicate: stored.duplicate };
}

async function storeAndRecord({
  deps,
  upload,
}: {
  deps: StoreCompletedUploadInput['deps'];
  upload: UploadRecord;
}): Promise<{ asset: Asset; duplicate: boolean; sizeBytes: number }> {
  const meta = await checkSubmission({ deps, projectId: upload.projectId, metadata: upload.metadata as AssetMetadata });
  const project = await deps.store.projects.get({ id: upload.projectId });
  const staged = await deps.blobs.head({ key: upload.key });
  if (staged === null) throw stagedMissing({ upload });
  // Checked on the joined file before anything is stored: the parts' URLs were signed for the declared size, this holds whatever signed them.
  if (staged.sizeBytes > upload.sizeBytes) throw UploadError.tooLarge({ declaredBytes: upload.sizeBytes });
  const maxBytes = project?.uploadLimits.maxBytes ?? Number.POSITIVE_INFINITY;
  if (staged.sizeBytes > maxBytes) {
    throw new UploadError({
      code: 'UPLOAD_TOO_LARGE',
      message: `The file has ${staged.sizeBytes} bytes; this project accepts up to ${maxBytes}.`,
      messageVi: 'Tệp vượt quá dung lượng tối đa dự án cho phép.',
      details: { sizeBytes: staged.sizeBytes, maxBytes },
    });
  }
  const original = await deps.blobs.adoptOriginal({ key: upload.key });
  const { asset, duplicate } = await recordSubmittedOriginal({ deps, projectId: upload.projectId, original, originalName: upload.filename, meta });
  return { asset, duplicate, sizeBytes: original.sizeBytes };
}

/** Writes the upload's outcome; a concurrent run that wrote it first wins, and its record is returned. */
async function finish({
  deps,
  upload,
  change,
}: {
  deps: StoreCompletedUploadInput['deps'];
  upload: UploadRecord;
  change: Partial<UploadRecord>;
}): Promise<UploadRecord> {
  try {
    return await deps.uploads.update({ upload: { ...upload, ...change, updatedAt: deps.clock.now().toISOString() }, expectedRevision: upload.revision });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const now = await deps.uploads.get({ id: upload.id });
    if (now !== null && (now.state === 'completed' || now.state === 'failed')) return now;
    throw error;
  }
}

function stagedMissing({ upload }: { upload: UploadRecord }): UploadError {
  return new UploadError({
    code: 'UPLOAD_STAGED_MISSING',
    message: `The joined file of upload "${upload.id}" (${upload.filename}) is gone before it was stored. Upload the file again.`,
    messageVi: `Không còn tệp "${upload.filename}" đã tải lên để lưu trữ. Hãy tải tệp lên lại.`,
    details: { uploadId: upload.id },
  });
}

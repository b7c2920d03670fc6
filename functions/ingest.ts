import { S3EventSchema, decodeS3Key } from './lib/event-schemas.ts';
import { ingestDroppedFile, type DroppedFileOutcome } from './lib/ingest-dropped-file.ts';
import { lambdaRuntime, type LambdaRuntime } from './lib/lambda-runtime.ts';
import { storeStagedUpload, type StagedUploadOutcome } from './lib/store-staged-upload.ts';

/**
 * The ingest function, on S3 `ObjectCreated` in the originals bucket:
 * - under `incoming/` (the drop box): the ingest use case for each dropped file (hash into
 *   `originals/`, record the asset, queue its ingest job);
 * - under `uploads/` (a browser upload S3 has just joined, `CompleteMultipartUpload`): the upload
 *   is stored (`storeCompletedUpload`: server-side copy into `originals/`, asset, job), so no
 *   byte of it passes through the api function.
 * A thrown error (a retryable fault) makes Lambda retry the event; refusals are logged.
 */
export function createIngestHandler({ runtime = lambdaRuntime }: { runtime?: () => Promise<LambdaRuntime> } = {}) {
  return async (event: unknown): Promise<{ files: (DroppedFileOutcome | StagedUploadOutcome)[] }> => {
    const { deps, inbox, backend } = await runtime();
    const records = S3EventSchema.parse(event).Records.filter((record) => record.eventName.startsWith('ObjectCreated:'));
    const files: (DroppedFileOutcome | StagedUploadOutcome)[] = [];
    for (const record of records) {
      const key = decodeS3Key(record.s3.object.key);
      const outcome = key.startsWith(UPLOADS_PREFIX)
        ? await storeStagedUpload({ deps, workflow: backend.workflow, key })
        : await ingestDroppedFile({ deps, inbox, key });
      (outcome.outcome === 'rejected' || outcome.outcome === 'failed' ? deps.log.error : deps.log.info)(
        key.startsWith(UPLOADS_PREFIX) ? 'completed upload' : 'dropped file',
        { ...outcome },
      );
      files.push(outcome);
    }
    return { files };
  };
}

/** Staged browser uploads (shared/adapters/aws/s3-multipart-uploads.ts). */
const UPLOADS_PREFIX = 'uploads/';

export const handler = createIngestHandler();

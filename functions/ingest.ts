import { S3EventSchema, decodeS3Key } from './lib/event-schemas.ts';
import { ingestDroppedFile, type DroppedFileOutcome } from './lib/ingest-dropped-file.ts';
import { lambdaRuntime, type LambdaRuntime } from './lib/lambda-runtime.ts';

/**
 * The ingest function: S3 `ObjectCreated` on the originals bucket's `incoming/` prefix → the ingest
 * use case for each dropped file (hash into `originals/`, record the asset, queue its ingest job).
 * A thrown error (a retryable fault) makes Lambda retry the event; refusals are logged.
 */
export function createIngestHandler({ runtime = lambdaRuntime }: { runtime?: () => Promise<LambdaRuntime> } = {}) {
  return async (event: unknown): Promise<{ files: DroppedFileOutcome[] }> => {
    const { deps, inbox } = await runtime();
    const records = S3EventSchema.parse(event).Records.filter((record) => record.eventName.startsWith('ObjectCreated:'));
    const files: DroppedFileOutcome[] = [];
    for (const record of records) {
      const outcome = await ingestDroppedFile({ deps, inbox, key: decodeS3Key(record.s3.object.key) });
      (outcome.outcome === 'rejected' ? deps.log.error : deps.log.info)('dropped file', { ...outcome });
      files.push(outcome);
    }
    return { files };
  };
}

export const handler = createIngestHandler();

import type { WorkflowStore } from '../../shared/ports/index.ts';
import { storeCompletedUpload, type IngestDeps } from '../../shared/ingest/index.ts';

export type StagedUploadOutcome =
  | { key: string; outcome: 'stored' | 'duplicate'; assetId: string }
  | { key: string; outcome: 'failed' | 'ignored'; reason: string };

/**
 * Stores the browser upload S3 just joined under `uploads/<uuid>` (its notification names only the
 * key): the upload record it belongs to, then the `storeCompletedUpload` use case (server-side
 * copy into `originals/<sha256>`, asset, ingest job, upload `completed`, staged object removed).
 * A refused file marks its upload `failed` (the upload page shows why); retryable faults are
 * thrown, so Lambda retries the event, and every step is safe to repeat.
 */
export async function storeStagedUpload({
  deps,
  workflow,
  key,
}: {
  deps: IngestDeps;
  workflow: Pick<WorkflowStore, 'uploads'>;
  key: string;
}): Promise<StagedUploadOutcome> {
  const upload = await workflow.uploads.findByKey({ key });
  if (upload === null) return { key, outcome: 'ignored', reason: 'no upload has this key' };
  const result = await storeCompletedUpload({ deps: { ...deps, uploads: workflow.uploads }, uploadId: upload.id });
  if (result.outcome === 'completed') return { key, outcome: result.duplicate ? 'duplicate' : 'stored', assetId: result.asset.id };
  if (result.outcome === 'failed') return { key, outcome: 'failed', reason: `${result.upload.error?.code}: ${result.upload.error?.message}` };
  return { key, outcome: 'ignored', reason: result.reason };
}

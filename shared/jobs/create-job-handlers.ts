import { processIngest, type IngestDeps } from '../ingest/index.ts';
import type { JobHandlers } from './run-worker.ts';

export interface JobProgress {
  assetId: string;
  /** 0–1 */
  fraction: number;
}

/** Maps each job type to its use case. The same map runs in `reportage worker`, `serve` and Lambda. */
export function createJobHandlers({ deps, onProgress }: { deps: IngestDeps; onProgress?: (progress: JobProgress) => void }): JobHandlers {
  return {
    ingest: async ({ body, attempt, maxAttempts }) => {
      await processIngest({
        deps,
        assetId: body.assetId,
        attempt,
        maxAttempts,
        onProgress: (fraction) => onProgress?.({ assetId: body.assetId, fraction }),
      });
    },
  };
}

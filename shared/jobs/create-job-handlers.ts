import { processIngest, type IngestDeps } from '../ingest/index.ts';
import type { DistributedRenderDeps } from '../render/distributed/index.ts';
import { createRenderJobHandlers } from './create-render-job-handlers.ts';
import type { JobHandlers } from './run-job.ts';

export interface JobProgress {
  assetId: string;
  /** 0–1 */
  fraction: number;
}

/**
 * Maps each job type to its use case. The same map runs in `reportage worker`, `serve` and Lambda.
 * With `render` (see `openRenderWorkerDeps`), the worker also runs the jobs of distributed renders.
 */
export function createJobHandlers({ deps, onProgress, render }: { deps: IngestDeps; onProgress?: (progress: JobProgress) => void; render?: DistributedRenderDeps | undefined }): JobHandlers {
  return {
    ...(render === undefined ? {} : createRenderJobHandlers({ deps: render })),
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

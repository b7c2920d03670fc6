import { makeVersionFromFile, processIngest, type IngestDeps } from '../ingest/index.ts';
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
export function createJobHandlers({
  deps,
  onProgress,
  render,
}: {
  deps: IngestDeps;
  onProgress?: (progress: JobProgress) => void;
  render?: DistributedRenderDeps | undefined;
}): JobHandlers {
  return {
    ...(render === undefined ? {} : createRenderJobHandlers({ deps: render })),
    ingest: async ({ body, attempt, maxAttempts }) => {
      const asset = await processIngest({
        deps,
        assetId: body.assetId,
        attempt,
        maxAttempts,
        onProgress: (fraction) => onProgress?.({ assetId: body.assetId, fraction }),
      });
      // A finished programme uploaded for a cut becomes its next version (again on a redelivery: the same version).
      if (asset.status === 'ready' && asset.kind === 'programme' && asset.versionOf) {
        const { cutId, subtitleAssetId, audioLayout } = asset.versionOf;
        await makeVersionFromFile({ deps, projectId: asset.projectId, cutId, programmeAssetId: asset.id, subtitleAssetId, audioLayout });
      }
    },
  };
}

import { runDistributedAssembly, runDistributedAudio, runDistributedSegment, runRenderStart, type DistributedRenderDeps } from '../render/distributed/index.ts';
import type { JobHandlers } from './run-job.ts';

/** The handlers of a distributed render's jobs (fan-out, segment, audio, assembly), each calling its use case. */
export function createRenderJobHandlers({
  deps,
}: {
  deps: DistributedRenderDeps;
}): Required<Pick<JobHandlers, 'render-start' | 'render-segment' | 'render-audio' | 'render-assemble'>> {
  return {
    'render-start': async ({ body, attempt, maxAttempts }) => {
      await runRenderStart({ deps, body, attempt, maxAttempts });
    },
    'render-segment': async ({ body, attempt, maxAttempts }) => {
      await runDistributedSegment({ deps, body, attempt, maxAttempts });
    },
    'render-audio': async ({ body, attempt, maxAttempts }) => {
      await runDistributedAudio({ deps, body, attempt, maxAttempts });
    },
    'render-assemble': async ({ body, attempt, maxAttempts }) => {
      await runDistributedAssembly({ deps, body, attempt, maxAttempts });
    },
  };
}

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { JobBody } from '../../domain/index.ts';
import { renderSegmentJob } from '../render-segment-job.ts';
import { sourceResolver } from '../source-resolver.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { DistributedRenderError } from './distributed-render-error.ts';
import { failRenderOnFatal } from './fail-render-on-fatal.ts';
import { loadRenderJob } from './load-render-job.ts';
import { recordFinishedPart } from './record-finished-part.ts';
import { segmentMember } from './render-counters.ts';

/**
 * The `render-segment` job: renders one segment (skipped when its content-addressed output
 * exists, so a duplicate or a redelivery after a crash stores the same bytes under the same
 * key), then records it in the render's fan-in. Nothing is done for a render that is no longer
 * running (finished, or failed by another job).
 */
export async function runDistributedSegment({
  deps,
  body,
  attempt,
  maxAttempts,
}: {
  deps: DistributedRenderDeps;
  body: Extract<JobBody, { type: 'render-segment' }>;
  attempt: number;
  maxAttempts: number;
}): Promise<{ rendered: boolean; skipped: boolean }> {
  return failRenderOnFatal({
    deps,
    renderId: body.renderId,
    attempt,
    maxAttempts,
    run: async () => {
      const loaded = await loadRenderJob({ deps, job: body });
      if (loaded.render.status !== 'running') return { rendered: false, skipped: true };
      const segment = loaded.plan.segments[body.segmentIndex];
      if (segment === undefined || segment.key !== body.segmentKey) {
        throw DistributedRenderError.planMismatch({ what: `segment ${body.segmentIndex}`, planned: body.segmentKey, found: segment?.key ?? 'no such segment' });
      }
      // A scratch folder of its own: two deliveries of one job may run at once in one process.
      const scratch = path.join(deps.scratchDir, `render-${body.renderId}-segment-${body.segmentIndex}-${randomUUID().slice(0, 8)}`);
      const { rendered } = await renderSegmentJob({
        deps,
        segment,
        profile: loaded.profile,
        versionNumber: loaded.version.number,
        resolveSource: sourceResolver({ deps }),
        scratch,
      });
      const member = segmentMember({ index: body.segmentIndex, key: segment.key });
      await recordFinishedPart({ deps, job: body, loaded, member, part: 'segment' });
      return { rendered, skipped: false };
    },
  });
}

import type { JobBody } from '../../domain/index.ts';
import type { LoadedRenderJob, RenderJobRef } from './load-render-job.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { assembleDedupeKey, renderCounterNames } from './render-counters.ts';
import { updateRender } from './update-render.ts';

/**
 * The fan-in: a finished part (a segment or the audio) records itself in the render's counter;
 * the call that sees every part counted sends the assembly. The counter counts distinct members,
 * so a part finished twice counts once and exactly one first recording reaches the total. A job
 * that recorded itself and died before sending finds, when delivered again, its member already
 * counted and the total reached: it sends the assembly while the render still runs (the dedupe
 * key makes that a no-op when the assembly is already waiting or running). A late duplicate after
 * the render finished sends nothing.
 */
export async function recordFinishedPart({
  deps,
  job,
  loaded,
  member,
  part,
}: {
  deps: DistributedRenderDeps;
  job: RenderJobRef;
  loaded: LoadedRenderJob;
  member: string;
  /** A segment also moves the progress people see. */
  part: 'segment' | 'audio';
}): Promise<{ assembleSent: boolean }> {
  const names = renderCounterNames({ renderId: job.renderId });
  const segmentsTotal = loaded.plan.segments.length;
  if (part === 'segment') {
    const done = await deps.counters.increment({ name: names.segments, member });
    // Progress is for people: a lost race leaves a lower count that the next part corrects.
    await updateRender({
      deps,
      id: job.renderId,
      change: (render) =>
        render.status !== 'running' || render.progress.segmentsDone >= done.count
          ? null
          : { progress: { ...render.progress, phase: 'segments', segmentsDone: Math.min(done.count, segmentsTotal), segmentsTotal } },
    });
  }
  const { count, added } = await deps.counters.increment({ name: names.fanIn, member });
  if (count < segmentsTotal + 1) return { assembleSent: false };
  if (!added) {
    const render = await deps.store.renders.get({ id: job.renderId });
    if (render?.status !== 'running' || render.progress.phase === 'done') return { assembleSent: false };
  }
  const body: JobBody = { type: 'render-assemble', renderId: job.renderId, versionId: job.versionId, profileId: job.profileId, toolchain: job.toolchain };
  const { enqueued } = await deps.queue.enqueue({ body, dedupeKey: assembleDedupeKey({ renderId: job.renderId }) });
  deps.log.info('render parts all finished; assembly sent', { renderId: job.renderId, parts: count, enqueued });
  return { assembleSent: enqueued };
}

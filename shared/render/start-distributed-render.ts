import { randomUUID } from 'node:crypto';
import { toErrorRecord, type JobBody, type Render, type Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../delivery/profiles.ts';
import type { JobQueue } from '../ports/index.ts';
import { planRender } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { resolveVersion } from './render-version.ts';

export interface StartDistributedRenderInput {
  deps: Pick<RenderDeps, 'store' | 'blobs' | 'clock' | 'log'> & { queue: JobQueue };
  version: Version;
  profile: DeliveryProfile;
  /** The workers' `describeToolchain`: part of every key; a worker with another one refuses the jobs. */
  toolchain: string;
}

/**
 * Starts a render on the job queue instead of this process (the fan-out): plans the version,
 * records the render (`running`, phase `segments`), and sends one `render-segment` message per
 * segment and one `render-audio` message, each with a dedupe key made of the render and the part,
 * so sending again while they wait is a no-op. Workers run the parts in any order, on any machine;
 * the last part to finish sends `render-assemble` (the fan-in, `recordFinishedPart`), which
 * joins, muxes, runs QC, packages and records the render done. Returns the render as recorded
 * at the start; read it again (or watch its progress) to see it finish.
 *
 * @example
 * const render = await startDistributedRender({ deps, version, profile: DEFAULT_PROFILES.review, toolchain });
 * // … `reportage worker` processes (or the Lambda worker) run the jobs …
 * const finished = await deps.store.renders.get({ id: render.id });
 */
export async function startDistributedRender({ deps, version, profile, toolchain }: StartDistributedRenderInput): Promise<Render> {
  const spec = await resolveVersion({ deps, version, profile });
  const plan = planRender({ spec, profile, versionNumber: version.number, toolchain });
  // Reused: segments already in the store when the render starts (their jobs will find them).
  // Counted here, once: with duplicate deliveries a job that finds its segment made does not say
  // whether this render or an earlier one made it.
  const present = await Promise.all(plan.segments.map(async (segment) => (await deps.blobs.head({ key: segment.key })) !== null));
  const segmentsReused = present.filter(Boolean).length;
  const now = deps.clock.now().toISOString();
  const render = await deps.store.renders.create({
    render: {
      id: randomUUID(),
      projectId: version.projectId,
      versionId: version.id,
      versionNumber: version.number,
      profile: profile.id,
      status: 'running',
      progress: { phase: 'segments', segmentsDone: 0, segmentsTotal: plan.segments.length, segmentsReused },
      files: [],
      qc: null,
      error: null,
      timings: {},
      createdAt: now,
      updatedAt: now,
      revision: 0,
    },
  });
  const ref = { renderId: render.id, versionId: version.id, profileId: profile.id, toolchain };
  try {
    // The audio first: the mix of the whole programme is the longest single part.
    const audio: JobBody = { type: 'render-audio', ...ref, audioKey: plan.audioEncodedKey };
    await deps.queue.enqueue({ body: audio, dedupeKey: `render-audio:${render.id}:${plan.audioEncodedKey}` });
    for (const [index, segment] of plan.segments.entries()) {
      const body: JobBody = { type: 'render-segment', ...ref, segmentIndex: index, segmentKey: segment.key };
      await deps.queue.enqueue({ body, dedupeKey: `render-segment:${render.id}:${index}:${segment.key}` });
    }
  } catch (error) {
    // Part of the render never reached the queue: it cannot finish. Say so instead of waiting forever.
    deps.log.error('render could not be queued', { renderId: render.id, error });
    await deps.store.renders.update({ render: { ...render, status: 'failed', error: toErrorRecord(error), updatedAt: deps.clock.now().toISOString() }, expectedRevision: render.revision }).catch(() => undefined);
    throw error;
  }
  deps.log.info('render queued', { renderId: render.id, versionId: version.id, profile: profile.id, segments: plan.segments.length });
  return render;
}

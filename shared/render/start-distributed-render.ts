import { toErrorRecord, type AuditEntry, type JobBody, type Render, type Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import type { JobQueue } from '../ports/index.ts';
import { updateRender } from './distributed/update-render.ts';
import { planRender } from './plan-render.ts';
import { recordRender } from './record-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { resolveVersion } from './render-version.ts';

type FanOutDeps = Pick<RenderDeps, 'store' | 'blobs' | 'clock' | 'log'> & { queue: JobQueue };

export interface StartDistributedRenderInput {
  deps: FanOutDeps;
  version: Version;
  profile: DeliveryProfile;
  /** The workers' `describeToolchain`: part of every key; a worker with another one refuses the jobs. */
  toolchain: string;
  /** The audit entry of the new render, written with its record (`recordQueuedRender`). */
  audit?: ((render: Render) => AuditEntry) | undefined;
}

/**
 * Starts a render on the job queue instead of this process (the fan-out), for a caller that
 * knows the workers' toolchain (`reportage serve` on the aws backend): records the render
 * (`recordQueuedRender`) and fans it out at once (`fanOutRender`). Workers run the parts in any
 * order, on any machine; the last part to finish sends `render-assemble` (the fan-in,
 * `recordFinishedPart`), which joins, muxes, runs QC, packages and records the render done.
 * Returns the render as recorded after the fan-out (`running`, phase `segments`); read it again
 * (or watch its progress) to see it finish. A process without ffmpeg uses `queueRenderStart`.
 *
 * @example
 * const render = await startDistributedRender({ deps, version, profile: DEFAULT_PROFILES.review, toolchain });
 * // … `reportage worker` processes (or the Lambda worker) run the jobs …
 * const finished = await deps.store.renders.get({ id: render.id });
 */
export async function startDistributedRender({ deps, version, profile, toolchain, audit }: StartDistributedRenderInput): Promise<Render> {
  const queued = await recordQueuedRender({ deps, version, profileId: profile.id, audit });
  return fanOutNewRender({ deps, render: queued, version, profile, toolchain });
}

/**
 * Fans out a render just recorded `queued` (`fanOutRender`); when part of it never reaches the
 * queue, the render is recorded failed (it could not finish: say so instead of waiting forever)
 * and the error thrown.
 */
export async function fanOutNewRender({
  deps,
  render,
  version,
  profile,
  toolchain,
}: {
  deps: FanOutDeps;
  render: Render;
  version: Version;
  profile: DeliveryProfile;
  toolchain: string;
}): Promise<Render> {
  try {
    return await fanOutRender({ deps, render, version, profile, toolchain });
  } catch (error) {
    await failRender({ deps, renderId: render.id, error, what: 'render could not be queued' });
    throw error;
  }
}

/**
 * Records a new render of the version with the profile, waiting for its fan-out (`recordRender`,
 * status `queued`): the segment count is known once a worker plans it.
 * `audit` makes the render's audit entry (it names the render id): written with the record or not at all.
 */
export async function recordQueuedRender({
  deps,
  version,
  profileId,
  audit,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock'>;
  version: Version;
  profileId: string;
  audit?: ((render: Render) => AuditEntry) | undefined;
}): Promise<Render> {
  return recordRender({ deps, version, profileId, status: 'queued', audit });
}

/** The dedupe key of a render's fan-out job: one waiting or running at a time per render. */
export function renderStartDedupeKey({ renderId }: { renderId: string }): string {
  return `render-start:${renderId}`;
}

/**
 * Starts a render from a process that cannot plan it (no ffmpeg, so no toolchain: the API on
 * Lambda): records it `queued` and sends one `render-start` job; the worker that takes it plans
 * with its own toolchain and fans out (`runRenderStart`). Returns the queued render.
 */
export async function queueRenderStart({
  deps,
  version,
  profileId,
  audit,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock' | 'log'> & { queue: JobQueue };
  version: Version;
  profileId: string;
  /** The audit entry of the new render, written with its record (`recordQueuedRender`). */
  audit?: ((render: Render) => AuditEntry) | undefined;
}): Promise<Render> {
  const render = await recordQueuedRender({ deps, version, profileId, audit });
  return sendRenderStart({ deps, render, version });
}

/**
 * Sends the `render-start` job of a render just recorded `queued`, for a worker to plan and fan
 * out; a render whose job cannot be sent is recorded failed and the error thrown. Returns the render.
 */
export async function sendRenderStart({
  deps,
  render,
  version,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock' | 'log'> & { queue: JobQueue };
  render: Render;
  version: Version;
}): Promise<Render> {
  const body: JobBody = { type: 'render-start', renderId: render.id, versionId: version.id, profileId: render.profile };
  try {
    await deps.queue.enqueue({ body, dedupeKey: renderStartDedupeKey({ renderId: render.id }) });
  } catch (error) {
    await failRender({ deps, renderId: render.id, error, what: 'render could not be queued' });
    throw error;
  }
  deps.log.info('render queued for a worker to plan', { renderId: render.id, versionId: version.id, profile: render.profile });
  return render;
}

/**
 * Fans an existing render out: plans the version, moves the render from `queued` to `running`
 * (phase `segments`, with the segment count and the segments already in the store), then sends
 * one `render-segment` job per segment and one `render-audio` job, each with a dedupe key made
 * of the render and the part.
 *
 * Idempotent, for at-least-once delivery of `render-start`: the move to `running` is a
 * conditional update (one of two racing calls makes it; the other sees `running` and goes on),
 * and sending again is a no-op while the same part's job waits or runs. A call after a crash
 * between the update and the sends finds the render in `segments` and sends what is missing.
 * A render past `segments` (its parts all finished), done or failed is returned unchanged,
 * nothing sent: its progress is never reset. (A part whose job already finished is sent again
 * only in the crash case; its job finds the output made and the part counted, and does nothing.)
 */
export async function fanOutRender({
  deps,
  render,
  version,
  profile,
  toolchain,
}: {
  deps: FanOutDeps;
  render: Render;
  version: Version;
  profile: DeliveryProfile;
  toolchain: string;
}): Promise<Render> {
  if (!waitingForParts(render)) return render;
  const spec = await resolveVersion({ deps, version, profile });
  const plan = planRender({ spec, profile, versionNumber: version.number, toolchain });
  let current = render;
  if (render.status === 'queued') {
    // Reused: segments already in the store when the render starts (their jobs will find them).
    // Counted here, once: with duplicate deliveries a job that finds its segment made does not say
    // whether this render or an earlier one made it.
    const present = await Promise.all(plan.segments.map(async (segment) => (await deps.blobs.head({ key: segment.key })) !== null));
    const segmentsReused = present.filter(Boolean).length;
    const progress = { phase: 'segments' as const, segmentsDone: 0, segmentsTotal: plan.segments.length, segmentsReused };
    const updated = await updateRender({ deps, id: render.id, change: (r) => (r.status === 'queued' ? { status: 'running', progress } : null) });
    if (updated === null || !waitingForParts(updated) || updated.status !== 'running') return updated ?? render;
    current = updated;
  }
  const ref = { renderId: render.id, versionId: version.id, profileId: profile.id, toolchain };
  // The audio first: the mix of the whole programme is the longest single part.
  const audio: JobBody = { type: 'render-audio', ...ref, audioKey: plan.audioEncodedKey };
  await deps.queue.enqueue({ body: audio, dedupeKey: `render-audio:${render.id}:${plan.audioEncodedKey}` });
  for (const [index, segment] of plan.segments.entries()) {
    const body: JobBody = { type: 'render-segment', ...ref, segmentIndex: index, segmentKey: segment.key };
    await deps.queue.enqueue({ body, dedupeKey: `render-segment:${render.id}:${index}:${segment.key}` });
  }
  deps.log.info('render fanned out', { renderId: render.id, versionId: version.id, profile: profile.id, segments: plan.segments.length });
  return current;
}

/** Queued, or running with its parts still being made: a fan-out may (still) send them. */
function waitingForParts(render: Render): boolean {
  return render.status === 'queued' || (render.status === 'running' && render.progress.phase === 'segments');
}

async function failRender({
  deps,
  renderId,
  error,
  what,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock' | 'log'>;
  renderId: string;
  error: unknown;
  what: string;
}): Promise<void> {
  deps.log.error(what, { renderId, error });
  await updateRender({
    deps,
    id: renderId,
    change: (r) => (r.status === 'queued' || r.status === 'running' ? { status: 'failed', error: toErrorRecord(error) } : null),
  }).catch(() => undefined);
}

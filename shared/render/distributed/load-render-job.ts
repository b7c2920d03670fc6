import type { Render, Version } from '../../domain/index.ts';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { planRender, type RenderPlan } from '../plan-render.ts';
import { resolveVersion } from '../render-version.ts';
import type { RenderSpec } from '../../media/render/render-spec.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { DistributedRenderError } from './distributed-render-error.ts';

/** The fields every job of a distributed render carries. */
export interface RenderJobRef {
  renderId: string;
  versionId: string;
  profileId: string;
  toolchain: string;
}

export interface LoadedRenderJob {
  render: Render;
  version: Version;
  profile: DeliveryProfile;
  spec: RenderSpec;
  plan: RenderPlan;
}

/**
 * Rebuilds, on the worker, what the job's render was planned from: the render record, the
 * version, the profile, the resolved timeline and the plan. The plan is a pure function of these
 * and the toolchain, so every worker finds the same keys; a worker whose toolchain differs
 * refuses the job (its bytes would not be what the keys promise).
 */
export async function loadRenderJob({ deps, job }: { deps: DistributedRenderDeps; job: RenderJobRef }): Promise<LoadedRenderJob> {
  if (job.toolchain !== deps.toolchain) throw DistributedRenderError.toolchainMismatch({ planned: job.toolchain, found: deps.toolchain });
  const render = await deps.store.renders.get({ id: job.renderId });
  if (render === null) throw DistributedRenderError.missing({ entity: 'render', id: job.renderId });
  const version = await deps.store.versions.get({ id: job.versionId });
  if (version === null) throw DistributedRenderError.missing({ entity: 'version', id: job.versionId });
  const profile = deps.profileFor({ id: job.profileId });
  const spec = await resolveVersion({ deps, version, profile });
  const plan = planRender({ spec, profile, versionNumber: version.number, toolchain: job.toolchain });
  return { render, version, profile, spec, plan };
}

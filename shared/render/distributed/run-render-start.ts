import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { JobBody, Render } from '../../domain/index.ts';
import { fanOutRender } from '../start-distributed-render.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { DistributedRenderError } from './distributed-render-error.ts';
import { failRenderOnFatal } from './fail-render-on-fatal.ts';

/**
 * The `render-start` job (sent by `queueRenderStart`, where no ffmpeg is): loads the queued
 * render, its version and profile, and fans it out with this worker's own toolchain
 * (`fanOutRender`: idempotent, so a duplicate delivery or a retry after a crash sends no second
 * set of jobs and never resets a render past its segments). A version or profile that does not
 * exist fails the render for good (`VERSION_NOT_FOUND`, `PROFILE_NOT_FOUND`); a retryable
 * failure on the last attempt fails it too (`failRenderOnFatal`).
 */
export async function runRenderStart({
  deps,
  body,
  attempt,
  maxAttempts,
}: {
  deps: DistributedRenderDeps;
  body: Extract<JobBody, { type: 'render-start' }>;
  attempt: number;
  maxAttempts: number;
}): Promise<{ render: Render }> {
  return failRenderOnFatal({
    deps,
    renderId: body.renderId,
    attempt,
    maxAttempts,
    run: async () => {
      const render = await deps.store.renders.get({ id: body.renderId });
      if (render === null) throw DistributedRenderError.missing({ entity: 'render', id: body.renderId });
      if (render.status === 'done' || render.status === 'failed') return { render };
      const version = await deps.store.versions.get({ id: body.versionId });
      if (version === null) throw DistributedRenderError.missing({ entity: 'version', id: body.versionId });
      let profile: DeliveryProfile;
      try {
        profile = deps.profileFor({ id: body.profileId });
      } catch {
        throw DistributedRenderError.missing({ entity: 'profile', id: body.profileId });
      }
      return { render: await fanOutRender({ deps, render, version, profile, toolchain: deps.toolchain }) };
    },
  });
}

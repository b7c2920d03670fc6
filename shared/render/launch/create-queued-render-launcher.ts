import { DEFAULT_PROFILES } from '../../domain/delivery-profiles.ts';
import type { Render } from '../../domain/index.ts';
import type { JobQueue } from '../../ports/index.ts';
import type { RenderDeps } from '../render-deps.ts';
import { fanOutNewRender } from '../start-distributed-render.ts';
import type { RenderLauncher } from './render-launcher.ts';

/**
 * The render launcher of a distributed deployment whose process knows the workers' toolchain
 * (`reportage serve` on the aws backend): a recorded render is planned and fanned out on the job
 * queue (one message per segment and one for the sound, `fanOutNewRender`); workers do the rest
 * and keep the stored render record up to date, so `progress` has nothing fresher to add. A
 * render that is done, running or queued stands for a new one (two clicks on "render" start one
 * render). Without ffmpeg (the API on Lambda), use `createDeferredRenderLauncher`.
 */
export function createQueuedRenderLauncher({
  deps,
  toolchain,
  profiles = DEFAULT_PROFILES,
}: {
  deps: Pick<RenderDeps, 'store' | 'blobs' | 'clock' | 'log'> & { queue: JobQueue };
  /** The workers' toolchain (`resolveToolchain`): part of every cache key. */
  toolchain: string;
  profiles?: typeof DEFAULT_PROFILES;
}): RenderLauncher {
  return {
    recordsAs: 'queued',
    stands: isOnItsWay,
    launch: ({ render, version, profile }) => fanOutNewRender({ deps, render, version, profile: profiles[profile], toolchain }),
    progress: () => null,
    idle: async () => undefined,
    profileOf: ({ id }) => profiles[id],
  };
}

/** Done, running or queued: what a launcher on the job queue answers instead of a new render. */
export function isOnItsWay(render: Render): boolean {
  return render.status === 'done' || render.status === 'running' || render.status === 'queued';
}

import type { JobQueue } from '../ports/index.ts';
import type { RenderDeps } from '../render/render-deps.ts';
import { queueRenderStart } from '../render/start-distributed-render.ts';
import type { RenderLauncher } from './render-launcher.ts';
import { createQueueRenderLauncher } from './start-queued-render.ts';

/**
 * The render launcher of a process without ffmpeg (the API function on Lambda): it cannot plan a
 * render, since every key of the plan names the workers' toolchain. It records the render
 * `queued` and sends one `render-start` job (dedupe key `render-start:<renderId>`); the worker
 * that takes it plans with its own toolchain and fans the render out (`runRenderStart`). As with
 * `createQueuedRenderLauncher`, a render of the same version and profile that is done, running or
 * queued is returned instead of a new one. The pages show a queued render as "Đang chờ".
 *
 * @example
 * const renders = createDeferredRenderLauncher({ deps: { store, clock, log, queue } });
 * const render = await renders.start({ version, profile: 'review' }); // status 'queued'
 */
export function createDeferredRenderLauncher({ deps }: { deps: Pick<RenderDeps, 'store' | 'clock' | 'log'> & { queue: JobQueue } }): RenderLauncher {
  return createQueueRenderLauncher({ deps, launch: ({ version, profile, audit }) => queueRenderStart({ deps, version, profileId: profile, audit }) });
}

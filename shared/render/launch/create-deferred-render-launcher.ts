import type { JobQueue } from '../../ports/index.ts';
import type { RenderDeps } from '../render-deps.ts';
import { sendRenderStart } from '../start-distributed-render.ts';
import { isOnItsWay } from './create-queued-render-launcher.ts';
import type { RenderLauncher } from './render-launcher.ts';

/**
 * The render launcher of a process without ffmpeg (the API function on Lambda): it cannot plan a
 * render, since every key of the plan names the workers' toolchain. The render is recorded
 * `queued`, and this sends one `render-start` job (dedupe key `render-start:<renderId>`); the
 * worker that takes it plans with its own toolchain and fans the render out (`runRenderStart`). As
 * with `createQueuedRenderLauncher`, a render that is done, running or queued stands for a new
 * one. The pages show a queued render as "Đang chờ".
 *
 * @example
 * const renders = createDeferredRenderLauncher({ deps: { store, clock, log, queue } });
 * const render = await startRender({ deps: { …, renders }, project, version, profile: 'review', actor }); // status 'queued'
 */
export function createDeferredRenderLauncher({ deps }: { deps: Pick<RenderDeps, 'store' | 'clock' | 'log'> & { queue: JobQueue } }): RenderLauncher {
  return {
    recordsAs: 'queued',
    stands: isOnItsWay,
    launch: ({ render, version }) => sendRenderStart({ deps, render, version }),
    progress: () => null,
    idle: async () => undefined,
  };
}

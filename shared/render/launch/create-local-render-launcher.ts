import { DEFAULT_PROFILES, type ProfileId } from '../../domain/delivery-profiles.ts';
import type { Render, RenderProgress } from '../../domain/index.ts';
import type { RenderDeps } from '../render-deps.ts';
import { runRender } from '../render-version.ts';
import type { RenderLauncher } from './render-launcher.ts';

/** The local launcher, with what a process that waits for its own render needs (`reportage render`). */
export interface LocalRenderLauncher extends RenderLauncher {
  /**
   * The render as it ended: resolves when it is done, rejects with its failure. A render this
   * launcher did not start is read from the store as it is.
   */
  finished(args: { renderId: string }): Promise<Render>;
}

/**
 * The in-process render launcher of `reportage serve` and `reportage render`: runs a recorded
 * render (`runRender`, the render use case, unchanged) in the background and keeps each running
 * render's live progress in memory. A render that is done, or running in this process, stands for
 * a new one of the same version and profile.
 *
 * At most `maxRenders` run at once (each runs several ffmpeg processes, each up to its memory
 * bound): a render launched beyond that is on record and answered at once, then waits its turn.
 */
export function createLocalRenderLauncher({
  deps,
  toolchain,
  profiles = DEFAULT_PROFILES,
  maxRenders = 1,
  onProgress,
}: {
  deps: RenderDeps;
  /** `resolveToolchain` of `deps.tools` with `deps.fontFile`: part of every cache key. */
  toolchain: string;
  profiles?: typeof DEFAULT_PROFILES;
  maxRenders?: number;
  /** Told of every progress a render reports (a terminal's progress bar). */
  onProgress?: (args: { renderId: string; profile: ProfileId; progress: RenderProgress }) => void;
}): LocalRenderLauncher {
  const slots = createSlots({ count: maxRenders });
  const live = new Map<string, RenderProgress>();
  const running = new Set<Promise<unknown>>();
  const outcomes = new Map<string, Promise<Render>>();

  return {
    recordsAs: 'running',
    stands(render) {
      return render.status === 'done' || ((render.status === 'running' || render.status === 'queued') && outcomes.has(render.id));
    },
    async launch({ render, version, profile }) {
      const outcome = (async () => {
        // The render is on record (the request has its answer); its work waits for a free slot.
        const release = await slots.take();
        try {
          return await runRender({
            deps,
            render,
            version,
            profile: profiles[profile],
            toolchain,
            onProgress: (progress) => {
              live.set(render.id, progress);
              onProgress?.({ renderId: render.id, profile, progress });
            },
          });
        } finally {
          release();
        }
      })();
      outcomes.set(render.id, outcome);
      const task = outcome
        .catch((error: unknown) => deps.log.warn('background render failed', { versionId: version.id, profile, error }))
        .finally(() => {
          live.delete(render.id);
          running.delete(task);
        });
      running.add(task);
      return render;
    },
    progress({ renderId }) {
      return live.get(renderId) ?? null;
    },
    profileOf({ id }) {
      return profiles[id];
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async finished({ renderId }) {
      const outcome = outcomes.get(renderId);
      if (outcome !== undefined) return outcome;
      const render = await deps.store.renders.get({ id: renderId });
      if (render === null) throw new Error(`no render ${renderId} on record`);
      return render;
    },
  };
}

/** `count` slots; `take` waits for a free one and gives back the function that frees it (once). */
function createSlots({ count }: { count: number }): { take(): Promise<() => void> } {
  let free = Math.max(1, count);
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  return {
    async take() {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let done = false;
      return () => {
        if (done) return;
        done = true;
        release();
      };
    },
  };
}

import { DEFAULT_PROFILES, type ProfileId } from '../domain/delivery-profiles.ts';
import type { AuditEntry, Render, RenderProgress, Version } from '../domain/index.ts';
import { renderVersion, type RenderDeps } from '../render/index.ts';
import type { RenderLauncher } from './render-launcher.ts';

/**
 * The in-process render launcher of `reportage serve`: runs `renderVersion` (the render use case,
 * unchanged) in the background and keeps each running render's live progress in memory. A render
 * of the same version and profile that is done, or running in this process, is returned instead
 * of starting another — also when two requests ask at the same moment.
 *
 * At most `maxRenders` run at once (each runs several ffmpeg processes, each up to its memory
 * bound): a render started beyond that is recorded and answered at once, then waits its turn.
 */
export function createLocalRenderLauncher({ deps, toolchain, profiles = DEFAULT_PROFILES, maxRenders = 1 }: {
  deps: RenderDeps;
  /** `resolveToolchain` of `deps.tools` with `deps.fontFile`: part of every cache key. */
  toolchain: string;
  profiles?: typeof DEFAULT_PROFILES;
  maxRenders?: number;
}): RenderLauncher {
  const slots = createSlots({ count: maxRenders });
  const live = new Map<string, RenderProgress>();
  const running = new Set<Promise<unknown>>();
  const started = new Set<string>();
  const starting = new Map<string, Promise<Render>>();

  type LaunchArgs = { version: Version; profile: ProfileId; audit?: ((render: Render) => AuditEntry) | undefined };
  const launch = async ({ version, profile, audit }: LaunchArgs): Promise<Render> => {
    // A render marked running that this process did not start was cut off by a restart: start afresh.
    const existing = (await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).filter(
      (r) => r.profile === profile && (r.status === 'done' || ((r.status === 'running' || r.status === 'queued') && started.has(r.id))),
    );
    if (existing.length > 0) return existing[existing.length - 1]!;
    // renderVersion records the render first thing; catching that record lets us answer at once,
    // and write the request's audit entry with it.
    let recorded: (render: Render) => void = () => {};
    const created = new Promise<Render>((resolve) => (recorded = resolve));
    const store = {
      ...deps.store,
      renders: {
        ...deps.store.renders,
        create: async (args: { render: Render; audit?: AuditEntry }) => {
          const render = await deps.store.renders.create({ ...args, audit: args.audit ?? audit?.(args.render) });
          started.add(render.id);
          recorded(render);
          // The render is on record (the request has its answer); its work waits for a free slot.
          release = await slots.take();
          return render;
        },
      },
    };
    let renderId: string | null = null;
    let release: () => void = () => {};
    const task = renderVersion({
      deps: { ...deps, store },
      version,
      profile: profiles[profile],
      toolchain,
      onProgress: (progress) => {
        if (renderId !== null) live.set(renderId, progress);
      },
    })
      .catch((error: unknown) => deps.log.warn('background render failed', { versionId: version.id, profile, error }))
      .finally(() => {
        release();
        if (renderId !== null) live.delete(renderId);
        running.delete(task);
      });
    running.add(task);
    const render = await Promise.race([created, task.then(() => null)]);
    if (render === null) {
      // It ended (failed) before being recorded: report what the store has, if anything.
      const after = (await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).filter((r) => r.profile === profile).at(-1);
      if (after === undefined) throw new Error(`the ${profile} render of version ${version.id} ended before it was recorded`);
      return after;
    }
    renderId = render.id;
    return render;
  };

  return {
    async start({ version, profile, audit }) {
      const key = `${version.id}:${profile}`;
      const pending = starting.get(key) ?? launch({ version, profile, audit }).finally(() => starting.delete(key));
      starting.set(key, pending);
      return pending;
    },
    progress({ renderId }) {
      return live.get(renderId) ?? null;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
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

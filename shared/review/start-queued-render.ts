import type { ProfileId } from '../delivery/profiles.ts';
import { DEFAULT_PROFILES } from '../delivery/profiles.ts';
import type { Render, Version } from '../domain/index.ts';
import type { JobQueue } from '../ports/index.ts';
import type { RenderDeps } from '../render/render-deps.ts';
import { startDistributedRender } from '../render/start-distributed-render.ts';
import type { RenderLauncher } from './render-launcher.ts';

/**
 * The render launcher of a distributed deployment: a render is planned and fanned out on the job
 * queue (one message per segment and one for the sound, `startDistributedRender`); workers do the
 * rest and keep the stored render record up to date, so `progress` has nothing fresher to add.
 * A render of the same version and profile that is done or still running is returned instead of
 * a new one (two clicks on "render" start one render).
 */
export function createQueuedRenderLauncher({ deps, toolchain, profiles = DEFAULT_PROFILES }: {
  deps: Pick<RenderDeps, 'store' | 'blobs' | 'clock' | 'log'> & { queue: JobQueue };
  /** The workers' toolchain (`describeToolchain`): part of every cache key. */
  toolchain: string;
  profiles?: typeof DEFAULT_PROFILES;
}): RenderLauncher {
  const starting = new Map<string, Promise<Render>>();
  return {
    async start({ version, profile }: { version: Version; profile: ProfileId }): Promise<Render> {
      const key = `${version.id}:${profile}`;
      const pending = starting.get(key);
      if (pending) return pending;
      const launch = (async () => {
        const existing = (await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).filter(
          (r) => r.profile === profile && (r.status === 'done' || r.status === 'running' || r.status === 'queued'),
        );
        if (existing.length > 0) return existing[existing.length - 1]!;
        return startDistributedRender({ deps, version, profile: profiles[profile], toolchain });
      })().finally(() => starting.delete(key));
      starting.set(key, launch);
      return launch;
    },
    progress: () => null,
    idle: async () => undefined,
  };
}

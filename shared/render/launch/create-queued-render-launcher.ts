import type { ProfileId } from '../domain/delivery-profiles.ts';
import { DEFAULT_PROFILES } from '../domain/delivery-profiles.ts';
import type { AuditEntry, Render, Version } from '../domain/index.ts';
import type { JobQueue } from '../ports/index.ts';
import type { RenderDeps } from '../render/render-deps.ts';
import { startDistributedRender } from '../render/start-distributed-render.ts';
import type { RenderLauncher } from './render-launcher.ts';

/**
 * The render launcher of a distributed deployment whose process knows the workers' toolchain
 * (`reportage serve` on the aws backend): a render is planned and fanned out on the job queue
 * (one message per segment and one for the sound, `startDistributedRender`); workers do the
 * rest and keep the stored render record up to date, so `progress` has nothing fresher to add.
 * A render of the same version and profile that is done, running or queued is returned instead
 * of a new one (two clicks on "render" start one render). Without ffmpeg (the API on Lambda),
 * use `createDeferredRenderLauncher`.
 */
export function createQueuedRenderLauncher({ deps, toolchain, profiles = DEFAULT_PROFILES }: {
  deps: Pick<RenderDeps, 'store' | 'blobs' | 'clock' | 'log'> & { queue: JobQueue };
  /** The workers' toolchain (`describeToolchain`): part of every cache key. */
  toolchain: string;
  profiles?: typeof DEFAULT_PROFILES;
}): RenderLauncher {
  return createQueueRenderLauncher({
    deps,
    launch: ({ version, profile, audit }) => startDistributedRender({ deps, version, profile: profiles[profile], toolchain, audit }),
  });
}

/**
 * The launcher both queue launchers share: one start per version and profile at a time in this
 * process, and a render of the same version and profile that is done, running or queued is
 * returned instead of a new one; otherwise `launch` records and queues it.
 */
export function createQueueRenderLauncher({ deps, launch }: {
  deps: Pick<RenderDeps, 'store'>;
  launch: (args: { version: Version; profile: ProfileId; audit?: ((render: Render) => AuditEntry) | undefined }) => Promise<Render>;
}): RenderLauncher {
  const starting = new Map<string, Promise<Render>>();
  return {
    async start({ version, profile, audit }: { version: Version; profile: ProfileId; audit?: (render: Render) => AuditEntry }): Promise<Render> {
      const key = `${version.id}:${profile}`;
      const pending = starting.get(key);
      if (pending) return pending;
      const run = (async () => {
        const existing = (await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).filter(
          (r) => r.profile === profile && (r.status === 'done' || r.status === 'running' || r.status === 'queued'),
        );
        if (existing.length > 0) return existing[existing.length - 1]!;
        return launch({ version, profile, audit });
      })().finally(() => starting.delete(key));
      starting.set(key, run);
      return run;
    },
    progress: () => null,
    idle: async () => undefined,
  };
}

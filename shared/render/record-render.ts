import { randomUUID } from 'node:crypto';
import type { AuditEntry, Render, Version } from '../domain/index.ts';
import type { RenderDeps } from './render-deps.ts';

/**
 * Records a new render of the version with the profile, before anything of it runs: `running`
 * when this process runs it (`runRender`), `queued` when workers take it from the job queue.
 * Nothing planned yet (phase `queued`, no segments counted). `audit` makes the render's audit
 * entry (it names the render id): written with the record or not at all.
 */
export async function recordRender({
  deps,
  version,
  profileId,
  status,
  audit,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock'>;
  version: Version;
  profileId: string;
  status: 'running' | 'queued';
  audit?: ((render: Render) => AuditEntry) | undefined;
}): Promise<Render> {
  const now = deps.clock.now().toISOString();
  const render: Render = {
    id: randomUUID(),
    projectId: version.projectId,
    versionId: version.id,
    versionNumber: version.number,
    profile: profileId,
    status,
    progress: { phase: 'queued', segmentsDone: 0, segmentsTotal: 0, segmentsReused: 0 },
    files: [],
    qc: null,
    error: null,
    timings: {},
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  return deps.store.renders.create({ render, audit: audit?.(render) });
}

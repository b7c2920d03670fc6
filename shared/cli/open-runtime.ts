import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createLocalBackend } from '../adapters/local/index.ts';
import type { Config } from '../config.ts';
import { createProject, type Project } from '../domain/index.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { systemClock, type Logger } from '../ports/index.ts';

export interface Runtime {
  config: Config;
  deps: IngestDeps;
  close(): Promise<void>;
}

/**
 * The composition root: builds the adapters the configuration names and hands them to the use
 * cases as ports. The only place that knows which backend runs.
 */
export async function openRuntime({ config, log }: { config: Config; log: Logger }): Promise<Runtime> {
  const backend = createLocalBackend({ dataDir: config.dataDir, maxAttempts: config.jobs.maxAttempts });
  const scratchDir = path.join(config.dataDir, 'scratch');
  await mkdir(scratchDir, { recursive: true });
  const deps: IngestDeps = {
    blobs: backend.blobs,
    store: backend.store,
    queue: backend.queue,
    clock: systemClock,
    log,
    tools: config.ffmpeg,
    scratchDir,
  };
  return { config, deps, close: () => backend.close() };
}

/** The project named, created with the congress defaults on first use. */
export async function ensureProject({ deps, projectId }: { deps: Pick<IngestDeps, 'store' | 'clock'>; projectId: string }): Promise<Project> {
  const existing = await deps.store.projects.get({ id: projectId });
  if (existing !== null) return existing;
  try {
    return await deps.store.projects.create({ project: createProject({ id: projectId, now: deps.clock.now() }) });
  } catch (error) {
    // Two processes starting on a new data folder at once: the other one created it.
    const created = await deps.store.projects.get({ id: projectId });
    if (created !== null) return created;
    throw error;
  }
}

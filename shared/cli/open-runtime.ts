import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createAwsBackend, readSecretsManagerSigningKeys } from '../adapters/aws/index.ts';
import { createLocalBackend } from '../adapters/local/index.ts';
import { ConfigError } from '../domain/errors.ts';
import { awsBackendOptions, type Config } from '../config.ts';
import { createProject, type Project, type SigningKeyRing } from '../domain/index.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { requireMemoryBound } from '../media/index.ts';
import { failRenderOfDeadJob } from '../render/distributed/fail-render-of-dead-job.ts';
import type { Counters } from '../ports/counters.ts';
import { systemClock, type BlobStore, type JobQueue, type Logger, type MultipartUploads, type Store, type WorkflowStore } from '../ports/index.ts';

export interface Runtime {
  config: Config;
  deps: IngestDeps;
  /** Browser uploads in parts (set on the aws backend: presigned S3 part URLs). */
  uploads?: MultipartUploads;
  /** Fan-in counters of distributed renders (SQLite locally, DynamoDB on aws). */
  counters?: Counters;
  /** The web workflow's records (set on the aws backend: the DynamoDB table). */
  workflow?: WorkflowStore;
  /** The signing key of links and CSRF tokens (set on the aws backend when `REPORTAGE_SIGNING_KEY_SECRET` names its secret). */
  signingKey?: Uint8Array;
  /** The same key with its id and the one rotated out last (aws backend: Secrets Manager's AWSCURRENT and AWSPREVIOUS). */
  signingKeys?: SigningKeyRing;
  close(): Promise<void>;
}

interface Backend {
  blobs: BlobStore;
  store: Store;
  queue: JobQueue;
  uploads?: MultipartUploads;
  counters?: Counters;
  workflow?: WorkflowStore;
  signingKey?: Uint8Array;
  signingKeys?: SigningKeyRing;
  close(): Promise<void>;
}

/**
 * The composition root: builds the adapters the configuration names and hands them to the use
 * cases as ports. The only place that knows which backend runs.
 */
export async function openRuntime({ config, log }: { config: Config; log: Logger }): Promise<Runtime> {
  // Every command may run ffmpeg (ingest, render, the worker pool of serve): without prlimit none may start.
  requireMemoryBound({ memoryMb: config.ffmpeg.memoryMb });
  const backend = await openBackend({ config, log });
  const scratchDir = path.join(config.dataDir, 'scratch');
  await mkdir(scratchDir, { recursive: true });
  const deps: IngestDeps = {
    blobs: backend.blobs,
    store: backend.store,
    queue: backend.queue,
    clock: systemClock,
    log,
    tools: config.ffmpeg,
    mediaLimits: config.mediaLimits,
    scratchDir,
  };
  return {
    config,
    deps,
    ...(backend.uploads === undefined ? {} : { uploads: backend.uploads }),
    ...(backend.counters === undefined ? {} : { counters: backend.counters }),
    ...(backend.workflow === undefined ? {} : { workflow: backend.workflow }),
    ...(backend.signingKey === undefined ? {} : { signingKey: backend.signingKey }),
    ...(backend.signingKeys === undefined ? {} : { signingKeys: backend.signingKeys }),
    close: () => backend.close(),
  };
}

async function openBackend({ config, log }: { config: Config; log: Logger }): Promise<Backend> {
  if (config.backend === 'local') {
    // A job dead-lettered because its worker was killed on the last attempt fails its render
    // (nobody else would: the render would stay "running" forever). The store is the backend's own.
    const local = createLocalBackend({
      dataDir: config.dataDir,
      maxAttempts: config.jobs.maxAttempts,
      onDeadLetter: ({ job }) => failRenderOfDeadJob({ deps: { store: local.store, clock: systemClock, log }, job }),
    });
    const { blobs, store, queue, counters, close } = local;
    return { blobs, store, queue, counters, close };
  }
  const aws = config.aws;
  if (aws === undefined) {
    throw new ConfigError({ code: 'MISSING_CONFIG', message: 'REPORTAGE_BACKEND=aws needs its aws settings (loadConfig reads them).', messageVi: 'Thiếu cấu hình AWS.', details: { variable: 'REPORTAGE_BACKEND' } });
  }
  const backend = createAwsBackend(awsBackendOptions({ aws, maxAttempts: config.jobs.maxAttempts, dataDir: config.dataDir }));
  // Only a process given the secret reads it (a workstation's `reportage worker` or `ingest` signs nothing).
  if (aws.signingKeySecret === undefined) return backend;
  try {
    const signingKeys = await readSecretsManagerSigningKeys({ secrets: backend.clients.secrets, secretId: aws.signingKeySecret });
    return { ...backend, signingKey: signingKeys.current.key, signingKeys };
  } catch (error) {
    await backend.close();
    throw error;
  }
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

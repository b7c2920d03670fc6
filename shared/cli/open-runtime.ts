import { readSecretsManagerSigningKeys } from '../adapters/aws/index.ts';
import type { Config } from '../config.ts';
import { createProject, type Project, type SigningKeyRing } from '../domain/index.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { requireMemoryBound } from '../media/index.ts';
import type { Counters } from '../ports/counters.ts';
import type { Logger, MultipartUploads, WorkflowStore } from '../ports/index.ts';
import { openBackend, type Backend } from '../runtime/open-backend.ts';

export interface Runtime {
  config: Config;
  deps: IngestDeps;
  /** Browser uploads in parts (set on the aws backend: presigned S3 part URLs). */
  uploads?: MultipartUploads;
  /** Fan-in counters of distributed renders (SQLite locally, DynamoDB on aws). */
  counters?: Counters;
  /** The web workflow's records (the data folder's SQLite database; the DynamoDB table on aws). */
  workflow: WorkflowStore;
  /** The signing key of links and CSRF tokens (set on the aws backend when `REPORTAGE_SIGNING_KEY_SECRET` names its secret). */
  signingKey?: Uint8Array;
  /** The same key with its id and the one rotated out last (aws backend: Secrets Manager's AWSCURRENT and AWSPREVIOUS). */
  signingKeys?: SigningKeyRing;
  close(): Promise<void>;
}

/**
 * The composition root of the `reportage` command: the adapters the configuration names and the
 * use cases' ports on them (`openBackend`, the wiring the Lambda functions share), with the aws
 * backend's signing keys read at start.
 */
export async function openRuntime({ config, log }: { config: Config; log: Logger }): Promise<Runtime> {
  // Every command may run ffmpeg (ingest, render, the worker pool of serve): without prlimit none may start.
  requireMemoryBound({ memoryMb: config.ffmpeg.memoryMb });
  const backend = await openSigningKeys({ backend: await openBackend({ config, log }), config });
  return {
    config,
    deps: backend.deps,
    ...(backend.uploads === undefined ? {} : { uploads: backend.uploads }),
    counters: backend.counters,
    workflow: backend.workflow,
    ...(backend.signingKey === undefined ? {} : { signingKey: backend.signingKey }),
    ...(backend.signingKeys === undefined ? {} : { signingKeys: backend.signingKeys }),
    close: () => backend.close(),
  };
}

/** The aws backend's signing key ring, read from Secrets Manager at start when the process is given the secret. */
async function openSigningKeys({
  backend,
  config,
}: {
  backend: Backend;
  config: Config;
}): Promise<Backend & { signingKey?: Uint8Array; signingKeys?: SigningKeyRing }> {
  // Only a process given the secret reads it (a workstation's `reportage worker` or `ingest` signs nothing).
  const secretId = config.aws?.signingKeySecret;
  if (backend.aws === undefined || secretId === undefined) return backend;
  try {
    const signingKeys = await readSecretsManagerSigningKeys({ secrets: backend.aws.clients.secrets, secretId });
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

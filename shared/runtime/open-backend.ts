import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createAwsBackend, type AwsBackend } from '../adapters/aws/index.ts';
import { createLocalBackend } from '../adapters/local/index.ts';
import { awsBackendOptions, type AwsConfig, type Config } from '../config.ts';
import { ConfigError } from '../domain/errors.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { failRenderOfDeadJob } from '../render/distributed/fail-render-of-dead-job.ts';
import type { Counters } from '../ports/counters.ts';
import { systemClock, type Logger, type MultipartUploads, type WorkflowStore } from '../ports/index.ts';

/** The adapters the configuration names, and the ports every use case takes, built from them. */
export interface Backend {
  /** The ports of the use cases (ingest's are the base of every other): blobs, store, queue, clock, log, tools, limits, scratch. */
  deps: IngestDeps;
  /** Fan-in counters of distributed renders (SQLite locally, DynamoDB on aws). */
  counters: Counters;
  /** Browser uploads in parts (aws backend: presigned S3 part URLs). Locally the web app opens its own. */
  uploads?: MultipartUploads;
  /** The web workflow's records: the same SQLite database locally (the web app opens a connection of its own), the DynamoDB table on aws. */
  workflow: WorkflowStore;
  /** The AWS adapters and their SDK clients (Secrets Manager, the functions' S3 inbox), on the aws backend. */
  aws?: AwsBackend;
  close(): Promise<void>;
}

/**
 * The one backend wiring, for the `reportage` command and the Lambda functions alike: the local
 * backend (a data folder: blobs, SQLite) or the AWS one (S3, DynamoDB, SQS), as `config.backend`
 * says, and the ports of the use cases on it, with a scratch folder under the data folder.
 *
 * @example
 * const backend = await openBackend({ config: loadConfig(), log });
 * try { await ingestFile({ deps: backend.deps, … }); } finally { await backend.close(); }
 */
export async function openBackend({ config, log }: { config: Config; log: Logger }): Promise<Backend> {
  if (config.backend === 'local') {
    // A job dead-lettered because its worker was killed on the last attempt fails its render
    // (nobody else would: the render would stay "running" forever). The store is the backend's own.
    const local = createLocalBackend({
      dataDir: config.dataDir,
      maxAttempts: config.jobs.maxAttempts,
      onDeadLetter: ({ job }) => failRenderOfDeadJob({ deps: { store: local.store, clock: systemClock, log }, job }),
    });
    const deps = await portsOf({ config, log, adapters: local });
    return { deps, counters: local.counters, workflow: local.workflow, close: () => local.close() };
  }
  const aws = config.aws;
  if (aws === undefined) {
    throw new ConfigError({
      code: 'MISSING_CONFIG',
      message: 'REPORTAGE_BACKEND=aws needs its aws settings (loadConfig reads them).',
      messageVi: 'Thiếu cấu hình AWS.',
      details: { variable: 'REPORTAGE_BACKEND' },
    });
  }
  const backend = await openAwsBackend({ config, aws, log });
  return {
    deps: backend.deps,
    counters: backend.aws.counters,
    uploads: backend.aws.uploads,
    workflow: backend.aws.workflow,
    aws: backend.aws,
    close: () => backend.aws.close(),
  };
}

/** The AWS backend and the use cases' ports on it: what `openBackend` builds for `REPORTAGE_BACKEND=aws` (the Lambda functions call it directly). */
export async function openAwsBackend({ config, aws, log }: { config: Config; aws: AwsConfig; log: Logger }): Promise<{ deps: IngestDeps; aws: AwsBackend }> {
  const backend = createAwsBackend(awsBackendOptions({ aws, maxAttempts: config.jobs.maxAttempts, dataDir: config.dataDir }));
  try {
    return { deps: await portsOf({ config, log, adapters: backend }), aws: backend };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

async function portsOf({
  config,
  log,
  adapters,
}: {
  config: Config;
  log: Logger;
  adapters: Pick<IngestDeps, 'blobs' | 'store' | 'queue'>;
}): Promise<IngestDeps> {
  const scratchDir = path.join(config.dataDir, 'scratch');
  await mkdir(scratchDir, { recursive: true });
  return {
    blobs: adapters.blobs,
    store: adapters.store,
    queue: adapters.queue,
    clock: systemClock,
    log,
    tools: config.ffmpeg,
    mediaLimits: config.mediaLimits,
    scratchDir,
  };
}

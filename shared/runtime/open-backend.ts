import type { AwsBackend } from '../adapters/aws/index.ts';
import { createLocalBackend } from '../adapters/local/index.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../domain/errors.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { failRenderOfDeadJob } from '../render/distributed/fail-render-of-dead-job.ts';
import type { Counters } from '../ports/counters.ts';
import { systemClock, type Logger, type MultipartUploads, type WorkflowStore } from '../ports/index.ts';
import { openAwsBackend, portsOf } from './open-aws-backend.ts';

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

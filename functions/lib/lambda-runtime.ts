import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { awsBackendOptions, createAwsBackend, createS3Inbox, type AwsBackend, type S3Inbox } from '../../shared/adapters/aws/index.ts';
import { createJsonLogger } from '../../shared/adapters/log/json-logger.ts';
import { loadConfig, type AwsConfig, type Config } from '../../shared/config.ts';
import { ConfigError } from '../../shared/domain/errors.ts';
import type { IngestDeps } from '../../shared/ingest/index.ts';
import { systemClock } from '../../shared/ports/index.ts';

/** What every function needs, built once per Lambda container (cold start) and reused. */
export interface LambdaRuntime {
  config: Config;
  aws: AwsConfig;
  backend: AwsBackend;
  deps: IngestDeps;
  inbox: S3Inbox;
}

let opening: Promise<LambdaRuntime> | undefined;

/**
 * The composition root of the Lambda functions: the environment parsed once (the stateless stack
 * sets every `REPORTAGE_*` variable), the AWS backend, a JSON logger (CloudWatch reads stderr),
 * scratch and spool folders under `/tmp` (`REPORTAGE_DATA_DIR`).
 */
export function lambdaRuntime({ env = process.env }: { env?: NodeJS.ProcessEnv } = {}): Promise<LambdaRuntime> {
  opening ??= openLambdaRuntime({ env }).catch((error: unknown) => {
    opening = undefined; // a failed cold start is tried again by the next invocation
    throw error;
  });
  return opening;
}

export async function openLambdaRuntime({ env }: { env: NodeJS.ProcessEnv }): Promise<LambdaRuntime> {
  const config = loadConfig({ env });
  const aws = config.aws;
  if (config.backend !== 'aws' || aws === undefined) {
    throw new ConfigError({
      code: 'INVALID_CONFIG',
      message: 'The Lambda functions run only with REPORTAGE_BACKEND=aws.',
      messageVi: 'Hàm Lambda chỉ chạy với REPORTAGE_BACKEND=aws.',
      details: { variable: 'REPORTAGE_BACKEND' },
    });
  }
  const log = createJsonLogger({ level: config.logLevel ?? 'info' });
  const scratchDir = path.join(config.dataDir, 'scratch');
  await mkdir(scratchDir, { recursive: true });
  const backend = createAwsBackend(awsBackendOptions({ aws, maxAttempts: config.jobs.maxAttempts, dataDir: config.dataDir }));
  const deps: IngestDeps = { blobs: backend.blobs, store: backend.store, queue: backend.queue, clock: systemClock, log, tools: config.ffmpeg, mediaLimits: config.mediaLimits, scratchDir };
  return { config, aws, backend, deps, inbox: createS3Inbox({ s3: backend.clients.s3, bucket: aws.buckets.originals }) };
}

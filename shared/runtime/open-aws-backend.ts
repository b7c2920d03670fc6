/**
 * The AWS half of the backend wiring (`openBackend`), in a module of its own: the Lambda functions
 * import it, and a bundle that imported the local adapters too would need better-sqlite3, which
 * the function images do not carry.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createAwsBackend, type AwsBackend } from '../adapters/aws/index.ts';
import { awsBackendOptions, type AwsConfig, type Config } from '../config.ts';
import type { IngestDeps } from '../ingest/index.ts';
import { systemClock, type Logger } from '../ports/index.ts';

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

/** The use cases' ports on a backend's adapters, with a scratch folder under the data folder. */
export async function portsOf({
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

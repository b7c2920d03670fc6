import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { ensureProject, openRuntime } from '../../../shared/cli/open-runtime.ts';
import { loadConfig } from '../../../shared/config.ts';
import { submitUpload } from '../../../shared/ingest/index.ts';
import { createJobHandlers, runWorker } from '../../../shared/jobs/index.ts';
import { makePhoneClip, TEST_TOOLS } from '../../helpers/make-media.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';

/**
 * `REPORTAGE_BACKEND=aws` end to end on the emulators, through the same composition root the CLI
 * uses (`openRuntime`): an upload goes to S3 as an original, its asset to DynamoDB, its ingest job
 * to SQS; the worker takes it and the real ffprobe/ffmpeg read the original through presigned
 * URLs; the derivatives land in S3 and the asset is ready.
 */

let emulators: Emulators;
let resources: TestResources;
let dataDir: string;
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(async () => {
  emulators = await startEmulators();
  process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
  resources = await makeResources({ emulators });
  dataDir = await mkdtemp(path.join(tmpdir(), 'reportage-aws-'));
});
afterAll(async () => {
  await resources?.cleanup();
  await emulators?.close();
  await rm(dataDir, { recursive: true, force: true });
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
});

describe('aws backend through openRuntime', () => {
  it('ingests an upload: S3 original, DynamoDB asset, SQS job, ffmpeg on presigned URLs, derivatives in S3', async () => {
    const config = loadConfig({
      env: { ...emulatorEnv({ emulators, resources, dataDir }), REPORTAGE_FFMPEG_TIMEOUT_SECONDS: String(TEST_TOOLS.timeoutSeconds) },
    });
    const runtime = await openRuntime({ config, log: silentLogger });
    try {
      expect(runtime.uploads).toBeDefined();
      expect(runtime.signingKey?.length).toBe(32);
      const { deps } = runtime;
      await ensureProject({ deps, projectId: config.projectId });
      const { asset, duplicate } = await submitUpload({
        deps,
        projectId: config.projectId,
        body: createReadStream(await makePhoneClip()),
        originalName: 'Điện thoại dọc.mp4',
        metadata: { kind: 'footage' },
      });
      expect(duplicate).toBe(false);
      expect((await deps.queue.list({ state: 'ready' })).map((job) => job.body)).toEqual([{ type: 'ingest', projectId: config.projectId, assetId: asset.id }]);

      const summary = await runWorker({
        queue: deps.queue,
        handlers: createJobHandlers({ deps }),
        log: silentLogger,
        concurrency: 1,
        visibilitySeconds: 30,
        maxAttempts: 2,
        stopWhenIdle: true,
        waitSeconds: 1,
      });
      expect(summary).toEqual({ completed: 1, failed: 0 });

      const ready = await deps.store.assets.get({ id: asset.id });
      expect(ready?.status).toBe('ready');
      expect(ready?.probe?.video?.codec).toBe('h264');
      const derivativeKeys = Object.values(ready?.derivatives ?? {}).map((d) => (d as { key: string }).key);
      expect(derivativeKeys.length).toBeGreaterThan(0);
      for (const key of derivativeKeys) expect((await deps.blobs.head({ key }))?.sizeBytes).toBeGreaterThan(0);
      expect((await deps.queue.list({ state: 'done' })).map((job) => job.id)).toHaveLength(1);
    } finally {
      await runtime.close();
    }
  });
});

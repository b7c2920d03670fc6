import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { ensureProject } from '../../../shared/cli/open-runtime.ts';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import type { JobBody } from '../../../shared/domain/index.ts';
import { describeToolchain, findFontFile, renderSegments } from '../../../shared/media/index.ts';
import { freezeCut, planRender, resolveVersion, sourceResolver, type RenderPlan } from '../../../shared/render/index.ts';
import { startDistributedRender } from '../../../shared/render/distributed/index.ts';
import { openLambdaRuntime, type LambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { serveRuntimeApi, type RuntimeApi } from '../../helpers/lambda-runtime-api.ts';
import { buildWorkerImage, runImage, type RunningImage, type WorkerImageInfo } from '../../helpers/worker-image.ts';
import { ingestSources, testCut } from '../render-distributed/fixtures.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';

/**
 * The worker function's container image (infra/worker/Dockerfile, built here by
 * scripts/build-worker-image.sh with buildah on a base made from Debian packages and the npm
 * registry's Node.js) run as Lambda runs it: the image's own entrypoint (aws-lambda-ric with
 * `worker.handler`) against a Lambda Runtime API this test serves on 127.0.0.1, the AWS backend on
 * the emulators. One SQS event carrying one `render-segment` job of a review render planned on
 * this machine: the image renders it with its own ffmpeg and font, and the stored segment is
 * byte-identical to the same segment rendered here (same Debian ffmpeg and fonts-noto-core, so the
 * same toolchain and the same cache key).
 */

const SEGMENT_INDEX = 1; // the first camera shot: a clip read by presigned URL, subtitle, timecode and watermark burned in
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reportage-test-worker';

let info: WorkerImageInfo;
let emulators: Emulators;
let resources: TestResources;
let runtime: LambdaRuntime;
let dataDir: string;
let api: RuntimeApi | undefined;
let container: RunningImage | undefined;
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  // Seconds when scripts/setup.sh (or an earlier run) built this checkout's image; a cold build otherwise.
  info = await buildWorkerImage();
  console.log(
    `worker image ${info.image}: ${(info.sizeBytes / 1024 ** 2).toFixed(0)} MiB uncompressed, ${(info.compressedBytes / 1024 ** 2).toFixed(0)} MiB compressed (built ${info.builtAt} in ${info.buildSeconds} s)`,
  );
  emulators = await startEmulators();
  // The host side's SDK clients take the emulators' credentials from the environment, as on Lambda.
  process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
  resources = await makeResources({ emulators });
  dataDir = await mkdtemp(path.join(tmpdir(), 'reportage-worker-image-'));
  const opened = await openLambdaRuntime({ env: emulatorEnv({ emulators, resources, dataDir }) });
  runtime = { ...opened, deps: { ...opened.deps, log: silentLogger } };
}, 30 * 60_000);

afterAll(async () => {
  await container?.stop();
  await api?.close();
  await runtime?.backend.close();
  await resources?.cleanup();
  await emulators?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
});

describe('the worker image', () => {
  it('is smaller than what Lambda takes (10 GB uncompressed)', () => {
    expect(info.sizeBytes).toBeGreaterThan(100 * 1024 ** 2); // Debian's ffmpeg and fonts are in it
    expect(info.sizeBytes).toBeLessThan(10 * 1000 ** 3);
  });

  it('runs a render-segment job through its own runtime interface client; the segment is byte-identical to one rendered here', async () => {
    // Arrange: sources ingested and a review render fanned out from this machine, with its toolchain.
    const deps = runtime.deps;
    const projectId = runtime.config.projectId;
    await ensureProject({ deps, projectId });
    const assets = await ingestSources({ deps, projectId });
    const { version } = await freezeCut({ deps, cut: testCut({ projectId, assets }) });
    const profile = DEFAULT_PROFILES.review;
    const fontFile = await findFontFile({});
    const toolchain = await describeToolchain({ tools: runtime.config.ffmpeg, fontFile });
    const render = await startDistributedRender({ deps, version, profile, toolchain });
    const plan: RenderPlan = planRender({ spec: await resolveVersion({ deps, version, profile }), profile, versionNumber: version.number, toolchain });
    expect(plan.segments).toHaveLength(4);
    const segment = plan.segments[SEGMENT_INDEX]!;
    const jobs = await deps.queue.list({ limit: 100 });
    const job = jobs.find(
      (j) => (j.body as JobBody).type === 'render-segment' && (j.body as Extract<JobBody, { type: 'render-segment' }>).segmentIndex === SEGMENT_INDEX,
    )!;
    expect((job.body as Extract<JobBody, { type: 'render-segment' }>).segmentKey).toBe(segment.key);
    const event = await sqsEventFor({ jobId: job.id });

    // Act: the image's entrypoint, on the Runtime API served here, given that one SQS event.
    api = await serveRuntimeApi({ functionArn: FUNCTION_ARN });
    container = await runImage({
      image: info.image,
      env: {
        ...emulatorEnv({ emulators, resources, dataDir: '/tmp/reportage' }),
        // What Lambda sets, and what the stack gives the worker (infra/lib/constructs/worker-function.ts).
        AWS_LAMBDA_RUNTIME_API: api.address,
        AWS_LAMBDA_FUNCTION_NAME: 'reportage-test-worker',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '3008',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_REGION: emulators.region,
        REPORTAGE_FFMPEG_MEMORY_MB: '2496',
        REPORTAGE_FFMPEG_TIMEOUT_SECONDS: '870',
        REPORTAGE_WORKERS: '1',
      },
    });
    const outcome = await Promise.race([
      api.invoke(event, { timeoutMs: 240_000 }),
      container.exited.then((code) => Promise.reject(new Error(`the image's runtime exited (${code}) before answering:\n${container!.logs().slice(-4000)}`))),
    ]);
    const logs = container.logs();

    // Assert: the function answered the batch, the job is done, and the segment it stored is the one rendered here.
    expect(outcome, logs.slice(-4000)).toEqual({ kind: 'response', requestId: expect.any(String), body: { batchItemFailures: [] } });
    expect(api.initError).toBeUndefined();
    expect(
      (await deps.queue.list({ limit: 100 })).find((j) => j.id === job.id),
      logs.slice(-4000),
    ).toMatchObject({ state: 'done', lastError: null });
    expect((await deps.store.renders.get({ id: render.id }))?.progress).toMatchObject({ segmentsDone: 1 });
    const stored = await deps.blobs.head({ key: segment.key });
    expect(stored, `segment ${segment.key} not stored by the image:\n${logs.slice(-4000)}`).not.toBeNull();
    const fromImage = await sha256OfBlob(segment.key);

    const scratch = path.join(dataDir, 'local-segment');
    const [local] = await renderSegments({
      segments: [{ spec: segment.spec, outPath: path.join(scratch, 'segment.mp4') }],
      profile,
      resolveSource: sourceResolver({ deps }),
      fontFile,
      versionNumber: version.number,
      programmeStartFrame: 0,
      tools: runtime.config.ffmpeg,
      analysePicture: true,
    });
    const fromHere = createHash('sha256')
      .update(await readFile(local!.path))
      .digest('hex');
    expect(fromImage).toBe(fromHere);
  }, 300_000);
});

/** The job's message as Lambda's SQS event source hands it to the function (received from the queue, with its receipt handle). */
async function sqsEventFor({ jobId }: { jobId: string }) {
  for (let round = 0; round < 20; round += 1) {
    const { Messages = [] } = await resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: resources.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
    );
    const message = Messages.find((m) => m.Body?.includes(jobId));
    if (message) {
      return {
        Records: [
          {
            messageId: message.MessageId!,
            receiptHandle: message.ReceiptHandle!,
            body: message.Body!,
            attributes: {},
            messageAttributes: {},
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:jobs',
            awsRegion: 'us-east-1',
          },
        ],
      };
    }
  }
  throw new Error(`job ${jobId} never arrived on the queue`);
}

async function sha256OfBlob(key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await runtime.deps.blobs.read({ key })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { ensureProject, openRuntime, type Runtime } from '../../../shared/cli/open-runtime.ts';
import { loadConfig } from '../../../shared/config.ts';
import type { JobBody, Render, Version } from '../../../shared/domain/index.ts';
import { describeToolchain, findFontFile, resolveToolchain } from '../../../shared/media/index.ts';
import { freezeCut, planRender, resolveVersion, type RenderDeps } from '../../../shared/render/index.ts';
import { startDistributedRender } from '../../../shared/render/distributed/index.ts';
import { createJobHandlers, openRenderWorkerDeps } from '../../../shared/jobs/index.ts';
import { openLambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import { createWorkerHandler } from '../../../functions/worker.ts';
import type { JobQueue } from '../../../shared/ports/index.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { emulatorEnv, makeResources, type TestResources } from '../aws/aws-resources.ts';
import { invokeFunction } from '../aws/lambda-test-runtime.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { createDeferredRenderLauncher, launchRender } from '../../../shared/render/launch/index.ts';
import { PROFILE, blobSha256, ingestSources, testCut, testProfileFor } from './fixtures.ts';

/**
 * The distributed render end to end on the AWS backend (S3 and SQS on fauxqs, DynamoDB on
 * dynalite, over loopback), with three worker processes (`worker-entry.ts`: the runtime
 * `reportage worker` opens, with the test profiles). Each test starts from empty buckets, table
 * and queues, ingests the sources and freezes the cut; the first test queues the render for the
 * workers to plan, the others fan it out from this process (`reportage serve` on aws).
 *
 * 1. The render is queued as the API function queues it (`createDeferredRenderLauncher`: no
 *    toolchain; a worker plans it from its `render-start` job) and every job message is delivered
 *    twice (the test and the workers send each SQS message again), `render-start` included: one
 *    render, the fan-in sends the assembly once, nothing is dead-lettered.
 * 2. One worker is killed with SIGKILL in the middle of a segment job (rendered, not yet stored):
 *    after the visibility timeout (6 s) another worker takes the job and the render completes
 *    with segments byte-identical to those of the first test's clean run.
 */

const VISIBILITY_SECONDS = 6;
const entry = path.join(import.meta.dirname, 'worker-entry.ts');
let emulators: Emulators;
let toolchain: string;
let fontFile: string;
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
/** Segment key → SHA-256 of its bytes, from the first (clean) run. */
const cleanSegments = new Map<string, string>();

interface Site {
  resources: TestResources;
  dataDir: string;
  env: Record<string, string>;
  runtime: Runtime;
  deps: RenderDeps;
  version: Version;
  workers: ChildProcess[];
}
let site: Site | undefined;

beforeAll(async () => {
  emulators = await startEmulators();
  process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
  fontFile = await findFontFile();
  toolchain = await describeToolchain({ tools: TEST_TOOLS, fontFile });
});
afterEach(async () => {
  if (!site) return;
  await Promise.all(site.workers.map((worker) => stopWorker(worker)));
  await site.runtime.close();
  await site.resources.cleanup();
  await rm(site.dataDir, { recursive: true, force: true });
  site = undefined;
});
afterAll(async () => {
  await emulators?.close();
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
});

async function openSite(): Promise<Site> {
  const resources = await makeResources({ emulators });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reportage-distributed-'));
  const env = {
    ...emulatorEnv({ emulators, resources, dataDir }),
    REPORTAGE_JOB_VISIBILITY_SECONDS: String(VISIBILITY_SECONDS),
    REPORTAGE_JOB_MAX_ATTEMPTS: '4',
    REPORTAGE_FFMPEG_TIMEOUT_SECONDS: String(TEST_TOOLS.timeoutSeconds),
    REPORTAGE_FONT_FILE: fontFile,
  };
  const runtime = await openRuntime({ config: loadConfig({ env }), log: silentLogger });
  const deps: RenderDeps = { ...runtime.deps, fontFile, concurrency: 2 };
  const projectId = runtime.config.projectId;
  await ensureProject({ deps, projectId });
  const assets = await ingestSources({ deps: runtime.deps, projectId });
  const { version } = await freezeCut({ deps, cut: testCut({ projectId, assets }) });
  return { resources, dataDir, env, runtime, deps, version, workers: [] };
}

/** Starts a worker process; its log goes to a file in the data folder (read when a test fails). */
function startWorker({ site, name, extraEnv = {} }: { site: Site; name: string; extraEnv?: Record<string, string> }): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...site.env, REPORTAGE_DATA_DIR: path.join(site.dataDir, name), ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group: a kill takes its ffmpeg with it
  });
  worker.stderr?.pipe(createWriteStream(path.join(site.dataDir, `${name}.log`)));
  site.workers.push(worker);
  return worker;
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  process.kill(-worker.pid!, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!stopped) process.kill(-worker.pid!, 'SIGKILL');
}

async function waitForRender({ site, id, seconds }: { site: Site; id: string; seconds: number }): Promise<Render> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const render = await site.runtime.deps.store.renders.get({ id });
    if (render?.status === 'done' || render?.status === 'failed' || Date.now() > deadline) return render!;
    await sleep(300);
  }
}

async function workerLogs(site: Site): Promise<string> {
  const files = (await readdir(site.dataDir)).filter((f) => f.endsWith('.log'));
  return (await Promise.all(files.map(async (f) => `--- ${f}\n${(await readFile(path.join(site.dataDir, f), 'utf8')).slice(-3000)}`))).join('\n');
}

async function segmentHashes(site: Site): Promise<Map<string, string>> {
  const plan = planRender({
    spec: await resolveVersion({ deps: site.deps, version: site.version, profile: PROFILE }),
    profile: PROFILE,
    versionNumber: site.version.number,
    toolchain,
  });
  const hashes = new Map<string, string>();
  for (const segment of plan.segments) hashes.set(segment.key, await blobSha256({ blobs: site.deps.blobs, key: segment.key }));
  return hashes;
}

/** The job records once none is ready or in flight (or after 15 s, as they are then). */
async function settledJobs(site: Site) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const jobs = await site.runtime.deps.queue.list({ limit: 100 });
    if (jobs.every((j) => j.state === 'done' || j.state === 'dead') || Date.now() > deadline) return jobs;
    await sleep(250);
  }
}

async function deadLetters(site: Site): Promise<number> {
  const { Messages = [] } = await site.resources.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: site.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return Messages.length;
}

describe('distributed render on the AWS backend (emulators, three worker processes)', () => {
  it('started without a toolchain (the deferred launcher, as the API function does), every job message delivered twice, render-start too: one render, the assembly sent once, nothing dead-lettered', async () => {
    site = await openSite();
    const current = site;
    // The fan-out's messages, each sent to SQS a second time (the workers do the same for the fan-in's).
    const queue: JobQueue = {
      ...current.runtime.deps.queue,
      async enqueue(args) {
        const result = await current.runtime.deps.queue.enqueue(args);
        if (result.enqueued)
          await current.resources.clients.sqs.send(
            new SendMessageCommand({ QueueUrl: current.resources.queueUrl, MessageBody: JSON.stringify({ jobId: result.id }) }),
          );
        return result;
      },
    };
    const started = await launchRender({
      deps: current.deps,
      renders: createDeferredRenderLauncher({ deps: { ...current.deps, queue } }),
      version: current.version,
      profile: 'review',
    });
    expect(started.status).toBe('queued');
    for (const name of ['w1', 'w2', 'w3']) startWorker({ site: current, name, extraEnv: { TEST_DUPLICATE: '1' } });

    const finished = await waitForRender({ site: current, id: started.id, seconds: 120 });
    if (finished.status !== 'done') throw new Error(`render ${finished.status}: ${JSON.stringify(finished.error)}\n${await workerLogs(current)}`);
    expect(finished.progress).toEqual({ phase: 'done', segmentsDone: 4, segmentsTotal: 4, segmentsReused: 0 });

    // The assembly records the render done, then completes its job: wait for the queue to settle.
    const jobs = await settledJobs(current);
    const types = jobs.map((j) => (j.body as JobBody).type);
    expect(types.filter((t) => t === 'render-start')).toHaveLength(1);
    expect(await current.runtime.deps.store.renders.list({ projectId: current.version.projectId, versionId: current.version.id })).toHaveLength(1);
    expect(types.filter((t) => t === 'render-assemble')).toHaveLength(1);
    expect(types.filter((t) => t === 'render-segment')).toHaveLength(4);
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    expect(await deadLetters(current)).toBe(0);

    // The delivered files are what the record says, and the programme has the version's frames.
    for (const file of finished.files) expect(await blobSha256({ blobs: current.deps.blobs, key: file.key })).toBe(file.sha256);
    for (const [key, hash] of await segmentHashes(current)) cleanSegments.set(key, hash);
    expect(cleanSegments.size).toBe(4);
  }, 200_000);

  it('a worker killed with SIGKILL in the middle of a segment: the render completes after the visibility timeout, segments byte-identical', async () => {
    expect(cleanSegments.size).toBe(4); // the clean run above
    site = await openSite();
    const current = site;
    const markers = path.join(current.dataDir, 'markers');
    await import('node:fs/promises').then((fs) => fs.mkdir(markers, { recursive: true }));
    const started = await startDistributedRender({
      deps: { ...current.deps, queue: current.runtime.deps.queue },
      version: current.version,
      profile: PROFILE,
      toolchain,
    });

    // The victim works alone until it has rendered a segment and is about to store it.
    const victim = startWorker({ site: current, name: 'victim', extraEnv: { TEST_MARKER_DIR: markers, TEST_HOLD_SEGMENT_MS: '60000' } });
    const deadline = Date.now() + 60_000;
    let segmentKey: string | null = null;
    while (segmentKey === null && Date.now() < deadline) {
      segmentKey = await readFile(path.join(markers, `${victim.pid}.segment`), 'utf8').catch(() => null);
      if (segmentKey === null) await sleep(100);
    }
    if (segmentKey === null) throw new Error(`the victim never reached a segment\n${await workerLogs(current)}`);
    const killedAt = Date.now();
    process.kill(-victim.pid!, 'SIGKILL');
    await new Promise((resolve) => (victim.exitCode !== null || victim.signalCode !== null ? resolve(null) : victim.once('exit', resolve)));
    expect(victim.signalCode).toBe('SIGKILL');
    startWorker({ site: current, name: 'w2' });
    startWorker({ site: current, name: 'w3' });

    const finished = await waitForRender({ site: current, id: started.id, seconds: 120 });
    if (finished.status !== 'done') throw new Error(`render ${finished.status}: ${JSON.stringify(finished.error)}\n${await workerLogs(current)}`);
    // The killed job came back only when its visibility ran out, and was delivered again.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual((VISIBILITY_SECONDS - 1) * 1000);
    const jobs = await settledJobs(current);
    const killed = jobs.find((j) => (j.body as JobBody).type === 'render-segment' && (j.body as { segmentKey: string }).segmentKey === segmentKey);
    expect(killed).toMatchObject({ state: 'done' });
    expect(killed!.attempts).toBeGreaterThanOrEqual(2);
    expect(await deadLetters(current)).toBe(0);

    expect(await segmentHashes(current)).toEqual(cleanSegments);
    for (const file of finished.files) expect(await blobSha256({ blobs: current.deps.blobs, key: file.key })).toBe(file.sha256);
  }, 200_000);

  it('the Lambda worker function runs the same render from SQS events, to the same segment bytes', async () => {
    expect(cleanSegments.size).toBe(4);
    site = await openSite();
    const current = site;
    const started = await startDistributedRender({
      deps: { ...current.deps, queue: current.runtime.deps.queue },
      version: current.version,
      profile: PROFILE,
      toolchain,
    });
    const lambda = await openLambdaRuntime({ env: { ...current.env, REPORTAGE_DATA_DIR: path.join(current.dataDir, 'lambda') } });
    try {
      const quiet = { ...lambda, deps: { ...lambda.deps, log: silentLogger } };
      // What the default handler wires (functions/worker.ts), with the 320×180 test profiles.
      const handler = createWorkerHandler({
        runtime: async () => quiet,
        handlersFor: async (deps, runtime) =>
          createJobHandlers({
            deps,
            render: openRenderWorkerDeps({
              deps,
              counters: runtime.backend.counters,
              toolchain: await resolveToolchain({ tools: deps.tools, fontFile }),
              profileFor: testProfileFor,
            }),
          }),
      });
      const deadline = Date.now() + 120_000;
      let render = await current.runtime.deps.store.renders.get({ id: started.id });
      while (render?.status === 'running' && Date.now() < deadline) {
        // Lambda's poller: a batch of messages with their receipt handles, one invocation.
        const { Messages = [] } = await current.resources.clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: current.resources.queueUrl, MaxNumberOfMessages: 3, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
        );
        if (Messages.length > 0) {
          const event = { Records: Messages.map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' })) };
          // As Lambda invokes it: its limits, and each AWS call checked against the worker's role (below).
          const response = await invokeFunction({ fn: 'worker', handler, event, tmpDir: path.join(current.dataDir, 'lambda') });
          expect(response.batchItemFailures).toEqual([]);
        }
        render = await current.runtime.deps.store.renders.get({ id: started.id });
      }
      expect(render?.error ?? null).toBeNull();
      expect(render?.status).toBe('done');
      expect(await segmentHashes(current)).toEqual(cleanSegments);
    } finally {
      await lambda.backend.close();
    }
  }, 200_000);
});

// The Lambda worker's calls (the test above); the worker processes of the other tests are not attributed.
checkIamOfRecordedCalls({ file: import.meta.filename });

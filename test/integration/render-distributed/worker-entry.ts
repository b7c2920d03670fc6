/**
 * A worker process for the distributed-render tests: what `reportage worker` runs (the runtime
 * from the environment, `REPORTAGE_BACKEND=aws` on the emulators, the job handlers with the render
 * jobs, `runWorker`), with the 320×180 test profiles and three test hooks read from the environment:
 *
 * - `TEST_DUPLICATE=1`: every message this worker sends (the fan-in's assembly) is sent to SQS a
 *   second time, as at-least-once delivery may do.
 * - `TEST_MARKER_DIR` + `TEST_HOLD_SEGMENT_MS`: when a rendered segment is about to be stored, a
 *   marker file `<pid>.segment` is written and the store waits that long, so the test can kill this
 *   process with SIGKILL in the middle of a segment job (rendered, not yet stored).
 *
 * Run: node --import tsx test/integration/render-distributed/worker-entry.ts
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createJsonLogger } from '../../../shared/adapters/log/json-logger.ts';
import { openRuntime } from '../../../shared/cli/open-runtime.ts';
import { loadConfig } from '../../../shared/config.ts';
import { createJobHandlers, openRenderWorkerDeps, runWorker, type JobContext, type JobHandlers } from '../../../shared/jobs/index.ts';
import { resolveToolchain } from '../../../shared/media/index.ts';
import type { JobQueue } from '../../../shared/ports/index.ts';
import { testProfileFor } from './fixtures.ts';

const config = loadConfig();
const log = createJsonLogger({ level: config.logLevel ?? 'warn' });
const runtime = await openRuntime({ config, log });
const { deps } = runtime;
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());

let queue: JobQueue = deps.queue;
if (process.env.TEST_DUPLICATE === '1') {
  const sqs = new SQSClient({ region: config.aws!.region, endpoint: process.env.REPORTAGE_SQS_ENDPOINT! });
  queue = {
    ...deps.queue,
    async enqueue(args) {
      const result = await deps.queue.enqueue(args);
      if (result.enqueued) await sqs.send(new SendMessageCommand({ QueueUrl: config.aws!.queueUrl, MessageBody: JSON.stringify({ jobId: result.id }) }));
      return result;
    },
  };
}

let blobs = deps.blobs;
const markerDir = process.env.TEST_MARKER_DIR;
const holdMs = Number(process.env.TEST_HOLD_SEGMENT_MS ?? 0);
if (markerDir !== undefined && holdMs > 0) {
  blobs = {
    ...deps.blobs,
    async putFile(args) {
      if (args.key.startsWith('cache/segments/')) {
        await writeFile(path.join(markerDir, `${process.pid}.segment`), args.key);
        await sleep(holdMs);
      }
      return deps.blobs.putFile(args);
    },
  };
}

const workerDeps = { ...deps, blobs, queue };

/** The log line of a failed job shows no error details (ffmpeg's last messages): written here for the test's report. */
function withFailureDetails(handlers: JobHandlers): JobHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [type, handler] of Object.entries(handlers)) {
    wrapped[type] = async (context: JobContext) => {
      try {
        await (handler as (c: JobContext) => Promise<void>)(context);
      } catch (error) {
        log.warn('job error details', { type, details: (error as { details?: unknown }).details });
        throw error;
      }
    };
  }
  return wrapped as JobHandlers;
}
const render = openRenderWorkerDeps({
  deps: workerDeps,
  counters: runtime.counters!,
  toolchain: await resolveToolchain({ tools: workerDeps.tools, fontFile: config.fontFile }),
  profileFor: testProfileFor,
});
try {
  await runWorker({
    queue: deps.queue,
    handlers: withFailureDetails(createJobHandlers({ deps: workerDeps, render })),
    log,
    concurrency: 1,
    visibilitySeconds: config.jobs.visibilitySeconds,
    maxAttempts: config.jobs.maxAttempts,
    signal: controller.signal,
    waitSeconds: 1,
  });
} finally {
  await runtime.close();
}

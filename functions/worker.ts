import type { SQSBatchResponse } from 'aws-lambda';
import { createJobHandlers, openRenderWorkerDeps, type JobHandlers } from '../shared/jobs/index.ts';
import { requireMemoryBound, resolveToolchain } from '../shared/media/index.ts';
import type { DistributedRenderDeps } from '../shared/render/distributed/index.ts';
import type { IngestDeps } from '../shared/ingest/index.ts';
import { SqsEventSchema } from './lib/event-schemas.ts';
import { lambdaRuntime, type LambdaRuntime } from './lib/lambda-runtime.ts';
import { runSqsBatch } from './lib/run-sqs-batch.ts';

/**
 * The worker function: an SQS batch → each job through the same job handlers `reportage worker`
 * runs → `batchItemFailures` naming the messages to retry (the event source mapping has
 * `reportBatchItemFailures`). Runs in the container image of infra/worker (ffmpeg, fonts).
 */
export function createWorkerHandler({
  runtime = lambdaRuntime,
  handlersFor = defaultHandlersFor,
}: {
  runtime?: () => Promise<LambdaRuntime>;
  handlersFor?: (deps: IngestDeps, runtime: LambdaRuntime) => JobHandlers | Promise<JobHandlers>;
} = {}) {
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const opened = await runtime();
    const { backend, deps, config } = opened;
    const { Records } = SqsEventSchema.parse(event);
    const records = Records.map((r) => ({ messageId: r.messageId, receiptHandle: r.receiptHandle, body: r.body }));
    const { visibilitySeconds, maxAttempts } = config.jobs;
    return runSqsBatch({ queue: backend.queue, handlers: await handlersFor(deps, opened), log: deps.log, records, visibilitySeconds, maxAttempts });
  };
}

let renderDeps: Promise<DistributedRenderDeps> | undefined;

/** Ingest and the jobs of distributed renders; the render deps (font, toolchain) once per container. */
async function defaultHandlersFor(deps: IngestDeps, runtime: LambdaRuntime): Promise<JobHandlers> {
  // The image installs util-linux (infra/worker/Dockerfile); without prlimit no job is taken, and the error says why.
  requireMemoryBound({ memoryMb: runtime.config.ffmpeg.memoryMb });
  renderDeps ??= resolveToolchain({ tools: deps.tools, fontFile: runtime.config.fontFile })
    .then((toolchain) => openRenderWorkerDeps({ deps, counters: runtime.backend.counters, toolchain }))
    .catch((error: unknown) => {
      renderDeps = undefined;
      throw error;
    });
  return createJobHandlers({ deps, render: await renderDeps });
}

export const handler = createWorkerHandler();

import type { SQSBatchResponse } from 'aws-lambda';
import { createJobHandlers, type JobHandlers } from '../shared/jobs/index.ts';
import type { IngestDeps } from '../shared/ingest/index.ts';
import { SqsEventSchema } from './lib/event-schemas.ts';
import { lambdaRuntime, type LambdaRuntime } from './lib/lambda-runtime.ts';
import { runSqsBatch } from './lib/run-sqs-batch.ts';

/**
 * The worker function: an SQS batch → each job through the same job handlers `reportage worker`
 * runs → `batchItemFailures` naming the messages to retry (the event source mapping has
 * `reportBatchItemFailures`). Runs in the container image of infra/worker (ffmpeg, fonts).
 */
export function createWorkerHandler({ runtime = lambdaRuntime, handlersFor = (deps: IngestDeps) => createJobHandlers({ deps }) }: { runtime?: () => Promise<LambdaRuntime>; handlersFor?: (deps: IngestDeps) => JobHandlers } = {}) {
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const { backend, deps, config } = await runtime();
    const { Records } = SqsEventSchema.parse(event);
    const records = Records.map((r) => ({ messageId: r.messageId, receiptHandle: r.receiptHandle, body: r.body }));
    const { visibilitySeconds, maxAttempts } = config.jobs;
    return runSqsBatch({ queue: backend.queue, handlers: handlersFor(deps), log: deps.log, records, visibilitySeconds, maxAttempts });
  };
}

export const handler = createWorkerHandler();

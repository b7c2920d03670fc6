import type { SQSBatchResponse } from 'aws-lambda';
import type { SqsJobQueue, SqsMessage } from '../../shared/adapters/aws/index.ts';
import { JobBodySchema, ReportageError } from '../../shared/domain/index.ts';
import { handlerFor, type JobHandlers } from '../../shared/jobs/index.ts';
import type { Logger, ReceivedJob } from '../../shared/ports/index.ts';

export interface RunSqsBatchOptions {
  queue: SqsJobQueue;
  handlers: JobHandlers;
  log: Logger;
  records: SqsMessage[];
  /** The heartbeat keeps each running job invisible for this long (the queue's visibility timeout). */
  visibilitySeconds: number;
  maxAttempts: number;
}

/**
 * Runs the jobs of one SQS event, as `runWorker` runs what it receives: each message is claimed
 * (`queue.accept`: a duplicate of a finished job is settled and skipped), parsed with zod, run by
 * its handler with a heartbeat (`ChangeMessageVisibility`), then completed or failed. Failures
 * are classified like the local worker's: a `ReportageError` says whether it is retryable;
 * anything unexpected is retried. Only the retryable failures go to `batchItemFailures`, so Lambda
 * leaves those messages for a retry (after the delay `fail` set) and deletes the rest; fatal ones
 * and exhausted ones are already in the dead-letter queue with their error.
 */
export async function runSqsBatch({ queue, handlers, log, records, visibilitySeconds, maxAttempts }: RunSqsBatchOptions): Promise<SQSBatchResponse> {
  const jobs = await queue.accept({ messages: records });
  const outcomes = await Promise.all(jobs.map((job) => runJob({ job, queue, handlers, log, visibilitySeconds, maxAttempts })));
  const failed = jobs.filter((_, index) => outcomes[index] === 'retry');
  return { batchItemFailures: failed.map((job) => ({ itemIdentifier: job.messageId })) };
}

async function runJob({ job, queue, handlers, log, visibilitySeconds, maxAttempts }: { job: ReceivedJob } & Omit<RunSqsBatchOptions, 'records'>): Promise<'done' | 'retry' | 'dead'> {
  const parsed = JobBodySchema.safeParse(job.body);
  if (!parsed.success) {
    log.error('job body is invalid; sent to dead-letter', { jobId: job.id, issues: parsed.error.issues });
    await queue.fail({ receipt: job.receipt, error: { code: 'INVALID_JOB', message: 'The job message does not match any job type.' }, retryable: false });
    return 'dead';
  }
  const body = parsed.data;
  const controller = new AbortController();
  const heartbeat = setInterval(() => {
    queue.extend({ receipt: job.receipt, visibilitySeconds }).catch((error: unknown) => {
      log.warn('heartbeat failed', { jobId: job.id, error });
      if (error instanceof ReportageError && error.code === 'STALE_RECEIPT') controller.abort();
    });
  }, Math.max(1000, (visibilitySeconds * 1000) / 3));
  try {
    const handler = handlerFor({ handlers, type: body.type });
    await handler({ body, attempt: job.attempts, maxAttempts, signal: controller.signal });
    await queue.complete({ receipt: job.receipt });
    log.info('job done', { jobId: job.id, type: body.type });
    return 'done';
  } catch (error) {
    const retryable = error instanceof ReportageError ? error.retryable : true;
    const record = error instanceof ReportageError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: String((error as Error)?.message ?? error) };
    const { dead } = await queue.fail({ receipt: job.receipt, error: record, retryable });
    log.error('job failed', { jobId: job.id, type: body.type, attempt: job.attempts, retryable, dead, error });
    return dead || !retryable ? 'dead' : 'retry';
  } finally {
    clearInterval(heartbeat);
  }
}

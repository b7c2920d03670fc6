import type { SQSBatchResponse } from 'aws-lambda';
import type { SqsJobQueue, SqsMessage } from '../../shared/adapters/aws/index.ts';
import { runJob, type JobHandlers } from '../../shared/jobs/index.ts';
import type { Logger } from '../../shared/ports/index.ts';

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
 * Runs the jobs of one SQS event with the core `reportage worker` uses (`runJob`): each message is
 * claimed (`queue.accept`: a duplicate of a finished job is settled and skipped), then parsed, run
 * with a heartbeat (`ChangeMessageVisibility`) and completed or failed, its failure classified.
 * Only the retryable failures go to `batchItemFailures`, so Lambda
 * leaves those messages for a retry (after the delay `fail` set) and deletes the rest; fatal ones
 * and exhausted ones are already in the dead-letter queue with their error.
 */
export async function runSqsBatch({ queue, handlers, log, records, visibilitySeconds, maxAttempts }: RunSqsBatchOptions): Promise<SQSBatchResponse> {
  const jobs = await queue.accept({ messages: records });
  const outcomes = await Promise.all(jobs.map((job) => runJob({ job, queue, handlers, log, visibilitySeconds, maxAttempts })));
  const failed = jobs.filter((_, index) => outcomes[index] === 'retry');
  return { batchItemFailures: failed.map((job) => ({ itemIdentifier: job.messageId })) };
}

import type { SQSBatchResponse } from 'aws-lambda';
import { failRenderOfDeadJob } from '../shared/render/distributed/index.ts';
import { SqsEventSchema } from './lib/event-schemas.ts';
import { lambdaRuntime, type LambdaRuntime } from './lib/lambda-runtime.ts';
import { readDeadLetter } from './lib/read-dead-letter.ts';

/**
 * The dead-letter function: each message on the dead-letter queue is a job that failed for good.
 * It writes the message to its log (one ERROR line: job id, body, attempts, last error), then
 * fails the job's render if it was a render's (`failRenderOfDeadJob`: a worker killed on the last
 * attempt leaves it running otherwise). It only reads and reports: the job's record in the table
 * keeps its state `dead`, body, attempts and error (`reportage jobs --state dead`); the message
 * itself is consumed by the event source. A message it cannot report is left on the queue
 * (`batchItemFailures`) and tried again.
 */
export function createDeadLetterHandler({ runtime = lambdaRuntime }: { runtime?: () => Promise<LambdaRuntime> } = {}) {
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const { backend, deps } = await runtime();
    const { Records } = SqsEventSchema.parse(event);
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of Records) {
      try {
        const job = await readDeadLetter({ body: record.body, queue: backend.queue });
        deps.log.error('job dead-lettered', { messageId: record.messageId, ...(job === null ? { message: record.body.slice(0, 8000) } : { job }) });
        if (job !== null) await failRenderOfDeadJob({ deps, job });
      } catch (error) {
        deps.log.error('could not report a dead-lettered job; left on the queue', { messageId: record.messageId, error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

export const handler = createDeadLetterHandler();

import { z } from 'zod';
import type { SqsJobQueue } from '../../shared/adapters/aws/index.ts';
import type { DeadJob } from '../../shared/render/distributed/index.ts';

/**
 * A message on the dead-letter queue: the adapter's copy (`{ jobId, body, attempts, lastError }`,
 * sent when it buries a job) or, from SQS's own redrive (a safety net), the job message itself
 * (`{ jobId }`).
 */
const DeadLetterSchema = z.object({
  jobId: z.string().min(1),
  body: z.unknown().optional(),
  attempts: z.number().int().nonnegative().optional(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
});

/**
 * The dead job a dead-letter message names, with its body and last error: from the message when
 * the adapter copied them in, else from the job's record. Null for a message that is not one of
 * ours (kept in the log by the caller) or whose record is gone.
 */
export async function readDeadLetter({ body, queue }: { body: string; queue: Pick<SqsJobQueue, 'job'> }): Promise<DeadJob | null> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = DeadLetterSchema.safeParse(json);
  if (!parsed.success) return null;
  const { jobId, body: jobBody, attempts, lastError } = parsed.data;
  if (jobBody !== undefined) return { id: jobId, body: jobBody, attempts: attempts ?? null, lastError: lastError ?? null };
  const record = await queue.job({ id: jobId });
  return record === null ? null : { id: jobId, body: record.body, attempts: record.attempts, lastError: record.lastError };
}

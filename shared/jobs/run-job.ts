import { JobBodySchema, JobError, ReportageError, type JobBody, type JobType, type RenderJobType } from '../domain/index.ts';
import type { JobQueue, Logger, ReceivedJob } from '../ports/index.ts';

export interface JobContext<T extends JobType = JobType> {
  body: Extract<JobBody, { type: T }>;
  /** This delivery's number, starting at 1. */
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
}

/**
 * One handler per job type. The render jobs are optional: only a worker given the render's
 * dependencies (`createJobHandlers({ render })`) runs them.
 */
export type JobHandlers = { [T in Exclude<JobType, RenderJobType>]: (context: JobContext<T>) => Promise<void> } & {
  [T in RenderJobType]?: (context: JobContext<T>) => Promise<void>;
};

/** How one delivery of a job ended: done, left for a retry, or dead-lettered (or refused as fatal). */
export type JobOutcome = 'done' | 'retry' | 'dead';

/**
 * Runs one received job, the same way under `reportage worker` (`runWorker`) and the SQS Lambda
 * (`runSqsBatch`): parses its body with zod (an invalid one is dead-lettered), runs its handler
 * with a heartbeat that keeps it invisible while it runs, then completes it or records the
 * failure. A heartbeat told the receipt is stale (another delivery took the job over) aborts the
 * handler; the handler's signal is aborted when the job ends, whatever the outcome. Failures are
 * classified: a `ReportageError` says whether it is retryable; anything unexpected is treated as
 * retryable (the queue dead-letters it after `maxAttempts`), because a crash is more often a
 * transient fault than bad input, which the use cases refuse with a typed error.
 */
export async function runJob({
  job,
  queue,
  handlers,
  log,
  visibilitySeconds,
  maxAttempts,
}: {
  job: ReceivedJob;
  queue: JobQueue;
  handlers: JobHandlers;
  log: Logger;
  visibilitySeconds: number;
  maxAttempts: number;
}): Promise<JobOutcome> {
  const parsed = JobBodySchema.safeParse(job.body);
  if (!parsed.success) {
    log.error('job body is invalid; sent to dead-letter', { jobId: job.id, issues: parsed.error.issues });
    await queue.fail({ receipt: job.receipt, error: { code: 'INVALID_JOB', message: 'The job message does not match any job type.' }, retryable: false });
    return 'dead';
  }
  const body = parsed.data;
  const controller = new AbortController();
  const heartbeat = setInterval(
    () => {
      queue.extend({ receipt: job.receipt, visibilitySeconds }).catch((error: unknown) => {
        log.warn('heartbeat failed', { jobId: job.id, error });
        if (error instanceof ReportageError && error.code === 'STALE_RECEIPT') controller.abort();
      });
    },
    Math.max(1000, (visibilitySeconds * 1000) / 3),
  );
  const started = Date.now();
  try {
    const handler = handlerFor({ handlers, type: body.type });
    await handler({ body, attempt: job.attempts, maxAttempts, signal: controller.signal });
    await queue.complete({ receipt: job.receipt });
    log.info('job done', { jobId: job.id, type: body.type, seconds: (Date.now() - started) / 1000 });
    return 'done';
  } catch (error) {
    const retryable = error instanceof ReportageError ? error.retryable : true;
    const record =
      error instanceof ReportageError
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: String((error as Error)?.message ?? error) };
    const { dead } = await queue.fail({ receipt: job.receipt, error: record, retryable });
    log.error('job failed', { jobId: job.id, type: body.type, attempt: job.attempts, retryable, dead, error });
    return dead || !retryable ? 'dead' : 'retry';
  } finally {
    clearInterval(heartbeat);
    controller.abort();
  }
}

/**
 * The handler of a job type. A render job reaching a worker started without the render's
 * dependencies (no font found) gets a retryable error that says so: another worker may run it,
 * and when none does it is dead-lettered with that error (and its render marked failed).
 */
export function handlerFor({ handlers, type }: { handlers: JobHandlers; type: JobType }): (context: JobContext) => Promise<void> {
  const handler = handlers[type] as ((context: JobContext) => Promise<void>) | undefined;
  if (handler !== undefined) return handler;
  return async () => {
    throw new JobError({
      code: 'JOB_TYPE_NOT_HANDLED',
      retryable: true,
      message: `This worker does not run "${type}" jobs: it was started without the render's dependencies (is a font installed, or REPORTAGE_FONT_FILE set?). Start workers that can render.`,
      messageVi: 'Máy xử lý này không dựng được video (thiếu phông chữ hoặc cấu hình dựng); hãy khởi động máy xử lý có đủ cấu hình dựng.',
      details: { type },
    });
  };
}

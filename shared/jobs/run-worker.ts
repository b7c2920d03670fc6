import { setTimeout as sleep } from 'node:timers/promises';
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

export interface RunWorkerOptions {
  queue: JobQueue;
  handlers: JobHandlers;
  log: Logger;
  /** Jobs run at once. */
  concurrency?: number;
  visibilitySeconds?: number;
  maxAttempts: number;
  /** Stop when the queue has nothing visible and no job is running (CLI `ingest`, `worker --until-idle`). */
  stopWhenIdle?: boolean;
  /** Stops taking new jobs; running ones finish first. */
  signal?: AbortSignal;
  /** Long-poll wait of one receive. */
  waitSeconds?: number;
}

export interface WorkerSummary {
  completed: number;
  failed: number;
}

/**
 * Consumes the job queue: parses each message with zod, runs its handler with a heartbeat that
 * keeps the job invisible while it runs, then completes it or records the failure. Failures are
 * classified: a `ReportageError` says whether it is retryable; anything unexpected is treated as
 * retryable (the queue dead-letters it after `maxAttempts`), because a crash is more often a
 * transient fault than bad input — bad input is refused by the use cases with a typed error.
 */
export async function runWorker({
  queue,
  handlers,
  log,
  concurrency = 2,
  visibilitySeconds = 300,
  maxAttempts,
  stopWhenIdle = false,
  signal,
  waitSeconds = 1,
}: RunWorkerOptions): Promise<WorkerSummary> {
  const summary: WorkerSummary = { completed: 0, failed: 0 };
  const running = new Set<Promise<void>>();
  const stopping = () => signal?.aborted === true;

  while (!stopping()) {
    const free = concurrency - running.size;
    if (free <= 0) {
      await Promise.race(running);
      continue;
    }
    const jobs = await queue.receive({ max: free, visibilitySeconds, waitSeconds: running.size > 0 ? 0 : waitSeconds });
    if (jobs.length === 0) {
      if (running.size > 0) {
        await Promise.race([...running, sleep(200)]);
        continue;
      }
      if (stopWhenIdle) break;
      continue;
    }
    for (const job of jobs) {
      const task = runOne({ job, queue, handlers, log, visibilitySeconds, maxAttempts, summary }).finally(() => running.delete(task));
      running.add(task);
    }
  }
  await Promise.all(running);
  return summary;
}

async function runOne({
  job,
  queue,
  handlers,
  log,
  visibilitySeconds,
  maxAttempts,
  summary,
}: {
  job: ReceivedJob;
  queue: JobQueue;
  handlers: JobHandlers;
  log: Logger;
  visibilitySeconds: number;
  maxAttempts: number;
  summary: WorkerSummary;
}): Promise<void> {
  const parsed = JobBodySchema.safeParse(job.body);
  if (!parsed.success) {
    log.error('job body is invalid; sent to dead-letter', { jobId: job.id, issues: parsed.error.issues });
    await queue.fail({ receipt: job.receipt, error: { code: 'INVALID_JOB', message: 'The job message does not match any job type.' }, retryable: false });
    summary.failed += 1;
    return;
  }
  const body = parsed.data;
  const controller = new AbortController();
  const heartbeat = setInterval(() => {
    queue.extend({ receipt: job.receipt, visibilitySeconds }).catch((error: unknown) => {
      log.warn('heartbeat failed', { jobId: job.id, error });
    });
  }, Math.max(1000, (visibilitySeconds * 1000) / 3));
  const started = Date.now();
  try {
    const handler = handlerFor({ handlers, type: body.type });
    await handler({ body, attempt: job.attempts, maxAttempts, signal: controller.signal });
    await queue.complete({ receipt: job.receipt });
    summary.completed += 1;
    log.info('job done', { jobId: job.id, type: body.type, seconds: (Date.now() - started) / 1000 });
  } catch (error) {
    const retryable = error instanceof ReportageError ? error.retryable : true;
    const record = error instanceof ReportageError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: String((error as Error)?.message ?? error) };
    const { dead } = await queue.fail({ receipt: job.receipt, error: record, retryable });
    summary.failed += 1;
    log.error('job failed', { jobId: job.id, type: body.type, attempt: job.attempts, retryable, dead, error });
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

import { setTimeout as sleep } from 'node:timers/promises';
import type { JobQueue, Logger } from '../ports/index.ts';
import { runJob, type JobHandlers } from './run-job.ts';

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
 * Consumes the job queue, `concurrency` jobs at a time, each run by `runJob` (the same core as the
 * SQS Lambda's): parsed, run with a heartbeat, completed or failed with its failure classified.
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
      const task = runJob({ job, queue, handlers, log, visibilitySeconds, maxAttempts })
        .then((outcome) => {
          if (outcome === 'done') summary.completed += 1;
          else summary.failed += 1;
        })
        .finally(() => running.delete(task));
      running.add(task);
    }
  }
  await Promise.all(running);
  return summary;
}

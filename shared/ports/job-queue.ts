/** A message taken from the queue; it stays invisible to others until its visibility expires. */
export interface ReceivedJob {
  id: string;
  /** Proof of this receive: only its holder can extend, complete or fail the job. */
  receipt: string;
  /** The message body as sent; the consumer parses it with zod. */
  body: unknown;
  /** How many times the job has been received, this time included. */
  attempts: number;
}

export interface JobFailure {
  code: string;
  message: string;
}

export interface JobRecord {
  id: string;
  body: unknown;
  state: 'ready' | 'in-flight' | 'done' | 'dead';
  attempts: number;
  lastError: JobFailure | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A durable at-least-once queue (SQLite locally, SQS on AWS). A received job that is neither
 * completed nor failed before its visibility timeout runs out is delivered again; after
 * `maxAttempts` deliveries it goes to the dead-letter state with its last error kept.
 */
export interface JobQueue {
  /** `dedupeKey`: while a job with this key is waiting or running, enqueueing it again is a no-op. */
  enqueue(args: { body: unknown; dedupeKey?: string; delaySeconds?: number }): Promise<{ id: string; enqueued: boolean }>;
  /** Takes up to `max` visible jobs, waiting up to `waitSeconds` for one (long polling). */
  receive(args: { max: number; visibilitySeconds: number; waitSeconds?: number }): Promise<ReceivedJob[]>;
  /**
   * Heartbeat: keeps a running job invisible for another `visibilitySeconds`. Throws a `JobError`
   * with code `STALE_RECEIPT` when the receipt is no longer the job's current one (the job was
   * delivered to another receiver, or is done or dead): the caller has lost the job.
   */
  extend(args: { receipt: string; visibilitySeconds: number }): Promise<void>;
  /** Marks the job done. A stale receipt is ignored: the job's current receiver settles it. */
  complete(args: { receipt: string }): Promise<void>;
  /**
   * Records a failed attempt. A retryable failure makes the job visible again after
   * `retryDelaySeconds` unless its attempts are used up; a fatal one sends it to dead-letter.
   * A stale receipt is ignored and gives `{ dead: false }`.
   */
  fail(args: { receipt: string; error: JobFailure; retryable: boolean; retryDelaySeconds?: number }): Promise<{ dead: boolean }>;
  /**
   * Jobs by state (for `reportage jobs` and the dashboard), newest first. Each job at most once,
   * and a job that changes state while the list is read is still in it (in one state or the other).
   */
  list(args: { state?: JobRecord['state']; limit?: number }): Promise<JobRecord[]>;
  close(): Promise<void>;
}

/** Recorded on a job whose every delivery ran out of visibility without `complete` or `fail`. */
export const VISIBILITY_EXPIRED: JobFailure = {
  code: 'VISIBILITY_EXPIRED',
  message: 'the worker stopped responding (killed or crashed) on every attempt',
};

/** Delay before a retryable failure is delivered again, when `fail` names none: 2, 4, 8 … seconds, at most a minute. */
export function defaultRetryDelaySeconds({ attempts }: { attempts: number }): number {
  return Math.min(60, 2 ** Math.max(1, attempts));
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobError, StoreError } from '../../domain/errors.ts';
import {
  defaultRetryDelaySeconds,
  systemClock,
  VISIBILITY_EXPIRED,
  type Clock,
  type JobFailure,
  type JobQueue,
  type JobRecord,
  type ReceivedJob,
} from '../../ports/index.ts';
import { DatabaseError, StaleReceiptError } from '../../ports/errors.ts';
import type { SqliteDatabase } from './sqlite.ts';

export interface SqliteJobQueueOptions {
  /** The connection (from `openDatabase`); the queue's table is created by its migrations. */
  db: SqliteDatabase;
  /** Deliveries of one job before it goes to dead-letter. */
  maxAttempts: number;
  /** Decides visibility and retry times; tests pass a fake one. Long polling waits in real time. */
  clock?: Clock;
  /** How often a long-polling `receive` looks for a visible job. */
  pollIntervalMs?: number;
  /**
   * Told of every job that moves to dead-letter, after the move is committed: a fatal or last
   * failure (`fail`), or a job whose worker stopped responding on its last attempt (buried by
   * `receive`, in whichever process receives next). The composition root uses it to fail the
   * job's render (`failRenderOfDeadJob`). Awaited; its errors are ignored (it logs its own).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a synchronous callback returns nothing.
  onDeadLetter?: (args: { job: JobRecord }) => Promise<unknown> | void;
}

interface JobRow {
  seq: number;
  id: string;
  body: string;
  dedupe_key: string | null;
  state: JobRecord['state'];
  attempts: number;
  visible_at: number;
  receipt: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A durable at-least-once job queue in the SQLite database, safe for several processes sharing
 * the file (`reportage serve` and any number of `reportage worker`s).
 *
 * - `receive` claims jobs in one IMMEDIATE transaction (SQLite's write lock): it selects ready
 *   jobs and in-flight jobs whose visibility ran out, gives each a new receipt, `attempts + 1` and
 *   `visible_at = now + visibilitySeconds`. Two receivers, in one process or several, never hold
 *   the same job at once. An in-flight job whose visibility ran out on its last allowed attempt
 *   goes to `dead` with `lastError` {@link VISIBILITY_EXPIRED} instead of being delivered again.
 *   `waitSeconds` long-polls: it looks again every `pollIntervalMs` (100 ms) until a job is
 *   visible or the time is up (an idle poll is a read; the write lock is taken only when a job is
 *   visible).
 * - Receipts: each delivery has its own. Once a job was delivered again (or finished), the older
 *   receipt is stale: `extend` throws `StaleReceiptError` (code `STALE_RECEIPT`), so the
 *   heartbeat tells the old worker it lost the job; `complete` and `fail` ignore it (`fail`
 *   returns `{ dead: false }`) — the job belongs to its current receiver, who completes or fails it,
 *   and a worker finishing late must not crash on it (jobs are idempotent). A receipt stays
 *   current after its visibility ran out until the job is delivered again (as on SQS).
 * - `fail` keeps `lastError`. Retryable: `ready` again after `retryDelaySeconds` (default
 *   {@link defaultRetryDelaySeconds}) unless `attempts >= maxAttempts`, then `dead`. Fatal: `dead`.
 * - `enqueue` with a `dedupeKey` returns the existing job (`enqueued: false`) while one with that
 *   key is ready or in flight; a partial unique index guarantees it across processes.
 * - `list` returns the newest jobs first (default limit 100).
 * - `onDeadLetter` hears of every job moved to `dead`, by `fail` or by `receive`'s burial.
 * - `close()` stops pending long polls and refuses further calls; the connection belongs to
 *   whoever opened it (`createLocalBackend` closes it).
 *
 * @example
 * const queue = createSqliteJobQueue({ db, maxAttempts: 3 });
 * const [job] = await queue.receive({ max: 1, visibilitySeconds: 300, waitSeconds: 1 });
 */
export function createSqliteJobQueue({ db, maxAttempts, clock = systemClock, pollIntervalMs = 100, onDeadLetter }: SqliteJobQueueOptions): JobQueue {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, found ${maxAttempts}`);
  let closed = false;

  const sql = {
    activeByKey: db.prepare<[string], { id: string }>("SELECT id FROM jobs WHERE dedupe_key = ? AND state IN ('ready', 'in-flight')"),
    insert: db.prepare(
      `INSERT INTO jobs (id, body, dedupe_key, state, attempts, visible_at, receipt, last_error, created_at, updated_at)
       VALUES (@id, @body, @dedupeKey, 'ready', 0, @visibleAt, NULL, NULL, @now, @now)`,
    ),
    anyVisible: db.prepare<[number], { one: number }>("SELECT 1 AS one FROM jobs WHERE state IN ('ready', 'in-flight') AND visible_at <= ? LIMIT 1"),
    buryExpired: db.prepare<[{ lastError: string; now: string; nowMs: number; maxAttempts: number }], JobRow>(
      `UPDATE jobs SET state = 'dead', receipt = NULL, last_error = @lastError, updated_at = @now
       WHERE state = 'in-flight' AND visible_at <= @nowMs AND attempts >= @maxAttempts
       RETURNING *`,
    ),
    byId: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),
    visible: db.prepare<[number, number], JobRow>(
      "SELECT * FROM jobs WHERE state IN ('ready', 'in-flight') AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?",
    ),
    claim: db.prepare(
      `UPDATE jobs SET state = 'in-flight', receipt = @receipt, attempts = attempts + 1, visible_at = @visibleAt, updated_at = @now
       WHERE seq = @seq`,
    ),
    extend: db.prepare("UPDATE jobs SET visible_at = @visibleAt, updated_at = @now WHERE id = @id AND receipt = @receipt AND state = 'in-flight'"),
    complete: db.prepare("UPDATE jobs SET state = 'done', receipt = NULL, updated_at = @now WHERE id = @id AND receipt = @receipt AND state = 'in-flight'"),
    held: db.prepare<[string, string], { attempts: number }>("SELECT attempts FROM jobs WHERE id = ? AND receipt = ? AND state = 'in-flight'"),
    settle: db.prepare(
      `UPDATE jobs SET state = @state, receipt = NULL, last_error = @lastError, visible_at = @visibleAt, updated_at = @now
       WHERE id = @id AND receipt = @receipt AND state = 'in-flight'`,
    ),
    listAll: db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY seq DESC LIMIT ?'),
    listByState: db.prepare<[string, number], JobRow>('SELECT * FROM jobs WHERE state = ? ORDER BY seq DESC LIMIT ?'),
  };

  const ensureOpen = () => {
    if (closed) throw new JobError({ code: 'QUEUE_CLOSED', message: 'The job queue is closed.', messageVi: 'Hàng đợi tác vụ đã đóng.' });
  };

  const enqueueTx = db.transaction((args: { body: string; dedupeKey: string | null; delayMs: number }) => {
    if (args.dedupeKey !== null) {
      const existing = sql.activeByKey.get(args.dedupeKey);
      if (existing !== undefined) return { id: existing.id, enqueued: false };
    }
    const now = clock.now();
    const id = randomUUID();
    sql.insert.run({ id, body: args.body, dedupeKey: args.dedupeKey, visibleAt: now.getTime() + args.delayMs, now: now.toISOString() });
    return { id, enqueued: true };
  });

  const claimTx = db.transaction((args: { max: number; visibilityMs: number }): { received: ReceivedJob[]; buried: JobRecord[] } => {
    const now = clock.now();
    const nowMs = now.getTime();
    const stamp = now.toISOString();
    const buried = sql.buryExpired.all({ lastError: JSON.stringify(VISIBILITY_EXPIRED), now: stamp, nowMs, maxAttempts }).map(toRecord);
    const received: ReceivedJob[] = [];
    for (const row of sql.visible.all(nowMs, args.max)) {
      const receipt = `${row.id}.${randomUUID()}`;
      sql.claim.run({ receipt, visibleAt: nowMs + args.visibilityMs, now: stamp, seq: row.seq });
      received.push({ id: row.id, receipt, body: JSON.parse(row.body) as unknown, attempts: row.attempts + 1 });
    }
    return { received, buried };
  });

  const failTx = db.transaction((args: { id: string; receipt: string; error: JobFailure; retryable: boolean; retryDelaySeconds: number | undefined }) => {
    const held = sql.held.get(args.id, args.receipt);
    if (held === undefined) return { dead: false, record: null };
    const dead = !args.retryable || held.attempts >= maxAttempts;
    const now = clock.now();
    const delaySeconds = args.retryDelaySeconds ?? defaultRetryDelaySeconds({ attempts: held.attempts });
    sql.settle.run({
      state: dead ? 'dead' : 'ready',
      lastError: JSON.stringify({ code: String(args.error.code), message: String(args.error.message) }),
      visibleAt: now.getTime() + Math.round(delaySeconds * 1000),
      now: now.toISOString(),
      id: args.id,
      receipt: args.receipt,
    });
    const row = dead ? sql.byId.get(args.id) : undefined;
    return { dead, record: row === undefined ? null : toRecord(row) };
  });

  /** Tells the hook of jobs just moved to dead-letter (after the commit, outside the write lock). */
  const reportDead = async (jobs: JobRecord[]) => {
    if (onDeadLetter === undefined) return;
    for (const job of jobs) {
      try {
        await onDeadLetter({ job });
      } catch {
        // The hook logs its own failures; the queue's state is already right.
      }
    }
  };

  /** One claim attempt; the write lock is taken only when a read saw a visible job. */
  const claim = ({ max, visibilityMs }: { max: number; visibilityMs: number }): { received: ReceivedJob[]; buried: JobRecord[] } => {
    if (sql.anyVisible.get(clock.now().getTime()) === undefined) return { received: [], buried: [] };
    return claimTx.immediate({ max, visibilityMs });
  };

  return {
    async enqueue({ body, dedupeKey, delaySeconds = 0 }) {
      ensureOpen();
      const json = JSON.stringify(body);
      if (json === undefined) {
        throw new JobError({ code: 'INVALID_JOB_BODY', message: 'A job body must be JSON-serialisable.', messageVi: 'Nội dung tác vụ không hợp lệ.' });
      }
      checkSeconds({ name: 'delaySeconds', value: delaySeconds });
      return guard({
        operation: 'enqueue',
        run: () => enqueueTx.immediate({ body: json, dedupeKey: dedupeKey ?? null, delayMs: Math.round(delaySeconds * 1000) }),
      });
    },

    async receive({ max, visibilitySeconds, waitSeconds = 0 }) {
      ensureOpen();
      if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1, found ${max}`);
      checkSeconds({ name: 'visibilitySeconds', value: visibilitySeconds });
      checkSeconds({ name: 'waitSeconds', value: waitSeconds });
      const visibilityMs = Math.round(visibilitySeconds * 1000);
      const deadline = performance.now() + waitSeconds * 1000;
      for (;;) {
        const { received: jobs, buried } = guard({ operation: 'receive', run: () => claim({ max, visibilityMs }) });
        await reportDead(buried);
        const remaining = deadline - performance.now();
        if (jobs.length > 0 || closed || remaining <= 0) return jobs;
        await sleep(Math.min(pollIntervalMs, remaining));
        if (closed) return [];
      }
    },

    async extend({ receipt, visibilitySeconds }) {
      ensureOpen();
      checkSeconds({ name: 'visibilitySeconds', value: visibilitySeconds });
      const id = jobIdOf(receipt);
      const now = clock.now();
      const changes = guard({
        operation: 'extend',
        run: () => sql.extend.run({ visibleAt: now.getTime() + Math.round(visibilitySeconds * 1000), now: now.toISOString(), id, receipt }).changes,
      });
      if (changes === 0) throw new StaleReceiptError({ jobId: id === '' ? null : id });
    },

    async complete({ receipt }) {
      ensureOpen();
      const id = jobIdOf(receipt);
      // A stale receipt changes nothing: the job's current receiver completes it.
      guard({ operation: 'complete', run: () => sql.complete.run({ now: clock.now().toISOString(), id, receipt }) });
    },

    async fail({ receipt, error, retryable, retryDelaySeconds }) {
      ensureOpen();
      if (retryDelaySeconds !== undefined) checkSeconds({ name: 'retryDelaySeconds', value: retryDelaySeconds });
      const id = jobIdOf(receipt);
      const { dead, record } = guard({ operation: 'fail', run: () => failTx.immediate({ id, receipt, error, retryable, retryDelaySeconds }) });
      if (record !== null) await reportDead([record]);
      return { dead };
    },

    async list({ state, limit = 100 }) {
      ensureOpen();
      const rows = guard({ operation: 'list', run: () => (state === undefined ? sql.listAll.all(limit) : sql.listByState.all(state, limit)) });
      return rows.map(toRecord);
    },

    async close() {
      closed = true;
    },
  };
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    body: JSON.parse(row.body) as unknown,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as JobFailure),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Receipts are `<job id>.<random>`; anything else cannot be current. */
function jobIdOf(receipt: string): string {
  const dot = typeof receipt === 'string' ? receipt.indexOf('.') : -1;
  return dot > 0 ? receipt.slice(0, dot) : '';
}

function checkSeconds({ name, value }: { name: string; value: number }): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of seconds >= 0, found ${value}`);
}

function guard<T>({ operation, run }: { operation: string; run: () => T }): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof StoreError || error instanceof JobError || error instanceof RangeError) throw error;
    throw new DatabaseError({ operation: `job queue ${operation}`, cause: error });
  }
}

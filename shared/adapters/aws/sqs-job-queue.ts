import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { JobError } from '../../domain/errors.ts';
import type { JobFailure, JobQueue, JobRecord, ReceivedJob } from '../../ports/index.ts';
import { StaleReceiptError } from '../../ports/errors.ts';
import { VISIBILITY_EXPIRED, defaultRetryDelaySeconds } from '../../ports/index.ts';
import { errorNameOf } from './aws-clients.ts';
import { AwsQueueError } from './errors.ts';
import type { Item, Table } from './dynamo-table.ts';

export interface SqsJobQueueOptions {
  sqs: SQSClient;
  /** Job records (state, attempts, last error, dedupe keys) live in the single table. */
  table: Table;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Deliveries of one job before it goes to dead-letter. */
  maxAttempts: number;
  /** Finished (done/dead) job records expire from the table after this many days. Default 14. */
  retentionDays?: number;
}

/** An SQS message as the queue or a Lambda event hands it over. */
export interface SqsMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
}

/** The SQS queue, plus the door the Lambda worker uses: messages Lambda already received. */
export interface SqsJobQueue extends JobQueue {
  /**
   * Claims messages delivered by an SQS event source (Lambda) as `receive` would: a message whose
   * job is finished, unknown or out of attempts is settled here (deleted, or dead-lettered) and
   * left out of the result.
   */
  accept(args: { messages: SqsMessage[] }): Promise<AcceptedJob[]>;
  /**
   * One job's record by id, or null (expired or never written). The dead-letter function reads it
   * for a message SQS's own redrive moved, which carries only `{ jobId }`.
   */
  job(args: { id: string }): Promise<JobRecord | null>;
}

/** A job claimed from a Lambda event, with the id of the message that carried it (for `batchItemFailures`). */
export type AcceptedJob = ReceivedJob & { messageId: string };

const EnvelopeSchema = z.object({ jobId: z.string().min(1) });
const ReceiptSchema = z.object({ j: z.string(), t: z.string(), h: z.string() });
/**
 * The `gsi1` partition of every job record, whatever its state. A key that changed with the state
 * would move the record between index partitions on each transition, and a listing reads the
 * partitions one query at a time (on AWS the index also follows the table asynchronously): a job
 * changing state could be in neither partition, or in both. Updated in place, it is found once.
 * Every write of a job record sets it, so a record kept under another key moves here when it changes.
 */
const JOBS_INDEX_KEY = 'JOBS#all';
/** SQS's own bounds. */
const MAX_WAIT_SECONDS = 20;
const MAX_BATCH = 10;
/** A dedupe claim younger than this whose job record is not written yet belongs to an enqueue in progress. */
const DEDUPE_GRACE_MS = 30_000;

const jobKey = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });
const dedupeKeyOf = (dedupeKey: string) => ({ pk: `JOBKEY#${dedupeKey}`, sk: 'JOBKEY' });

/**
 * The job queue on SQS, with the contract of the SQLite one (test/contracts/job-queue-contract.ts).
 * SQS delivers; a job record in the DynamoDB table (`JOB#<id>`) is the truth about each job:
 *
 * - A message carries only `{ jobId }`. `receive` long-polls SQS (up to 20 s per call), then
 *   claims each job with one conditional update (`attempts + 1`, a fresh claim token,
 *   `in-flight`) that succeeds only while the job is ready or in flight with attempts left. The
 *   receipt names the job, the token and the SQS receipt handle; a later delivery replaces the
 *   token, which makes the older receipt stale (`extend` throws `STALE_RECEIPT`; `complete` and
 *   `fail` ignore it).
 * - Heartbeat: `extend` = `ChangeMessageVisibility` on the current handle.
 * - `fail`: a retryable failure keeps `lastError`, sets the message's visibility to the retry
 *   delay; after `maxAttempts` deliveries (or a fatal failure) the job is dead-lettered by the
 *   adapter itself: the record turns `dead` with `lastError`, the message is copied to the
 *   dead-letter queue (body `{ jobId, body, attempts, lastError }`, attributes `errorCode` and
 *   `errorMessage`) and deleted. A job whose worker died on its last attempt is buried the same
 *   way, with {@link VISIBILITY_EXPIRED}, when SQS delivers it once more. The queue's own redrive
 *   policy (`maxReceiveCount` = `maxAttempts + 1`, set by the stateful stack) is only a safety net
 *   for messages that crash the consumer before it can claim them.
 * - `dedupeKey`: a `JOBKEY#<key>` item points at the job holding the key; enqueueing again while
 *   that job is ready or in flight returns it. Finishing a job releases its key.
 * - `list` reads the job records (all in one `gsi1` partition, {@link JOBS_INDEX_KEY}, newest
 *   first; a state is a filter), so it shows every state, including `done` and `dead`, with
 *   attempts and the last error, and a job changing state meanwhile is listed once. On AWS a job
 *   enqueued a moment ago may be missing for a fraction of a second (the index is eventually
 *   consistent). Finished records expire after `retentionDays`; SQS itself is never scanned.
 *
 * @example
 * const queue = createSqsJobQueue({ sqs, table, queueUrl, deadLetterQueueUrl, maxAttempts: 3 });
 */
export function createSqsJobQueue({ sqs, table, queueUrl, deadLetterQueueUrl, maxAttempts, retentionDays = 14 }: SqsJobQueueOptions): SqsJobQueue {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, found ${maxAttempts}`);
  let closed = false;
  const polls = new Set<AbortController>();

  const ensureOpen = () => {
    if (closed) throw new JobError({ code: 'QUEUE_CLOSED', message: 'The job queue is closed.', messageVi: 'Hàng đợi tác vụ đã đóng.' });
  };
  const send = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new AwsQueueError({ operation, cause: error });
    }
  };
  const expiry = () => Math.floor(Date.now() / 1000) + retentionDays * 86_400;
  const deleteMessage = (handle: string) =>
    sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: handle })).then(
      () => undefined,
      () => undefined, // an expired handle: the message comes back and is settled then
    );
  const releaseKey = async (job: Item) => {
    if (typeof job.dedupeKey !== 'string') return;
    await table.delete({ ...dedupeKeyOf(job.dedupeKey), condition: 'jobId = :id', values: { ':id': job.id } });
  };

  /** Turns a job dead and moves its message to the dead-letter queue, keeping the error. */
  const bury = async ({ job, handle, error, token }: { job: Item; handle: string; error: JobFailure; token: string | null }): Promise<boolean> => {
    const now = new Date().toISOString();
    const updated = await table.update({
      ...jobKey(String(job.id)),
      set: 'SET #state = :dead, gsi1pk = :gpk, lastError = :error, updatedAt = :now, expiresAt = :ttl REMOVE #token',
      condition: token === null ? '#state IN (:ready, :inflight) AND attempts = :attempts' : '#token = :token AND #state = :inflight',
      names: { '#state': 'state', '#token': 'token' },
      values: {
        ':dead': 'dead',
        ':gpk': JOBS_INDEX_KEY,
        ':error': error,
        ':now': now,
        ':ttl': expiry(),
        ':inflight': 'in-flight',
        ...(token === null ? { ':ready': 'ready', ':attempts': job.attempts } : { ':token': token }),
      },
    });
    if (updated === false) return false;
    await send('send to the dead-letter queue', () =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: deadLetterQueueUrl,
          MessageBody: JSON.stringify({ jobId: job.id, body: JSON.parse(String(job.body)), attempts: job.attempts, lastError: error }),
          MessageAttributes: {
            errorCode: { DataType: 'String', StringValue: error.code || 'UNKNOWN' },
            errorMessage: { DataType: 'String', StringValue: (error.message || '-').slice(0, 1000) },
          },
        }),
      ),
    );
    await deleteMessage(handle);
    await releaseKey(job);
    return true;
  };

  const claim = async ({ message }: { message: SqsMessage }): Promise<ReceivedJob | null> => {
    const envelope = parseJson(message.body);
    const parsed = EnvelopeSchema.safeParse(envelope);
    if (!parsed.success) {
      // Not one of ours: keep it for a person to look at, out of the workers' way.
      await send('send to the dead-letter queue', () =>
        sqs.send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl, MessageBody: message.body || '(empty)' })),
      );
      await deleteMessage(message.receiptHandle);
      return null;
    }
    const { jobId } = parsed.data;
    const token = randomUUID();
    const now = new Date().toISOString();
    const updated = await table.update({
      ...jobKey(jobId),
      set: 'SET #state = :inflight, gsi1pk = :gpk, #token = :token, updatedAt = :now ADD attempts :one',
      condition: 'attribute_exists(pk) AND #state IN (:ready, :inflight) AND attempts < :max',
      names: { '#state': 'state', '#token': 'token' },
      values: { ':inflight': 'in-flight', ':ready': 'ready', ':gpk': JOBS_INDEX_KEY, ':token': token, ':now': now, ':one': 1, ':max': maxAttempts },
      returnNew: true,
    });
    if (updated !== false && updated !== null) {
      const receipt = Buffer.from(JSON.stringify({ j: jobId, t: token, h: message.receiptHandle })).toString('base64url');
      return { id: jobId, receipt, body: JSON.parse(String(updated.body)) as unknown, attempts: Number(updated.attempts) };
    }
    const job = await table.get(jobKey(jobId));
    if (job !== null && (job.state === 'ready' || job.state === 'in-flight')) {
      // Its worker stopped responding on the last allowed attempt: bury it instead of running it again.
      await bury({ job, handle: message.receiptHandle, error: VISIBILITY_EXPIRED, token: null });
      return null;
    }
    // Finished already (a duplicate or late message), or no record (an enqueue that failed halfway).
    await deleteMessage(message.receiptHandle);
    return null;
  };

  const toRecord = (item: Item): JobRecord => ({
    id: String(item.id),
    body: JSON.parse(String(item.body)) as unknown,
    state: item.state as JobRecord['state'],
    attempts: Number(item.attempts ?? 0),
    lastError: (item.lastError as JobFailure | null | undefined) ?? null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  });

  return {
    async enqueue({ body, dedupeKey, delaySeconds = 0 }) {
      ensureOpen();
      const json = JSON.stringify(body);
      if (json === undefined) {
        throw new JobError({ code: 'INVALID_JOB_BODY', message: 'A job body must be JSON-serialisable.', messageVi: 'Nội dung tác vụ không hợp lệ.' });
      }
      checkSeconds({ name: 'delaySeconds', value: delaySeconds });
      const now = new Date();
      const id = `${now.getTime().toString(36).padStart(9, '0')}-${randomUUID()}`;
      if (dedupeKey !== undefined) {
        const existing = await claimDedupeKey({ table, dedupeKey, id });
        if (existing !== null) return { id: existing, enqueued: false };
      }
      const stamp = now.toISOString();
      await table.put({
        item: {
          ...jobKey(id),
          id,
          gsi1pk: JOBS_INDEX_KEY,
          gsi1sk: `${stamp}#${id}`,
          state: 'ready',
          attempts: 0,
          body: json,
          lastError: null,
          createdAt: stamp,
          updatedAt: stamp,
          ...(dedupeKey === undefined ? {} : { dedupeKey }),
        },
      });
      try {
        await sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ jobId: id }), DelaySeconds: Math.min(900, Math.ceil(delaySeconds)) }),
        );
      } catch (error) {
        // No message, no job: undo the record so the key and the list do not show a job that cannot run.
        await table.delete(jobKey(id)).catch(() => {});
        if (dedupeKey !== undefined) await table.delete({ ...dedupeKeyOf(dedupeKey), condition: 'jobId = :id', values: { ':id': id } }).catch(() => {});
        throw new AwsQueueError({ operation: 'send', cause: error });
      }
      return { id, enqueued: true };
    },

    async receive({ max, visibilitySeconds, waitSeconds = 0 }) {
      ensureOpen();
      if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1, found ${max}`);
      checkSeconds({ name: 'visibilitySeconds', value: visibilitySeconds });
      checkSeconds({ name: 'waitSeconds', value: waitSeconds });
      const deadline = performance.now() + waitSeconds * 1000;
      for (;;) {
        const remaining = Math.max(0, deadline - performance.now());
        const controller = new AbortController();
        polls.add(controller);
        let messages: SqsMessage[];
        try {
          const answer = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: Math.min(MAX_BATCH, max),
              VisibilityTimeout: Math.ceil(visibilitySeconds),
              WaitTimeSeconds: Math.min(MAX_WAIT_SECONDS, Math.floor(remaining / 1000)),
            }),
            { abortSignal: controller.signal },
          );
          messages = (answer.Messages ?? []).map((m) => ({ messageId: m.MessageId ?? '', receiptHandle: m.ReceiptHandle ?? '', body: m.Body ?? '' }));
        } catch (error) {
          if (closed) return [];
          throw new AwsQueueError({ operation: 'receive', cause: error });
        } finally {
          polls.delete(controller);
        }
        const jobs = (await Promise.all(messages.map((message) => claim({ message })))).filter((job): job is ReceivedJob => job !== null);
        if (jobs.length > 0 || closed || deadline - performance.now() < 1000) return jobs;
      }
    },

    async accept({ messages }) {
      ensureOpen();
      const jobs = await Promise.all(
        messages.map(async (message) => {
          const job = await claim({ message });
          return job === null ? null : { ...job, messageId: message.messageId };
        }),
      );
      return jobs.filter((job): job is AcceptedJob => job !== null);
    },

    async job({ id }) {
      ensureOpen();
      const item = await table.get(jobKey(id));
      return item === null ? null : toRecord(item);
    },

    async extend({ receipt, visibilitySeconds }) {
      ensureOpen();
      checkSeconds({ name: 'visibilitySeconds', value: visibilitySeconds });
      const held = parseReceipt(receipt);
      if (held === null) throw new StaleReceiptError({ jobId: null });
      const current = await table.update({
        ...jobKey(held.j),
        set: 'SET updatedAt = :now',
        condition: '#token = :token AND #state = :inflight',
        names: { '#token': 'token', '#state': 'state' },
        values: { ':now': new Date().toISOString(), ':token': held.t, ':inflight': 'in-flight' },
      });
      if (current === false) throw new StaleReceiptError({ jobId: held.j });
      try {
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: held.h, VisibilityTimeout: Math.ceil(visibilitySeconds) }));
      } catch (error) {
        const name = errorNameOf(error) ?? '';
        if (/ReceiptHandleIsInvalid|MessageNotInflight|InvalidParameterValue/.test(name)) throw new StaleReceiptError({ jobId: held.j });
        throw new AwsQueueError({ operation: 'extend', cause: error });
      }
    },

    async complete({ receipt }) {
      ensureOpen();
      const held = parseReceipt(receipt);
      if (held === null) return;
      const done = await table.update({
        ...jobKey(held.j),
        set: 'SET #state = :done, gsi1pk = :gpk, updatedAt = :now, expiresAt = :ttl REMOVE #token',
        condition: '#token = :token AND #state = :inflight',
        names: { '#token': 'token', '#state': 'state' },
        values: { ':done': 'done', ':gpk': JOBS_INDEX_KEY, ':now': new Date().toISOString(), ':ttl': expiry(), ':token': held.t, ':inflight': 'in-flight' },
        returnNew: true,
      });
      // A stale receipt changes nothing: the job's current receiver completes it.
      if (done === false || done === null) return;
      await deleteMessage(held.h);
      await releaseKey(done);
    },

    async fail({ receipt, error, retryable, retryDelaySeconds }) {
      ensureOpen();
      if (retryDelaySeconds !== undefined) checkSeconds({ name: 'retryDelaySeconds', value: retryDelaySeconds });
      const held = parseReceipt(receipt);
      if (held === null) return { dead: false };
      const job = await table.get(jobKey(held.j));
      if (job === null || job.token !== held.t || job.state !== 'in-flight') return { dead: false };
      const failure: JobFailure = { code: String(error.code), message: String(error.message) };
      const attempts = Number(job.attempts);
      if (!retryable || attempts >= maxAttempts) {
        const buried = await bury({ job, handle: held.h, error: failure, token: held.t });
        return { dead: buried };
      }
      const ready = await table.update({
        ...jobKey(held.j),
        set: 'SET #state = :ready, gsi1pk = :gpk, lastError = :error, updatedAt = :now REMOVE #token',
        condition: '#token = :token AND #state = :inflight',
        names: { '#token': 'token', '#state': 'state' },
        values: { ':ready': 'ready', ':gpk': JOBS_INDEX_KEY, ':error': failure, ':now': new Date().toISOString(), ':token': held.t, ':inflight': 'in-flight' },
      });
      if (ready === false) return { dead: false };
      const delay = retryDelaySeconds ?? defaultRetryDelaySeconds({ attempts });
      await sqs
        .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: held.h, VisibilityTimeout: Math.min(43_200, Math.ceil(delay)) }))
        .catch(() => {
          // The handle expired: the message is visible again already, which is what a retry needs.
        });
      return { dead: false };
    },

    async list({ state, limit = 100 }) {
      ensureOpen();
      const byState = state === undefined ? {} : { filter: '#state = :state', names: { '#state': 'state' }, values: { ':state': state } };
      const items = await table.queryIndex({ pk: JOBS_INDEX_KEY, descending: true, limit, ...byState });
      return items.map(toRecord);
    },

    async close() {
      closed = true;
      for (const poll of polls) poll.abort();
    },
  };
}

/**
 * Points `dedupeKey` at the new job `id`, unless a job holding it is still ready or in flight:
 * then that job's id is returned. A key left behind by a finished job (or a crashed enqueue) is
 * taken over with a conditional write, so two enqueues racing for one key create one job.
 */
async function claimDedupeKey({ table, dedupeKey, id }: { table: Table; dedupeKey: string; id: string }): Promise<string | null> {
  const key = dedupeKeyOf(dedupeKey);
  for (let round = 0; round < 20; round += 1) {
    if (await table.put({ item: { ...key, jobId: id, claimedAt: Date.now() }, condition: 'attribute_not_exists(pk)' })) return null;
    const holder = await table.get(key);
    if (holder === null) continue;
    const job = await table.get(jobKey(String(holder.jobId)));
    if (job !== null && (job.state === 'ready' || job.state === 'in-flight')) return String(holder.jobId);
    if (job === null && Date.now() - Number(holder.claimedAt ?? 0) < DEDUPE_GRACE_MS) return String(holder.jobId);
    const taken = await table.update({
      ...key,
      set: 'SET jobId = :id, claimedAt = :now',
      condition: 'jobId = :old',
      values: { ':id': id, ':now': Date.now(), ':old': holder.jobId },
    });
    if (taken !== false) return null;
  }
  throw new JobError({
    code: 'DEDUPE_CONTENDED',
    retryable: true,
    message: `Could not enqueue the job for key "${dedupeKey}": other enqueues for the same key kept winning. Try again.`,
    messageVi: 'Không thể xếp tác vụ vào hàng đợi. Vui lòng thử lại.',
    details: { dedupeKey },
  });
}

function parseReceipt(receipt: string): { j: string; t: string; h: string } | null {
  if (typeof receipt !== 'string' || receipt === '') return null;
  const parsed = ReceiptSchema.safeParse(parseJson(Buffer.from(receipt, 'base64url').toString('utf8')));
  return parsed.success ? parsed.data : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function checkSeconds({ name, value }: { name: string; value: number }): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of seconds >= 0, found ${value}`);
}

import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JobError } from '../../shared/domain/index.ts';
import type { JobQueue, ReceivedJob } from '../../shared/ports/index.ts';
import { expectRejection } from './expect-rejection.ts';

export interface JobQueueHarness {
  queue: JobQueue;
  /** Removes everything `make` created. */
  cleanup: () => Promise<void>;
}

export interface JobQueueContractOptions {
  /** Shown in the test names, e.g. `SQLite (local)` or `SQS (emulated)`. */
  name: string;
  /** A fresh, empty queue for each test that dead-letters after `maxAttempts` deliveries. */
  make: (args: { maxAttempts: number }) => Promise<JobQueueHarness>;
}

/** Visibility timeouts are real time (SQS has no fake clock), kept short: one second. */
const SHORT_VISIBILITY = 1;
/** Long enough that a job received in a test is never redelivered by accident. */
const LONG_VISIBILITY = 60;
/** A little more than SHORT_VISIBILITY, for timers' and backends' slack. */
const PAST_VISIBILITY_MS = 1400;

const jobIds = (jobs: { id: string }[]) => jobs.map((job) => job.id).sort();

/**
 * The `JobQueue` port's contract: what every backend (SQLite, SQS) must do, run unchanged against
 * each of them. Visibility is exercised with real one-second timeouts.
 *
 * @example describeJobQueueContract({ name: 'SQLite', make: async ({ maxAttempts }) => ({ queue, cleanup }) });
 */
export function describeJobQueueContract({ name, make }: JobQueueContractOptions): void {
  describe(`JobQueue contract: ${name}`, () => {
    const harnesses: JobQueueHarness[] = [];
    const open = async ({ maxAttempts = 3 }: { maxAttempts?: number } = {}): Promise<JobQueue> => {
      const harness = await make({ maxAttempts });
      harnesses.push(harness);
      return harness.queue;
    };
    afterEach(async () => {
      for (const harness of harnesses.splice(0)) await harness.cleanup();
    });

    /** Receives until `count` jobs came back or nothing more does. */
    const receiveAll = async ({ queue, count }: { queue: JobQueue; count: number }): Promise<ReceivedJob[]> => {
      const received: ReceivedJob[] = [];
      while (received.length < count) {
        const batch = await queue.receive({ max: Math.min(10, count - received.length), visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
        if (batch.length === 0) break;
        received.push(...batch);
      }
      return received;
    };

    it('delivers an enqueued job with its body, and not again once completed', async () => {
      const queue = await open();
      const body = { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'a-1', note: 'Tư liệu phỏng vấn' };
      const { id, enqueued } = await queue.enqueue({ body });
      expect(enqueued).toBe(true);

      const [job, ...others] = await queue.receive({ max: 10, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
      expect(others).toEqual([]);
      expect(job).toMatchObject({ id, body, attempts: 1 });
      expect(typeof job?.receipt).toBe('string');
      expect(await queue.receive({ max: 10, visibilitySeconds: LONG_VISIBILITY })).toEqual([]);

      await queue.complete({ receipt: job!.receipt });
      expect(await queue.receive({ max: 10, visibilitySeconds: LONG_VISIBILITY })).toEqual([]);
      const done = await queue.list({ state: 'done' });
      expect(done.map((record) => record.id)).toEqual([id]);
      expect(done[0]).toMatchObject({ body, state: 'done', attempts: 1, lastError: null });
    });

    it('hands out at most `max` jobs per receive', async () => {
      const queue = await open();
      for (let n = 0; n < 3; n += 1) await queue.enqueue({ body: { n } });
      const first = await queue.receive({ max: 2, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
      expect(first.length).toBeGreaterThanOrEqual(1);
      expect(first.length).toBeLessThanOrEqual(2);
      const rest = await receiveAll({ queue, count: 3 - first.length });
      expect(new Set([...first, ...rest].map((job) => (job.body as { n: number }).n))).toEqual(new Set([0, 1, 2]));
    });

    it('returns at once with nothing when no job is visible and waitSeconds is 0', async () => {
      const queue = await open();
      const started = performance.now();
      expect(await queue.receive({ max: 5, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 0 })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('long-polls: a receive waiting for a delayed job gets it when it becomes visible', async () => {
      const queue = await open();
      const { id } = await queue.enqueue({ body: { delayed: true }, delaySeconds: 1 });
      expect(await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 0 })).toEqual([]);
      const started = performance.now();
      const jobs = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 5 });
      expect(jobIds(jobs)).toEqual([id]);
      expect(performance.now() - started).toBeLessThan(4500);
    });

    it('delivers a job again, with a new receipt, when its visibility runs out', async () => {
      const queue = await open();
      const { id } = await queue.enqueue({ body: { crash: 'worker killed' } });
      const [first] = await queue.receive({ max: 1, visibilitySeconds: SHORT_VISIBILITY, waitSeconds: 1 });
      expect(first?.id).toBe(id);
      expect(await queue.receive({ max: 1, visibilitySeconds: SHORT_VISIBILITY })).toEqual([]);

      await sleep(PAST_VISIBILITY_MS);
      const [second] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 2 });
      expect(second).toMatchObject({ id, attempts: 2, body: { crash: 'worker killed' } });
      expect(second?.receipt).not.toBe(first?.receipt);
      await queue.complete({ receipt: second!.receipt });
      expect((await queue.list({ state: 'done' })).map((record) => record.id)).toEqual([id]);
    });

    it('a heartbeat (extend) keeps a running job invisible past its first timeout', async () => {
      const queue = await open();
      const { id } = await queue.enqueue({ body: { long: true } });
      const [job] = await queue.receive({ max: 1, visibilitySeconds: SHORT_VISIBILITY, waitSeconds: 1 });
      expect(job?.id).toBe(id);
      await sleep(500);
      await queue.extend({ receipt: job!.receipt, visibilitySeconds: 3 });
      await sleep(PAST_VISIBILITY_MS - 500 + 200);
      expect(await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY })).toEqual([]);
      await queue.complete({ receipt: job!.receipt });
      expect((await queue.list({ state: 'done' })).map((record) => record.id)).toEqual([id]);
    });

    it('ignores a stale receipt in complete and fail, and refuses it in extend with STALE_RECEIPT', async () => {
      const queue = await open();
      const { id } = await queue.enqueue({ body: { stale: true } });
      const [first] = await queue.receive({ max: 1, visibilitySeconds: SHORT_VISIBILITY, waitSeconds: 1 });
      await sleep(PAST_VISIBILITY_MS);
      const [second] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 2 });
      expect(second?.id).toBe(id);

      // The first receiver finishes late: nothing it does touches the job its successor holds.
      await queue.complete({ receipt: first!.receipt });
      expect(await queue.fail({ receipt: first!.receipt, error: { code: 'LATE', message: 'late failure' }, retryable: false })).toEqual({ dead: false });
      await expectRejection({ call: () => queue.extend({ receipt: first!.receipt, visibilitySeconds: 30 }), code: 'STALE_RECEIPT', type: JobError });
      const inFlight = await queue.list({ state: 'in-flight' });
      expect(inFlight.map((record) => record.id)).toEqual([id]);
      expect(inFlight[0]?.lastError).toBeNull();

      await queue.complete({ receipt: second!.receipt });
      expect((await queue.list({ state: 'done' })).map((record) => record.id)).toEqual([id]);
      // After completion every receipt is stale.
      await expectRejection({ call: () => queue.extend({ receipt: second!.receipt, visibilitySeconds: 30 }), code: 'STALE_RECEIPT', type: JobError });
      await queue.complete({ receipt: second!.receipt });
    });

    it('retries a retryable failure after retryDelaySeconds, keeping its error', async () => {
      const queue = await open({ maxAttempts: 3 });
      const { id } = await queue.enqueue({ body: { flaky: true } });
      const [first] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
      const failure = { code: 'THROTTLED', message: 'the store was busy' };
      expect(await queue.fail({ receipt: first!.receipt, error: failure, retryable: true, retryDelaySeconds: 1 })).toEqual({ dead: false });
      const ready = await queue.list({ state: 'ready' });
      expect(ready).toHaveLength(1);
      expect(ready[0]).toMatchObject({ id, attempts: 1, lastError: failure });
      expect(await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 0 })).toEqual([]);

      const [second] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 4 });
      expect(second).toMatchObject({ id, attempts: 2 });
      await queue.complete({ receipt: second!.receipt });
    });

    it('sends a fatal failure to dead-letter at once, with its error', async () => {
      const queue = await open({ maxAttempts: 3 });
      const { id } = await queue.enqueue({ body: { bad: 'media' } });
      const [job] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
      const failure = { code: 'UNSUPPORTED_MEDIA', message: 'Not a video file.' };
      expect(await queue.fail({ receipt: job!.receipt, error: failure, retryable: false })).toEqual({ dead: true });
      const dead = await queue.list({ state: 'dead' });
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ id, state: 'dead', attempts: 1, lastError: failure, body: { bad: 'media' } });
      expect(await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 })).toEqual([]);
    });

    it('dead-letters a job after maxAttempts retryable failures, keeping the last error', async () => {
      const queue = await open({ maxAttempts: 3 });
      const { id } = await queue.enqueue({ body: { doomed: true } });
      const outcomes: boolean[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const [job] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 2 });
        expect(job).toMatchObject({ id, attempts: attempt });
        const { dead } = await queue.fail({
          receipt: job!.receipt,
          error: { code: `E${attempt}`, message: `attempt ${attempt} failed` },
          retryable: true,
          retryDelaySeconds: 0,
        });
        outcomes.push(dead);
      }
      expect(outcomes).toEqual([false, false, true]);
      const dead = await queue.list({ state: 'dead' });
      expect(dead.map((record) => record.id)).toEqual([id]);
      expect(dead[0]).toMatchObject({ attempts: 3, lastError: { code: 'E3', message: 'attempt 3 failed' } });
      expect(await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 })).toEqual([]);
    });

    it('dedupes by key while a job is waiting or running, and not after it finished', async () => {
      const queue = await open({ maxAttempts: 1 });
      const first = await queue.enqueue({ body: { type: 'ingest', assetId: 'x' }, dedupeKey: 'ingest:x' });
      expect(first.enqueued).toBe(true);
      expect(await queue.enqueue({ body: { type: 'ingest', assetId: 'x' }, dedupeKey: 'ingest:x' })).toEqual({ id: first.id, enqueued: false });
      const other = await queue.enqueue({ body: { type: 'ingest', assetId: 'y' }, dedupeKey: 'ingest:y' });
      expect(other.enqueued).toBe(true);
      expect(other.id).not.toBe(first.id);

      const received = await receiveAll({ queue, count: 2 });
      const jobX = received.find((job) => job.id === first.id);
      expect(jobX).toBeDefined();
      expect(await queue.enqueue({ body: { type: 'ingest', assetId: 'x' }, dedupeKey: 'ingest:x' })).toEqual({ id: first.id, enqueued: false });

      await queue.complete({ receipt: jobX!.receipt });
      const again = await queue.enqueue({ body: { type: 'ingest', assetId: 'x' }, dedupeKey: 'ingest:x' });
      expect(again.enqueued).toBe(true);
      expect(again.id).not.toBe(first.id);

      // A dead job does not block its key either (an operator re-queues a dead-lettered ingest).
      const jobY = received.find((job) => job.id === other.id);
      expect((await queue.fail({ receipt: jobY!.receipt, error: { code: 'X', message: 'x' }, retryable: true, retryDelaySeconds: 0 })).dead).toBe(true);
      expect((await queue.enqueue({ body: { type: 'ingest', assetId: 'y' }, dedupeKey: 'ingest:y' })).enqueued).toBe(true);
    });

    it('never gives the same job to two concurrent receivers', async () => {
      const queue = await open();
      const total = 30;
      const enqueued = new Set<string>();
      for (let n = 0; n < total; n += 1) enqueued.add((await queue.enqueue({ body: { n } })).id);

      const batches = await Promise.all(Array.from({ length: 6 }, () => queue.receive({ max: 10, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 })));
      const received = batches.flat();
      received.push(...(await receiveAll({ queue, count: total - received.length })));
      const seen = received.map((job) => job.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(enqueued);
      expect(received.every((job) => job.attempts === 1)).toBe(true);
    });

    it('lists jobs by state, up to a limit', async () => {
      const queue = await open();
      const a = await queue.enqueue({ body: { a: 1 } });
      const b = await queue.enqueue({ body: { b: 1 } });
      const [job] = await queue.receive({ max: 1, visibilitySeconds: LONG_VISIBILITY, waitSeconds: 1 });
      const other = job!.id === a.id ? b.id : a.id;
      expect((await queue.list({ state: 'in-flight' })).map((record) => record.id)).toEqual([job!.id]);
      expect((await queue.list({ state: 'ready' })).map((record) => record.id)).toEqual([other]);
      expect(jobIds(await queue.list({}))).toEqual([a.id, b.id].sort());
      expect(await queue.list({ limit: 1 })).toHaveLength(1);
      const [record] = await queue.list({ state: 'in-flight' });
      expect(record).toMatchObject({ state: 'in-flight', attempts: 1, lastError: null });
      expect(Number.isNaN(Date.parse(record!.createdAt))).toBe(false);
      expect(Number.isNaN(Date.parse(record!.updatedAt))).toBe(false);
    });

    it('lists every job exactly once while jobs change state (none lost or doubled between two states)', async () => {
      const queue = await open({ maxAttempts: 5 });
      const total = 12;
      const ids: string[] = [];
      for (let n = 0; n < total; n += 1) ids.push((await queue.enqueue({ body: { n } })).id);
      // Another reader (a test waiting for the queue to settle, `reportage jobs`) lists while workers move the jobs.
      const listings: string[][] = [];
      let moving = true;
      const reader = (async () => {
        while (moving) {
          listings.push((await queue.list({ limit: 100 })).map((record) => record.id));
          await sleep(0);
        }
      })();
      try {
        // All at once, every job: ready → in-flight → ready (a retry), twice, then in-flight → done.
        for (let round = 0; round < 2; round += 1) {
          const received = await receiveAll({ queue, count: total });
          expect(received).toHaveLength(total);
          await Promise.all(
            received.map((job) => queue.fail({ receipt: job.receipt, error: { code: 'BUSY', message: 'try again' }, retryable: true, retryDelaySeconds: 0 })),
          );
        }
        const received = await receiveAll({ queue, count: total });
        expect(received).toHaveLength(total);
        await Promise.all(received.map((job) => queue.complete({ receipt: job.receipt })));
      } finally {
        moving = false;
        await reader;
      }
      listings.push((await queue.list({ limit: 100 })).map((record) => record.id));
      const expected = [...ids].sort();
      const wrong = listings.filter((listing) => JSON.stringify([...listing].sort()) !== JSON.stringify(expected));
      expect(
        wrong.map((listing) => ({ jobs: listing.length, missing: expected.filter((id) => !listing.includes(id)).length })),
        `${wrong.length} of ${listings.length} listings`,
      ).toEqual([]);
      expect((await queue.list({ state: 'done' })).map((record) => record.id).sort()).toEqual(expected);
    });
  });
}

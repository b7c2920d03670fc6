import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteJobQueue, openDatabase } from '../../../shared/adapters/local/index.ts';
import { runJob, type JobHandlers } from '../../../shared/jobs/index.ts';
import type { Clock, Logger } from '../../../shared/ports/index.ts';
import { makeTempDir } from '../adapters/temp-dir.ts';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * `runJob` is the one core under `reportage worker` and the SQS Lambda: what it does with a job
 * whose delivery was taken over (its receipt gone stale) holds for both.
 */
describe('runJob', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('aborts the handler when the heartbeat finds its receipt stale, and leaves the job to the delivery that took it over', async () => {
    const { dir, cleanup } = await makeTempDir({ prefix: 'run-job' });
    const db = openDatabase({ path: `${dir}/queue.db` });
    cleanups.push(async () => {
      db.close();
      await cleanup();
    });
    let now = Date.parse('2026-03-01T08:00:00.000Z');
    const clock: Clock = { now: () => new Date(now) };
    const queue = createSqliteJobQueue({ db, maxAttempts: 5, clock });
    await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'a1' } });
    const [first] = await queue.receive({ max: 1, visibilitySeconds: 30 });
    // The first worker stalls past its visibility; another takes the job with a new receipt.
    now += 31_000;
    const [second] = await queue.receive({ max: 1, visibilitySeconds: 30 });
    expect(second?.id).toBe(first?.id);

    let aborted = false;
    // As the real handlers do (ffmpeg is killed), an aborted handler rejects.
    const handlers = {
      ingest: ({ signal }) =>
        new Promise<void>((_resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the handler was never aborted')), 10_000);
          signal.addEventListener('abort', () => {
            aborted = true;
            clearTimeout(timer);
            reject(new Error('aborted: the delivery was taken over'));
          });
        }),
    } as JobHandlers;
    const outcome = await runJob({ job: first!, queue, handlers, log: silent, visibilitySeconds: 1, maxAttempts: 5 });

    expect(aborted).toBe(true);
    // The stale delivery neither completed nor failed the job: it is still the second one's.
    expect(outcome).toBe('retry');
    const [record] = await queue.list({});
    expect(record?.state).toBe('in-flight');
    await queue.complete({ receipt: second!.receipt });
    expect((await queue.list({}))[0]?.state).toBe('done');
  }, 20_000);
});

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteJobQueue, openDatabase, type SqliteDatabase } from '../../../shared/adapters/local/index.ts';
import { VISIBILITY_EXPIRED } from '../../../shared/ports/index.ts';
import { JobError } from '../../../shared/domain/index.ts';
import type { Clock, JobQueue } from '../../../shared/ports/index.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { makeTempDir } from './temp-dir.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const CHILD = path.join(import.meta.dirname, 'queue-worker-child.ts');

/** A clock the test moves by hand. */
function makeFakeClock(): Clock & { advance: (seconds: number) => void } {
  let now = Date.parse('2026-03-01T08:00:00.000Z');
  return {
    now: () => new Date(now),
    advance: (seconds) => {
      now += seconds * 1000;
    },
  };
}

describe('SQLite job queue (local only)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  const opened: { db: SqliteDatabase; queue: JobQueue }[] = [];

  const open = ({ maxAttempts = 3, clock }: { maxAttempts?: number; clock?: Clock } = {}) => {
    const db = openDatabase({ path: file });
    const queue = createSqliteJobQueue({ db, maxAttempts, ...(clock === undefined ? {} : { clock }) });
    opened.push({ db, queue });
    return { db, queue };
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir({ prefix: 'queue' }));
    file = path.join(dir, 'reportage.db');
  });
  afterEach(async () => {
    for (const { db, queue } of opened.splice(0)) {
      await queue.close();
      if (db.open) db.close();
    }
    await cleanup();
  });

  it('sends a job whose worker stopped responding on every attempt to dead-letter with VISIBILITY_EXPIRED', async () => {
    const clock = makeFakeClock();
    const { queue } = open({ maxAttempts: 2, clock });
    const { id } = await queue.enqueue({ body: { type: 'ingest' } });
    expect((await queue.receive({ max: 1, visibilitySeconds: 10 }))[0]?.attempts).toBe(1);
    clock.advance(11);
    expect((await queue.receive({ max: 1, visibilitySeconds: 10 }))[0]).toMatchObject({ id, attempts: 2 });
    clock.advance(9);
    expect(await queue.receive({ max: 1, visibilitySeconds: 10 })).toEqual([]);
    clock.advance(2);
    expect(await queue.receive({ max: 1, visibilitySeconds: 10 })).toEqual([]);
    const dead = await queue.list({ state: 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id, attempts: 2, lastError: VISIBILITY_EXPIRED });
  });

  it('delivers an in-flight job again after a restart once its visibility ran out', async () => {
    const clock = makeFakeClock();
    const first = open({ clock });
    const { id } = await first.queue.enqueue({ body: { type: 'ingest' } });
    await first.queue.receive({ max: 1, visibilitySeconds: 5 });
    first.db.close(); // the process is killed: no complete, no fail

    const second = open({ clock });
    expect(await second.queue.receive({ max: 1, visibilitySeconds: 5 })).toEqual([]);
    clock.advance(6);
    expect((await second.queue.receive({ max: 1, visibilitySeconds: 5 }))[0]).toMatchObject({ id, attempts: 2 });
  });

  it('backs off exponentially when fail names no retry delay', async () => {
    const clock = makeFakeClock();
    const { queue } = open({ maxAttempts: 5, clock });
    await queue.enqueue({ body: {} });
    const failOnce = async () => {
      const [job] = await queue.receive({ max: 1, visibilitySeconds: 60 });
      expect(job).toBeDefined();
      await queue.fail({ receipt: job!.receipt, error: { code: 'BUSY', message: 'busy' }, retryable: true });
    };
    await failOnce();
    clock.advance(1.9);
    expect(await queue.receive({ max: 1, visibilitySeconds: 60 })).toEqual([]);
    clock.advance(0.1);
    await failOnce();
    clock.advance(3.9);
    expect(await queue.receive({ max: 1, visibilitySeconds: 60 })).toEqual([]);
    clock.advance(0.1);
    expect((await queue.receive({ max: 1, visibilitySeconds: 60 }))[0]?.attempts).toBe(3);
  });

  it('refuses to extend with a receipt it never issued', async () => {
    const { queue } = open();
    await expectRejection({ call: () => queue.extend({ receipt: 'made-up', visibilitySeconds: 5 }), code: 'STALE_RECEIPT', kind: 'conflict', type: JobError });
    await queue.complete({ receipt: 'made-up' });
    expect(await queue.fail({ receipt: 'made-up', error: { code: 'X', message: 'x' }, retryable: true })).toEqual({ dead: false });
  });

  it('ends a pending long poll when closed', async () => {
    const { queue } = open();
    const started = performance.now();
    const polling = queue.receive({ max: 1, visibilitySeconds: 5, waitSeconds: 20 });
    setTimeout(() => void queue.close(), 200);
    expect(await polling).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    await expectRejection({ call: () => queue.enqueue({ body: {} }), code: 'QUEUE_CLOSED', type: JobError });
  });

  it('two worker processes on one database file process every job exactly once, and share dedupe keys', async () => {
    const { queue } = open();
    const total = 300;
    const ids = new Set<string>();
    for (let n = 0; n < total; n += 1) ids.add((await queue.enqueue({ body: { n } })).id);
    const goFile = path.join(dir, 'go');

    const children = ['w1', 'w2'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, goFile, name], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const ready = new Promise<void>((resolve, reject) => {
        const check = () => (stdout.startsWith('ready\n') ? resolve() : undefined);
        child.stdout.on('data', check);
        child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before ready: ${stderr}`)));
      });
      const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.once('exit', (code) => resolve({ code, stdout, stderr })),
      );
      return { ready, exited };
    });
    await Promise.all(children.map((child) => child.ready));
    await writeFile(goFile, 'go');
    const results = await Promise.all(children.map((child) => child.exited));

    const reports = results.map(({ code, stdout, stderr }) => {
      expect(code, stderr).toBe(0);
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as { name: string; processed: string[]; deduped: number };
    });
    const processed = reports.flatMap((report) => report.processed);
    expect(processed).toHaveLength(total);
    expect(new Set(processed)).toEqual(ids);
    for (const report of reports) expect(report.processed.length, `${report.name} took part`).toBeGreaterThan(0);

    const done = await queue.list({ state: 'done', limit: 1000 });
    expect(done).toHaveLength(total);
    expect(done.every((job) => job.attempts === 1)).toBe(true);
    // Both enqueued the same 50 keys: 50 jobs exist, and the 50 other calls were no-ops.
    const waiting = await queue.list({ state: 'ready', limit: 1000 });
    expect(waiting).toHaveLength(50);
    expect(new Set(waiting.map((job) => (job.body as { dedupe: number }).dedupe)).size).toBe(50);
    expect(reports.reduce((sum, report) => sum + report.deduped, 0)).toBe(50);
  });
});

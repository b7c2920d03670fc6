/**
 * A worker process for the multi-process queue test: `node --import tsx queue-worker-child.ts
 * <db file> <go file> <name>`. It opens the shared database, says `ready`, waits for the go file
 * (so both workers start together), enqueues the same deduplicated jobs as its sibling, then
 * receives and completes jobs until none is visible, and prints the ids it processed as JSON.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteJobQueue, openDatabase } from '../../../shared/adapters/local/index.ts';

const [dbPath, goFile, name] = process.argv.slice(2);
if (dbPath === undefined || goFile === undefined || name === undefined) throw new Error('usage: queue-worker-child.ts <db> <go file> <name>');

const db = openDatabase({ path: dbPath });
const queue = createSqliteJobQueue({ db, maxAttempts: 3 });
process.stdout.write('ready\n');
while (!existsSync(goFile)) await sleep(5);

let deduped = 0;
for (let n = 0; n < 50; n += 1) {
  // Delayed an hour: they stay waiting, so only the dedupe key decides whether a second one is made.
  const { enqueued } = await queue.enqueue({ body: { dedupe: n }, dedupeKey: `dedupe:${n}`, delaySeconds: 3600 });
  if (!enqueued) deduped += 1;
}

const processed: string[] = [];
for (;;) {
  const jobs = await queue.receive({ max: 3, visibilitySeconds: 30, waitSeconds: 0.3 });
  if (jobs.length === 0) break;
  for (const job of jobs) {
    await sleep(Math.random() * 2);
    await queue.complete({ receipt: job.receipt });
    processed.push(job.id);
  }
}
await queue.close();
db.close();
process.stdout.write(`${JSON.stringify({ name, processed, deduped })}\n`);

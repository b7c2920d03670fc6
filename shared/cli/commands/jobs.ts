import type { JobRecord } from '../../ports/index.ts';
import { EXIT } from '../exit-codes.ts';
import { withRuntime } from '../with-runtime.ts';

/** `reportage jobs`: the queue's jobs; `--state dead` shows what failed for good and why. */
export async function runJobsCommand({ options }: { options: { state?: JobRecord['state']; json?: boolean } }): Promise<number> {
  return withRuntime({}, async ({ deps }) => {
    const jobs = await deps.queue.list({ ...(options.state ? { state: options.state } : {}), limit: 500 });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(jobs)}\n`);
      return EXIT.ok;
    }
    for (const job of jobs) {
      const error = job.lastError ? ` — ${job.lastError.code}: ${job.lastError.message}` : '';
      process.stdout.write(`${job.state.padEnd(9)} ${job.id} attempts=${job.attempts} ${JSON.stringify(job.body)}${error}\n`);
    }
    if (jobs.length === 0) process.stdout.write('no jobs\n');
    return EXIT.ok;
  });
}

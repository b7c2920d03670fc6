import { createJobHandlers, openRenderWorkerDeps, runWorker } from '../../jobs/index.ts';
import { resolveToolchain } from '../../media/index.ts';
import { EXIT } from '../exit-codes.ts';
import { withRuntime } from '../with-runtime.ts';

/** `reportage worker`: consumes the job queue; SIGINT/SIGTERM stop taking jobs and let running ones finish. */
export async function runWorkerCommand({ options }: { options: { untilIdle?: boolean; concurrency?: number } }): Promise<number> {
  return withRuntime({ defaultLogLevel: 'info' }, async ({ config, deps, counters }) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Render jobs too (docs/distributed-render.md); without a font the worker still ingests.
    const render =
      counters === undefined
        ? undefined
        : await resolveToolchain({ tools: deps.tools, fontFile: config.fontFile }).then(
            (toolchain) => openRenderWorkerDeps({ deps, counters, toolchain }),
            (error: unknown) => {
              deps.log.warn('render jobs disabled: no font for burned-in text', { error });
              return undefined;
            },
          );
    deps.log.info('worker started', { dataDir: config.dataDir, concurrency: options.concurrency ?? config.workers });
    const summary = await runWorker({
      queue: deps.queue,
      handlers: createJobHandlers({ deps, render }),
      log: deps.log,
      concurrency: options.concurrency ?? config.workers,
      visibilitySeconds: config.jobs.visibilitySeconds,
      maxAttempts: config.jobs.maxAttempts,
      stopWhenIdle: options.untilIdle === true,
      signal: controller.signal,
    });
    deps.log.info('worker stopped', { ...summary });
    return EXIT.ok;
  });
}

import { serve } from '@hono/node-server';
import { createJobHandlers, runWorker } from '../../jobs/index.ts';
import { createApp } from '../../web/index.ts';
import { EXIT } from '../exit-codes.ts';
import { ensureProject } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';

/** `reportage serve`: the web app on Node plus the in-process worker pool. */
export async function runServeCommand({ options }: { options: { port: number; host: string; worker: boolean } }): Promise<number> {
  return withRuntime({ defaultLogLevel: 'info' }, async ({ config, deps }) => {
    await ensureProject({ deps, projectId: config.projectId });
    const app = createApp({ deps: { store: deps.store, blobs: deps.blobs, log: deps.log, backend: config.backend } });
    const controller = new AbortController();
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    process.stdout.write(`reportage is listening on http://${options.host}:${port}/ (health: /healthz, assets: /api/projects/${config.projectId}/assets)\n`);
    const worker = options.worker
      ? runWorker({
          queue: deps.queue,
          handlers: createJobHandlers({ deps }),
          log: deps.log,
          concurrency: config.workers,
          visibilitySeconds: config.jobs.visibilitySeconds,
          maxAttempts: config.jobs.maxAttempts,
          signal: controller.signal,
        })
      : Promise.resolve();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    controller.abort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await worker;
    return EXIT.ok;
  });
}

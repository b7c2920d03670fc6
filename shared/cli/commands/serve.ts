import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createFsMultipartUploads, createSqliteWorkflowStore, openDatabase, readOrCreateSigningKeys } from '../../adapters/local/index.ts';
import { ConfigError, type SigningKeyRing } from '../../domain/index.ts';
import { resolveToolchain } from '../../media/index.ts';
import { createJobHandlers, openRenderWorkerDeps, runWorker } from '../../jobs/index.ts';
import type { MultipartUploads, WorkflowStore } from '../../ports/index.ts';
import { createLocalRenderLauncher, createQueuedRenderLauncher } from '../../render/launch/index.ts';
import { createApp, type AppDeps } from '../../web/index.ts';
import type { PartReceiver } from '../../web/app-deps.ts';
import { sweepAbandonedUploads, type UploadSweeper } from '../../web/sweep-abandoned-uploads.ts';
import { EXIT } from '../exit-codes.ts';
import { printFirstAdminLink } from './admin-links.ts';
import { httpServerOptions, limitHttpServer } from '../limit-http-server.ts';
import { ensureProject, type Runtime } from '../open-runtime.ts';
import { clearServeAddress, writeServeAddress } from '../serve-address.ts';
import { withRuntime } from '../with-runtime.ts';
import { markInterruptedRenders } from '../../render/mark-interrupted-renders.ts';

/**
 * The web app's ports. Local backend: the workflow records in the same SQLite file (a connection
 * of their own), parts staged under `<dataDir>/uploads` and received by the app itself, the data
 * folder's signing key. AWS backend: what `openRuntime` built (DynamoDB records, presigned S3 part
 * URLs — the browser sends parts straight to S3 — and the key ring read from Secrets Manager).
 */
export function openWebBackend({ runtime }: { runtime: Runtime }): {
  workflow: WorkflowStore;
  signingKey: Uint8Array;
  signingKeys?: SigningKeyRing;
  uploads: MultipartUploads;
  partReceiver?: PartReceiver;
  sweeper?: UploadSweeper;
  close(): void;
} {
  if (runtime.config.backend === 'aws') {
    const { workflow, uploads, signingKey } = runtime;
    if (!workflow || !uploads || !signingKey) {
      throw new ConfigError({
        code: 'BACKEND_NOT_AVAILABLE',
        message:
          "The aws backend did not provide the web app's workflow store, uploads and signing key (set REPORTAGE_SIGNING_KEY_SECRET to the stateful stack's SigningKeySecretArn output).",
        messageVi: 'Chế độ AWS chưa cung cấp đủ thành phần cho ứng dụng web.',
        details: { variable: 'REPORTAGE_BACKEND' },
      });
    }
    return { workflow, uploads, signingKey, ...(runtime.signingKeys === undefined ? {} : { signingKeys: runtime.signingKeys }), close: () => undefined };
  }
  const { dataDir } = runtime.config;
  const db = openDatabase({ path: path.join(dataDir, 'reportage.db') });
  const signingKeys = readOrCreateSigningKeys({ file: path.join(dataDir, 'signing.key') });
  const signingKey = signingKeys.current.key;
  const uploads = createFsMultipartUploads({ root: path.join(dataDir, 'uploads'), blobs: runtime.deps.blobs, signingKey });
  return { workflow: createSqliteWorkflowStore({ db }), signingKey, signingKeys, uploads, partReceiver: uploads, sweeper: uploads, close: () => db.close() };
}

/**
 * `reportage serve [--port N] [--host H]`: the web app on Node (127.0.0.1 by default) plus the
 * in-process worker pool and render launcher. On the first run (no admin link exists yet), and
 * only when stdout is a terminal, it prints an admin sign-in link; otherwise, and later,
 * `reportage admin-token` makes one (admin-links.ts).
 */
export async function runServeCommand({ options }: { options: { port: number; host: string; worker: boolean } }): Promise<number> {
  return withRuntime({ defaultLogLevel: 'info' }, async (runtime) => {
    const { config, deps } = runtime;
    await ensureProject({ deps, projectId: config.projectId });
    const web = openWebBackend({ runtime });
    try {
      await markInterruptedRenders({ deps: runtime.deps });
      const toolchain = await resolveToolchain({ tools: deps.tools, fontFile: config.fontFile });
      // Local: renders run in this process. AWS: they are fanned out on the queue for the workers
      // (Lambda, or `reportage worker` processes, or this process's own pool below).
      const renderWorker = runtime.counters === undefined ? undefined : openRenderWorkerDeps({ deps, counters: runtime.counters, toolchain });
      const renders =
        config.backend === 'aws' && renderWorker
          ? createQueuedRenderLauncher({ deps, toolchain: toolchain.toolchain })
          : createLocalRenderLauncher({
              deps: { ...deps, fontFile: toolchain.fontFile, concurrency: config.workers },
              toolchain: toolchain.toolchain,
              maxRenders: config.maxRenders,
            });
      const appDeps: AppDeps = {
        store: deps.store,
        blobs: deps.blobs,
        log: deps.log,
        backend: config.backend,
        workflow: web.workflow,
        queue: deps.queue,
        clock: deps.clock,
        uploads: web.uploads,
        ...(web.partReceiver ? { partReceiver: web.partReceiver } : {}),
        signingKey: web.signingKey,
        sessionPolicy: config.sessions,
        trustProxy: config.http.trustProxy,
        uploadQuotas: config.uploadQuotas,
        uploadAbandonSeconds: config.uploadAbandonSeconds,
        ...(config.watch.publicMediaUrl === undefined ? {} : { publicMediaUrl: config.watch.publicMediaUrl }),
        embedOrigins: config.watch.embedOrigins,
        ...(web.signingKeys === undefined ? {} : { signingKeys: web.signingKeys }),
        renders,
      };
      const app = createApp({ deps: appDeps });
      const controller = new AbortController();
      // Header, idle and body-progress timeouts and a per-address connection cap (none behind a
      // trusted proxy, whose one address carries every client): limit-http-server.ts.
      const limits = { ...config.http, maxConnectionsPerAddress: config.http.trustProxy ? 0 : config.http.maxConnectionsPerAddress };
      const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions: httpServerOptions(limits) }) as Server;
      const serverLimits = limitHttpServer({ server, limits });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
      process.stdout.write(`reportage is listening on ${base}/ (health: /healthz, API: /openapi.json)\n`);
      // `reportage admin-token` on this data folder makes its links for this address.
      if (config.backend === 'local') await writeServeAddress({ dataDir: config.dataDir, url: base, now: deps.clock.now() });
      await printFirstAdminLink({ deps: { workflow: web.workflow, clock: deps.clock }, baseUrl: base, out: process.stdout });
      // Parts of uploads abandoned for REPORTAGE_UPLOAD_ABANDON_HOURS go: now, then every hour.
      const sweep = () => {
        if (web.sweeper === undefined) return;
        sweepAbandonedUploads({
          uploads: web.sweeper,
          workflow: web.workflow,
          clock: deps.clock,
          log: deps.log,
          olderThanSeconds: config.uploadAbandonSeconds,
        }).catch((error: unknown) => deps.log.warn('sweeping abandoned uploads failed', { error }));
      };
      sweep();
      const sweeping = setInterval(sweep, 3600_000);
      sweeping.unref();
      const worker = options.worker
        ? runWorker({
            queue: deps.queue,
            handlers: createJobHandlers({ deps, render: renderWorker }),
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
      clearInterval(sweeping);
      serverLimits.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker;
      await renders.idle();
      if (config.backend === 'local') await clearServeAddress({ dataDir: config.dataDir });
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

import path from 'node:path';
import { serve } from '@hono/node-server';
import { createFsMultipartUploads, createSqliteWorkflowStore, openDatabase, readOrCreateSigningKey } from '../../adapters/local/index.ts';
import { ConfigError } from '../../domain/index.ts';
import { findFontFile } from '../../media/index.ts';
import { createJobHandlers, openRenderWorkerDeps, runWorker } from '../../jobs/index.ts';
import type { MultipartUploads, WorkflowStore } from '../../ports/index.ts';
import { createLocalRenderLauncher } from '../../review/start-local-render.ts';
import { createQueuedRenderLauncher } from '../../review/start-queued-render.ts';
import { createApp, type AppDeps } from '../../web/index.ts';
import type { PartReceiver } from '../../web/app-deps.ts';
import { createInvite } from '../../web/create-invite.ts';
import { EXIT } from '../exit-codes.ts';
import { ensureProject, type Runtime } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';

/**
 * The web app's ports. Local backend: the workflow records in the same SQLite file (a connection
 * of their own), parts staged under `<dataDir>/uploads` and received by the app itself, the data
 * folder's signing key. AWS backend: what `openRuntime` built (DynamoDB records, presigned S3 part
 * URLs — the browser sends parts straight to S3 — and the key kept in the table).
 */
export function openWebBackend({ runtime }: { runtime: Runtime }): { workflow: WorkflowStore; signingKey: Uint8Array; uploads: MultipartUploads; partReceiver?: PartReceiver; close(): void } {
  if (runtime.config.backend === 'aws') {
    const { workflow, uploads, signingKey } = runtime;
    if (!workflow || !uploads || !signingKey) {
      throw new ConfigError({
        code: 'BACKEND_NOT_AVAILABLE',
        message: 'The aws backend did not provide the web app\'s workflow store, uploads and signing key.',
        messageVi: 'Chế độ AWS chưa cung cấp đủ thành phần cho ứng dụng web.',
        details: { variable: 'REPORTAGE_BACKEND' },
      });
    }
    return { workflow, uploads, signingKey, close: () => undefined };
  }
  const { dataDir } = runtime.config;
  const db = openDatabase({ path: path.join(dataDir, 'reportage.db') });
  const signingKey = readOrCreateSigningKey({ file: path.join(dataDir, 'signing.key') });
  const uploads = createFsMultipartUploads({ root: path.join(dataDir, 'uploads'), blobs: runtime.deps.blobs, signingKey });
  return { workflow: createSqliteWorkflowStore({ db }), signingKey, uploads, partReceiver: uploads, close: () => db.close() };
}

/**
 * Renders still marked running were cut off when the last `serve` stopped (renders run in its
 * process): they are marked failed, so the pages stop waiting and the editor can render again.
 */
async function markInterruptedRenders({ runtime }: { runtime: Runtime }): Promise<void> {
  const { store, clock } = runtime.deps;
  for (const project of await store.projects.list()) {
    for (const render of await store.renders.list({ projectId: project.id })) {
      if (render.status !== 'running' && render.status !== 'queued') continue;
      await store.renders.update({
        render: {
          ...render,
          status: 'failed',
          error: { code: 'RENDER_INTERRUPTED', message: 'The server stopped during this render; render the version again.', messageVi: 'Máy chủ đã dừng khi đang dựng; hãy dựng lại phiên bản này.' },
          updatedAt: clock.now().toISOString(),
        },
        expectedRevision: render.revision,
      });
    }
  }
}

/** Makes an admin sign-in link (an admin invite, stored hashed) and returns its URL. */
export async function makeAdminLink({ runtime, workflow, baseUrl, hours }: { runtime: Runtime; workflow: WorkflowStore; baseUrl: string; hours: number }): Promise<string> {
  const actor = { role: 'admin' as const, label: 'reportage CLI', inviteId: null };
  const { token } = await createInvite({ deps: { workflow, clock: runtime.deps.clock }, project: null, input: { role: 'admin', label: 'Quản trị (CLI)', expiresInHours: hours }, actor });
  return `${baseUrl.replace(/\/$/, '')}/i/${token}`;
}

/**
 * `reportage serve [--port N] [--host H]`: the web app on Node (127.0.0.1 by default) plus the
 * in-process worker pool and render launcher. On the first run (no admin link exists yet) it
 * prints an admin sign-in link; later, `reportage admin-token` makes a new one.
 */
export async function runServeCommand({ options }: { options: { port: number; host: string; worker: boolean } }): Promise<number> {
  return withRuntime({ defaultLogLevel: 'info' }, async (runtime) => {
    const { config, deps } = runtime;
    await ensureProject({ deps, projectId: config.projectId });
    const web = openWebBackend({ runtime });
    try {
      await markInterruptedRenders({ runtime });
      const fontFile = await findFontFile({ fontFile: config.fontFile });
      // Local: renders run in this process. AWS: they are fanned out on the queue for the workers
      // (Lambda, or `reportage worker` processes, or this process's own pool below).
      const renderWorker = runtime.counters === undefined ? undefined : await openRenderWorkerDeps({ deps, counters: runtime.counters, fontFile });
      const renders = config.backend === 'aws' && renderWorker
        ? createQueuedRenderLauncher({ deps, toolchain: renderWorker.toolchain })
        : createLocalRenderLauncher({ deps: { ...deps, fontFile, concurrency: config.workers } });
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
        renders,
      };
      const app = createApp({ deps: appDeps });
      const controller = new AbortController();
      // No overall request timeout: completing a tens-of-GB upload joins and hashes it before answering,
      // and a part over a slow link takes long too (headers must still arrive within Node's default).
      const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions: { requestTimeout: 0 } });
      // Idle keep-alive connections stay open longer than clients and proxies keep them (Node's
      // default is 5 s): a client reusing a connection the server has just closed gets a reset.
      if ('keepAliveTimeout' in server) {
        server.keepAliveTimeout = 65_000;
        server.headersTimeout = 66_000;
      }
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
      process.stdout.write(`reportage is listening on ${base}/ (health: /healthz, API: /openapi.json)\n`);
      if ((await web.workflow.invites.list({ projectId: null })).length === 0) {
        const link = await makeAdminLink({ runtime, workflow: web.workflow, baseUrl: base, hours: 24 * 30 });
        process.stdout.write(`Admin sign-in link (shown once; keep it secret): ${link}\n`);
      } else {
        process.stdout.write('Admin sign-in: run `reportage admin-token` for a new link.\n');
      }
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
      (server as import('node:http').Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker;
      await renders.idle();
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

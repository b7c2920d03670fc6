import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { AssetKindSchema, AssetStatusSchema, NotFoundError, ReportageError, toErrorRecord, type Asset } from '../domain/index.ts';
import type { BlobStore, Logger, Store } from '../ports/index.ts';

export interface AppDeps {
  store: Store;
  blobs: BlobStore;
  log: Logger;
  backend: 'local' | 'aws';
}

const STATUS_BY_KIND = { invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, internal: 500 } as const;

/**
 * The web app. For now: health, projects and the asset library as JSON (the pages, uploads and
 * review arrive with the web issue). Errors map to HTTP once, here: 4xx messages are shown to the
 * user, 5xx ones are logged and replaced by a generic text.
 */
export function createApp({ deps }: { deps: AppDeps }) {
  const { store, log } = deps;
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof ReportageError && error.kind !== 'internal') {
      return c.json({ error: error.toJSON() }, STATUS_BY_KIND[error.kind]);
    }
    log.error('request failed', { path: c.req.path, error });
    return c.json({ error: toErrorRecord(error) }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}.`, messageVi: 'Không tìm thấy trang hoặc địa chỉ này.' } }, 404),
  );

  app.get('/healthz', (c) => c.json({ ok: true, backend: deps.backend }));

  app.get('/api/projects', async (c) => c.json({ projects: await store.projects.list() }));

  app.get(
    '/api/projects/:projectId/assets',
    zValidator('query', z.object({ kind: AssetKindSchema.optional(), status: AssetStatusSchema.optional(), theme: z.string().max(80).optional() }), (result, c) => {
      if (!result.success) {
        const field = result.error.issues[0]?.path.join('.') ?? 'query';
        return c.json({ error: { code: 'INVALID_QUERY', message: `Query parameter "${field}" is invalid.`, messageVi: `Tham số "${field}" không hợp lệ.` } }, 400);
      }
    }),
    async (c) => {
      const projectId = c.req.param('projectId');
      if ((await store.projects.get({ id: projectId })) === null) throw new NotFoundError({ entity: 'project', id: projectId });
      const assets = await store.assets.list({ projectId, ...c.req.valid('query') });
      return c.json({ assets: assets.map(publicAsset) });
    },
  );

  app.get('/api/assets/:id', async (c) => {
    const asset = await store.assets.get({ id: c.req.param('id') });
    if (asset === null) throw new NotFoundError({ entity: 'asset', id: c.req.param('id') });
    return c.json({ asset: publicAsset(asset) });
  });

  return app;
}

/** What the API shows of an asset: no storage keys of originals, derivatives by name. */
function publicAsset(asset: Asset) {
  const { original, derivatives, ...rest } = asset;
  return {
    ...rest,
    original: { sha256: original.sha256, sizeBytes: original.sizeBytes },
    derivatives: Object.fromEntries(Object.entries(derivatives).map(([name, d]) => [name, { contentType: d.contentType, sizeBytes: d.sizeBytes, width: d.width, height: d.height }])),
  };
}

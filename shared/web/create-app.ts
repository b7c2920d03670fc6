import { Hono } from 'hono';
import { z } from 'zod';
import { ReportageError, toErrorRecord } from '../domain/index.ts';
import type { AppDeps } from './app-deps.ts';
import { registerRoutes } from './define-route.ts';
import { buildOpenApi } from './openapi.ts';
import { createPageRoutes } from './pages/index.ts';
import { createApiRoutes } from './routes/index.ts';
import { readSession, type WebEnv } from './session.ts';

export type { AppDeps, PartReceiver } from './app-deps.ts';
export type { WebEnv } from './session.ts';

const STATUS_BY_KIND = { invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, internal: 500 } as const;

/** Codes whose HTTP status is more precise than their kind's. */
const STATUS_BY_CODE: Record<string, 410 | 413 | 416 | 429 | 503> = {
  LINK_EXPIRED: 410,
  UPLOAD_TOO_LARGE: 413,
  BODY_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  RENDER_UNAVAILABLE: 503,
};

/**
 * The web app: the JSON API (shared/web/API.md, `/openapi.json`) and the pages. Every request
 * first reads the session cookie; each API route then checks its declared roles, CSRF and
 * project (define-route.ts). Errors map to HTTP once, here: 4xx messages are shown to the user,
 * 5xx ones are logged and replaced by a generic text.
 */
export function createApp({ deps }: { deps: AppDeps }) {
  const { log } = deps;
  const app = new Hono<WebEnv>();

  app.onError((error, c) => {
    if (error instanceof z.ZodError) {
      // A use case re-parsing its input (the route already did): still the caller's mistake.
      const field = error.issues[0]?.path.join('.') || 'body';
      return c.json({ error: { code: 'INVALID_BODY', message: `Field "${field}" is invalid: ${error.issues[0]?.message ?? 'invalid value'}.`, messageVi: `Trường "${field}" không hợp lệ.` } }, 400);
    }
    if (error instanceof ReportageError && error.kind !== 'internal') {
      const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_KIND[error.kind];
      if (status === 429) c.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
      const problems = error.details.problems;
      return c.json({ error: { ...error.toJSON(), ...(Array.isArray(problems) ? { problems } : {}) } }, status);
    }
    if (error instanceof ReportageError && STATUS_BY_CODE[error.code] === 503) return c.json({ error: error.toJSON() }, 503);
    log.error('request failed', { path: c.req.path, error });
    return c.json({ error: toErrorRecord(error) }, 500);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}.`, messageVi: 'Không tìm thấy trang hoặc địa chỉ này.' } }, 404),
  );

  app.use('*', async (c, next) => {
    const { session, secret } = await readSession({ c, workflow: deps.workflow, now: deps.clock.now() });
    c.set('session', session);
    c.set('sessionSecret', secret);
    await next();
    // Uploaded bytes are served back (proxies, posters, reports): never let a browser guess their type.
    c.header('X-Content-Type-Options', 'nosniff');
  });

  const routes = createApiRoutes({ deps });
  const openApi = buildOpenApi({ routes });
  app.get('/healthz', (c) => c.json({ ok: true, backend: deps.backend }));
  app.get('/openapi.json', (c) => c.json(openApi));
  registerRoutes({ app, deps, routes });
  app.route('/', createPageRoutes({ deps }));
  return app;
}

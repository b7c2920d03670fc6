import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from './app-deps.ts';
import { answerError } from './answer-error.ts';
import { registerRoutes } from './define-route.ts';
import { buildOpenApi } from './openapi.ts';
import { createPageRoutes } from './pages/index.ts';
import { createWatchRoutes } from './pages/watch-pages.tsx';
import { createApiRoutes } from './routes/index.ts';
import { contentSecurityPolicy, setSecurityHeaders } from './security-headers.ts';
import { readSession, type WebEnv } from './session.ts';

export type { AppDeps, PartReceiver } from './app-deps.ts';
export type { WebEnv } from './session.ts';

/**
 * The web app: the JSON API (shared/web/API.md, `/openapi.json`) and the pages. Every request
 * first reads the session cookie; each API route then checks its declared roles, CSRF and
 * project (define-route.ts). Every request gets an id and the security headers
 * (security-headers.ts). Errors map to HTTP once (answer-error.ts): 4xx messages are shown to the
 * user without internals, 5xx ones are logged under the request id and replaced by a generic text.
 */
export function createApp({ deps }: { deps: AppDeps }) {
  const { log } = deps;
  const app = new Hono<WebEnv>();

  app.onError((error, c) => answerError({ error, c, log }));
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'ROUTE_NOT_FOUND',
          message: `No route ${c.req.method} ${c.req.path.slice(0, 200)}.`,
          messageVi: 'Không tìm thấy trang hoặc địa chỉ này.',
          requestId: c.var.requestId,
        },
      },
      404,
    ),
  );

  const csp = contentSecurityPolicy({ backend: deps.backend });
  app.use('*', async (c, next) => {
    c.set('requestId', randomBytes(9).toString('base64url'));
    c.set('trustProxy', deps.trustProxy === true);
    await next();
    setSecurityHeaders({ c, csp });
  });

  app.use('*', async (c, next) => {
    const { session, secret } = await readSession({
      c,
      workflow: deps.workflow,
      now: deps.clock.now(),
      ...(deps.sessionPolicy ? { idleMinutes: deps.sessionPolicy.idleMinutes } : {}),
    });
    c.set('session', session);
    c.set('sessionSecret', secret);
    await next();
  });

  const routes = createApiRoutes({ deps });
  const openApi = buildOpenApi({ routes });
  app.get('/healthz', (c) => c.json({ ok: true, backend: deps.backend }));
  app.get('/openapi.json', (c) => c.json(openApi));
  registerRoutes({ app, deps, routes });
  app.route('/', createWatchRoutes({ deps }));
  app.route('/', createPageRoutes({ deps }));
  return app;
}

import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { AccessError, MAX_PART_BYTES, NotFoundError, ReportageError, secretsEqual, type Project, type Role, type Session } from '../domain/index.ts';
import type { AppDeps } from './app-deps.ts';
import { MAX_JSON_BYTES, bodyTooLarge, readJsonBody } from './read-json-body.ts';
import { CSRF_HEADER, csrfTokenFor, isHttps, trustsProxy, type WebEnv } from './session.ts';

/** Who may call a route: a list of roles, anybody (`public`), or whoever holds a signed URL. */
export type RouteAccess = readonly Role[] | 'public' | 'signed';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler receives: the parsed input, and the checked session and project. */
export interface RouteInput<B, Q> {
  c: Context<WebEnv>;
  deps: AppDeps;
  body: B;
  query: Q;
  /** Null only on `public` and `signed` routes. */
  session: Session | null;
  /** Set when the path has `:projectId`. */
  project: Project;
  param: (name: string) => string;
}

/** One route of the API: its access rule and schemas are data, read by the guard and by `/openapi.json`. */
/** A route of any body and query: what a route table holds (each route is type-checked where it is defined). */
// biome-ignore lint/suspicious/noExplicitAny: a table holds routes of every body and query type.
export type AnyRouteSpec = RouteSpec<any, any>;

export interface RouteSpec<B = unknown, Q = unknown> {
  method: HttpMethod;
  /** Hono path (`/api/projects/:projectId/…`). */
  path: string;
  access: RouteAccess;
  summary: string;
  tag: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** The success response (for the OpenAPI document). */
  response?: z.ZodType;
  /** The success status. */
  status: number;
  /** No CSRF token needed (sign-in: there is no session yet; the Origin is still checked). */
  noCsrf?: boolean;
  /** The body is raw bytes (part upload), not JSON: the handler streams it and bounds it itself. */
  rawBody?: boolean;
  /**
   * The largest body accepted, counted as it streams (default 4 MiB for JSON, 5 GiB for raw
   * bodies). A declared Content-Length above it is answered 413 before anything else is read.
   */
  maxBodyBytes?: number;
  /** Runs first, before the session, the Origin or the body are looked at (sign-in rate limit). */
  beforeBody?: (c: Context<WebEnv>) => void;
  handler: (input: RouteInput<B, Q>) => Promise<Response>;
}

/** Declares a route (typed by its schemas). */
export function defineRoute<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec<B, Q> {
  return spec;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers routes behind one guard, in this order: the route's `beforeBody` check (sign-in rate
 * limit, 429); a declared Content-Length over the route's limit (413 `BODY_TOO_LARGE`); a session
 * is required (401 `UNAUTHENTICATED`) unless the route is public or signed; a state-changing request must come from our own origin
 * (403 `BAD_ORIGIN`) and, with a session, carry its CSRF token (403 `CSRF_FAILED`); the role must
 * be listed (403 `FORBIDDEN_ROLE`); a project route must be the session's project (403
 * `WRONG_PROJECT`, admin excepted) and exist (404); then the body is read, counted as it streams
 * (413 past the limit), and it and the query are parsed (400). A signed route's answer is never cached.
 */
export function registerRoutes({ app, deps, routes }: { app: Hono<WebEnv>; deps: AppDeps; routes: readonly AnyRouteSpec[] }): void {
  for (const route of routes) {
    const maxBodyBytes = route.maxBodyBytes ?? (route.rawBody ? MAX_PART_BYTES : MAX_JSON_BYTES);
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      route.beforeBody?.(c);
      if (Number(c.req.header('content-length') ?? '0') > maxBodyBytes) throw bodyTooLarge({ maxBytes: maxBodyBytes });
      const session = c.get('session');
      if (route.access !== 'public' && route.access !== 'signed') {
        if (session === null) throw unauthenticated();
      }
      if (STATE_CHANGING.has(c.req.method)) {
        checkOrigin(c);
        if (route.access !== 'signed' && route.noCsrf !== true && session !== null) checkCsrf({ c, deps });
      }
      if (Array.isArray(route.access) && !route.access.includes(session!.role)) throw forbiddenRole({ role: session!.role });
      let project: Project | undefined;
      const projectId = c.req.param('projectId');
      if (projectId !== undefined) {
        if (session !== null && session.role !== 'admin' && session.projectId !== projectId) throw wrongProject();
        project = (await deps.store.projects.get({ id: projectId })) ?? undefined;
        if (project === undefined) throw new NotFoundError({ entity: 'project', id: projectId });
        c.set('project', project);
      }
      const value = route.body && !route.rawBody ? await readJsonBody({ request: c.req.raw, maxBytes: maxBodyBytes }) : undefined;
      const body = route.body && !route.rawBody ? parseInput({ schema: route.body, value, where: 'body' }) : undefined;
      const query = route.query ? parseInput({ schema: route.query, value: c.req.query(), where: 'query' }) : undefined;
      const response = await route.handler({ c, deps, body, query, session, project: project as Project, param: (name) => c.req.param(name) ?? '' });
      // A signed link is a bearer secret in the URL: no cache may keep what it opened.
      if (route.access === 'signed') {
        const keepsBytes = /no-transform/.test(response.headers.get('cache-control') ?? '');
        response.headers.set('Cache-Control', keepsBytes ? 'no-store, no-transform' : 'no-store');
      }
      return response;
    });
  }
}

function checkOrigin(c: Context<WebEnv>): void {
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const forwardedHost = trustsProxy(c) ? c.req.header('x-forwarded-host') : undefined;
  const host = forwardedHost ?? c.req.header('host') ?? new URL(c.req.url).host;
  const expected = `${isHttps(c) ? 'https' : 'http'}://${host}`;
  if (origin.toLowerCase() !== expected.toLowerCase()) {
    throw new AccessError({
      code: 'BAD_ORIGIN',
      message: `Requests that change data must come from this site (${expected}); this one came from ${origin}.`,
      messageVi: 'Yêu cầu thay đổi dữ liệu phải được gửi từ chính trang này.',
      details: { origin },
    });
  }
}

function checkCsrf({ c, deps }: { c: Context<WebEnv>; deps: AppDeps }): void {
  const secret = c.get('sessionSecret');
  const sent = c.req.header(CSRF_HEADER) ?? '';
  if (secret === null || !secretsEqual({ a: sent, b: csrfTokenFor({ signingKey: deps.signingKey, sessionSecret: secret }) })) {
    throw new AccessError({
      code: 'CSRF_FAILED',
      message: `The request lacks this session's ${CSRF_HEADER} header (from GET /api/session). Reload the page and try again.`,
      messageVi: 'Phiên làm việc không khớp. Hãy tải lại trang rồi thử lại.',
    });
  }
}

export function unauthenticated(): AccessError {
  return new AccessError({
    code: 'UNAUTHENTICATED',
    message: 'Sign in first: open the invite link you were sent.',
    messageVi: 'Bạn chưa đăng nhập. Hãy mở đường dẫn mời đã được gửi cho bạn.',
  });
}

function forbiddenRole({ role }: { role: Role }): AccessError {
  return new AccessError({
    code: 'FORBIDDEN_ROLE',
    message: `Your role (${role}) cannot do this. Ask the organiser for the right link.`,
    messageVi: 'Vai trò của bạn không được phép thực hiện thao tác này. Hãy liên hệ ban tổ chức.',
    details: { role },
  });
}

function wrongProject(): AccessError {
  return new AccessError({
    code: 'WRONG_PROJECT',
    message: 'Your link gives access to another project.',
    messageVi: 'Đường dẫn của bạn dành cho một dự án khác.',
  });
}

/** Parses input with zod; the error names the first field that failed. */
export function parseInput<T>({ schema, value, where }: { schema: z.ZodType<T>; value: unknown; where: 'body' | 'query' }): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || where;
  throw new ReportageError({
    code: where === 'body' ? 'INVALID_BODY' : 'INVALID_QUERY',
    message: `${where === 'body' ? 'Field' : 'Query parameter'} "${field}" is invalid: ${issue?.message ?? 'invalid value'}.`,
    messageVi: `${where === 'body' ? 'Trường' : 'Tham số'} "${field}" không hợp lệ.`,
    details: { field },
  });
}

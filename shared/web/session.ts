import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Project, Role, Session } from '../domain/index.ts';
import { hashSecret } from '../domain/index.ts';
import type { WorkflowStore } from '../ports/index.ts';

export type { Role, Session } from '../domain/index.ts';
export { ROLES, ROLE_LABELS } from '../domain/index.ts';

/** The session cookie's name. HttpOnly: pages read the session through `GET /api/session`. */
export const SESSION_COOKIE = 'reportage_session';

/** The header state-changing requests carry (value: `session.csrfToken` from `GET /api/session`). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The Hono environment of the app: what the middleware puts on the context. Pages read
 * `c.get('session')` (null when nobody is signed in) and, on project routes, `c.get('project')`.
 */
export interface WebEnv {
  Variables: {
    session: Session | null;
    /** The session's secret id (cookie value), to derive its CSRF token. */
    sessionSecret: string | null;
    /** Set on `/api/projects/:projectId/…` routes after the access check. */
    project: Project;
  };
}

/** What `GET /api/session` returns and the pages use. */
export interface SessionView {
  role: Role;
  projectId: string | null;
  stage: string | null;
  label: string;
  inviteId: string | null;
  csrfToken: string;
  expiresAt: string;
}

/** The CSRF token of a session: bound to its secret id, so another session's token is refused. */
export function csrfTokenFor({ signingKey, sessionSecret }: { signingKey: Uint8Array; sessionSecret: string }): string {
  return createHmac('sha256', signingKey).update(`csrf.${sessionSecret}`).digest('base64url');
}

export function sessionView({ session, signingKey, sessionSecret }: { session: Session; signingKey: Uint8Array; sessionSecret: string }): SessionView {
  return {
    role: session.role,
    projectId: session.projectId,
    stage: session.stage,
    label: session.label,
    inviteId: session.inviteId,
    csrfToken: csrfTokenFor({ signingKey, sessionSecret }),
    expiresAt: session.expiresAt,
  };
}

/**
 * Reads the session cookie and looks the session up by the hash of its id. An expired session
 * is deleted and treated as none.
 */
export async function readSession({ c, workflow, now }: { c: Context; workflow: WorkflowStore; now: Date }): Promise<{ session: Session | null; secret: string | null }> {
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret === undefined || secret.length < 20 || secret.length > 200) return { session: null, secret: null };
  const idHash = hashSecret({ secret });
  const session = await workflow.sessions.get({ idHash });
  if (session === null) return { session: null, secret: null };
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await workflow.sessions.delete({ idHash });
    return { session: null, secret: null };
  }
  return { session, secret };
}

/** True when the request reached us over HTTPS (directly, or behind a proxy that says so). */
export function isHttps(c: Context): boolean {
  const forwarded = c.req.header('x-forwarded-proto');
  if (forwarded !== undefined) return forwarded.split(',')[0]!.trim().toLowerCase() === 'https';
  return new URL(c.req.url).protocol === 'https:';
}

import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Project, Role, Session } from '../domain/index.ts';
import { SESSION_IDLE_MINUTES, hashSecret, sessionNeedsTouch, sessionState } from '../domain/index.ts';
import type { WorkflowStore } from '../ports/index.ts';

export type { Role, Session } from '../domain/index.ts';
export { ROLES, ROLE_LABELS } from '../domain/index.ts';

/** The session cookie's name. HttpOnly: pages read the session through `GET /api/session`. */
export const SESSION_COOKIE = 'reportage_session';

/**
 * The cookie's name over HTTPS: the `__Host-` prefix makes the browser refuse it unless it is
 * Secure, for `/` and without a Domain, so a sibling subdomain cannot plant or widen it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

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
    /** This request's id: the `X-Request-Id` header, `requestId` in error bodies, and the log line of its error. */
    requestId: string;
    /** `X-Forwarded-*` headers are believed (REPORTAGE_TRUST_PROXY): a proxy we run sets them. */
    trustProxy: boolean;
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
 * Reads the session cookie and looks the session up by the hash of its id. An expired session,
 * one idle for `idleMinutes`, or one whose invite was revoked is deleted and treated as none.
 * The last-seen time is written every few minutes, not on every request (`sessionNeedsTouch`).
 */
export async function readSession({
  c,
  workflow,
  now,
  idleMinutes = SESSION_IDLE_MINUTES,
}: {
  c: Context;
  workflow: WorkflowStore;
  now: Date;
  idleMinutes?: number;
}): Promise<{ session: Session | null; secret: string | null }> {
  const secret = getCookie(c, sessionCookieName(c));
  if (secret === undefined || secret.length < 20 || secret.length > 200) return { session: null, secret: null };
  const idHash = hashSecret({ secret });
  const session = await workflow.sessions.get({ idHash });
  if (session === null) return { session: null, secret: null };
  if (sessionState({ session, now, idleMinutes }) !== 'valid') {
    await workflow.sessions.delete({ idHash });
    return { session: null, secret: null };
  }
  if (sessionNeedsTouch({ session, now, idleMinutes })) {
    // Revocation deletes an invite's sessions; this re-check ends any it could not see (a session
    // started while the revocation ran) within the touch interval.
    const invite = session.inviteId === null ? null : await workflow.invites.get({ id: session.inviteId });
    if (invite !== null && invite.revokedAt !== null) {
      await workflow.sessions.delete({ idHash });
      return { session: null, secret: null };
    }
    await workflow.sessions.touch({ idHash, at: now.toISOString() });
  }
  return { session, secret };
}

/** True when `X-Forwarded-*` may be believed: REPORTAGE_TRUST_PROXY says a proxy of ours sets them. */
export function trustsProxy(c: Context): boolean {
  return (c as Context<WebEnv>).var.trustProxy === true;
}

/**
 * True when the request reached us over HTTPS: directly (Lambda's function URL), or behind a
 * trusted proxy that says so in `X-Forwarded-Proto`. Without REPORTAGE_TRUST_PROXY the header is
 * whatever the client chose to send, so it is ignored.
 */
export function isHttps(c: Context): boolean {
  const forwarded = trustsProxy(c) ? c.req.header('x-forwarded-proto') : undefined;
  // The last entry is the one our proxy wrote (one that appends leaves the client's before it).
  if (forwarded !== undefined) return forwarded.split(',').at(-1)!.trim().toLowerCase() === 'https';
  return new URL(c.req.url).protocol === 'https:';
}

/** The session cookie's name for this request: `__Host-` prefixed over HTTPS. */
export function sessionCookieName(c: Context): string {
  return isHttps(c) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

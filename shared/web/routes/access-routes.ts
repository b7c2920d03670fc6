import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AccessError, RoleSchema, hashSecret, type Actor, type Session } from '../../domain/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { isHttps, sessionCookieName, sessionView, trustsProxy, type WebEnv } from '../session.ts';
import { inviteView } from '../../review/create-invite.ts';
import { revokeInvite } from '../../review/revoke-invite.ts';
import { startSession } from '../start-session.ts';
import { recordAudit } from '../../review/record-audit.ts';
import { actorOf } from '../views.ts';

export const SessionViewSchema = z.object({
  role: RoleSchema,
  projectId: z.string().nullable(),
  stage: z.string().nullable(),
  label: z.string(),
  inviteId: z.string().nullable(),
  csrfToken: z.string(),
  expiresAt: z.string(),
});

/**
 * The client address rate limits and logs count by. Behind a trusted proxy (REPORTAGE_TRUST_PROXY)
 * the last `X-Forwarded-For` hop, the one that proxy appended (earlier hops are whatever the client
 * chose to send); otherwise the socket's on Node, the caller's `sourceIp` on Lambda — an untrusted
 * `X-Forwarded-For` would let a script pick a fresh address for every guess.
 */
export function clientAddress(c: Context): string {
  const forwarded = trustsProxy(c) ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  if (forwarded) return forwarded;
  type Env = { incoming?: { socket?: { remoteAddress?: string } }; requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
  const env = c.env as Env | undefined;
  return env?.incoming?.socket?.remoteAddress ?? env?.requestContext?.http?.sourceIp ?? env?.requestContext?.identity?.sourceIp ?? 'unknown';
}

/** The invite a sign-in failure names (revoked, expired), as the audit log's actor; null for an unknown token. */
function refusedInvite(error: AccessError): { projectId: string | null; actor: Actor } | null {
  const { inviteId, projectId, role, label } = error.details;
  if (error.kind !== 'unauthorized' || typeof inviteId !== 'string' || typeof label !== 'string') return null;
  const parsedRole = RoleSchema.safeParse(role);
  if (!parsedRole.success) return null;
  return { projectId: typeof projectId === 'string' ? projectId : null, actor: { role: parsedRole.data, label, inviteId } };
}

/** A sign-in body holds one token: anybody may send one, so little is read before it is refused. */
const SIGN_IN_MAX_BYTES = 4 * 1024;

/** Sign-in by invite link, the session, sign-out. Attempts are counted before their body is read. */
export function accessRoutes({ deps }: { deps: AppDeps }) {
  const limiter = createRateLimiter({ max: deps.signInAttemptsPerMinute ?? 20, windowSeconds: 60 });
  const limit = (c: Context) => {
    const retryAfterSeconds = limiter.hit({ key: clientAddress(c), now: deps.clock.now() });
    if (retryAfterSeconds !== null) {
      throw new AccessError({
        code: 'RATE_LIMITED',
        message: `Too many sign-in attempts from this address; wait ${retryAfterSeconds} s and try again.`,
        messageVi: `Quá nhiều lần đăng nhập từ địa chỉ này; hãy chờ ${retryAfterSeconds} giây rồi thử lại.`,
        details: { retryAfterSeconds },
      });
    }
  };
  const signIn = async (c: Context<WebEnv>, token: string) => {
    const { session, secret } = await startSession({
      deps,
      token,
      auditDetails: { ip: clientAddress(c) },
      ...(deps.sessionPolicy ? { lifetimeHours: deps.sessionPolicy.lifetimeHours } : {}),
    }).catch(async (error: unknown) => {
      // A revoked or expired link that someone still uses goes to its project's audit log; a token
      // that matches nothing (a guess, a truncated copy) is only logged: it names no project or person.
      const refused = error instanceof AccessError ? refusedInvite(error) : null;
      if (refused !== null) {
        await recordAudit({
          deps,
          projectId: refused.projectId,
          actor: refused.actor,
          action: 'session.refused',
          subject: refused.actor.inviteId!,
          details: { code: (error as AccessError).code, ip: clientAddress(c) },
        });
      } else if (error instanceof AccessError && error.kind === 'unauthorized') {
        deps.log.warn('sign-in refused', { code: error.code, ip: clientAddress(c) });
      }
      throw error;
    });
    const seconds = Math.max(1, Math.floor((Date.parse(session.expiresAt) - deps.clock.now().getTime()) / 1000));
    setCookie(c, sessionCookieName(c), secret, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: seconds });
    return { session, secret };
  };
  const view = (session: Session, secret: string) => sessionView({ session, signingKey: deps.signingKey, sessionSecret: secret });

  return [
    defineRoute<undefined, undefined>({
      method: 'post',
      path: '/i/:token',
      access: 'public',
      tag: 'access',
      summary: "Sign in with an invite link: the button of the link's page (GET /i/{token} only shows it). Starts a session and redirects home (303).",
      status: 303,
      noCsrf: true,
      beforeBody: limit,
      maxBodyBytes: SIGN_IN_MAX_BYTES,
      handler: async ({ c, param }) => {
        try {
          await signIn(c, param('token'));
          return c.redirect('/', 303);
        } catch (error) {
          if (error instanceof AccessError && error.kind === 'unauthorized') return c.redirect(`/?signin=${error.code}`, 303);
          throw error;
        }
      },
    }),
    defineRoute<{ token: string }, undefined>({
      method: 'post',
      path: '/api/session',
      access: 'public',
      tag: 'access',
      summary: 'Sign in with an invite token (rate-limited per address).',
      status: 200,
      noCsrf: true,
      beforeBody: limit,
      maxBodyBytes: SIGN_IN_MAX_BYTES,
      body: z.object({ token: z.string().min(1).max(200) }),
      response: z.object({ session: SessionViewSchema }),
      handler: async ({ c, body }) => {
        const { session, secret } = await signIn(c, body.token);
        return c.json({ session: view(session, secret) }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/invites',
      access: ['admin'],
      tag: 'access',
      summary: 'The admin sign-in links (made by `reportage admin-token` or `serve`), never their tokens.',
      status: 200,
      handler: async ({ c }) => c.json({ invites: (await deps.workflow.invites.list({ projectId: null })).map(inviteView) }, 200),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/invites/:inviteId',
      access: ['admin'],
      tag: 'access',
      summary: 'Revoke any invite link, an admin one included: its sessions, signed part URLs and download links end at once.',
      status: 200,
      handler: async ({ c, param, session }) => {
        const { invite, sessionsEnded, uploadsAborted } = await revokeInvite({ deps, inviteId: param('inviteId'), projectId: null, actor: actorOf(session!) });
        return c.json({ invite: inviteView(invite), sessionsEnded, uploadsAborted }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/session',
      access: ['admin', 'editor', 'contributor', 'reviewer', 'broadcaster'],
      tag: 'access',
      summary: 'The current session, with its CSRF token.',
      status: 200,
      response: z.object({ session: SessionViewSchema }),
      handler: async ({ c, session }) => c.json({ session: view(session!, c.get('sessionSecret')!) }, 200),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/session',
      access: ['admin', 'editor', 'contributor', 'reviewer', 'broadcaster'],
      tag: 'access',
      summary: 'Sign out.',
      status: 200,
      handler: async ({ c }) => {
        await deps.workflow.sessions.delete({ idHash: hashSecret({ secret: c.get('sessionSecret')! }) });
        deleteCookie(c, sessionCookieName(c), { path: '/', secure: isHttps(c) });
        return c.json({ ok: true }, 200);
      },
    }),
  ];
}

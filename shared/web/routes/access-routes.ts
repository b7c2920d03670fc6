import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AccessError, RoleSchema, hashSecret, type Session } from '../../domain/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { defineRoute } from '../define-route.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { SESSION_COOKIE, isHttps, sessionView, type WebEnv } from '../session.ts';
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
 * The client address rate limits count by: the socket's on Node; behind a proxy (Lambda function
 * URL, tests) the last `X-Forwarded-For` hop, the one the proxy itself appended — earlier hops are
 * whatever the client chose to send.
 */
export function clientAddress(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return socket ?? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() ?? 'unknown';
}

/** Sign-in by invite link, the session, sign-out. */
export function accessRoutes({ deps }: { deps: AppDeps }) {
  const limiter = createRateLimiter({ max: deps.signInAttemptsPerMinute ?? 20, windowSeconds: 60 });
  const limit = (c: Context) => {
    const retryAfterSeconds = limiter.hit({ key: clientAddress(c), now: deps.clock.now() });
    if (retryAfterSeconds !== null) {
      throw new AccessError({
        code: 'RATE_LIMITED',
        kind: 'forbidden',
        message: `Too many sign-in attempts from this address; wait ${retryAfterSeconds} s and try again.`,
        messageVi: `Quá nhiều lần đăng nhập từ địa chỉ này; hãy chờ ${retryAfterSeconds} giây rồi thử lại.`,
        details: { retryAfterSeconds },
      });
    }
  };
  const signIn = async (c: Context<WebEnv>, token: string) => {
    const { session, secret } = await startSession({ deps, token });
    await recordAudit({ deps, projectId: session.projectId, actor: actorOf(session), action: 'session.start', subject: session.inviteId ?? 'admin', details: { ip: clientAddress(c) } });
    const seconds = Math.max(1, Math.floor((Date.parse(session.expiresAt) - deps.clock.now().getTime()) / 1000));
    setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: seconds });
    return { session, secret };
  };
  const view = (session: Session, secret: string) => sessionView({ session, signingKey: deps.signingKey, sessionSecret: secret });

  return [
    defineRoute<undefined, undefined>({
      method: 'get',
      path: '/i/:token',
      access: 'public',
      tag: 'access',
      summary: 'Open an invite link: starts a session and redirects to the home page (303).',
      status: 303,
      handler: async ({ c, param }) => {
        limit(c);
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
      body: z.object({ token: z.string().min(1).max(200) }),
      response: z.object({ session: SessionViewSchema }),
      handler: async ({ c, body }) => {
        limit(c);
        const { session, secret } = await signIn(c, body.token);
        return c.json({ session: view(session, secret) }, 200);
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
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true }, 200);
      },
    }),
  ];
}

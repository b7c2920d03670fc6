import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../shared/domain/index.ts';
import { createApp } from '../../../shared/web/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { makeWebHarness, type WebHarness } from './web-harness.ts';

/** Session lifetime and idle timeout are settings (REPORTAGE_SESSION_HOURS, REPORTAGE_SESSION_IDLE_MINUTES). */
describe('session lifetime and idle timeout', () => {
  let h: WebHarness;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    h = await makeWebHarness();
    app = createApp({ deps: { ...h.deps, sessionPolicy: { lifetimeHours: 2, idleMinutes: 30 } } });
  });
  afterAll(async () => h.close());

  const signIn = async ({ expiresInHours = 24 }: { expiresInHours?: number } = {}) => {
    const { token } = await createInvite({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: h.project,
      input: { role: 'editor', label: 'Ban Thông tin', expiresInHours },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });
    const response = await app.request(`/i/${token}`, { method: 'POST' });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!;
    return { cookie: cookie.split(';')[0]!, header: cookie, secret: cookie.split(';')[0]!.split('=')[1]! };
  };
  const sessionStatus = async (cookie: string) => (await app.request('/api/session', { headers: { cookie } })).status;

  it('lasts the configured lifetime, never past its invite, and the cookie says so', async () => {
    const { cookie, header } = await signIn();
    expect(header).toMatch(/Max-Age=7200/);
    const { session } = (await (await app.request('/api/session', { headers: { cookie } })).json()) as { session: { expiresAt: string } };
    expect(Date.parse(session.expiresAt) - h.clock.now().getTime()).toBe(2 * 3600_000);
    const short = await signIn({ expiresInHours: 1 });
    expect(short.header).toMatch(/Max-Age=3600/);
    // Kept busy (a request every 20 minutes), it still ends at its lifetime.
    for (let i = 0; i < 5; i++) {
      h.clock.advance(20 * 60_000);
      expect(await sessionStatus(cookie)).toBe(200);
    }
    h.clock.advance(21 * 60_000);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('ends a session left unused for the idle timeout; use keeps it alive', async () => {
    const { cookie, secret } = await signIn();
    h.clock.advance(20 * 60_000);
    expect(await sessionStatus(cookie)).toBe(200);
    expect((await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) }))?.lastSeenAt).toBe(h.clock.now().toISOString());
    h.clock.advance(25 * 60_000);
    expect(await sessionStatus(cookie)).toBe(200);
    h.clock.advance(30 * 60_000);
    const idle = await app.request('/api/session', { headers: { cookie } });
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect(await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) })).toBeNull();
  });

  it('does not write the last-seen time on every request', async () => {
    const { cookie, secret } = await signIn();
    h.clock.advance(60_000);
    expect(await sessionStatus(cookie)).toBe(200);
    expect((await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) }))?.lastSeenAt).toBeUndefined();
  });

  it('ends a session whose invite was revoked behind its back (a session the revocation did not see)', async () => {
    const { cookie, secret } = await signIn();
    const session = await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) });
    // Revoked in the store without deleting sessions: what a revocation racing the sign-in leaves.
    await h.backend.workflow.invites.revoke({ id: session!.inviteId!, at: h.clock.now().toISOString() });
    h.clock.advance(3 * 60_000);
    expect(await sessionStatus(cookie)).toBe(401);
    expect(await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) })).toBeNull();
  });
});

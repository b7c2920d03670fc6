import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../shared/domain/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { makeWebHarness, ORIGIN, PROJECT_ID, type WebHarness } from './web-harness.ts';

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** Sign-in by invite link, the session cookie, CSRF and Origin checks, revocation, expiry, rate limit. */
describe('web access', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await makeWebHarness({ signInAttemptsPerMinute: 5 });
  });
  afterAll(async () => h.close());

  const invite = async (role: 'editor' | 'contributor' = 'contributor', expiresInHours = 24) =>
    createInvite({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: h.project,
      input: { role, label: 'Hội Tin học', expiresInHours },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });

  it('stores only hashes of invite tokens and session ids', async () => {
    const { invite: made, token } = await invite();
    const stored = await h.backend.workflow.invites.get({ id: made.id });
    expect(stored?.tokenHash).toBe(hashSecret({ secret: token }));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const response = await h.app.request(`/i/${token}`, { method: 'POST', headers: { 'x-forwarded-for': '10.1.0.1' } });
    const secret = /reportage_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    expect(await h.backend.workflow.sessions.get({ idHash: hashSecret({ secret }) })).not.toBeNull();
    expect(await h.backend.workflow.sessions.get({ idHash: secret })).toBeNull();
  });

  it("signs in with the invite link page's button into an HttpOnly, SameSite=Lax cookie and redirects home; Secure behind HTTPS", async () => {
    const { token } = await invite();
    const plain = await h.app.request(`/i/${token}`, { method: 'POST', headers: { 'x-forwarded-for': '10.1.0.2' } });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe('/');
    const cookie = plain.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const secure = await h.app.request(`/i/${token}`, { method: 'POST', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.1.0.2' } });
    expect(secure.headers.get('set-cookie')).toMatch(/Secure/);
    const session = await h.app.request('/api/session', { headers: { cookie: cookie.split(';')[0]! } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ session: { role: 'contributor', projectId: PROJECT_ID, label: 'Hội Tin học' } });
  });

  it("refuses a state-changing request without the CSRF token, with another session's token, or from another origin", async () => {
    const editor = await h.signIn({ role: 'editor' });
    const other = await h.signIn({ role: 'editor' });
    const cut = { cut: { schemaVersion: 1, projectId: PROJECT_ID, id: 'csrf', title: 'x', shots: [] }, expectedRevision: 0 };
    const noToken = await h.app.request(`/api/projects/${PROJECT_ID}/cuts/csrf`, {
      method: 'PUT',
      headers: { cookie: editor.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(cut),
    });
    expect(noToken.status).toBe(403);
    expect(await errorCode(noToken)).toBe('CSRF_FAILED');
    const wrongToken = await h.app.request(`/api/projects/${PROJECT_ID}/cuts/csrf`, {
      method: 'PUT',
      headers: { cookie: editor.cookie, 'x-csrf-token': other.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(cut),
    });
    expect(wrongToken.status).toBe(403);
    const foreign = await editor.request(`/api/projects/${PROJECT_ID}/cuts/csrf`, { method: 'PUT', json: cut, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await errorCode(foreign)).toBe('BAD_ORIGIN');
    const same = await editor.request(`/api/projects/${PROJECT_ID}/cuts/csrf`, { method: 'PUT', json: cut, headers: { origin: ORIGIN } });
    expect(same.status).toBe(200);
    expect(await h.backend.workflow.cuts.get({ projectId: PROJECT_ID, cutId: 'csrf' })).not.toBeNull();
  });

  it('refuses an expired invite and a revoked one, and revoking ends the sessions it started', async () => {
    const { token: expiring } = await invite('contributor', 1);
    h.clock.advance(2 * 3600_000);
    const expired = await h.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.2.0.1' },
      body: JSON.stringify({ token: expiring }),
    });
    expect(expired.status).toBe(401);
    expect(await errorCode(expired)).toBe('INVITE_EXPIRED');
    const link = await h.app.request(`/i/${expiring}`, { method: 'POST', headers: { 'x-forwarded-for': '10.2.0.1' } });
    expect(link.headers.get('location')).toBe('/?signin=INVITE_EXPIRED');

    const admin = await h.signIn({ role: 'admin' });
    const contributor = await h.signIn({ role: 'contributor' });
    expect((await contributor.request('/api/session')).status).toBe(200);
    const revoke = await admin.request(`/api/projects/${PROJECT_ID}/invites/${contributor.inviteId}`, { method: 'DELETE' });
    expect(revoke.status).toBe(200);
    expect((await contributor.request('/api/session')).status).toBe(401);
    const { token } = (await (
      await admin.request(`/api/projects/${PROJECT_ID}/invites`, { method: 'POST', json: { role: 'broadcaster', label: 'Đài PT-TH Hải Phòng' } })
    ).json()) as { token: string; invite: { id: string } };
    const invites = (await (await admin.request(`/api/projects/${PROJECT_ID}/invites`)).json()) as { invites: { id: string; label: string }[] };
    const made = invites.invites.find((i) => i.label === 'Đài PT-TH Hải Phòng')!;
    expect(JSON.stringify(invites)).not.toContain('tokenHash');
    await admin.request(`/api/projects/${PROJECT_ID}/invites/${made.id}`, { method: 'DELETE' });
    const revoked = await h.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.2.0.2' },
      body: JSON.stringify({ token }),
    });
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe('INVITE_REVOKED');
    const audit = (await (await admin.request(`/api/projects/${PROJECT_ID}/audit`)).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['invite.create', 'invite.revoke']));
  });

  it('requires a reviewer invite to name a stage of the chain', async () => {
    const admin = await h.signIn({ role: 'admin' });
    const missing = await admin.request(`/api/projects/${PROJECT_ID}/invites`, { method: 'POST', json: { role: 'reviewer', label: 'Ban Thường vụ' } });
    expect(missing.status).toBe(400);
    const unknown = await admin.request(`/api/projects/${PROJECT_ID}/invites`, {
      method: 'POST',
      json: { role: 'reviewer', stage: 'khong-co', label: 'Ban Thường vụ' },
    });
    expect(await errorCode(unknown)).toBe('UNKNOWN_STAGE');
    const ok = await admin.request(`/api/projects/${PROJECT_ID}/invites`, {
      method: 'POST',
      json: { role: 'reviewer', stage: 'ban-thuong-vu', label: 'Ban Thường vụ' },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ invite: { role: 'reviewer', stage: 'ban-thuong-vu' }, url: expect.stringMatching(/^\/i\/[A-Za-z0-9_-]{43}$/) });
  });

  it('rate-limits token guessing per address with 429 and Retry-After', async () => {
    const guess = (ip: string) =>
      h.app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ token: 'A'.repeat(43) }),
      });
    for (let i = 0; i < 5; i++) expect((await guess('10.9.9.9')).status).toBe(401);
    const limited = await guess('10.9.9.9');
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.app.request(`/i/${'B'.repeat(43)}`, { method: 'POST', headers: { 'x-forwarded-for': '10.9.9.9' } })).status).toBe(429);
    expect((await guess('10.9.9.10')).status).toBe(401);
    h.clock.advance(61_000);
    expect((await guess('10.9.9.9')).status).toBe(401);
  });

  it('signs out', async () => {
    const editor = await h.signIn({ role: 'editor' });
    expect((await editor.request('/api/session', { method: 'DELETE' })).status).toBe(200);
    expect((await editor.request('/api/session')).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportageError, StoreError } from '../../../shared/domain/index.ts';
import type { Logger } from '../../../shared/ports/index.ts';
import { createApp } from '../../../shared/web/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { makeWebHarness, PROJECT_ID, type WebHarness } from './web-harness.ts';

type ErrorBody = { error: { code: string; message: string; messageVi: string; requestId: string } };

/** A logger that keeps its lines, to find an error by the request id its answer showed. */
function captureLog() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

/** Issue 14, items 5 (error bodies) and 6 (headers, proxy trust), through `app.request`. */
describe('error bodies and security headers', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await makeWebHarness();
  });
  afterAll(async () => h.close());

  /** The harness's app with `projects.get` throwing `error`, and a log to read. */
  const failingApp = (error: unknown) => {
    const { log, lines } = captureLog();
    const projects = { ...h.deps.store.projects, get: async () => Promise.reject(error) };
    const app = createApp({ deps: { ...h.deps, log, store: { ...h.deps.store, projects } } });
    return { app, lines };
  };

  it('answers a 5xx with a generic text and the request id; the log keeps the detail under that id', async () => {
    const editor = await h.signIn({ role: 'editor' });
    const causes = [
      new Error(`SQLITE_CORRUPT: database disk image is malformed (${h.dir}/reportage.db)`),
      new StoreError({
        code: 'DATABASE_FAILED',
        message: `open of ${h.dir}/reportage.db failed: SQLITE_CANTOPEN`,
        messageVi: `Không mở được ${h.dir}/reportage.db`,
      }),
    ];
    for (const cause of causes) {
      const { app, lines } = failingApp(cause);
      const response = await app.request(`/api/projects/${PROJECT_ID}`, { headers: { cookie: editor.cookie } });
      expect(response.status).toBe(500);
      const text = await response.text();
      const { error } = JSON.parse(text) as ErrorBody;
      expect(error.code).toBe('INTERNAL');
      expect(error.messageVi).toMatch(/lỗi hệ thống/);
      expect(error.requestId).toBe(response.headers.get('x-request-id'));
      expect(text).not.toContain(h.dir);
      expect(text).not.toMatch(/SQLITE|reportage\.db/);
      const logged = lines.find((line) => line.level === 'error' && line.fields.requestId === error.requestId);
      expect(logged?.fields.error).toBe(cause);
    }
  });

  it('shows a 4xx message without paths, ARNs or SQL, and logs the original under the request id', async () => {
    const editor = await h.signIn({ role: 'editor' });
    const pathy = new StoreError({
      code: 'ORIGINAL_BUSY',
      message: `The record is locked by ${h.dir}/uploads/abc/part-00001.`,
      messageVi: `Bản ghi đang bị khoá (${h.dir}/uploads).`,
    });
    const { app, lines } = failingApp(pathy);
    const response = await app.request(`/api/projects/${PROJECT_ID}`, { headers: { cookie: editor.cookie } });
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'ORIGINAL_BUSY', message: 'The record is locked by ….', messageVi: 'Bản ghi đang bị khoá (…).' });
    expect(lines.find((line) => line.level === 'warn' && line.fields.requestId === error.requestId)?.fields.error).toBe(pathy);

    for (const message of [
      'SqliteError: UNIQUE constraint failed: invites.token_hash',
      'AccessDenied: arn:aws:iam::123456789012:role/reportage-api is not allowed s3:GetObject',
    ]) {
      const { app: other } = failingApp(new ReportageError({ code: 'INVALID_METADATA', message, messageVi: 'Không được.' }));
      const answer = await other.request(`/api/projects/${PROJECT_ID}`, { headers: { cookie: editor.cookie } });
      expect(answer.status).toBe(400);
      const text = await answer.text();
      expect(text).not.toMatch(/Sqlite|token_hash|arn:aws|123456789012/);
      expect((JSON.parse(text) as ErrorBody).error.requestId).toBe(answer.headers.get('x-request-id'));
    }
  });

  it('sets the CSP, Referrer-Policy and no-store on the API; a signed link is never cached', async () => {
    const page = await h.app.request('/upload');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await h.anonymous.request('/api/session');
    expect(api.headers.get('cache-control')).toBe('no-store');

    const contributor = await h.signIn({ role: 'contributor' });
    const created = await contributor.request(`/api/projects/${PROJECT_ID}/uploads`, {
      method: 'POST',
      json: { filename: 'a.jpg', sizeBytes: 10, metadata: { kind: 'photo' } },
    });
    const { uploadId } = (await created.json()) as { uploadId: string };
    const { url } = (await (await contributor.request(`/api/projects/${PROJECT_ID}/uploads/${uploadId}/parts/1`)).json()) as { url: string };
    const put = await h.app.request(url, { method: 'PUT', body: new Uint8Array(10) });
    expect(put.status).toBe(200);
    expect(put.headers.get('cache-control')).toBe('no-store');
  });

  it('believes X-Forwarded-* only with trustProxy: then HSTS and a __Host- Secure cookie; without it, neither, and one rate limit for all', async () => {
    const tokenFor = async (harness: WebHarness) =>
      (
        await createInvite({
          deps: { workflow: harness.backend.workflow, clock: harness.clock },
          project: harness.project,
          input: { role: 'contributor', label: 'proxy' },
          actor: { role: 'admin', label: 'test', inviteId: null },
        })
      ).token;
    const signIn = (harness: WebHarness, token: string, headers: Record<string, string>) =>
      harness.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) });

    const trusted = await signIn(h, await tokenFor(h), { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('set-cookie')).toMatch(/^__Host-reportage_session=[^;]+;.*Path=\/;.*Secure/);
    expect(trusted.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const cookie = trusted.headers.get('set-cookie')!.split(';')[0]!;
    expect((await h.app.request('/api/session', { headers: { cookie, 'x-forwarded-proto': 'https' } })).status).toBe(200);
    // The prefixed cookie is not read over plain HTTP, nor the plain one over HTTPS.
    expect((await h.app.request('/api/session', { headers: { cookie } })).status).toBe(401);

    const direct = await makeWebHarness({ trustProxy: false, signInAttemptsPerMinute: 2 });
    try {
      const plain = await signIn(direct, await tokenFor(direct), { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.8' });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('set-cookie')).toMatch(/^reportage_session=/);
      expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      // Each guess claims another address; without a trusted proxy they all count as one client.
      const guesses = [];
      for (let i = 0; i < 2; i++) guesses.push((await signIn(direct, 'A'.repeat(43), { 'x-forwarded-for': `203.0.113.${i}` })).status);
      expect(guesses).toEqual([401, 429]);
    } finally {
      await direct.close();
    }
  });
});

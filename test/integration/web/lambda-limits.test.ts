import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../shared/web/index.ts';
import { makeWebHarness, type WebHarness } from './web-harness.ts';

/**
 * The same limits when the app runs as the API function behind a Lambda function URL: the body
 * comes already buffered, the client address is the event's `sourceIp`, the URL is https.
 */
describe('the web app on Lambda (function URL events)', () => {
  let h: WebHarness;
  let invoke: ReturnType<typeof handle>;
  beforeAll(async () => {
    h = await makeWebHarness({ signInAttemptsPerMinute: 3 });
    invoke = handle(createApp({ deps: { ...h.deps, backend: 'aws', trustProxy: false } }));
  });
  afterAll(async () => h.close());

  const post = async ({ path, body, sourceIp, headers = {} }: { path: string; body: string; sourceIp: string; headers?: Record<string, string> }) => {
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'abc.lambda-url.ap-southeast-1.on.aws', 'content-type': 'application/json', ...headers },
      requestContext: {
        http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
        domainName: 'abc.lambda-url.ap-southeast-1.on.aws',
        requestId: 'r',
        stage: '$default',
        timeEpoch: Date.now(),
      },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    } as unknown as Parameters<typeof invoke>[0];
    const response = (await invoke(event)) as { statusCode: number; body: string; headers: Record<string, string>; cookies?: string[] };
    return { ...response, error: response.statusCode >= 400 ? (JSON.parse(response.body) as { error: { code: string; requestId: string } }).error : null };
  };

  it('refuses a JSON body over the limit with 413 and deep nesting with 400', async () => {
    const big = await post({ path: '/api/session', body: `{"token":"${'A'.repeat(5 * 1024)}"}`, sourceIp: '198.51.100.1' });
    expect(big.statusCode).toBe(413);
    expect(big.error?.code).toBe('BODY_TOO_LARGE');
    expect(big.error?.requestId).toBe(big.headers['x-request-id']);
    const deep = await post({ path: '/api/session', body: `${'['.repeat(200)}${']'.repeat(200)}`, sourceIp: '198.51.100.2' });
    expect(deep.statusCode).toBe(400);
    expect(deep.error?.code).toBe('INVALID_JSON');
  });

  it("rate-limits sign-in by the caller's sourceIp, not by a forged X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await post({
            path: '/api/session',
            body: JSON.stringify({ token: 'A'.repeat(43) }),
            sourceIp: '198.51.100.3',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await post({ path: '/api/session', body: JSON.stringify({ token: 'A'.repeat(43) }), sourceIp: '198.51.100.4' })).statusCode).toBe(401);
  });

  it('is HTTPS: a __Host- cookie, HSTS and the AWS CSP', async () => {
    const { createInvite } = await import('../../../shared/review/create-invite.ts');
    const { token } = await createInvite({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: h.project,
      input: { role: 'contributor', label: 'lambda' },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });
    const signIn = await post({ path: '/api/session', body: JSON.stringify({ token }), sourceIp: '198.51.100.5' });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies?.[0] ?? signIn.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(/^__Host-reportage_session=.*Secure/);
    expect(signIn.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(signIn.headers['content-security-policy']).toMatch(/connect-src 'self' https:/);
  });
});

import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { readOrCreateDynamoSigningKey } from '../../../shared/adapters/aws/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { createApp } from '../../../shared/web/create-app.ts';
import { createInvite } from '../../../shared/web/create-invite.ts';
import type { JobBody } from '../../../shared/domain/index.ts';
import { apiDeps } from '../../../functions/lib/api-deps.ts';
import { createIngestHandler } from '../../../functions/ingest.ts';
import { useLambdaRuntime } from './lambda-test-runtime.ts';

const lambda = useLambdaRuntime({
  prefix: 'reportage-lambda-',
  onOpen: async () => {
    await lambda.runtime.backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date('2026-11-01T00:00:00Z') }) });
  },
});


/** An S3 notification as S3 sends it: the key URL-encoded, spaces as "+". */
const s3Event = (key: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: lambda.resources.buckets.originals }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), size: 1 } },
    },
  ],
});

const drop = async ({ key, body, metadata = {} }: { key: string; body: Uint8Array; metadata?: Record<string, string> }) =>
  lambda.resources.clients.s3.send(new PutObjectCommand({ Bucket: lambda.resources.buckets.originals, Key: key, Body: body, Metadata: metadata }));
const exists = async (key: string) =>
  lambda.resources.clients.s3.send(new HeadObjectCommand({ Bucket: lambda.resources.buckets.originals, Key: key })).then(
    () => true,
    () => false,
  );

describe('ingest function', () => {
  it('takes a file dropped under incoming/<project>/ in: original by SHA-256, asset with its metadata, ingest job queued, drop removed', async () => {
    const bytes = new Uint8Array(Buffer.from('pretend interview bytes, probed later by the worker'));
    const key = 'incoming/dai-hoi-2026/Phỏng vấn ông Nguyễn.mp4';
    await drop({ key, body: bytes, metadata: { kind: 'interview', 'speaker-name': encodeURIComponent('Nguyễn Văn An'), 'speaker-position': encodeURIComponent('Chủ tịch Hội') } });
    const handler = createIngestHandler({ runtime: async () => lambda.runtime });

    const { files } = await handler(s3Event(key));
    expect(files).toEqual([{ key, outcome: 'ingested', assetId: expect.any(String) }]);
    const asset = await lambda.runtime.backend.store.assets.get({ id: (files[0] as { assetId: string }).assetId });
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(asset).toMatchObject({
      projectId: 'dai-hoi-2026',
      kind: 'interview',
      originalName: 'Phỏng vấn ông Nguyễn.mp4',
      speaker: { name: 'Nguyễn Văn An', position: 'Chủ tịch Hội' },
      original: { key: `originals/${sha}`, sha256: sha, sizeBytes: bytes.length },
      status: 'queued',
    });
    expect(await exists(`originals/${sha}`)).toBe(true);
    expect(await exists(key)).toBe(false);
    const jobs = await lambda.runtime.backend.queue.list({ state: 'ready' });
    expect(jobs.map((job) => job.body)).toEqual([{ type: 'ingest', projectId: 'dai-hoi-2026', assetId: asset!.id }]);

    // The same bytes dropped again under another name: the existing asset, nothing stored twice.
    await drop({ key: 'incoming/dai-hoi-2026/copy.mp4', body: bytes });
    expect((await handler(s3Event('incoming/dai-hoi-2026/copy.mp4'))).files).toEqual([{ key: 'incoming/dai-hoi-2026/copy.mp4', outcome: 'duplicate', assetId: asset!.id }]);
  });

  it('leaves a file for an unknown project where it is, reported as rejected; ignores keys outside incoming/', async () => {
    await drop({ key: 'incoming/khong-co/a.mp4', body: new Uint8Array([1, 2, 3]) });
    const handler = createIngestHandler({ runtime: async () => lambda.runtime });
    const { files } = await handler(s3Event('incoming/khong-co/a.mp4'));
    expect(files).toEqual([{ key: 'incoming/khong-co/a.mp4', outcome: 'rejected', reason: expect.stringContaining('NOT_FOUND') }]);
    expect(await exists('incoming/khong-co/a.mp4')).toBe(true);
    expect((await handler(s3Event('uploads/abc'))).files).toEqual([{ key: 'uploads/abc', outcome: 'ignored', reason: expect.any(String) }]);
  });
});

describe('api function wiring', () => {
  it('serves the web app from a function URL event, with the signing key kept in the table', async () => {
    const app = handle(createApp({ deps: await apiDeps({ runtime: lambda.runtime }) }));
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/healthz',
      rawQueryString: '',
      headers: { host: 'abc.lambda-url.ap-southeast-1.on.aws' },
      requestContext: { http: { method: 'GET', path: '/healthz', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' }, domainName: 'abc.lambda-url.ap-southeast-1.on.aws', requestId: 'r', stage: '$default', timeEpoch: Date.now() },
      isBase64Encoded: false,
    } as unknown as Parameters<typeof app>[0];
    const response = (await app(event)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, backend: 'aws' });
    const key = await readOrCreateDynamoSigningKey({ table: lambda.runtime.backend.table });
    expect(key.length).toBe(32);
    expect(await readOrCreateDynamoSigningKey({ table: lambda.runtime.backend.table })).toEqual(key);
  });

  it('starts renders without ffmpeg: a render POST answers 202 with a queued render and one render-start job on the queue', async () => {
    const app = createApp({ deps: await apiDeps({ runtime: lambda.runtime }) });
    const project = (await lambda.runtime.backend.store.projects.get({ id: 'dai-hoi-2026' }))!;
    const { token } = await createInvite({ deps: { workflow: lambda.runtime.backend.workflow, clock: lambda.runtime.deps.clock }, project, input: { role: 'editor', label: 'Ban Thông tin' }, actor: { role: 'admin', label: 'test', inviteId: null } });
    const signIn = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.7' }, body: JSON.stringify({ token }) });
    expect(signIn.status).toBe(200);
    const headers = { cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': ((await signIn.json()) as { session: { csrfToken: string } }).session.csrfToken, 'content-type': 'application/json' };
    const P = '/api/projects/dai-hoi-2026';
    const cut = { schemaVersion: 1, projectId: 'dai-hoi-2026', id: 'phong-su', title: 'Phóng sự Đại hội', kind: 'teaser', shots: [{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 50 }] };
    expect((await app.request(`${P}/cuts/phong-su`, { method: 'PUT', headers, body: JSON.stringify({ cut, expectedRevision: 0 }) })).status).toBe(200);

    const started = await app.request(`${P}/cuts/phong-su/render`, { method: 'POST', headers });
    expect(started.status).toBe(202);
    const { render, version } = (await started.json()) as { render: { id: string; status: string; progress: { phase: string } }; version: { id: string } };
    expect(render).toMatchObject({ status: 'queued', progress: { phase: 'queued' } });
    const jobs = await lambda.runtime.backend.queue.list({ state: 'ready' });
    expect(jobs.map((job) => job.body)).toEqual([{ type: 'render-start', renderId: render.id, versionId: version.id, profileId: 'review' } satisfies JobBody]);
    // Polled by the page: still queued until a worker plans it; a second click returns the same render.
    const polled = await app.request(`${P}/renders/${render.id}`, { headers });
    expect(((await polled.json()) as { render: { status: string } }).render.status).toBe('queued');
    const again = await app.request(`${P}/cuts/phong-su/render`, { method: 'POST', headers });
    expect(((await again.json()) as { render: { id: string } }).render.id).toBe(render.id);
    expect(await lambda.runtime.backend.queue.list({ state: 'ready' })).toHaveLength(1);
  });
});

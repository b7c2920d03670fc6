import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { parseSigningKeySecret } from '../../../shared/adapters/aws/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { createApp } from '../../../shared/web/create-app.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import type { JobBody } from '../../../shared/domain/index.ts';
import { apiDeps } from '../../../functions/lib/api-deps.ts';
import { createIngestHandler } from '../../../functions/ingest.ts';
import { createWorkerHandler } from '../../../functions/worker.ts';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readFile } from 'node:fs/promises';
import { deniedCalls, describeDenials } from '../../helpers/aws-iam/evaluate-calls.ts';
import { readRolePolicies } from '../../helpers/aws-iam/role-policies.ts';
import { makePhoneClip } from '../../helpers/make-media.ts';
import { asFunction } from '../../helpers/aws-iam/record-aws-calls.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { invokeApi, invokeFunction, useLambdaRuntime } from './lambda-test-runtime.ts';

const lambda = useLambdaRuntime({
  prefix: 'reportage-lambda-',
  onOpen: async () => {
    await lambda.runtime.backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date('2026-11-01T00:00:00Z') }) });
  },
});

/** An S3 notification as S3 sends it: the key URL-encoded, spaces as "+". */
const s3Event = (key: string, eventName = 'ObjectCreated:Put') => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName,
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

/** The ingest function invoked as S3 invokes it (limits, IAM attribution: lambda-test-runtime.ts). */
const ingestFunction = () => (event: unknown) =>
  invokeFunction({ fn: 'ingest', handler: createIngestHandler({ runtime: async () => lambda.runtime }), event, tmpDir: lambda.dataDir });
/** The api's dependencies, opened as its cold start does (the signing key read or made in the table). */
const openApiDeps = () => asFunction('api', () => apiDeps({ runtime: lambda.runtime }));

describe('ingest function', () => {
  it('takes a file dropped under incoming/<project>/ in: original by SHA-256, asset with its metadata, ingest job queued, drop removed', async () => {
    const bytes = new Uint8Array(Buffer.from('pretend interview bytes, probed later by the worker'));
    const key = 'incoming/dai-hoi-2026/Phỏng vấn ông Nguyễn.mp4';
    await drop({
      key,
      body: bytes,
      metadata: { kind: 'interview', 'speaker-name': encodeURIComponent('Nguyễn Văn An'), 'speaker-position': encodeURIComponent('Chủ tịch Hội') },
    });
    const handler = ingestFunction();

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
    expect((await handler(s3Event('incoming/dai-hoi-2026/copy.mp4'))).files).toEqual([
      { key: 'incoming/dai-hoi-2026/copy.mp4', outcome: 'duplicate', assetId: asset!.id },
    ]);
  });

  it('leaves a file for an unknown project where it is, reported as rejected; ignores keys outside incoming/', async () => {
    await drop({ key: 'incoming/khong-co/a.mp4', body: new Uint8Array([1, 2, 3]) });
    const handler = ingestFunction();
    const { files } = await handler(s3Event('incoming/khong-co/a.mp4'));
    expect(files).toEqual([{ key: 'incoming/khong-co/a.mp4', outcome: 'rejected', reason: expect.stringContaining('NOT_FOUND') }]);
    expect(await exists('incoming/khong-co/a.mp4')).toBe(true);
    expect((await handler(s3Event('uploads/abc'))).files).toEqual([{ key: 'uploads/abc', outcome: 'ignored', reason: expect.any(String) }]);
  });
});

describe('api function wiring', () => {
  it('serves the web app from a function URL event, signing with the key of the secret (AWSCURRENT), none kept in the table', async () => {
    const deps = await openApiDeps();
    const app = handle(createApp({ deps }));
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/healthz',
      rawQueryString: '',
      headers: { host: 'abc.lambda-url.ap-southeast-1.on.aws' },
      requestContext: {
        http: { method: 'GET', path: '/healthz', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
        domainName: 'abc.lambda-url.ap-southeast-1.on.aws',
        requestId: 'r',
        stage: '$default',
        timeEpoch: Date.now(),
      },
      isBase64Encoded: false,
    } as unknown as Parameters<typeof app>[0];
    const response = (await invokeFunction({ fn: 'api', handler: async (e: typeof event) => app(e), event })) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, backend: 'aws' });
    const secretId = lambda.resources.signingKeySecretArn;
    const current = await lambda.resources.clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
    expect(deps.signingKey).toEqual(parseSigningKeySecret({ value: current, secretId, stage: 'AWSCURRENT' }));
    expect(deps.signingKeys?.previous).toEqual([]);
    expect(await lambda.runtime.backend.table.get({ pk: 'SECRET#signing-key', sk: 'SECRET' })).toBeNull();
  });

  it('starts renders without ffmpeg: a render POST answers 202 with a queued render and one render-start job on the queue', async () => {
    const web = createApp({ deps: await openApiDeps() });
    const app = { request: (path: string, init?: RequestInit) => invokeApi({ app: web, path, init }) };
    const project = (await lambda.runtime.backend.store.projects.get({ id: 'dai-hoi-2026' }))!;
    const { token } = await createInvite({
      deps: { workflow: lambda.runtime.backend.workflow, clock: lambda.runtime.deps.clock },
      project,
      input: { role: 'editor', label: 'Ban Thông tin' },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });
    const signIn = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.7' },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    const headers = {
      cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': ((await signIn.json()) as { session: { csrfToken: string } }).session.csrfToken,
      'content-type': 'application/json',
    };
    const P = '/api/projects/dai-hoi-2026';
    const cut = {
      schemaVersion: 1,
      projectId: 'dai-hoi-2026',
      id: 'phong-su',
      title: 'Phóng sự Đại hội',
      kind: 'teaser',
      shots: [{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 50 }],
    };
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

/** The web app as the api function serves it, signed in with an invite of `role` (cookie and CSRF headers). */
async function signedInApi({ role }: { role: 'editor' | 'contributor' }) {
  const web = createApp({ deps: await openApiDeps() });
  const app = { request: (path: string, init?: RequestInit) => invokeApi({ app: web, path, init }) };
  const project = (await lambda.runtime.backend.store.projects.get({ id: 'dai-hoi-2026' }))!;
  const { token } = await createInvite({
    deps: { workflow: lambda.runtime.backend.workflow, clock: lambda.runtime.deps.clock },
    project,
    input: { role, label: 'Hội Tin học' },
    actor: { role: 'admin', label: 'test', inviteId: null },
  });
  const signIn = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.8' },
    body: JSON.stringify({ token }),
  });
  expect(signIn.status).toBe(200);
  const headers = {
    cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': ((await signIn.json()) as { session: { csrfToken: string } }).session.csrfToken,
    'content-type': 'application/json',
  };
  return { app, headers };
}

describe('api function: a browser upload, stored by the ingest function, then the worker ingests it', () => {
  it('hands out presigned part URLs, completes the upload in S3 and answers storing; the ingest function copies it into originals/; the worker probes it over presigned URLs', async () => {
    const { app, headers } = await signedInApi({ role: 'contributor' });
    const P = '/api/projects/dai-hoi-2026';
    const bytes = await readFile(await makePhoneClip());
    const created = await app.request(`${P}/uploads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ filename: 'Phỏng vấn.mp4', contentType: 'video/mp4', sizeBytes: bytes.length, metadata: { kind: 'footage' } }),
    });
    expect(created.status).toBe(201);
    const { uploadId, key } = (await created.json()) as { uploadId: string; key: string };
    const signed = (await (await app.request(`${P}/uploads/${uploadId}/parts/1`, { headers })).json()) as {
      url: string;
      method: string;
      headers: Record<string, string>;
    };
    // The browser PUTs the part straight to S3 (not through the function).
    const put = await fetch(signed.url, { method: signed.method, headers: signed.headers, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    const completed = await app.request(`${P}/uploads/${uploadId}/complete`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ parts: [{ partNumber: 1, etag: put.headers.get('etag') }] }),
    });
    expect(completed.status, await completed.clone().text()).toBe(202);
    expect(await completed.json()).toMatchObject({ upload: { uploadId, state: 'storing' } });
    // The api only completed the upload in S3: nothing is in originals/ yet, no job is queued.
    expect(await lambda.runtime.backend.queue.list({ state: 'ready' })).toEqual([]);
    expect(await exists(key)).toBe(true);

    // S3 notifies the ingest function of the joined object; it copies it server-side into originals/<sha256>.
    const { files } = await ingestFunction()(s3Event(key, 'ObjectCreated:CompleteMultipartUpload'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(files).toEqual([{ key, outcome: 'stored', assetId: expect.any(String) }]);
    const asset = { id: (files[0] as { assetId: string }).assetId };
    expect(await lambda.runtime.backend.store.assets.get({ id: asset.id })).toMatchObject({
      original: { key: `originals/${sha}`, sha256: sha, sizeBytes: bytes.length },
      originalName: 'Phỏng vấn.mp4',
      status: 'queued',
    });
    expect(await exists(`originals/${sha}`)).toBe(true);
    expect(await exists(key)).toBe(false);
    const listed = (await (await app.request(`${P}/uploads`, { headers })).json()) as {
      uploads: { uploadId: string; state: string; asset: { id: string } | null }[];
    };
    expect(listed.uploads.find((u) => u.uploadId === uploadId)).toMatchObject({ state: 'completed', asset: { id: asset.id } });
    // S3 delivers a notification twice now and then: the second changes nothing.
    expect((await ingestFunction()(s3Event(key, 'ObjectCreated:CompleteMultipartUpload'))).files).toEqual([
      { key, outcome: 'ignored', reason: 'already completed' },
    ]);

    // Lambda's poller hands the ingest job to the worker function (the real job handlers: ffprobe, proxy, poster).
    const { Messages = [] } = await lambda.resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: lambda.resources.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
    );
    expect(Messages).toHaveLength(1);
    const worker = createWorkerHandler({ runtime: async () => lambda.runtime });
    const event = { Records: Messages.map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' })) };
    expect(await invokeFunction({ fn: 'worker', handler: worker, event, tmpDir: lambda.dataDir })).toEqual({ batchItemFailures: [] });
    expect((await lambda.runtime.backend.store.assets.get({ id: asset.id }))?.status).toBe('ready');
  });

  // Issue 15 item 1: the api only completes the upload in S3; the ingest function stores it.
  it('api function: completing a browser upload is allowed by its role (issue 15 item 1)', async () => {
    const denials = await deniedCalls({ calls: recording.calls.filter((call) => call.fn === 'api'), policies: await readRolePolicies() });
    expect(denials, describeDenials(denials)).toEqual([]);
  });
});

const recording = checkIamOfRecordedCalls({ file: import.meta.filename });

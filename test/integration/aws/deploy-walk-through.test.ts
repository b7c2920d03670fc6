import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { apiDeps } from '../../../functions/lib/api-deps.ts';
import { createIngestHandler } from '../../../functions/ingest.ts';
import { createWorkerHandler } from '../../../functions/worker.ts';
import { UPLOAD_PART_BYTES, attachmentDisposition, createProject, partLength } from '../../../shared/domain/index.ts';
import { createApp } from '../../../shared/web/create-app.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { asFunction } from '../../helpers/aws-iam/record-aws-calls.ts';
import { readFunctionLimits, readRolePolicies, synthesizeFunctions } from '../../helpers/aws-iam/role-policies.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { makeNoisyClip } from '../../helpers/make-media.ts';
import { LAMBDA_PAYLOAD_LIMITS, invokeApi, invokeFunction, useLambdaRuntime } from './lambda-test-runtime.ts';

/**
 * The deploy walk-through of issue 15: the stacks synthesized, then the whole flow run through
 * the Lambda handlers (not `reportage serve`) on the emulators, each invocation with the limits
 * the stack gives its function (lambda-test-runtime.ts) and every AWS call checked against its
 * role's policies (the last test). A browser uploads a clip larger than 6 MB in parts PUT straight
 * to S3; the api completes it and answers at once; S3's notification runs the ingest function,
 * which copies it into originals/; the worker ingests it; an editor renders a review version; the
 * three stages approve it; a broadcaster downloads the programme (larger than 6 MB) from S3 by a
 * presigned GET the api redirects to, a range first, then whole, checksum compared.
 */
const PROJECT = 'dai-hoi-2026';
const P = `/api/projects/${PROJECT}`;
const STAGES = ['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu'] as const;

const lambda = useLambdaRuntime({
  prefix: 'reportage-walk-through-',
  onOpen: async () => {
    await lambda.runtime.backend.store.projects.create({ project: createProject({ id: PROJECT, now: new Date('2026-11-01T00:00:00Z') }) });
  },
});

type Role = 'editor' | 'contributor' | 'reviewer' | 'broadcaster';
type Api = { request: (path: string, init?: RequestInit) => Promise<Response> };

/** The web app as the api function serves it (its cold start: the signing key read from the table). */
async function openApi(): Promise<Api> {
  const web = createApp({ deps: await asFunction('api', () => apiDeps({ runtime: lambda.runtime })) });
  return { request: (path, init) => invokeApi({ app: web, path, init }) };
}

/** Signs in with a new invite of `role` (a person opening their invite link); returns the headers of their requests. */
async function signIn({ api, role, stage, address }: { api: Api; role: Role; stage?: string; address: string }): Promise<Record<string, string>> {
  const project = (await lambda.runtime.backend.store.projects.get({ id: PROJECT }))!;
  const { token } = await createInvite({
    deps: { workflow: lambda.runtime.backend.workflow, clock: lambda.runtime.deps.clock },
    project,
    input: { role, label: `${role} ${stage ?? ''}`.trim(), ...(stage === undefined ? {} : { stage }) },
    actor: { role: 'admin', label: 'test', inviteId: null },
  });
  const response = await api.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  const csrf = ((await response.json()) as { session: { csrfToken: string } }).session.csrfToken;
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': csrf, 'content-type': 'application/json' };
}

/** Lambda's SQS poller: batches of jobs to the worker function until `done` holds (or the deadline). */
async function runWorkerUntil({ done, seconds }: { done: () => Promise<boolean>; seconds: number }): Promise<void> {
  const worker = createWorkerHandler({ runtime: async () => lambda.runtime });
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the worker did not finish within ${seconds} s`);
    const { Messages = [] } = await lambda.resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: lambda.resources.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: 120 }),
    );
    if (Messages.length === 0) continue;
    const event = { Records: Messages.map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' })) };
    const response = await invokeFunction({ fn: 'worker', handler: worker, event, tmpDir: lambda.dataDir });
    const failed =
      response.batchItemFailures.length === 0 ? [] : (await lambda.runtime.backend.queue.list({ state: 'ready' })).filter((job) => job.lastError !== null);
    expect(response, JSON.stringify(failed.map((job) => [job.body, job.lastError]))).toEqual({ batchItemFailures: [] });
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('deploy walk-through: upload, store, ingest, render, approval and download through the Lambda handlers', () => {
  it('synthesizes the stacks; the IAM policies and limits the checks use are the synthesized ones', async () => {
    const { policies, limits } = await synthesizeFunctions();
    expect(policies).toEqual(await readRolePolicies());
    expect(limits).toEqual(await readFunctionLimits());
    expect(limits.api.urlInvokeMode ?? 'BUFFERED').toBe('BUFFERED');
  }, 120_000);

  it('moves every byte between the browser and S3: a >6 MB upload in presigned parts and a >6 MB download by a presigned GET, with a range', async () => {
    const api = await openApi();
    const contributor = await signIn({ api, role: 'contributor', address: '10.0.0.21' });

    // 1. The browser's upload: parts of 8 MiB, as the upload page cuts the file, PUT to the S3 emulator over HTTP.
    const bytes = await readFile(await makeNoisyClip());
    expect(bytes.length).toBeGreaterThan(LAMBDA_PAYLOAD_LIMITS.syncBytes);
    const created = await api.request(`${P}/uploads`, {
      method: 'POST',
      headers: contributor,
      body: JSON.stringify({ filename: 'Toàn cảnh hội trường.mp4', contentType: 'video/mp4', sizeBytes: bytes.length, metadata: { kind: 'footage' } }),
    });
    expect(created.status).toBe(201);
    const { uploadId, key } = (await created.json()) as { uploadId: string; key: string };
    const parts: { partNumber: number; etag: string }[] = [];
    for (let partNumber = 1, offset = 0; offset < bytes.length; partNumber += 1) {
      const length = partLength({ declaredBytes: bytes.length, partNumber })!;
      const target = (await (await api.request(`${P}/uploads/${uploadId}/parts/${partNumber}`, { headers: contributor })).json()) as {
        url: string;
        headers: Record<string, string>;
      };
      expect(new URL(target.url).host).toBe(new URL(lambda.emulators.s3Endpoint).host);
      const put = await fetch(target.url, { method: 'PUT', headers: target.headers, body: new Uint8Array(bytes.subarray(offset, offset + length)) });
      expect(put.status, await put.clone().text()).toBe(200);
      parts.push({ partNumber, etag: put.headers.get('etag')! });
      offset += length;
    }
    expect(parts).toHaveLength(Math.ceil(bytes.length / UPLOAD_PART_BYTES));

    // 2. Completion: the api joins the parts in S3 and answers at once; nothing is stored or queued yet.
    const completed = await api.request(`${P}/uploads/${uploadId}/complete`, { method: 'POST', headers: contributor, body: JSON.stringify({ parts }) });
    expect(completed.status, await completed.clone().text()).toBe(202);
    expect(await completed.json()).toMatchObject({ upload: { uploadId, state: 'storing' } });
    expect(await lambda.runtime.backend.queue.list({ state: 'ready' })).toEqual([]);

    // 3. Storing: S3's notification of the joined object runs the ingest function (a server-side copy into originals/).
    const notification = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:CompleteMultipartUpload',
          s3: { bucket: { name: lambda.resources.buckets.originals }, object: { key, size: bytes.length } },
        },
      ],
    };
    const ingest = createIngestHandler({ runtime: async () => lambda.runtime });
    const { files } = await invokeFunction({ fn: 'ingest', handler: ingest, event: notification, tmpDir: lambda.dataDir });
    expect(files).toEqual([{ key, outcome: 'stored', assetId: expect.any(String) }]);
    const assetId = (files[0] as { assetId: string }).assetId;
    const original = await lambda.runtime.backend.blobs.read({ key: `originals/${sha256(bytes)}` });
    expect(sha256(Buffer.concat(await original.toArray()))).toBe(sha256(bytes));
    expect(await lambda.runtime.backend.blobs.head({ key })).toBeNull();
    const uploads = (await (await api.request(`${P}/uploads`, { headers: contributor })).json()) as {
      uploads: { uploadId: string; state: string; asset: { id: string } | null }[];
    };
    expect(uploads.uploads.find((u) => u.uploadId === uploadId)).toMatchObject({ state: 'completed', asset: { id: assetId } });

    // 4. Ingest: the worker probes the original over presigned URLs and derives its proxy.
    await runWorkerUntil({ seconds: 180, done: async () => (await lambda.runtime.backend.store.assets.get({ id: assetId }))?.status === 'ready' });

    // 5. A render for review, started by the editor (queued by the api, planned and run by the worker).
    const editor = await signIn({ api, role: 'editor', address: '10.0.0.22' });
    const cut = {
      schemaVersion: 1,
      projectId: PROJECT,
      id: 'toan-canh',
      title: 'Toàn cảnh Đại hội',
      kind: 'highlights',
      shots: [{ id: 'toan-canh', type: 'clip', assetId, in: 0, out: 3 }],
    };
    const saved = await api.request(`${P}/cuts/toan-canh`, { method: 'PUT', headers: editor, body: JSON.stringify({ cut, expectedRevision: 0 }) });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const started = await api.request(`${P}/cuts/toan-canh/render`, { method: 'POST', headers: editor });
    expect(started.status, await started.clone().text()).toBe(202);
    const { render, version } = (await started.json()) as { render: { id: string }; version: { id: string } };
    await runWorkerUntil({
      seconds: 400,
      done: async () => ['done', 'failed'].includes((await lambda.runtime.backend.store.renders.get({ id: render.id }))?.status ?? ''),
    });
    const rendered = (await lambda.runtime.backend.store.renders.get({ id: render.id }))!;
    expect(rendered.error).toBeNull();
    expect(rendered.status).toBe('done');

    // 6. Approval: each stage of the chain, in order.
    for (const [sequence, stage] of STAGES.entries()) {
      const reviewer = await signIn({ api, role: 'reviewer', stage, address: `10.0.1.${sequence + 1}` });
      const decided = await api.request(`${P}/versions/${version.id}/decisions`, {
        method: 'POST',
        headers: reviewer,
        body: JSON.stringify({ stage, decision: 'approve', expectedSequence: sequence }),
      });
      expect(decided.status, await decided.clone().text()).toBe(201);
    }

    // 7. The broadcaster's download: the app checks its signed link, logs the download and redirects to S3.
    const broadcaster = await signIn({ api, role: 'broadcaster', address: '10.0.0.23' });
    const { deliveries } = (await (await api.request(`${P}/deliveries`, { headers: broadcaster })).json()) as {
      deliveries: { files: { renderId: string; role: string; name: string; sizeBytes: number; sha256: string; downloadUrl: string }[] }[];
    };
    const programme = deliveries.flatMap((d) => d.files).find((f) => f.renderId === render.id && f.role === 'programme')!;
    expect(programme.sizeBytes).toBeGreaterThan(LAMBDA_PAYLOAD_LIMITS.syncBytes);
    const link = new URL(programme.downloadUrl, 'https://app.example');
    const redirect = await api.request(`${link.pathname}${link.search}`, { headers: { range: 'bytes=1000-1999' } });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const location = redirect.headers.get('location')!;
    expect(new URL(location).host).toBe(new URL(lambda.emulators.s3Endpoint).host);

    // S3 serves the range and the whole file itself.
    const stored = await lambda.runtime.backend.blobs.read({ key: rendered.files.find((f) => f.role === 'programme')!.key });
    const expected = Buffer.concat(await stored.toArray());
    const ranged = await fetch(location, { headers: { range: 'bytes=1000-1999' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(expected.subarray(1000, 2000))).toBe(true);
    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    const downloaded = new Uint8Array(await whole.arrayBuffer());
    expect(downloaded.byteLength).toBe(programme.sizeBytes);
    expect(sha256(downloaded)).toBe(programme.sha256);
    // S3 answers with the download name and type the URL names (the emulator ignores them: checked on the URL).
    const signed = new URL(location).searchParams;
    expect(signed.get('response-content-disposition')).toBe(attachmentDisposition({ fileName: programme.name.split('/').at(-1)! }));
    expect(signed.get('response-content-type')).toBe('video/mp4');
    expect(Number(signed.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);

    // Logged when the URL was issued, with the range asked for.
    const log = (await (await api.request(`${P}/downloads`, { headers: editor })).json()) as {
      downloads: { renderId: string; range: string | null; bytes: number }[];
    };
    expect(log.downloads.filter((e) => e.renderId === render.id)).toEqual([expect.objectContaining({ range: '1000-1999', bytes: 1000 })]);
  }, 900_000);
});

checkIamOfRecordedCalls({ file: import.meta.filename });

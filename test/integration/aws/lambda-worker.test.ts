import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { JobError } from '../../../shared/domain/index.ts';
import type { JobHandlers } from '../../../shared/jobs/index.ts';
import { openLambdaRuntime, type LambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import { createWorkerHandler } from '../../../functions/worker.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';

/**
 * The worker function with an SQS event as Lambda's event source mapping delivers it (messages
 * received from fauxqs with their receipt handles), the AWS backend on the emulators, and job
 * handlers that succeed, fail retryably or fail for good depending on the job.
 */

let emulators: Emulators;
let resources: TestResources;
let runtime: LambdaRuntime;
let dataDir: string;
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  emulators = await startEmulators();
  process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
});
afterAll(async () => {
  await emulators?.close();
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
});
beforeEach(async () => {
  resources = await makeResources({ emulators });
  dataDir = await mkdtemp(path.join(tmpdir(), 'reportage-lambda-'));
  const opened = await openLambdaRuntime({ env: emulatorEnv({ emulators, resources, dataDir }) });
  // The failures below are on purpose: keep their log lines out of the test output.
  runtime = { ...opened, deps: { ...opened.deps, log: silentLogger } };
});
afterEach(async () => {
  await runtime.backend.close();
  await resources.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

const ran: string[] = [];
const handlers: JobHandlers = {
  ingest: async ({ body }) => {
    ran.push(body.assetId);
    if (body.assetId === 'flaky') throw new JobError({ code: 'THROTTLED', retryable: true, message: 'S3 was busy', messageVi: 'Bận' });
    if (body.assetId === 'bad') throw new JobError({ code: 'NOT_MEDIA', retryable: false, message: 'Not a video file', messageVi: 'Không phải video' });
  },
};

/** What Lambda's SQS poller hands the function: the messages with their receipt handles. */
async function pollEvent({ count }: { count: number }) {
  const records: { messageId: string; receiptHandle: string; body: string; eventSource: string }[] = [];
  for (let round = 0; round < 10 && records.length < count; round += 1) {
    const { Messages = [] } = await resources.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: resources.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30 }));
    for (const m of Messages) records.push({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' });
  }
  return { Records: records };
}

describe('worker function', () => {
  it('reports only the retryable failure in batchItemFailures; the fatal one is dead-lettered with its error', async () => {
    const queue = runtime.backend.queue;
    const ids: Record<string, string> = {};
    for (const assetId of ['ok', 'flaky', 'bad']) ids[assetId] = (await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId } })).id;
    await resources.clients.sqs.send(new SendMessageCommand({ QueueUrl: resources.queueUrl, MessageBody: 'not json at all' }));
    const event = await pollEvent({ count: 4 });
    expect(event.Records).toHaveLength(4);
    const messageOf = (jobId: string) => event.Records.find((r) => r.body.includes(jobId))!.messageId;

    ran.length = 0;
    const handler = createWorkerHandler({ runtime: async () => runtime, handlersFor: () => handlers });
    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: messageOf(ids.flaky!) }] });
    expect(ran.sort()).toEqual(['bad', 'flaky', 'ok']);
    const byId = new Map((await queue.list({})).map((job) => [job.id, job]));
    expect(byId.get(ids.ok!)).toMatchObject({ state: 'done', attempts: 1, lastError: null });
    expect(byId.get(ids.flaky!)).toMatchObject({ state: 'ready', attempts: 1, lastError: { code: 'THROTTLED', message: 'S3 was busy' } });
    expect(byId.get(ids.bad!)).toMatchObject({ state: 'dead', attempts: 1, lastError: { code: 'NOT_MEDIA', message: 'Not a video file' } });

    // The dead-letter queue holds the fatal job and the message that was not a job at all.
    const { Messages: dead = [] } = await resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(dead).toHaveLength(2);
    expect(dead.map((m) => m.Body)).toEqual(expect.arrayContaining([expect.stringContaining(ids.bad!), 'not json at all']));
    const buried = dead.find((m) => m.Body?.includes(ids.bad!));
    expect(buried?.MessageAttributes?.errorCode?.StringValue).toBe('NOT_MEDIA');
    expect(JSON.parse(buried!.Body!)).toMatchObject({ jobId: ids.bad, attempts: 1, lastError: { code: 'NOT_MEDIA' }, body: { assetId: 'bad' } });
  });

  it('dead-letters the retryable job once its attempts are used up, and skips a duplicate of a finished job', async () => {
    const queue = runtime.backend.queue;
    const { id: flaky } = await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'flaky' } });
    const { id: ok } = await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'ok' } });
    const handler = createWorkerHandler({ runtime: async () => runtime, handlersFor: () => handlers });

    const first = await pollEvent({ count: 2 });
    const okRecord = first.Records.find((r) => r.body.includes(ok))!;
    expect((await handler(first)).batchItemFailures).toHaveLength(1);

    // SQS delivers the finished job's message again (at-least-once), together with the retry.
    ran.length = 0;
    const second = await pollEvent({ count: 1 });
    const duplicate = { ...okRecord, messageId: 'duplicate-of-ok' };
    const response = await handler({ Records: [...second.Records, duplicate] });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['flaky']);
    const byId = new Map((await queue.list({})).map((job) => [job.id, job]));
    expect(byId.get(flaky)).toMatchObject({ state: 'dead', attempts: 2, lastError: { code: 'THROTTLED' } });
    expect(byId.get(ok)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('refuses an event that is not an SQS batch, naming the field', async () => {
    const handler = createWorkerHandler({ runtime: async () => runtime, handlersFor: () => handlers });
    await expect(handler({ Records: [{ body: 'x' }] })).rejects.toThrow(/messageId|receiptHandle/);
  });
});

import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { JobError } from '../../../shared/domain/index.ts';
import type { JobHandlers } from '../../../shared/jobs/index.ts';
import { createWorkerHandler } from '../../../functions/worker.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { invokeFunction, useLambdaRuntime } from './lambda-test-runtime.ts';

/**
 * The worker function with an SQS event as Lambda's event source mapping delivers it (messages
 * received from fauxqs with their receipt handles), the AWS backend on the emulators, and job
 * handlers that succeed, fail retryably or fail for good depending on the job.
 */

const lambda = useLambdaRuntime({ prefix: 'reportage-lambda-' });
/** The worker invoked as Lambda invokes it (limits, IAM attribution: lambda-test-runtime.ts). */
const invoke = <E, R>(handler: (event: E) => Promise<R>, event: E) => invokeFunction({ fn: 'worker', handler, event, tmpDir: lambda.dataDir });

const ran: string[] = [];
const handlers: JobHandlers = {
  ingest: async ({ body }) => {
    ran.push(body.assetId);
    if (body.assetId === 'flaky') throw new JobError({ code: 'QUEUE_FAILED', retryable: true, message: 'S3 was busy', messageVi: 'Bận' });
    if (body.assetId === 'bad') throw new JobError({ code: 'NOT_MEDIA', retryable: false, message: 'Not a video file', messageVi: 'Không phải video' });
  },
};

/** What Lambda's SQS poller hands the function: the messages with their receipt handles. */
async function pollEvent({ count }: { count: number }) {
  const records: { messageId: string; receiptHandle: string; body: string; eventSource: string }[] = [];
  for (let round = 0; round < 10 && records.length < count; round += 1) {
    const { Messages = [] } = await lambda.resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: lambda.resources.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30 }),
    );
    for (const m of Messages) records.push({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' });
  }
  return { Records: records };
}

describe('worker function', () => {
  it('reports only the retryable failure in batchItemFailures; the fatal one is dead-lettered with its error', async () => {
    const queue = lambda.runtime.backend.queue;
    const ids: Record<string, string> = {};
    for (const assetId of ['ok', 'flaky', 'bad']) ids[assetId] = (await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId } })).id;
    await lambda.resources.clients.sqs.send(new SendMessageCommand({ QueueUrl: lambda.resources.queueUrl, MessageBody: 'not json at all' }));
    const event = await pollEvent({ count: 4 });
    expect(event.Records).toHaveLength(4);
    const messageOf = (jobId: string) => event.Records.find((r) => r.body.includes(jobId))!.messageId;

    ran.length = 0;
    const handler = createWorkerHandler({ runtime: async () => lambda.runtime, handlersFor: () => handlers });
    const response = await invoke(handler, event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: messageOf(ids.flaky!) }] });
    expect(ran.sort()).toEqual(['bad', 'flaky', 'ok']);
    const byId = new Map((await queue.list({})).map((job) => [job.id, job]));
    expect(byId.get(ids.ok!)).toMatchObject({ state: 'done', attempts: 1, lastError: null });
    expect(byId.get(ids.flaky!)).toMatchObject({ state: 'ready', attempts: 1, lastError: { code: 'QUEUE_FAILED', message: 'S3 was busy' } });
    expect(byId.get(ids.bad!)).toMatchObject({ state: 'dead', attempts: 1, lastError: { code: 'NOT_MEDIA', message: 'Not a video file' } });

    // The dead-letter queue holds the fatal job and the message that was not a job at all.
    const { Messages: dead = [] } = await lambda.resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: lambda.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(dead).toHaveLength(2);
    expect(dead.map((m) => m.Body)).toEqual(expect.arrayContaining([expect.stringContaining(ids.bad!), 'not json at all']));
    const buried = dead.find((m) => m.Body?.includes(ids.bad!));
    expect(buried?.MessageAttributes?.errorCode?.StringValue).toBe('NOT_MEDIA');
    expect(JSON.parse(buried!.Body!)).toMatchObject({ jobId: ids.bad, attempts: 1, lastError: { code: 'NOT_MEDIA' }, body: { assetId: 'bad' } });
  });

  it('dead-letters the retryable job once its attempts are used up, and skips a duplicate of a finished job', async () => {
    const queue = lambda.runtime.backend.queue;
    const { id: flaky } = await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'flaky' } });
    const { id: ok } = await queue.enqueue({ body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'ok' } });
    const handler = createWorkerHandler({ runtime: async () => lambda.runtime, handlersFor: () => handlers });

    const first = await pollEvent({ count: 2 });
    const okRecord = first.Records.find((r) => r.body.includes(ok))!;
    expect((await invoke(handler, first)).batchItemFailures).toHaveLength(1);

    // SQS delivers the finished job's message again (at-least-once), together with the retry.
    ran.length = 0;
    const second = await pollEvent({ count: 1 });
    const duplicate = { ...okRecord, messageId: 'duplicate-of-ok' };
    const response = await invoke(handler, { Records: [...second.Records, duplicate] });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['flaky']);
    const byId = new Map((await queue.list({})).map((job) => [job.id, job]));
    expect(byId.get(flaky)).toMatchObject({ state: 'dead', attempts: 2, lastError: { code: 'QUEUE_FAILED' } });
    expect(byId.get(ok)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('refuses an event that is not an SQS batch, naming the field', async () => {
    const handler = createWorkerHandler({ runtime: async () => lambda.runtime, handlersFor: () => handlers });
    await expect(invoke(handler, { Records: [{ body: 'x' }] })).rejects.toThrow(/messageId|receiptHandle/);
  });
});

checkIamOfRecordedCalls({ file: import.meta.filename });

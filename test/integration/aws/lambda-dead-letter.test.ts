import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createProject, type JobBody, type Render, type Version } from '../../../shared/domain/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import { recordQueuedRender, updateRender } from '../../../shared/render/distributed/index.ts';
import { createDeadLetterHandler } from '../../../functions/dead-letter.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import { invokeFunction, useLambdaRuntime } from './lambda-test-runtime.ts';

/**
 * The dead-letter function against the emulators: a render job whose worker dies on its last
 * attempt is dead-lettered by the SQS adapter (its copy on the dead-letter queue keeps the body
 * and the error); the function, given the dead-letter queue's messages as Lambda's event source
 * hands them over, marks the render failed with `RENDER_JOB_DEAD_LETTERED`. `REPORTAGE_JOB_MAX_ATTEMPTS`
 * is 2 here (aws-resources.ts).
 */

let version: Version;
const lambda = useLambdaRuntime({
  prefix: 'reportage-dead-letter-',
  onOpen: async () => {
    await lambda.runtime.backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date() }) });
    const cut = {
      schemaVersion: 1,
      projectId: 'dai-hoi-2026',
      id: 'phong-su',
      title: 'Phóng sự',
      kind: 'teaser',
      shots: [{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 50 }],
    };
    ({ version } = await freezeCut({ deps: lambda.runtime.deps, cut }));
  },
});

async function runningRender(): Promise<Render> {
  const render = await recordQueuedRender({ deps: lambda.runtime.deps, version, profileId: 'review' });
  return (await updateRender({
    deps: lambda.runtime.deps,
    id: render.id,
    change: () => ({ status: 'running', progress: { phase: 'segments', segmentsDone: 1, segmentsTotal: 4, segmentsReused: 0 } }),
  }))!;
}
const segmentJob = (render: Render, segmentIndex: number): JobBody => ({
  type: 'render-segment',
  renderId: render.id,
  versionId: version.id,
  profileId: 'review',
  toolchain: 'ffmpeg test',
  segmentIndex,
  segmentKey: `cache/segments/${segmentIndex}.mp4`,
});

/** The dead-letter queue's messages as Lambda's event source hands them to the function. */
async function deadLetterEvent() {
  const { Messages = [] } = await lambda.resources.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: lambda.resources.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
  );
  return { Records: Messages.map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, eventSource: 'aws:sqs' })) };
}
/** The dead-letter function invoked as Lambda invokes it (limits, IAM attribution: lambda-test-runtime.ts). */
const handler = () => (event: unknown) =>
  invokeFunction({ fn: 'dead-letter', handler: createDeadLetterHandler({ runtime: async () => lambda.runtime }), event, tmpDir: lambda.dataDir });

describe('dead-letter function', () => {
  it('a segment job whose worker dies on its last attempt: dead-lettered with its error, and the function fails the render naming the segment', async () => {
    const render = await runningRender();
    const other = await runningRender();
    await lambda.runtime.backend.queue.enqueue({ body: segmentJob(render, 2) });
    // Two workers take the job in turn and die (no complete, no fail); the third delivery buries it.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const [job] = await lambda.runtime.backend.queue.receive({ max: 1, visibilitySeconds: 1, waitSeconds: 3 });
      expect(job?.attempts).toBe(attempt);
    }
    expect(await lambda.runtime.backend.queue.receive({ max: 1, visibilitySeconds: 1, waitSeconds: 3 })).toEqual([]);
    const [dead] = await lambda.runtime.backend.queue.list({ state: 'dead' });
    expect(dead).toMatchObject({ attempts: 2, lastError: { code: 'VISIBILITY_EXPIRED' } });
    expect((await lambda.runtime.backend.store.renders.get({ id: render.id }))?.status).toBe('running');

    const event = await deadLetterEvent();
    expect(event.Records).toHaveLength(1);
    expect(await handler()(event)).toEqual({ batchItemFailures: [] });
    const failed = (await lambda.runtime.backend.store.renders.get({ id: render.id }))!;
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('RENDER_JOB_DEAD_LETTERED');
    expect(failed.error?.message).toContain('segment 3');
    expect(failed.error?.message).toContain('VISIBILITY_EXPIRED');
    expect(failed.error?.messageVi).toContain('đoạn hình số 3');
    // Only that render; the job record keeps its evidence; a second delivery changes nothing.
    expect((await lambda.runtime.backend.store.renders.get({ id: other.id }))?.status).toBe('running');
    expect(await lambda.runtime.backend.queue.list({ state: 'dead' })).toEqual([dead]);
    expect(await handler()(event)).toEqual({ batchItemFailures: [] });
    expect(await lambda.runtime.backend.store.renders.get({ id: render.id })).toEqual(failed);
  }, 30_000);

  it("a message SQS's own redrive moved ({ jobId } only): the job's record names the render; foreign messages and ingest jobs change nothing", async () => {
    const render = await runningRender();
    const { id: jobId } = await lambda.runtime.backend.queue.enqueue({
      body: {
        type: 'render-audio',
        renderId: render.id,
        versionId: version.id,
        profileId: 'review',
        toolchain: 'ffmpeg test',
        audioKey: 'cache/audio/a.m4a',
      } satisfies JobBody,
    });
    const { id: ingestId } = await lambda.runtime.backend.queue.enqueue({
      body: { type: 'ingest', projectId: 'dai-hoi-2026', assetId: 'a1' } satisfies JobBody,
    });
    const records = [JSON.stringify({ jobId }), 'not json at all', JSON.stringify({ jobId: ingestId }), JSON.stringify({ jobId: 'gone' })].map(
      (body, index) => ({ messageId: `m${index}`, receiptHandle: `h${index}`, body, eventSource: 'aws:sqs' }),
    );
    expect(await handler()({ Records: records })).toEqual({ batchItemFailures: [] });
    const failed = (await lambda.runtime.backend.store.renders.get({ id: render.id }))!;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'RENDER_JOB_DEAD_LETTERED' } });
    expect(failed.error?.message).toContain('the audio programme');
    expect(failed.error?.message).toContain('no error was recorded');
  });

  it('a message it cannot report (the store unreachable) is left on the queue as a batch item failure', async () => {
    const render = await runningRender();
    const broken = {
      ...lambda.runtime,
      deps: {
        ...lambda.runtime.deps,
        store: {
          ...lambda.runtime.deps.store,
          renders: { ...lambda.runtime.deps.store.renders, get: async () => Promise.reject(new Error('DynamoDB unreachable')) },
        },
      },
    };
    const body = JSON.stringify({ jobId: 'j1', body: segmentJob(render, 0), attempts: 2, lastError: { code: 'VISIBILITY_EXPIRED', message: 'killed' } });
    const response = await createDeadLetterHandler({ runtime: async () => broken })({
      Records: [{ messageId: 'm1', receiptHandle: 'h1', body, eventSource: 'aws:sqs' }],
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect((await lambda.runtime.backend.store.renders.get({ id: render.id }))?.status).toBe('running');
  });
});

checkIamOfRecordedCalls({ file: import.meta.filename });

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { openRuntime, type Runtime } from '../../../shared/cli/open-runtime.ts';
import { loadConfig } from '../../../shared/config.ts';
import { createProject, JobError, type JobBody, type Render, type Version } from '../../../shared/domain/index.ts';
import { createJobHandlers, handlerFor, runWorker, type JobContext } from '../../../shared/jobs/index.ts';
import type { JobQueue } from '../../../shared/ports/index.ts';
import { freezeCut, type RenderDeps } from '../../../shared/render/index.ts';
import { runRenderStart, updateRender, type DistributedRenderDeps } from '../../../shared/render/distributed/index.ts';
import { createDeferredRenderLauncher, launchRender } from '../../../shared/render/launch/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { testProfileFor } from './fixtures.ts';

/**
 * The `render-start` flow and the dead-letter hook on the local backend, opened as `reportage
 * worker` opens it (`openRuntime`: real SQLite store and queue, the dead-letter hook wired). The
 * cut is title cards only, so planning needs no media; no job runs ffmpeg here (the end-to-end
 * renders are in local-distributed-render.test.ts and aws-distributed-render.test.ts).
 */

const TOOLCHAIN = 'ffmpeg test · font test';
let dir: string;
let runtime: Runtime;
let deps: RenderDeps & { queue: JobQueue };
let version: Version;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-render-start-'));
  runtime = await openRuntime({ config: loadConfig({ env: { REPORTAGE_DATA_DIR: dir, REPORTAGE_JOB_MAX_ATTEMPTS: '2' } }), log: silentLogger });
  deps = { ...runtime.deps, fontFile: '/fonts/none.ttf', concurrency: 1, tools: TEST_TOOLS };
  const projectId = runtime.config.projectId;
  await deps.store.projects.create({ project: createProject({ id: projectId, now: new Date() }) });
  const titles = ['Đại hội lần thứ I', 'Nhiệm kỳ 2026–2031', 'Hải Phòng'].map((text, index) => ({ id: `the-${index}`, type: 'title', text, duration: 25 }));
  ({ version } = await freezeCut({ deps, cut: { schemaVersion: 1, projectId, id: 'chi-the', title: 'Thẻ tiêu đề', kind: 'teaser', shots: titles } }));
});
afterEach(async () => {
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
});

const workerDeps = (queue: JobQueue = deps.queue): DistributedRenderDeps => ({
  ...deps,
  queue,
  counters: runtime.counters!,
  toolchain: TOOLCHAIN,
  profileFor: testProfileFor,
});
const startBody = (render: Render): Extract<JobBody, { type: 'render-start' }> => ({
  type: 'render-start',
  renderId: render.id,
  versionId: render.versionId,
  profileId: render.profile,
});
const jobsOf = async (type: JobBody['type']) => (await deps.queue.list({ limit: 100 })).filter((j) => (j.body as JobBody).type === type);

describe('render-start: a render queued where no ffmpeg is, fanned out by a worker', () => {
  it('the deferred launcher records the render queued with one render-start job; a second start returns the same render', async () => {
    const launcher = createDeferredRenderLauncher({ deps });
    const [render, twin] = await Promise.all([
      launchRender({ deps, renders: launcher, version, profile: 'review' }),
      launchRender({ deps, renders: launcher, version, profile: 'review' }),
    ]);
    expect(twin.id).toBe(render.id);
    expect(render).toMatchObject({
      status: 'queued',
      progress: { phase: 'queued', segmentsDone: 0, segmentsTotal: 0 },
      versionId: version.id,
      profile: 'review',
    });
    expect((await launchRender({ deps, renders: launcher, version, profile: 'review' })).id).toBe(render.id);
    expect(await deps.store.renders.list({ projectId: version.projectId, versionId: version.id })).toHaveLength(1);
    const jobs = await deps.queue.list({ limit: 10 });
    expect(jobs.map((j) => j.body)).toEqual([{ type: 'render-start', renderId: render.id, versionId: version.id, profileId: 'review' }]);
  });

  it('delivered twice at once: one fan-out (running, one job per part); delivered again past the segments: nothing changes', async () => {
    const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' });
    const handler = createJobHandlers({ deps, render: workerDeps() })['render-start']!;
    const context = (attempt: number): JobContext<'render-start'> => ({
      body: startBody(render),
      attempt,
      maxAttempts: 2,
      signal: new AbortController().signal,
    });
    await Promise.all([handler(context(1)), handler(context(1))]);

    const running = (await deps.store.renders.get({ id: render.id }))!;
    expect(running).toMatchObject({ status: 'running', progress: { phase: 'segments', segmentsDone: 0, segmentsTotal: 3, segmentsReused: 0 } });
    const segments = await jobsOf('render-segment');
    expect(segments.map((j) => (j.body as { segmentIndex: number }).segmentIndex).sort()).toEqual([0, 1, 2]);
    expect(segments.every((j) => (j.body as { toolchain: string }).toolchain === TOOLCHAIN)).toBe(true);
    expect(await jobsOf('render-audio')).toHaveLength(1);

    // The render moves on (the assembly started): a late delivery neither resets it nor sends parts.
    await updateRender({ deps, id: render.id, change: (r) => ({ progress: { ...r.progress, phase: 'assemble', segmentsDone: 3 } }) });
    const before = (await deps.store.renders.get({ id: render.id }))!;
    await handler(context(2));
    expect(await deps.store.renders.get({ id: render.id })).toEqual(before);
    expect(await jobsOf('render-segment')).toHaveLength(3);
    expect(await jobsOf('render-audio')).toHaveLength(1);
  });

  it('a crash between the update and the sends: the retry sends the missing parts, none twice', async () => {
    const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' });
    let crashed = false;
    const crashing: JobQueue = {
      ...deps.queue,
      async enqueue(args) {
        if (!crashed && (args.body as JobBody).type === 'render-segment') {
          crashed = true;
          throw new JobError({ code: 'QUEUE_FAILED', retryable: true, message: 'SQS was busy', messageVi: 'Hàng đợi bận' });
        }
        return deps.queue.enqueue(args);
      },
    };
    await expect(runRenderStart({ deps: workerDeps(crashing), body: startBody(render), attempt: 1, maxAttempts: 2 })).rejects.toThrow('SQS was busy');
    // Not the last attempt: the render waits for the retry, already planned.
    expect(await deps.store.renders.get({ id: render.id })).toMatchObject({ status: 'running', progress: { phase: 'segments', segmentsTotal: 3 } });
    expect(await jobsOf('render-segment')).toHaveLength(0);

    await runRenderStart({ deps: workerDeps(crashing), body: startBody(render), attempt: 2, maxAttempts: 2 });
    expect(await jobsOf('render-segment')).toHaveLength(3);
    expect(await jobsOf('render-audio')).toHaveLength(1);
    expect((await deps.store.renders.get({ id: render.id }))?.status).toBe('running');
  });

  it('a version or a profile that does not exist fails the render for good, naming what is missing', async () => {
    const launcher = createDeferredRenderLauncher({ deps });
    const render = await launchRender({ deps, renders: launcher, version, profile: 'review' });
    const noVersion = runRenderStart({ deps: workerDeps(), body: { ...startBody(render), versionId: 'khong-co' }, attempt: 1, maxAttempts: 3 });
    await expect(noVersion).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND', retryable: false });
    expect(await deps.store.renders.get({ id: render.id })).toMatchObject({ status: 'failed', error: { code: 'VERSION_NOT_FOUND' } });

    const other = await launchRender({ deps, renders: launcher, version, profile: 'web' });
    const noProfile = runRenderStart({ deps: workerDeps(), body: { ...startBody(other), profileId: 'tivi-4k' }, attempt: 1, maxAttempts: 3 });
    await expect(noProfile).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND', retryable: false });
    const failed = (await deps.store.renders.get({ id: other.id }))!;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'PROFILE_NOT_FOUND' } });
    expect(failed.error?.messageVi).toContain('tivi-4k');
    expect(await jobsOf('render-segment')).toHaveLength(0);
  });
});

describe('a render job dead-lettered on the local backend', () => {
  /** What a worker does before it is killed: takes the job, then never answers. */
  const takeAndDie = async () => {
    const [job] = await deps.queue.receive({ max: 1, visibilitySeconds: 0.05, waitSeconds: 1 });
    expect(job).toBeDefined();
    await sleep(80);
    return job!;
  };

  it('a segment job whose worker is killed on its last attempt fails the render with RENDER_JOB_DEAD_LETTERED, naming the segment', async () => {
    const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' });
    await runRenderStart({ deps: workerDeps(), body: startBody(render), attempt: 1, maxAttempts: 2 });
    // A worker takes every job (the render-start, run above, and the four parts); all finish but
    // the second segment's, whose worker dies (attempt 1).
    const taken = await deps.queue.receive({ max: 10, visibilitySeconds: 0.05 });
    expect(taken).toHaveLength(5);
    for (const job of taken) {
      const body = job.body as JobBody;
      if (body.type !== 'render-segment' || body.segmentIndex !== 1) await deps.queue.complete({ receipt: job.receipt });
    }
    await sleep(80);
    await takeAndDie(); // attempt 2 of 2
    // The next receive (any worker's) buries it and the hook fails the render.
    expect(await deps.queue.receive({ max: 1, visibilitySeconds: 60 })).toEqual([]);
    const failed = (await deps.store.renders.get({ id: render.id }))!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'RENDER_JOB_DEAD_LETTERED' });
    expect(failed.error?.message).toContain('segment 2');
    expect(failed.error?.message).toContain('VISIBILITY_EXPIRED');
    expect(failed.error?.messageVi).toContain('đoạn hình số 2');
    const [dead] = await deps.queue.list({ state: 'dead' });
    expect(dead).toMatchObject({ attempts: 2, lastError: { code: 'VISIBILITY_EXPIRED' } });
  });

  it('a job that fails for good keeps its own error on the render: the dead-letter hook does not overwrite it', async () => {
    const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' });
    await deps.queue.enqueue({ body: { ...startBody(render), versionId: 'khong-co' } });
    const handlers = createJobHandlers({ deps, render: workerDeps() });
    const summary = await runWorker({
      queue: deps.queue,
      handlers,
      log: silentLogger,
      concurrency: 1,
      visibilitySeconds: 30,
      maxAttempts: 2,
      stopWhenIdle: true,
      waitSeconds: 0,
    });
    expect(summary.failed).toBe(1);
    const dead = (await deps.queue.list({ state: 'dead' })).map((j) => j.lastError?.code);
    expect(dead).toEqual(['VERSION_NOT_FOUND']);
    expect(await deps.store.renders.get({ id: render.id })).toMatchObject({ status: 'failed', error: { code: 'VERSION_NOT_FOUND' } });
  });

  it('a render-start reaching only workers without render dependencies: dead-lettered with JOB_TYPE_NOT_HANDLED, its render failed', async () => {
    const render = await launchRender({ deps, renders: createDeferredRenderLauncher({ deps }), version, profile: 'review' });
    const ingestOnly = createJobHandlers({ deps });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const [job] = await deps.queue.receive({ max: 1, visibilitySeconds: 30 });
      const body = job!.body as JobBody;
      const error = await handlerFor({ handlers: ingestOnly, type: body.type })({ body, attempt, maxAttempts: 2, signal: new AbortController().signal }).catch(
        (e: unknown) => e as JobError,
      );
      expect(error).toMatchObject({ code: 'JOB_TYPE_NOT_HANDLED', retryable: true });
      await deps.queue.fail({ receipt: job!.receipt, error: { code: error!.code, message: error!.message }, retryable: true, retryDelaySeconds: 0 });
    }
    const failed = (await deps.store.renders.get({ id: render.id }))!;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'RENDER_JOB_DEAD_LETTERED' } });
    expect(failed.error?.message).toContain('JOB_TYPE_NOT_HANDLED');
  });
});

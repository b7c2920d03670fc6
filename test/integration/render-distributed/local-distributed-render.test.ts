import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { createProject, HlsIndexSchema, type JobBody, type Render, type Version } from '../../../shared/domain/index.ts';
import type { DeliveryProfile } from '../../../shared/domain/delivery-profiles.ts';
import { createJobHandlers, runWorker } from '../../../shared/jobs/index.ts';
import { describeToolchain, findFontFile } from '../../../shared/media/index.ts';
import { systemClock, type JobQueue } from '../../../shared/ports/index.ts';
import { freezeCut, planRender, renderVersion, resolveVersion, type RenderDeps, type RenderPlan } from '../../../shared/render/index.ts';
import { startDistributedRender, type DistributedRenderDeps } from '../../../shared/render/distributed/index.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { createDeferredRenderLauncher, launchRender } from '../../../shared/render/launch/index.ts';
import { testProfile } from '../../helpers/make-render-media.ts';
import { buffer } from 'node:stream/consumers';
import { PROFILE, blobSha256, ingestSources, testCut, testProfileFor } from './fixtures.ts';

/**
 * The distributed render on the local backend: the render is queued by the deferred launcher (as
 * the API on Lambda does: no toolchain), a worker plans it and fans it out on the SQLite queue, two worker loops drain it (segments and audio in any order, the fan-in on SQLite
 * counters, the assembly sent by the last part), and every message is delivered twice. The result
 * is compared with `renderVersion` run in one process on a second, separate data folder: the same
 * segment keys and bytes, the same programme file, the version's exact frame count.
 */

interface Site {
  dir: string;
  backend: ReturnType<typeof createLocalBackend>;
  deps: RenderDeps;
  version: Version;
}

const projectId = 'dai-hoi-2026';
let toolchain: string;
let fontFile: string;
let distributed: Site;
let reference: Site;

async function openSite(name: string): Promise<Site> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `reportage-${name}-`));
  const backend = createLocalBackend({ dataDir: dir, maxAttempts: 3 });
  const deps: RenderDeps = {
    ...backend,
    clock: systemClock,
    log: silentLogger,
    tools: TEST_TOOLS,
    scratchDir: path.join(dir, 'scratch'),
    fontFile,
    concurrency: 2,
  };
  await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  const assets = await ingestSources({ deps: { ...deps, queue: backend.queue }, projectId });
  const { version } = await freezeCut({ deps, cut: testCut({ projectId, assets }) });
  return { dir, backend, deps, version };
}

/** Every message sent twice: the app's own enqueue, then a copy under another dedupe key (at-least-once delivery). */
function duplicating({ queue, sent }: { queue: JobQueue; sent: { body: JobBody; enqueued: boolean }[] }): JobQueue {
  return {
    ...queue,
    async enqueue(args) {
      const result = await queue.enqueue(args);
      sent.push({ body: args.body as JobBody, enqueued: result.enqueued });
      if (result.enqueued) await queue.enqueue({ ...args, ...(args.dedupeKey === undefined ? {} : { dedupeKey: `${args.dedupeKey}#again` }) });
      return result;
    },
  };
}

/** Runs worker loops until the render is finished (done or failed), then stops them. */
async function drain({ site, workers, renderId, render }: { site: Site; workers: number; renderId: string; render: DistributedRenderDeps }): Promise<Render> {
  const controller = new AbortController();
  const loops = Array.from({ length: workers }, () =>
    runWorker({
      queue: site.backend.queue,
      handlers: createJobHandlers({ deps: { ...site.deps, queue: site.backend.queue }, render }),
      log: silentLogger,
      concurrency: 1,
      visibilitySeconds: 30,
      maxAttempts: 3,
      signal: controller.signal,
      waitSeconds: 0.2,
    }),
  );
  const deadline = Date.now() + 90_000;
  let current: Render | null = null;
  try {
    while (Date.now() < deadline) {
      current = await site.backend.store.renders.get({ id: renderId });
      if (current?.status === 'done' || current?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    controller.abort();
    await Promise.all(loops);
  }
  return current!;
}

beforeAll(async () => {
  fontFile = await findFontFile();
  toolchain = await describeToolchain({ tools: TEST_TOOLS, fontFile });
  distributed = await openSite('distributed');
  reference = await openSite('reference');
}, 120_000);
afterAll(async () => {
  for (const site of [distributed, reference]) {
    await site?.backend.close();
    if (site) await rm(site.dir, { recursive: true, force: true });
  }
});

describe('distributed render on the local backend', () => {
  it('started without a toolchain (the deferred launcher), every message delivered twice, render-start too: one render, the same segments and programme as renderVersion, assembly sent once', async () => {
    const sent: { body: JobBody; enqueued: boolean }[] = [];
    const queue = duplicating({ queue: distributed.backend.queue, sent });
    const render: DistributedRenderDeps = { ...distributed.deps, queue, counters: distributed.backend.counters, toolchain, profileFor: testProfileFor };

    // What the API on Lambda does: no ffmpeg, no toolchain; a worker plans and fans out.
    const started = await launchRender({
      deps: distributed.deps,
      renders: createDeferredRenderLauncher({ deps: { ...distributed.deps, queue } }),
      version: distributed.version,
      profile: 'review',
    });
    expect(started).toMatchObject({ status: 'queued', progress: { phase: 'queued', segmentsTotal: 0 } });
    const queued = await distributed.backend.queue.list({ state: 'ready' });
    expect(queued.map((j) => (j.body as JobBody).type)).toEqual(['render-start', 'render-start']);

    const finished = await drain({ site: distributed, workers: 2, renderId: started.id, render });
    expect(await distributed.backend.store.renders.list({ projectId, versionId: distributed.version.id })).toHaveLength(1);
    // Both deliveries of render-start fanned out to one set of parts: one message per part, each twice.
    const parts = sent.filter((s) => s.enqueued && (s.body.type === 'render-segment' || s.body.type === 'render-audio'));
    expect(parts.map((s) => (s.body.type === 'render-segment' ? `segment ${s.body.segmentIndex}` : 'audio')).sort()).toEqual([
      'audio',
      'segment 0',
      'segment 1',
      'segment 2',
      'segment 3',
    ]);
    expect(finished.error).toBeNull();
    expect(finished).toMatchObject({ status: 'done', progress: { phase: 'done', segmentsDone: 4, segmentsTotal: 4, segmentsReused: 0 } });

    // The fan-in sent the assembly exactly once (the copy is the test's duplicate delivery).
    const assemblies = sent.filter((s) => s.body.type === 'render-assemble');
    expect(assemblies.filter((s) => s.enqueued)).toHaveLength(1);
    const jobs = await distributed.backend.queue.list({ limit: 100 });
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    expect(jobs.filter((j) => (j.body as JobBody).type === 'render-assemble')).toHaveLength(2);
    expect(jobs.filter((j) => (j.body as JobBody).type === 'render-segment')).toHaveLength(8);

    // The same render in one process, on another data folder: same keys, same bytes.
    const expected = await renderVersion({ deps: reference.deps, version: reference.version, profile: PROFILE, toolchain });
    const planOf = async (site: Site): Promise<RenderPlan> =>
      planRender({
        spec: await resolveVersion({ deps: site.deps, version: site.version, profile: PROFILE }),
        profile: PROFILE,
        versionNumber: site.version.number,
        toolchain,
      });
    const [ours, theirs] = [await planOf(distributed), await planOf(reference)];
    expect(ours.segments.map((s) => s.key)).toEqual(theirs.segments.map((s) => s.key));
    for (const segment of ours.segments) {
      expect(await blobSha256({ blobs: distributed.backend.blobs, key: segment.key })).toBe(
        await blobSha256({ blobs: reference.backend.blobs, key: segment.key }),
      );
    }
    const programmeOf = (r: Render) => r.files.find((f) => f.role === 'programme')!;
    expect(programmeOf(finished).sha256).toBe(programmeOf(expected).sha256);
    expect(await blobSha256({ blobs: distributed.backend.blobs, key: programmeOf(finished).key })).toBe(programmeOf(expected).sha256);
    expect(finished.qc).toEqual(expected.qc);
    // Whichever delivery of the assembly stored a file last, it is the file the record describes.
    for (const file of finished.files) expect(await blobSha256({ blobs: distributed.backend.blobs, key: file.key })).toBe(file.sha256);

    const video = videoStreamOf(await probeFile((await distributed.backend.blobs.locate({ key: programmeOf(finished).key })).path!))!;
    expect(Number(video.nb_frames)).toBe(distributed.version.durationFrames);
  }, 150_000);

  it('a second render of the same version reuses every segment and finishes with the same programme', async () => {
    const render: DistributedRenderDeps = {
      ...distributed.deps,
      queue: distributed.backend.queue,
      counters: distributed.backend.counters,
      toolchain,
      profileFor: testProfileFor,
    };
    const [first] = (await distributed.backend.store.renders.list({ projectId, versionId: distributed.version.id })).filter((r) => r.status === 'done');
    const started = await startDistributedRender({
      deps: { ...distributed.deps, queue: distributed.backend.queue },
      version: distributed.version,
      profile: PROFILE,
      toolchain,
    });
    const finished = await drain({ site: distributed, workers: 2, renderId: started.id, render });
    expect(finished).toMatchObject({ status: 'done', progress: { segmentsDone: 4, segmentsReused: 4 } });
    expect(finished.files.find((f) => f.role === 'programme')?.sha256).toBe(first?.files.find((f) => f.role === 'programme')?.sha256);
  }, 60_000);

  it('a job planned with another toolchain fails the render for good, naming the mismatch', async () => {
    const render: DistributedRenderDeps = {
      ...distributed.deps,
      queue: distributed.backend.queue,
      counters: distributed.backend.counters,
      toolchain: 'ffmpeg version other',
      profileFor: testProfileFor,
    };
    const started = await startDistributedRender({
      deps: { ...distributed.deps, queue: distributed.backend.queue },
      version: distributed.version,
      profile: PROFILE,
      toolchain,
    });
    const finished = await drain({ site: distributed, workers: 1, renderId: started.id, render });
    expect(finished.status).toBe('failed');
    expect(finished.error?.code).toBe('TOOLCHAIN_MISMATCH');
    const dead = await distributed.backend.queue.list({ state: 'dead' });
    expect(dead.length).toBeGreaterThan(0);
    expect(dead[0]?.lastError?.code).toBe('TOOLCHAIN_MISMATCH');
  }, 30_000);

  it('the stream profile: the assembly also makes the HLS ladder, stored and indexed as renderVersion does', async () => {
    const base = testProfile('stream');
    // 2 s segments: three per rung from the 5.8 s cut.
    const stream: DeliveryProfile = { ...base, ladder: { ...base.ladder!, segmentSeconds: 2 } };
    const profileFor = ({ id }: { id: string }) => (id === 'stream' ? stream : testProfileFor({ id }));
    const render: DistributedRenderDeps = {
      ...distributed.deps,
      queue: distributed.backend.queue,
      counters: distributed.backend.counters,
      toolchain,
      profileFor,
    };
    const started = await startDistributedRender({
      deps: { ...distributed.deps, queue: distributed.backend.queue },
      version: distributed.version,
      profile: stream,
      toolchain,
    });
    const finished = await drain({ site: distributed, workers: 2, renderId: started.id, render });
    expect(finished.status).toBe('done');
    expect(finished.qc?.failed).not.toContain('ladder');
    const expected = await renderVersion({ deps: reference.deps, version: reference.version, profile: stream, toolchain });
    // Compared by shape, not bytes: the two sites' segments are not byte-identical (a lane batches
    // small segments with one decoder thread, a worker renders one with ffmpeg's default threads).
    const shape = async (site: Site, r: Render) => {
      expect(r.files.filter((f) => f.role.startsWith('hls-')).map((f) => [f.role, f.name])).toEqual([
        ['hls-master', 'hls/master.m3u8'],
        ['hls-index', 'hls/index.json'],
      ]);
      const indexFile = r.files.find((f) => f.role === 'hls-index')!;
      const index = HlsIndexSchema.parse(JSON.parse((await buffer(await site.backend.blobs.read({ key: indexFile.key }))).toString('utf8')));
      for (const file of index.files) expect((await site.backend.blobs.head({ key: file.key }))?.sizeBytes).toBe(file.sizeBytes);
      return { renditions: index.renditions.map((v) => [v.name, v.width, v.height, v.playlist]), files: index.files.map((f) => f.name) };
    };
    const made = await shape(distributed, finished);
    expect(made.files.filter((name) => name.endsWith('.ts'))).toHaveLength(4 * 3);
    expect(made).toEqual(await shape(reference, expected));
  }, 150_000);
});

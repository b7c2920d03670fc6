import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobBody, Render } from '../../domain/index.ts';
import { renderSegmentJob } from '../render-segment-job.ts';
import { runQcAndPackage } from '../run-qc-and-package.ts';
import { audioJob, limitedMixKeyOf } from '../audio-job.ts';
import { pictureKeyOf } from '../picture-analysis-job.ts';
import { sourceResolver } from '../source-resolver.ts';
import type { DistributedRenderDeps } from './distributed-render-deps.ts';
import { failRenderOnFatal } from './fail-render-on-fatal.ts';
import { loadRenderJob } from './load-render-job.ts';
import { localiseMediaInputs } from './localise-media-inputs.ts';
import { renderCounterNames } from './render-counters.ts';
import { updateRender } from './update-render.ts';

/**
 * The `render-assemble` job, sent once by the fan-in: the rest of `renderVersion` after the jobs.
 * Every part is checked first through the same idempotent jobs (each finds its output and does
 * nothing; a part lost from the store would be made here), then the mux (which joins the segments by stream copy),
 * QC and packaging, and the render is recorded done.
 *
 * A second delivery of the assembly finds the render done and does nothing. Two deliveries at the
 * same moment both assemble and store the same bytes: every step is content-addressed, and the QC
 * report and manifest are dated with the render's start (not the worker's clock), so even the
 * package files are identical; the record is saved done once.
 */
export async function runDistributedAssembly({
  deps,
  body,
  attempt,
  maxAttempts,
}: {
  deps: DistributedRenderDeps;
  body: Extract<JobBody, { type: 'render-assemble' }>;
  attempt: number;
  maxAttempts: number;
}): Promise<{ render: Render; assembled: boolean }> {
  return failRenderOnFatal({
    deps,
    renderId: body.renderId,
    attempt,
    maxAttempts,
    run: async () => {
      const loaded = await loadRenderJob({ deps, job: body });
      if (loaded.render.status !== 'running') return { render: loaded.render, assembled: false };
      const { plan, spec, profile, version } = loaded;
      const started = Date.now();
      const progress = (phase: Render['progress']['phase']) => ({
        ...loaded.render.progress,
        phase,
        segmentsDone: plan.segments.length,
        segmentsTotal: plan.segments.length,
      });
      await updateRender({
        deps,
        id: body.renderId,
        change: (render) => (render.status === 'running' ? { progress: { ...progress('assemble'), segmentsReused: render.progress.segmentsReused } } : null),
      });

      const scratch = path.join(deps.scratchDir, `render-${body.renderId}-assemble-${randomUUID().slice(0, 8)}`);
      await mkdir(scratch, { recursive: true });
      const timings: Record<string, number> = {};
      // The mux, the sound encode and the checksums open these as local files: see localiseMediaInputs.
      const segmentKeys = new Set(plan.segments.map((s) => s.key));
      const windowKeys = new Set(plan.audioWindows.map((w) => w.key));
      const local = (key: string) =>
        segmentKeys.has(key) ||
        windowKeys.has(key) ||
        key === plan.audioEncodedKey ||
        key === limitedMixKeyOf(plan.audioMixKey) ||
        key.startsWith(plan.programmeKey);
      const work: DistributedRenderDeps = { ...deps, blobs: localiseMediaInputs({ blobs: deps.blobs, scratch, local }) };
      try {
        const resolveSource = sourceResolver({ deps: work });
        for (const [index, segment] of plan.segments.entries()) {
          await renderSegmentJob({
            deps: work,
            segment,
            profile,
            versionNumber: version.number,
            resolveSource,
            scratch: path.join(scratch, `segment-${index}`),
          });
        }
        const loudness = await audioJob({ deps: work, plan, spec, profile, resolveSource, scratch });
        await updateRender({
          deps: work,
          id: body.renderId,
          change: (render) => (render.status === 'running' ? { progress: { ...progress('qc'), segmentsReused: render.progress.segmentsReused } } : null),
        });
        const renderClock = { now: () => new Date(loaded.render.createdAt) };
        const delivery = await runQcAndPackage({
          deps: { ...work, clock: renderClock },
          plan,
          spec,
          profile,
          version,
          scratch,
          timings,
          audioLoudness: loudness,
          pictureKeys: plan.segments.map((s) => pictureKeyOf(s.key)),
        });
        timings.assembleSeconds = (Date.now() - started) / 1000;
        timings.totalSeconds = (work.clock.now().getTime() - Date.parse(loaded.render.createdAt)) / 1000;
        const saved = await updateRender({
          deps: work,
          id: body.renderId,
          change: (render) =>
            render.status !== 'running'
              ? null
              : {
                  status: 'done',
                  progress: { ...progress('done'), segmentsReused: render.progress.segmentsReused },
                  files: delivery.files,
                  qc: delivery.qc,
                  timings: { ...render.timings, ...timings },
                  error: null,
                },
        });
        const names = renderCounterNames({ renderId: body.renderId });
        await Promise.all(Object.values(names).map((name) => work.counters.remove({ name })));
        work.log.info('render assembled', { renderId: body.renderId, seconds: timings.assembleSeconds });
        return { render: saved ?? loaded.render, assembled: true };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  });
}

import path from 'node:path';
import type { Loudness, RenderProgress, Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import type { RenderPlan } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import type { RenderSpec } from '../media/render/render-spec.ts';
import { forEachLimited } from './for-each-limited.ts';
import { renderSegmentJobs } from './render-segment-job.ts';
import { audioJob } from './audio-job.ts';
import { pictureKeyOf } from './picture-analysis-job.ts';
import { groupSegments, pipelineThreadsFor } from './segment-groups.ts';
import { sourceResolver } from './source-resolver.ts';

export interface RenderJobsResult {
  segmentsReused: number;
  loudness: Loudness;
  /** Blob keys of each segment's picture analysis (QC), in programme order. */
  pictureKeys: string[];
}

/**
 * Runs the jobs of a plan on this machine: segment jobs in parallel (each idempotent: an output
 * that exists is reused, never rebuilt) beside the audio job (its windows, the loudness decision,
 * the encode). The mux (which joins the segments by stream copy as it writes the file), QC and
 * packaging follow in `runQcAndPackage`. The same job functions are what a distributed worker
 * runs, one message each.
 */
export async function runRenderJobs({
  deps,
  plan,
  spec,
  profile,
  version,
  scratch,
  timings,
  onProgress,
}: {
  deps: RenderDeps;
  plan: RenderPlan;
  spec: RenderSpec;
  profile: DeliveryProfile;
  version: Version;
  scratch: string;
  timings: Record<string, number>;
  onProgress: (progress: RenderProgress) => void;
}): Promise<RenderJobsResult> {
  const resolveSource = sourceResolver({ deps });
  const total = plan.segments.length;
  let done = 0;
  let reused = 0;
  const report = (phase: RenderProgress['phase']) => onProgress({ phase, segmentsDone: done, segmentsTotal: total, segmentsReused: reused });
  report('segments');

  // The audio job runs beside the segment jobs: on a re-render (one segment) the two share the
  // cores instead of waiting for each other.
  const audioStarted = Date.now();
  const audio = audioJob({ deps, plan, spec, profile, resolveSource, scratch }).then((loudness) => {
    timings.audioSeconds = (Date.now() - audioStarted) / 1000;
    return loudness;
  });
  // Settled before anything can throw below, so a failed segment never leaves it unhandled.
  audio.catch(() => undefined);

  const segmentsStarted = Date.now();
  const pipelineThreads = pipelineThreadsFor({ profile, concurrency: deps.concurrency });
  try {
    await forEachLimited({
      items: groupSegments({ segments: plan.segments, profile }),
      limit: deps.concurrency,
      run: async (group, index) => {
        const groupStarted = Date.now();
        const { rendered } = await renderSegmentJobs({
          deps,
          segments: group,
          profile,
          versionNumber: version.number,
          resolveSource,
          scratch: path.join(scratch, `segments-${index}`),
          pipelineThreads,
        });
        done += group.length;
        reused += rendered.filter((made) => !made).length;
        // The longest segment job: with one machine per segment, the segment phase takes this long.
        if (group.length === 1) timings.longestSegmentSeconds = Math.max(timings.longestSegmentSeconds ?? 0, (Date.now() - groupStarted) / 1000);
        report('segments');
      },
    });
  } catch (error) {
    await audio.catch(() => undefined); // nothing keeps running in the scratch folder once this returns
    throw error;
  }
  timings.segmentsSeconds = (Date.now() - segmentsStarted) / 1000;

  report('audio');
  const loudness = await audio;
  return { segmentsReused: reused, loudness, pictureKeys: plan.segments.map((s) => pictureKeyOf(s.key)) };
}

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { renderSegments, type ResolveSource } from '../media/index.ts';
import type { PlannedSegment } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { analyseSegmentPicture, pictureKeyOf } from './picture-analysis-job.ts';

interface SegmentJobInput {
  deps: RenderDeps;
  profile: DeliveryProfile;
  versionNumber: number;
  resolveSource: ResolveSource;
  scratch: string;
}

/**
 * One segment job: renders the segment unless its output exists (content-addressed key), running
 * QC's picture checks in the same pass and caching them beside it (a segment stored without them,
 * by an older build, is analysed on its own). Idempotent: running it twice, or on two
 * machines at once, stores the same bytes under the same key.
 */
export async function renderSegmentJob({ segment, ...input }: SegmentJobInput & { segment: PlannedSegment }): Promise<{ rendered: boolean }> {
  const { rendered } = await renderSegmentJobs({ ...input, segments: [segment] });
  return { rendered: rendered[0]! };
}

/**
 * The jobs of several segments, the missing ones rendered in one ffmpeg run (`renderSegments`:
 * the same bytes as one by one, for a fraction of the start-up cost when segments are small).
 * Each segment is stored under its own key with its picture checks, exactly as `renderSegmentJob`
 * stores it. Says which were rendered (the others were in the store).
 */
export async function renderSegmentJobs({
  deps,
  segments,
  profile,
  versionNumber,
  resolveSource,
  scratch,
  pipelineThreads,
}: SegmentJobInput & {
  segments: readonly PlannedSegment[];
  /** Decoder and filter-graph threads of the run (`renderSegments`); ffmpeg's when absent. */
  pipelineThreads?: number | undefined;
}): Promise<{ rendered: boolean[] }> {
  const present = await Promise.all(segments.map(async (segment) => (await deps.blobs.head({ key: segment.key })) !== null));
  const missing = segments.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    await mkdir(scratch, { recursive: true });
    try {
      const made = await renderSegments({
        segments: missing.map((segment, i) => ({ spec: segment.spec, outPath: path.join(scratch, `segment-${i}.mp4`) })),
        profile,
        resolveSource,
        fontFile: deps.fontFile,
        versionNumber,
        programmeStartFrame: 0,
        tools: deps.tools,
        analysePicture: true,
        ...(pipelineThreads !== undefined ? { pipelineThreads } : {}),
      });
      // Stored side by side: each store waits for its file to reach the disk (fsync), and one
      // after another they kept the next run of this lane waiting ~0.1 s. All settle before the
      // scratch folder is removed; the first failure is then thrown.
      const stored = await Promise.allSettled(
        missing.map(async (segment, i) => {
          const { picture, path: file } = made[i]!;
          // The picture checks first: a segment without them is analysed again below, never the other way round.
          if (picture) await deps.blobs.putBytes({ key: pictureKeyOf(segment.key), body: JSON.stringify(picture), contentType: 'application/json' });
          await deps.blobs.putFile({ key: segment.key, path: file, contentType: 'video/mp4' });
        }),
      );
      const failed = stored.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  for (const segment of segments) await analyseSegmentPicture({ deps, segmentKey: segment.key });
  return { rendered: present.map((found) => !found) };
}

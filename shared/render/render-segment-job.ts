import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../delivery/profiles.ts';
import { renderSegment, type ResolveSource } from '../media/index.ts';
import type { PlannedSegment } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { analyseSegmentPicture } from './run-render-jobs.ts';

/**
 * One segment job: renders the segment unless its output exists (content-addressed key), then
 * analyses its picture for QC and caches that beside it. Idempotent: running it twice, or on two
 * machines at once, stores the same bytes under the same key.
 */
export async function renderSegmentJob({
  deps,
  segment,
  profile,
  versionNumber,
  resolveSource,
  scratch,
}: {
  deps: RenderDeps;
  segment: PlannedSegment;
  profile: DeliveryProfile;
  versionNumber: number;
  resolveSource: ResolveSource;
  scratch: string;
}): Promise<{ rendered: boolean }> {
  let rendered = false;
  if ((await deps.blobs.head({ key: segment.key })) === null) {
    await mkdir(scratch, { recursive: true });
    try {
      const out = path.join(scratch, 'segment.mp4');
      await renderSegment({ spec: segment.spec, profile, resolveSource, fontFile: deps.fontFile, versionNumber, programmeStartFrame: 0, tools: deps.tools, outPath: out });
      await deps.blobs.putFile({ key: segment.key, path: out, contentType: 'video/mp4' });
      rendered = true;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  await analyseSegmentPicture({ deps, segmentKey: segment.key });
  return { rendered };
}

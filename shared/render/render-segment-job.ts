import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveryProfile } from '../delivery/profiles.ts';
import { renderSegment, type ResolveSource } from '../media/index.ts';
import type { PlannedSegment } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { analyseSegmentPicture, pictureKeyOf } from './run-render-jobs.ts';

/**
 * One segment job: renders the segment unless its output exists (content-addressed key), running
 * QC's picture checks in the same pass and caching them beside it (a segment stored without them,
 * by an older build, is analysed on its own). Idempotent: running it twice, or on two
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
      const { picture } = await renderSegment({
        spec: segment.spec, profile, resolveSource, fontFile: deps.fontFile, versionNumber, programmeStartFrame: 0, tools: deps.tools, outPath: out, analysePicture: true,
      });
      // The picture checks first: a segment without them is analysed again below, never the other way round.
      if (picture) await deps.blobs.putBytes({ key: pictureKeyOf(segment.key), body: JSON.stringify(picture), contentType: 'application/json' });
      await deps.blobs.putFile({ key: segment.key, path: out, contentType: 'video/mp4' });
      rendered = true;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  await analyseSegmentPicture({ deps, segmentKey: segment.key });
  return { rendered };
}

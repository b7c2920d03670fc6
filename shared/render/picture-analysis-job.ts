/** A rendered segment's picture analysis for QC (black, freeze, flashes), cached beside the segment. */
import { buffer } from 'node:stream/consumers';
import { PictureAnalysisSchema, analysePicture } from '../media/index.ts';
import type { RenderDeps } from './render-deps.ts';

/** The blob where a segment's picture analysis is cached, beside the segment. */
export function pictureKeyOf(segmentKey: string): string {
  return `${segmentKey}.picture.json`;
}

/** Reads a segment's cached picture analysis. */
export async function readPictureAnalysis({ deps, key }: { deps: Pick<RenderDeps, 'blobs'>; key: string }) {
  return PictureAnalysisSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key }))).toString('utf8')));
}

/** Analyses a rendered segment's picture for QC (black, freeze, flashes) and caches it with the segment. */
export async function analyseSegmentPicture({ deps, segmentKey }: { deps: Pick<RenderDeps, 'blobs' | 'tools'>; segmentKey: string }): Promise<void> {
  const key = pictureKeyOf(segmentKey);
  if ((await deps.blobs.head({ key })) !== null) return;
  const input = await deps.blobs.mediaInput({ key: segmentKey });
  const analysis = await analysePicture({ source: { ...input, demuxer: 'mov' }, tools: deps.tools });
  await deps.blobs.putBytes({ key, body: JSON.stringify(analysis), contentType: 'application/json' });
}

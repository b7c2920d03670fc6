import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeliveredFile, HlsIndex } from '../domain/index.ts';
import { HLS_CONTENT_TYPES } from '../domain/hls-index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { checksumFile } from '../delivery/index.ts';
import { InvalidRenderInputError, makeHlsLadder, type HlsLadderReading, type MediaSource } from '../media/index.ts';
import { forEachLimited } from './for-each-limited.ts';
import type { RenderDeps } from './render-deps.ts';

/** The ladder's folder under a delivery's prefix, and its files' names in the render record. */
export const HLS_FOLDER = 'hls';
/** The ladder's index (role `hls-index`), in `HLS_FOLDER`. */
export const HLS_INDEX_NAME = 'index.json';

/** Ladder files stored at once: S3 takes many small uploads side by side; a local disk does not mind. */
const STORE_CONCURRENCY = 8;

/**
 * Makes the HLS ladder of a ladder profile's delivered file (`makeHlsLadder`, in
 * `<scratch>/hls`) and stores it under the delivery's prefix: `<prefix>/hls/master.m3u8`,
 * `<prefix>/hls/<rung>/index.m3u8`, `<prefix>/hls/<rung>/seg-00000.ts` …, and the index of them
 * all (`<prefix>/hls/index.json`, `HlsIndexSchema`). Returns the two files the render record
 * lists (roles `hls-master` and `hls-index`, with checksums) and the reading QC judges.
 *
 * The ladder's keyframe grid counts the file's frames from the programme's first frame: a profile
 * with a line-up or a black head is refused (`INVALID_RENDER_INPUT`).
 */
export async function packageHlsLadder({
  deps,
  source,
  profile,
  prefix,
  outDir,
  programmeFrames,
  leadFrames,
}: {
  deps: Pick<RenderDeps, 'blobs' | 'tools'>;
  /** The delivered file. */
  source: MediaSource;
  profile: DeliveryProfile;
  /** The delivery's blob prefix (`deliveries/<project>/<version16>/<profile>`). */
  prefix: string;
  /** The package folder: the ladder is made in `<outDir>/hls`. */
  outDir: string;
  programmeFrames: number;
  leadFrames: number;
}): Promise<{ files: DeliveredFile[]; reading: HlsLadderReading }> {
  const ladderSettings = profile.ladder;
  if (!ladderSettings) throw new InvalidRenderInputError({ reason: `profile ${profile.id} has no ladder` });
  if (leadFrames > 0) throw new InvalidRenderInputError({ reason: `profile ${profile.id} has a ladder and ${leadFrames} frames before the programme` });
  const hlsDir = path.join(outDir, HLS_FOLDER);
  const ladder = await makeHlsLadder({ master: source, profile: { ...profile, ladder: ladderSettings }, outDir: hlsDir, tools: deps.tools });
  const keyOf = (name: string) => `${prefix}/${HLS_FOLDER}/${name}`;
  // Summed before storing: the store may move a file in (`putFile`).
  const master = ladder.files[0]!;
  const masterSums = await checksumFile({ path: master.path });
  await forEachLimited({
    items: ladder.files,
    limit: STORE_CONCURRENCY,
    run: async (file) => {
      await deps.blobs.putFile({ key: keyOf(file.name), path: file.path, contentType: file.contentType });
    },
  });
  const index: HlsIndex = {
    segmentSeconds: ladderSettings.segmentSeconds,
    durationFrames: programmeFrames,
    renditions: ladder.variants.map(({ name, width, height, bandwidth, averageBandwidth, playlist }) => ({
      name,
      width,
      height,
      bandwidth,
      averageBandwidth,
      playlist,
    })),
    files: ladder.files.map((file) => ({ name: file.name, key: keyOf(file.name), contentType: file.contentType, sizeBytes: file.sizeBytes })),
  };
  const indexPath = path.join(hlsDir, HLS_INDEX_NAME);
  await writeFile(indexPath, JSON.stringify(index, null, 2), 'utf8');
  const indexSums = await checksumFile({ path: indexPath });
  await deps.blobs.putFile({ key: keyOf(HLS_INDEX_NAME), path: indexPath, contentType: 'application/json' });
  const files: DeliveredFile[] = [
    {
      role: 'hls-master',
      name: `${HLS_FOLDER}/${master.name}`,
      key: keyOf(master.name),
      contentType: HLS_CONTENT_TYPES.playlist,
      ...masterSums,
    },
    {
      role: 'hls-index',
      name: `${HLS_FOLDER}/${HLS_INDEX_NAME}`,
      key: keyOf(HLS_INDEX_NAME),
      contentType: 'application/json',
      ...indexSums,
    },
  ];
  return { files, reading: ladder.reading };
}

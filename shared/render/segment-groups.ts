/** How segment jobs share ffmpeg runs and threads on one machine. */
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { SEGMENT_PIPELINE_THREADS } from '../media/index.ts';

/** Segments of at most this many pixels are rendered several to an ffmpeg run (the review's 960×540). */
const SMALL_PICTURE_PIXELS = 960 * 540;

function isSmallPicture({ profile }: { profile: Pick<DeliveryProfile, 'video'> }): boolean {
  return profile.video.width * profile.video.height <= SMALL_PICTURE_PIXELS;
}

/** How many small segments share one ffmpeg run, and how many frames at most (so the cores' loads stay even). */
const SEGMENTS_PER_RUN = 8;

const FRAMES_PER_RUN = 1_500;

/**
 * Decoder and filter-graph threads of the segment runs of a render on this machine: one each
 * (`SEGMENT_PIPELINE_THREADS`) for small pictures when several runs share the cores; ffmpeg's own
 * otherwise: small pictures gain from it and 1080p masters lose (the figures are in
 * docs/benchmarks.md, "Review").
 */
export function pipelineThreadsFor({ profile, concurrency }: { profile: Pick<DeliveryProfile, 'video'>; concurrency: number }): number | undefined {
  return concurrency > 1 && isSmallPicture({ profile }) ? SEGMENT_PIPELINE_THREADS : undefined;
}

/**
 * Segments in programme order, in groups for one ffmpeg run each: one by one for large pictures
 * (a 1080p segment's encode dwarfs ffmpeg's start-up, and one per run keeps the cores' loads even
 * and the segment the unit of work), up to `SEGMENTS_PER_RUN` consecutive ones for small pictures,
 * where starting ffmpeg costs as much as encoding a segment. The bytes are the same either way.
 */
export function groupSegments<T extends { spec: { frames: number } }>({
  segments,
  profile,
}: {
  segments: readonly T[];
  profile: Pick<DeliveryProfile, 'video'>;
}): T[][] {
  if (!isSmallPicture({ profile })) return segments.map((segment) => [segment]);
  const groups: T[][] = [];
  let current: T[] = [];
  let frames = 0;
  for (const segment of segments) {
    if (current.length > 0 && (current.length === SEGMENTS_PER_RUN || frames + segment.spec.frames > FRAMES_PER_RUN)) {
      groups.push(current);
      current = [];
      frames = 0;
    }
    current.push(segment);
    frames += segment.spec.frames;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

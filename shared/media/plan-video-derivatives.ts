import type { ProbeFacts, VideoFacts } from '../domain/media-facts.ts';
import { fitWithin } from './fit-within.ts';
import { FPS } from '../domain/project.ts';

export const PROXY_BOX = { width: 960, height: 540 } as const;
export const PROXY_FPS = FPS;
export const THUMBNAIL_COUNT = 10;
export const THUMBNAIL_WIDTH = 160;
/** Where the poster frame is taken, as a share of the duration (past fades and slates). */
export const POSTER_POSITION = 0.1;

export interface VideoDerivePlan {
  proxy: { width: number; height: number };
  /** One tile of the strip; the strip is `count` tiles side by side. */
  tile: { width: number; height: number; count: number };
  strip: { width: number; height: number };
  posterAtSeconds: number;
  /** Field order to deinterlace with, or null for progressive (and unknown) sources. */
  deinterlace: 'tff' | 'bff' | null;
  hasAudio: boolean;
  /**
   * Mono sound tracks joined into one sound of that many channels (a finished programme in XDCAM
   * MXF carries one mono track per channel); 0 when the first sound stream is used as it is.
   */
  mergedTracks: number;
  durationSeconds: number;
}

/** Tracks joined at most (XDCAM HD422 carries 2, 4 or 8). */
export const MAX_MERGED_TRACKS = 8;

/**
 * The channels a file's sound has once its mono tracks are joined (see `mergedTracks`): the
 * number of tracks (at most 8) when the first is mono and there are more, else the first stream's.
 */
export function mergedTrackCount({ facts }: { facts: Pick<ProbeFacts, 'audio' | 'audioStreams'> }): number {
  return facts.audio?.channels === 1 && facts.audioStreams > 1 ? Math.min(facts.audioStreams, MAX_MERGED_TRACKS) : 0;
}

/**
 * Sizes and timings of a clip's derivatives, from its probe facts. The proxy keeps the display
 * aspect ratio (sample aspect ratio and rotation applied) inside 960×540, with square pixels and
 * even sides.
 */
export function planVideoDerivatives({
  facts,
  mergeMonoTracks = false,
}: {
  facts: ProbeFacts;
  /** Join the file's mono tracks into one sound (finished programmes: one track per channel). */
  mergeMonoTracks?: boolean;
}): VideoDerivePlan {
  const video = requireMovingVideo(facts);
  const proxy = fitWithin({ width: video.displayWidth, height: video.displayHeight, maxWidth: PROXY_BOX.width, maxHeight: PROXY_BOX.height, even: true });
  const tileHeight = Math.max(2, 2 * Math.round((THUMBNAIL_WIDTH * proxy.height) / proxy.width / 2));
  const durationSeconds = facts.durationSeconds && facts.durationSeconds > 0 ? facts.durationSeconds : 10;
  return {
    proxy,
    tile: { width: THUMBNAIL_WIDTH, height: tileHeight, count: THUMBNAIL_COUNT },
    strip: { width: THUMBNAIL_WIDTH * THUMBNAIL_COUNT, height: tileHeight },
    posterAtSeconds: Math.round(durationSeconds * POSTER_POSITION * 1000) / 1000,
    deinterlace: video.fieldOrder === 'tff' || video.fieldOrder === 'bff' ? video.fieldOrder : null,
    hasAudio: facts.audio !== null,
    mergedTracks: mergeMonoTracks ? mergedTrackCount({ facts }) : 0,
    durationSeconds,
  };
}

function requireMovingVideo(facts: ProbeFacts): VideoFacts {
  if (!facts.video || facts.video.still) throw new TypeError('planVideoDerivatives needs facts of a moving picture');
  return facts.video;
}

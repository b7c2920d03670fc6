import type { ProbeFacts, VideoFacts } from '../domain/media-facts.ts';
import { fitWithin } from './fit-within.ts';
import { orientationFilters } from './orientation-filters.ts';

export const PREVIEW_BOX = { width: 1920, height: 1080 } as const;
export const PHOTO_POSTER_BOX = { width: 480, height: 480 } as const;

export interface PhotoDerivePlan {
  preview: { width: number; height: number };
  poster: { width: number; height: number };
  orientation: number;
  flattenAlpha: boolean;
}

/** Sizes of a photo's derivatives once its EXIF orientation is applied. */
export function planPhotoDerivatives({ facts, orientation }: { facts: ProbeFacts; orientation: number }): PhotoDerivePlan {
  const video = requireStill(facts);
  const sarWidth = Math.max(1, Math.round((video.width * video.sampleAspectRatio.num) / video.sampleAspectRatio.den));
  const { swapsSides } = orientationFilters({ orientation });
  const upright = swapsSides ? { width: video.height, height: sarWidth } : { width: sarWidth, height: video.height };
  return {
    preview: fitWithin({ ...upright, maxWidth: PREVIEW_BOX.width, maxHeight: PREVIEW_BOX.height }),
    poster: fitWithin({ ...upright, maxWidth: PHOTO_POSTER_BOX.width, maxHeight: PHOTO_POSTER_BOX.height }),
    orientation,
    flattenAlpha: video.hasAlpha,
  };
}

function requireStill(facts: ProbeFacts): VideoFacts {
  if (!facts.video?.still) throw new TypeError('planPhotoDerivatives needs facts of a still picture');
  return facts.video;
}

import type { VideoFacts } from '../../shared/domain/index.ts';

/**
 * What ffprobe says of a plain 1080p25 H.264 picture (progressive, square pixels, 8-bit 4:2:0),
 * with any field changed: the facts the tests' clips start from.
 *
 * @example videoFacts({ width: 320, height: 180 })
 */
export function videoFacts(changes: Partial<VideoFacts> = {}): VideoFacts {
  return {
    codec: 'h264',
    width: 1920,
    height: 1080,
    displayWidth: changes.width ?? 1920,
    displayHeight: changes.height ?? 1080,
    rotation: 0,
    sampleAspectRatio: { num: 1, den: 1 },
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    frameRate: { num: 25, den: 1 },
    variableFrameRate: false,
    fieldOrder: 'progressive',
    hasAlpha: false,
    still: false,
    ...changes,
  };
}

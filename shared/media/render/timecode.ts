import { framesToTimecode as formatTimelineTimecode, timecodeToFrames as parseTimelineTimecode } from '../../domain/timecode.ts';
import { InvalidRenderInputError } from './render-errors.ts';

/** The programme rate: every timecode here is 25 fps, non-drop. */
export const TIMECODE_FPS = 25;
const FRAMES_PER_DAY = 24 * 3600 * TIMECODE_FPS;

/**
 * SMPTE timecode `HH:MM:SS:FF` of a frame count at 25 fps, wrapping at 24 hours as a deck's
 * timecode does (so a line-up that starts before midnight reads 23:59:…). The formatting is the
 * domain's; only the wrap is added here.
 *
 * @example framesToTimecode({ frames: 900_000 }) // '10:00:00:00'
 */
export function framesToTimecode({ frames }: { frames: number }): string {
  if (!Number.isSafeInteger(frames)) throw new InvalidRenderInputError({ reason: `timecode of ${frames} frames` });
  return formatTimelineTimecode({ frames: ((frames % FRAMES_PER_DAY) + FRAMES_PER_DAY) % FRAMES_PER_DAY });
}

/**
 * The frame count of `HH:MM:SS:FF` at 25 fps, parsed by the domain; a bad timecode is a bad render
 * input (`INVALID_RENDER_INPUT`).
 *
 * @example timecodeToFrames({ timecode: '10:00:00:00' }) // 900_000
 */
export function timecodeToFrames({ timecode }: { timecode: string }): number {
  try {
    return parseTimelineTimecode({ timecode });
  } catch {
    throw new InvalidRenderInputError({ reason: `"${timecode}" is not a 25 fps timecode HH:MM:SS:FF` });
  }
}

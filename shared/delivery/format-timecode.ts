import { FPS } from '../domain/project.ts';
import { framesToTimecode, timecodeToFrames } from '../domain/timecode.ts';

const FRAMES_PER_DAY = 24 * 60 * 60 * FPS;

/**
 * SMPTE timecode (25 fps, non-drop) of a file frame: `frame` frames after the frame whose
 * timecode is `start`. Unlike the timeline's `framesToTimecode`, it wraps at 24 hours as a
 * deck's timecode does, and counts backwards before `start` (a line-up before a programme that
 * starts at 10:00:00:00 starts at 09:59:30:00). A malformed `start` throws `INVALID_TIMECODE`.
 *
 * @example formatTimecode({ frame: 76, start: '10:00:00:00' }) // '10:00:03:01'
 * @example formatTimecode({ frame: -750, start: '10:00:00:00' }) // '09:59:30:00'
 */
export function formatTimecode({ frame, start = '00:00:00:00' }: { frame: number; start?: string }): string {
  const total = timecodeToFrames({ timecode: start }) + Math.round(frame);
  return framesToTimecode({ frames: ((total % FRAMES_PER_DAY) + FRAMES_PER_DAY) % FRAMES_PER_DAY });
}

/**
 * A length in frames written as `HH:MM:SS:FF` (a duration, not a position).
 *
 * @example formatDurationTimecode({ frames: 19_500 }) // '00:13:00:00'
 */
export function formatDurationTimecode({ frames }: { frames: number }): string {
  return framesToTimecode({ frames: Math.round(frames) });
}

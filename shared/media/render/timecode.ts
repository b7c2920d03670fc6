import { InvalidRenderInputError } from './render-errors.ts';

/** The programme rate: every timecode here is 25 fps, non-drop. */
export const TIMECODE_FPS = 25;
const FRAMES_PER_DAY = 24 * 3600 * TIMECODE_FPS;

/**
 * SMPTE timecode `HH:MM:SS:FF` of a frame count at 25 fps, wrapping at 24 hours (so a line-up
 * that starts before midnight reads 23:59:…).
 *
 * @example framesToTimecode({ frames: 900_000 }) // '10:00:00:00'
 */
export function framesToTimecode({ frames }: { frames: number }): string {
  if (!Number.isSafeInteger(frames)) throw new InvalidRenderInputError({ reason: `timecode of ${frames} frames` });
  const wrapped = ((frames % FRAMES_PER_DAY) + FRAMES_PER_DAY) % FRAMES_PER_DAY;
  const ff = wrapped % TIMECODE_FPS;
  const totalSeconds = Math.floor(wrapped / TIMECODE_FPS);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}

/**
 * The frame count of `HH:MM:SS:FF` at 25 fps.
 *
 * @example timecodeToFrames({ timecode: '10:00:00:00' }) // 900_000
 */
export function timecodeToFrames({ timecode }: { timecode: string }): number {
  const match = /^(\d{2}):([0-5]\d):([0-5]\d):(\d{2})$/.exec(timecode);
  const [, hh, mm, ss, ff] = match ?? [];
  if (!match || Number(ff) >= TIMECODE_FPS) {
    throw new InvalidRenderInputError({ reason: `"${timecode}" is not a 25 fps timecode HH:MM:SS:FF` });
  }
  return ((Number(hh) * 60 + Number(mm)) * 60 + Number(ss)) * TIMECODE_FPS + Number(ff);
}

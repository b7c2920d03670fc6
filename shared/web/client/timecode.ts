/** Programme rate: 25 frames a second (SPECS.md). */
export const FPS = 25;

/**
 * Frames as SMPTE timecode HH:MM:SS:FF at 25 fps.
 *
 * @example framesToTimecode(1512) // '00:01:00:12'
 */
export function framesToTimecode(frames: number): string {
  const sign = frames < 0 ? '-' : '';
  let rest = Math.abs(Math.round(frames));
  const ff = rest % FPS;
  rest = (rest - ff) / FPS;
  const ss = rest % 60;
  rest = (rest - ss) / 60;
  const mm = rest % 60;
  const hh = (rest - mm) / 60;
  return `${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}:${pad(ff)}`;
}

/** HH:MM:SS:FF (or whole frames) to frames; null when it is neither. */
export function timecodeToFrames(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = /^(\d{1,2}):([0-5]\d):([0-5]\d)[:;](\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [, hh, mm, ss, ff] = match.map(Number) as [number, number, number, number, number];
  if (ff >= FPS) return null;
  return ((hh * 60 + mm) * 60 + ss) * FPS + ff;
}

/** The frame a media element shows at `seconds` (the middle of a frame rounds down to it). */
export function secondsToFrame(seconds: number): number {
  return Math.floor(seconds * FPS + 1e-6);
}

/** The time to seek to so that frame `frame` shows (its middle, safe from rounding). */
export function frameToSeconds(frame: number): number {
  return (frame + 0.5) / FPS;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

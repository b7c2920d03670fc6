/**
 * Time on the timeline, exactly.
 *
 * - Programme time is an integer number of frames at 25 fps. People read and write it as SMPTE
 *   non-drop timecode `HH:MM:SS:FF` (frames 00–24).
 * - Source points (a clip's in and out) are exact rational seconds, whatever notation the editor
 *   used: `12.48`, `"12.48"`, `"00:00:12.480"`, `"00:00:12:12"` or `"1001/30000"`.
 * - Sound positions are integer samples at 48 kHz (1920 samples per frame).
 *
 * The one rounding rule: a rational becomes frames or samples by rounding half up, n = ⌊x + ½⌋,
 * computed on integers (BigInt), once, where the rational is turned into a count. Nothing adds up
 * floating-point seconds, so a 15-minute timeline lands on the same frame as its first shot would.
 */
import { TimelineError, type ErrorCode } from './errors.ts';
import type { Rational } from './media-facts.ts';
import { FPS, SAMPLES_PER_FRAME, SAMPLE_RATE } from './frame-rate.ts';

/** `HH:MM:SS:FF` at 25 fps, non-drop. */
export const TIMECODE_PATTERN = /^(\d{2}):([0-5]\d):([0-5]\d):(\d{2})$/;

const FRAMES_PER_HOUR = 3600 * FPS;
/** SMPTE timecode stops at 23:59:59:24. */
const FRAMES_PER_DAY = 24 * FRAMES_PER_HOUR;
/** Source times are given to the nanosecond at most. */
const MAX_DECIMALS = 9;

const DECIMAL_SECONDS = /^(\d+)(?:[.,](\d+))?$/;
const CLOCK_TIME = /^(\d{1,3}):([0-5]\d):([0-5]\d)(?:[.,](\d+))?$/;
const RATIO = /^(\d+)\/(\d+)$/;

/** The shapes accepted for a source time, as error messages show them. */
export const SOURCE_TIME_SHAPES = 'seconds (12.48), HH:MM:SS.mmm, HH:MM:SS:FF timecode or a ratio of seconds (1001/30000)';

/**
 * A time that cannot be read or written: a malformed timecode, a source time in no known shape,
 * a value out of range. Codes: `INVALID_TIMECODE`, `INVALID_SOURCE_TIME`, `INVALID_DURATION`,
 * `TIMECODE_OUT_OF_RANGE`; `details.value` holds what was given.
 */
export class TimecodeError extends TimelineError {
  constructor({ code, value, reason, reasonVi }: { code: ErrorCode; value: unknown; reason: string; reasonVi: string }) {
    super({
      code,
      message: `${JSON.stringify(value) ?? String(value)}: ${reason}.`,
      messageVi: `${JSON.stringify(value) ?? String(value)}: ${reasonVi}.`,
      details: { value, reason, reasonVi },
    });
  }
}

/**
 * Writes a frame count as SMPTE timecode at 25 fps, optionally from a start timecode given in
 * frames (a broadcast programme starts at 10:00:00:00 = 900 000 frames).
 *
 * @example framesToTimecode({ frames: 1563 }) // '00:01:02:13'
 * @example framesToTimecode({ frames: 0, startFrames: 900_000 }) // '10:00:00:00'
 * @throws TimecodeError when the result is negative, fractional or past 23:59:59:24.
 */
export function framesToTimecode({ frames, startFrames = 0 }: { frames: number; startFrames?: number }): string {
  const total = frames + startFrames;
  if (!Number.isSafeInteger(frames) || !Number.isSafeInteger(startFrames)) {
    throw new TimecodeError({
      code: 'INVALID_TIMECODE',
      value: frames,
      reason: 'a frame count must be a whole number',
      reasonVi: 'số khung hình phải là số nguyên',
    });
  }
  if (total < 0 || total >= FRAMES_PER_DAY) {
    throw new TimecodeError({
      code: 'TIMECODE_OUT_OF_RANGE',
      value: total,
      reason: `frame ${total} is outside 00:00:00:00–23:59:59:24`,
      reasonVi: `khung hình ${total} nằm ngoài khoảng 00:00:00:00–23:59:59:24`,
    });
  }
  const ff = total % FPS;
  const totalSeconds = (total - ff) / FPS;
  const ss = totalSeconds % 60;
  const mm = ((totalSeconds - ss) / 60) % 60;
  const hh = (totalSeconds - ss - mm * 60) / 3600;
  return [hh, mm, ss, ff].map((part) => String(part).padStart(2, '0')).join(':');
}

/**
 * Reads SMPTE timecode `HH:MM:SS:FF` at 25 fps (non-drop) into frames.
 *
 * @example timecodeToFrames({ timecode: '10:00:00:00' }) // 900000
 * @throws TimecodeError (`INVALID_TIMECODE`) naming what is wrong: the shape, frames above 24,
 *   hours above 23, a drop-frame separator.
 */
export function timecodeToFrames({ timecode }: { timecode: string }): number {
  const result = readTimecode(timecode);
  if (typeof result === 'number') return result;
  throw new TimecodeError({ code: 'INVALID_TIMECODE', value: timecode, ...result });
}

/**
 * SMPTE timecode (25 fps, non-drop) of a file frame: `frame` frames after the frame whose
 * timecode is `start`. Unlike `framesToTimecode`, it wraps at 24 hours as a deck's timecode does,
 * and counts backwards before `start` (a line-up before a programme that starts at 10:00:00:00
 * starts at 09:59:30:00). A malformed `start` throws `INVALID_TIMECODE`.
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

/**
 * A frame count as people read it on a page (a player's position, a running total, how much is
 * missing): rounded, a negative count signed, never an error.
 *
 * @example displayTimecode({ frames: 1512 }) // '00:01:00:12'
 * @example displayTimecode({ frames: -30 }) // '-00:00:01:05'
 */
export function displayTimecode({ frames }: { frames: number }): string {
  const whole = Number.isFinite(frames) ? Math.abs(Math.round(frames)) : 0;
  const text = formatTimecode({ frame: whole % FRAMES_PER_DAY });
  return frames < 0 && whole > 0 ? `-${text}` : text;
}

/** The frame a media element shows at `seconds` (the middle of a frame rounds down to it). */
export function frameAtSeconds({ seconds }: { seconds: number }): number {
  return Math.floor(seconds * FPS + 1e-6);
}

/** The time to seek a media element to so that `frame` shows (its middle, safe from rounding). */
export function secondsOfFrame({ frame }: { frame: number }): number {
  return (frame + 0.5) / FPS;
}

/**
 * What a person typed as a programme position or duration: timecode `HH:MM:SS:FF` (one-digit
 * hours too) or whole frames; null when it is neither (a form field shows its own message).
 */
export function readTimecodeInput({ text }: { text: string }): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const result = readTimecode(trimmed.length === 10 ? `0${trimmed}` : trimmed);
  return typeof result === 'number' ? result : null;
}

/** Why a time cannot be read, in English and in Vietnamese. */
export interface TimeProblem {
  reason: string;
  reasonVi: string;
}

type Reason = TimeProblem;

function readTimecode(timecode: string): number | Reason {
  if (/^\d{2}:\d{2}:\d{2};\d{2}$/.test(timecode)) {
    return {
      reason: 'drop-frame timecode (";") does not exist at 25 fps: write HH:MM:SS:FF',
      reasonVi: 'mã thời gian drop-frame (";") không dùng ở 25 hình/giây: hãy viết HH:MM:SS:FF',
    };
  }
  const match = TIMECODE_PATTERN.exec(timecode);
  if (!match) {
    return {
      reason: 'expected SMPTE timecode HH:MM:SS:FF (for example 00:01:02:13)',
      reasonVi: 'cần mã thời gian dạng HH:MM:SS:FF (ví dụ 00:01:02:13)',
    };
  }
  const [hh, mm, ss, ff] = match.slice(1).map(Number) as [number, number, number, number];
  if (ff >= FPS) {
    return {
      reason: `frame ${ff} does not exist at ${FPS} fps (frames run 00–${FPS - 1})`,
      reasonVi: `không có khung hình ${ff} ở ${FPS} hình/giây (khung hình từ 00 đến ${FPS - 1})`,
    };
  }
  if (hh >= 24) return { reason: 'hours run 00–23', reasonVi: 'giờ chỉ từ 00 đến 23' };
  return hh * FRAMES_PER_HOUR + (mm * 60 + ss) * FPS + ff;
}

/**
 * Reads a source point as an editor or a script gives it into exact rational seconds (reduced).
 *
 * - a number of seconds (`12.48`): read through its shortest decimal form, so `12.48` is exactly
 *   312/25. A number with more than 9 decimals (float noise such as `12.600000000000001`) is
 *   rounded half up to the nanosecond, far below one sample;
 * - decimal seconds as text (`"12.48"`, at most 9 decimals);
 * - clock time `"HH:MM:SS.mmm"` (any number of decimals up to 9; `,` accepted as in SRT);
 * - timecode `"HH:MM:SS:FF"` at 25 fps;
 * - a ratio `"num/den"` (`"1001/30000"`, one frame of 29.97 fps footage).
 *
 * @example parseSourceTime({ value: '00:01:02:13' }) // { num: 1563, den: 25 }
 * @example parseSourceTime({ value: 12.48 }) // { num: 312, den: 25 }
 * @throws TimecodeError (`INVALID_SOURCE_TIME`) for anything else, negative values included.
 */
export function parseSourceTime({ value }: { value: number | string }): Rational {
  const result = readSourceTime(value);
  if ('num' in result) return result;
  throw new TimecodeError({ code: 'INVALID_SOURCE_TIME', value, ...result });
}

/** Why `parseSourceTime` would refuse `value`, or null when it is a valid source time. */
export function findSourceTimeProblem({ value }: { value: number | string }): TimeProblem | null {
  const result = readSourceTime(value);
  return 'num' in result ? null : result;
}

function readSourceTime(value: number | string): Rational | Reason {
  const shapes: Reason = {
    reason: `expected ${SOURCE_TIME_SHAPES}`,
    reasonVi: 'cần số giây (12.48), HH:MM:SS.mmm, mã thời gian HH:MM:SS:FF hoặc tỉ số giây (1001/30000)',
  };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      return { reason: 'a source time must be a number of seconds ≥ 0', reasonVi: 'thời điểm trong tệp nguồn phải là số giây ≥ 0' };
    return numberToRational(value) ?? shapes;
  }
  const text = value.trim();
  const decimal = DECIMAL_SECONDS.exec(text);
  if (decimal) return decimalToRational({ whole: decimal[1] ?? '0', fraction: decimal[2] ?? '' }) ?? tooPrecise();
  const clock = CLOCK_TIME.exec(text);
  if (clock) {
    const [hh, mm, ss] = clock.slice(1, 4).map(Number) as [number, number, number];
    const seconds = decimalToRational({ whole: String(hh * 3600 + mm * 60 + ss), fraction: clock[4] ?? '' });
    return seconds ?? tooPrecise();
  }
  if (TIMECODE_PATTERN.test(text) || /^\d{2}:\d{2}:\d{2};\d{2}$/.test(text)) {
    const frames = readTimecode(text);
    return typeof frames === 'number' ? framesToRational({ frames }) : frames;
  }
  const ratio = RATIO.exec(text);
  if (ratio) {
    const num = BigInt(ratio[1] ?? '0');
    const den = BigInt(ratio[2] ?? '0');
    if (den === 0n) return { reason: 'the denominator of a ratio must not be 0', reasonVi: 'mẫu số của tỉ số không được bằng 0' };
    return fromBig(num, den) ?? tooLarge();
  }
  return shapes;
}

function tooPrecise(): Reason {
  return { reason: `give at most ${MAX_DECIMALS} decimals (nanoseconds)`, reasonVi: `chỉ ghi tối đa ${MAX_DECIMALS} chữ số thập phân` };
}

function tooLarge(): Reason {
  return { reason: 'the value is too large', reasonVi: 'giá trị quá lớn' };
}

function decimalToRational({ whole, fraction }: { whole: string; fraction: string }): Rational | null {
  if (fraction.length > MAX_DECIMALS) return null;
  const den = 10n ** BigInt(fraction.length);
  return fromBig(BigInt(whole) * den + BigInt(fraction === '' ? '0' : fraction), den);
}

/** A finite number ≥ 0 through its shortest decimal form, rounded half up to 9 decimals. */
function numberToRational(value: number): Rational | null {
  // toPrecision(17) would show float noise; String() gives the shortest form that reads back equal.
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return null;
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`;
  const exponent = Number(match[3] ?? '0') - (match[2] ?? '').length;
  // value = digits × 10^exponent
  if (exponent >= 0) return fromBig(BigInt(digits) * 10n ** BigInt(exponent), 1n);
  const shift = -exponent;
  if (shift <= MAX_DECIMALS) return fromBig(BigInt(digits), 10n ** BigInt(shift));
  const drop = 10n ** BigInt(shift - MAX_DECIMALS);
  return fromBig(floorDiv(BigInt(digits) * 2n + drop, drop * 2n), 10n ** BigInt(MAX_DECIMALS));
}

/**
 * Reads a programme position: timecode `HH:MM:SS:FF` from the programme's first frame
 * (00:00:00:00, whatever start timecode a delivery later adds) or a whole number of frames.
 *
 * @example parseProgrammeTime({ value: '00:00:04:00' }) // 100
 * @throws TimecodeError (`INVALID_TIMECODE`).
 */
export function parseProgrammeTime({ value }: { value: number | string }): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw new TimecodeError({
      code: 'INVALID_TIMECODE',
      value,
      reason: 'a programme position in frames must be a whole number ≥ 0',
      reasonVi: 'vị trí trên chương trình (tính bằng khung hình) phải là số nguyên ≥ 0',
    });
  }
  return timecodeToFrames({ timecode: value.trim() });
}

/**
 * Reads a duration given as timecode (`"00:00:05:00"`) or a whole number of frames (`125`);
 * it must last at least one frame.
 *
 * @example parseFrameDuration({ value: '00:00:05:00' }) // 125
 * @throws TimecodeError (`INVALID_DURATION`).
 */
export function parseFrameDuration({ value }: { value: number | string }): number {
  const frames = typeof value === 'number' ? value : readTimecode(value.trim());
  if (typeof frames === 'number' && Number.isSafeInteger(frames) && frames >= 1) return frames;
  const reason =
    typeof frames === 'number'
      ? { reason: 'a duration must be a whole number of frames ≥ 1', reasonVi: 'thời lượng phải là số nguyên khung hình ≥ 1' }
      : frames;
  throw new TimecodeError({ code: 'INVALID_DURATION', value, ...reason });
}

/** Why `parseFrameDuration` would refuse `value`, or null when it is a valid duration. */
export function findFrameDurationProblem({ value }: { value: number | string }): TimeProblem | null {
  return problemOf(() => parseFrameDuration({ value }));
}

/** Why `parseProgrammeTime` would refuse `value`, or null when it is a valid programme position. */
export function findProgrammeTimeProblem({ value }: { value: number | string }): TimeProblem | null {
  return problemOf(() => parseProgrammeTime({ value }));
}

function problemOf(read: () => unknown): TimeProblem | null {
  try {
    read();
    return null;
  } catch (error) {
    if (!(error instanceof TimecodeError)) throw error;
    return { reason: String(error.details.reason), reasonVi: String(error.details.reasonVi) };
  }
}

/**
 * Rational seconds to frames at 25 fps, rounded half up (⌊x·25 + ½⌋) on integers.
 *
 * @example rationalToFrames({ value: { num: 1001, den: 30000 } }) // 1 (0.834 frames)
 */
export function rationalToFrames({ value }: { value: Rational }): number {
  return roundRational({ value: { num: value.num * FPS, den: value.den } });
}

/**
 * Rational seconds to samples at 48 kHz, rounded half up (⌊x·48000 + ½⌋) on integers.
 *
 * @example secondsToSamples({ value: { num: 1001, den: 30000 } }) // 1602 (1601.6)
 */
export function secondsToSamples({ value }: { value: Rational }): number {
  return toSafe(floorDiv(2n * BigInt(value.num) * BigInt(SAMPLE_RATE) + BigInt(value.den), 2n * BigInt(value.den)));
}

/** Frames to samples: exactly 1920 per frame. */
export function framesToSamples({ frames }: { frames: number }): number {
  return frames * SAMPLES_PER_FRAME;
}

/** Frames to exact rational seconds (frames / 25, reduced). */
export function framesToRational({ frames }: { frames: number }): Rational {
  return reduceRational({ value: { num: frames, den: FPS } });
}

/** The one rounding rule: ⌊x + ½⌋ (half up), on integers. `roundRational({ value: { num: -1, den: 2 } })` is 0. */
export function roundRational({ value }: { value: Rational }): number {
  return toSafe(floorDiv(2n * BigInt(value.num) + BigInt(value.den), 2n * BigInt(value.den)));
}

/** `value` in lowest terms with a positive denominator. */
export function reduceRational({ value }: { value: Rational }): Rational {
  const reduced = fromBig(BigInt(value.num), BigInt(value.den));
  if (!reduced) throw new TimecodeError({ code: 'INVALID_SOURCE_TIME', value, ...tooLarge() });
  return reduced;
}

/** a + b, exact. */
export function addRational({ a, b }: { a: Rational; b: Rational }): Rational {
  return bigResult(BigInt(a.num) * BigInt(b.den) + BigInt(b.num) * BigInt(a.den), BigInt(a.den) * BigInt(b.den));
}

/** a − b, exact. */
export function subtractRational({ a, b }: { a: Rational; b: Rational }): Rational {
  return bigResult(BigInt(a.num) * BigInt(b.den) - BigInt(b.num) * BigInt(a.den), BigInt(a.den) * BigInt(b.den));
}

/** −1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareRational({ a, b }: { a: Rational; b: Rational }): -1 | 0 | 1 {
  const left = BigInt(a.num) * BigInt(b.den);
  const right = BigInt(b.num) * BigInt(a.den);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A source time as people read it in messages: timecode when it falls on a frame
 * (`00:00:12:00`), otherwise clock time to the millisecond (`00:00:12.012`, `≈` when rounded).
 */
export function formatSourceTime({ value }: { value: Rational }): string {
  const scaled = BigInt(value.num) * BigInt(FPS);
  if (scaled % BigInt(value.den) === 0n) {
    const frames = Number(scaled / BigInt(value.den));
    if (frames >= 0 && frames < FRAMES_PER_DAY) return framesToTimecode({ frames });
  }
  const ms = floorDiv(2n * BigInt(value.num) * 1000n + BigInt(value.den), 2n * BigInt(value.den));
  const exact = (BigInt(value.num) * 1000n) % BigInt(value.den) === 0n;
  const sign = ms < 0n ? '-' : '';
  const abs = ms < 0n ? -ms : ms;
  const millis = abs % 1000n;
  const totalSeconds = abs / 1000n;
  const text = `${pad(totalSeconds / 3600n)}:${pad((totalSeconds / 60n) % 60n)}:${pad(totalSeconds % 60n)}.${String(millis).padStart(3, '0')}`;
  return `${exact ? '' : '≈'}${sign}${text}`;
}

function pad(value: bigint): string {
  return String(value).padStart(2, '0');
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function fromBig(num: bigint, den: bigint): Rational | null {
  if (den === 0n) return null;
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  const n = (sign * num) / divisor;
  const d = (sign * den) / divisor;
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER) || d > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { num: Number(n), den: Number(d) };
}

function bigResult(num: bigint, den: bigint): Rational {
  const result = fromBig(num, den);
  if (!result) throw new TimecodeError({ code: 'INVALID_SOURCE_TIME', value: `${num}/${den}`, ...tooLarge() });
  return result;
}

function toSafe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TimecodeError({ code: 'TIMECODE_OUT_OF_RANGE', value: String(value), ...tooLarge() });
  }
  return Number(value);
}

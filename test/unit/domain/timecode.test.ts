import { describe, expect, it } from 'vitest';
import {
  TimecodeError,
  addRational,
  compareRational,
  formatSourceTime,
  framesToSamples,
  framesToTimecode,
  parseFrameDuration,
  parseProgrammeTime,
  parseSourceTime,
  rationalToFrames,
  roundRational,
  secondsToSamples,
  timecodeToFrames,
  type Rational,
} from '../../../shared/domain/index.ts';

function thrown(action: () => unknown): TimecodeError {
  try {
    action();
  } catch (error) {
    if (error instanceof TimecodeError) return error;
    throw error;
  }
  throw new Error('expected a TimecodeError');
}

describe('SMPTE timecode at 25 fps', () => {
  it('round-trips frames ⇄ HH:MM:SS:FF at every unit boundary', () => {
    for (const frames of [0, 1, 24, 25, 1499, 1500, 89_999, 90_000, 900_000, 2_159_999]) {
      expect(timecodeToFrames({ timecode: framesToTimecode({ frames }) })).toBe(frames);
    }
  });

  it('reads and writes 10:00:00:00 as 900 000 frames', () => {
    expect(timecodeToFrames({ timecode: '10:00:00:00' })).toBe(900_000);
    expect(framesToTimecode({ frames: 900_000 })).toBe('10:00:00:00');
  });

  it('writes frames from a start timecode (a broadcast programme starting at 10:00:00:00)', () => {
    expect(framesToTimecode({ frames: 19_500, startFrames: 900_000 })).toBe('10:13:00:00');
    expect(framesToTimecode({ frames: 1563 })).toBe('00:01:02:13');
  });

  it('refuses frame 25, hour 24, a drop-frame separator and other shapes, saying what is expected', () => {
    expect(thrown(() => timecodeToFrames({ timecode: '00:00:01:25' })).message).toMatch(/frame 25 does not exist at 25 fps/);
    expect(thrown(() => timecodeToFrames({ timecode: '24:00:00:00' })).message).toMatch(/hours run 00–23/);
    expect(thrown(() => timecodeToFrames({ timecode: '00:00:01;10' })).message).toMatch(/drop-frame/);
    const malformed = thrown(() => timecodeToFrames({ timecode: '1:2:3:4' }));
    expect(malformed.code).toBe('INVALID_TIMECODE');
    expect(malformed.message).toMatch(/HH:MM:SS:FF/);
    expect(malformed.messageVi).toMatch(/HH:MM:SS:FF/);
    expect(() => timecodeToFrames({ timecode: '00:60:00:00' })).toThrow(TimecodeError);
  });

  it('refuses to write negative, fractional or past-midnight frame counts', () => {
    expect(thrown(() => framesToTimecode({ frames: -1 })).code).toBe('TIMECODE_OUT_OF_RANGE');
    expect(thrown(() => framesToTimecode({ frames: 1.5 })).code).toBe('INVALID_TIMECODE');
    expect(thrown(() => framesToTimecode({ frames: 1, startFrames: 2_159_999 })).code).toBe('TIMECODE_OUT_OF_RANGE');
  });
});

describe('parseSourceTime', () => {
  it('reads timecode "00:01:02:13" as exactly 1563/25 s', () => {
    expect(parseSourceTime({ value: '00:01:02:13' })).toEqual({ num: 1563, den: 25 });
  });

  it('reads 12.48 the same whether written as a number, decimal text, clock time or timecode', () => {
    const expected = { num: 312, den: 25 };
    expect(parseSourceTime({ value: 12.48 })).toEqual(expected);
    expect(parseSourceTime({ value: '12.48' })).toEqual(expected);
    expect(parseSourceTime({ value: '00:00:12.480' })).toEqual(expected);
    expect(parseSourceTime({ value: '00:00:12,480' })).toEqual(expected);
    expect(parseSourceTime({ value: '00:00:12:12' })).toEqual(expected);
  });

  it('keeps 29.97 fps frame times exact: 1001/30000 s, 33.3667 s, 1.001 s', () => {
    expect(parseSourceTime({ value: '1001/30000' })).toEqual({ num: 1001, den: 30000 });
    expect(parseSourceTime({ value: '30030/30000' })).toEqual({ num: 1001, den: 1000 });
    expect(parseSourceTime({ value: 33.3667 })).toEqual({ num: 333_667, den: 10_000 });
    expect(parseSourceTime({ value: '00:00:01.001' })).toEqual({ num: 1001, den: 1000 });
  });

  it('adds a thousand 29.97 fps frame durations without drifting (exactly 1001/30 s)', () => {
    let total: Rational = { num: 0, den: 1 };
    for (let i = 0; i < 1000; i++) total = addRational({ a: total, b: parseSourceTime({ value: '1001/30000' }) });
    expect(total).toEqual({ num: 1001, den: 30 });
    expect(rationalToFrames({ value: total })).toBe(834); // 834.1666… frames
  });

  it('reads a number carrying float noise to the nanosecond, so 12.600000000000001 is 12.6 s', () => {
    expect(parseSourceTime({ value: 12.600000000000001 })).toEqual({ num: 63, den: 5 });
    expect(parseSourceTime({ value: 1e-7 })).toEqual({ num: 1, den: 10_000_000 });
  });

  it('refuses negative values, garbage, more than 9 decimals in text and a zero denominator', () => {
    for (const value of [-1, Number.NaN, 'abc', '12.1234567891', '1/0', '00:00:01:25', '-3']) {
      expect(thrown(() => parseSourceTime({ value })).code).toMatch(/INVALID_(SOURCE_TIME|TIMECODE)/);
    }
    expect(thrown(() => parseSourceTime({ value: '1/0' })).message).toMatch(/denominator/);
  });
});

describe('rounding rational time to frames and samples (half up, once)', () => {
  it('rounds half a frame up and a quarter frame down', () => {
    expect(rationalToFrames({ value: { num: 1, den: 50 } })).toBe(1); // 0.5 frame
    expect(rationalToFrames({ value: { num: 1, den: 100 } })).toBe(0); // 0.25 frame
    expect(rationalToFrames({ value: { num: 3, den: 100 } })).toBe(1); // 0.75 frame
    expect(rationalToFrames({ value: { num: 1001, den: 30000 } })).toBe(1); // 0.834 frame
  });

  it('rounds half up for negative values too (⌊x + ½⌋)', () => {
    expect(roundRational({ value: { num: -1, den: 2 } })).toBe(0);
    expect(roundRational({ value: { num: -3, den: 2 } })).toBe(-1);
    expect(roundRational({ value: { num: 5, den: 2 } })).toBe(3);
  });

  it('converts seconds to 48 kHz samples exactly, rounding half a sample up', () => {
    expect(secondsToSamples({ value: { num: 1, den: 1 } })).toBe(48_000);
    expect(secondsToSamples({ value: { num: 1001, den: 30000 } })).toBe(1602); // 1601.6
    expect(secondsToSamples({ value: { num: 1, den: 96_000 } })).toBe(1); // 0.5 sample
  });

  it('counts exactly 1920 samples per frame, also over 15 minutes', () => {
    expect(framesToSamples({ frames: 1 })).toBe(1920);
    expect(framesToSamples({ frames: 22_500 })).toBe(43_200_000);
    expect(secondsToSamples({ value: { num: 22_500, den: 25 } })).toBe(framesToSamples({ frames: 22_500 }));
  });

  it('compares rationals exactly where floats would not', () => {
    expect(compareRational({ a: { num: 1, den: 3 }, b: { num: 333_333_333, den: 1_000_000_000 } })).toBe(1);
    expect(compareRational({ a: { num: 2, den: 4 }, b: { num: 1, den: 2 } })).toBe(0);
  });
});

describe('programme positions, durations and messages', () => {
  it('reads programme positions as timecode or whole frames', () => {
    expect(parseProgrammeTime({ value: '00:00:04:00' })).toBe(100);
    expect(parseProgrammeTime({ value: 100 })).toBe(100);
    expect(() => parseProgrammeTime({ value: 1.5 })).toThrow(TimecodeError);
  });

  it('reads durations of at least one frame', () => {
    expect(parseFrameDuration({ value: '00:00:05:00' })).toBe(125);
    expect(parseFrameDuration({ value: 1 })).toBe(1);
    expect(thrown(() => parseFrameDuration({ value: 0 })).code).toBe('INVALID_DURATION');
    expect(thrown(() => parseFrameDuration({ value: '00:00:00:00' })).code).toBe('INVALID_DURATION');
  });

  it('shows a source time as timecode when it falls on a frame, else as clock time', () => {
    expect(formatSourceTime({ value: { num: 12, den: 1 } })).toBe('00:00:12:00');
    expect(formatSourceTime({ value: { num: 1001, den: 1000 } })).toBe('00:00:01.001');
    expect(formatSourceTime({ value: { num: 1001, den: 30000 } })).toBe('≈00:00:00.033');
  });
});

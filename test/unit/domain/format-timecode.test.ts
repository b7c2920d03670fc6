import { describe, expect, it } from 'vitest';
import { formatDurationTimecode, formatTimecode, TimecodeError } from '../../../shared/domain/timecode.ts';

describe('formatTimecode', () => {
  it('writes frames as HH:MM:SS:FF at 25 fps', () => {
    expect(formatTimecode({ frame: 0 })).toBe('00:00:00:00');
    expect(formatTimecode({ frame: 24 })).toBe('00:00:00:24');
    expect(formatTimecode({ frame: 25 })).toBe('00:00:01:00');
    expect(formatTimecode({ frame: 19_500 + 13 })).toBe('00:13:00:13');
  });

  it('counts from a start timecode: frame 76 of a programme starting at 10:00:00:00 is 10:00:03:01', () => {
    expect(formatTimecode({ frame: 76, start: '10:00:00:00' })).toBe('10:00:03:01');
    expect(formatTimecode({ frame: 90_000, start: '10:00:00:00' })).toBe('11:00:00:00');
  });

  it('goes back before the start (a line-up before the programme) and wraps at 24 hours', () => {
    expect(formatTimecode({ frame: -750, start: '10:00:00:00' })).toBe('09:59:30:00');
    expect(formatTimecode({ frame: 1, start: '23:59:59:24' })).toBe('00:00:00:00');
  });

  it('refuses a malformed start', () => {
    for (const start of ['00:00:00:25', '00:00:00;10', '1:00:00:00', 'soon']) {
      expect(() => formatTimecode({ frame: 0, start })).toThrow(TimecodeError);
    }
  });

  it('writes lengths the same way', () => {
    expect(formatDurationTimecode({ frames: 22_500 })).toBe('00:15:00:00');
  });
});

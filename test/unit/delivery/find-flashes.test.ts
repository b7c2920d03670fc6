import { describe, expect, it } from 'vitest';
import { findFlashRisks, findFlashes, findLumaTransitions } from '../../../shared/media/index.ts';

const BLACK = 16 / 255;
const WHITE = 235 / 255;

/** `seconds` of a strobe at 25 fps: `on` white frames out of every `period`, on black. */
function strobe({ seconds, period, on }: { seconds: number; period: number; on: number }): number[] {
  return Array.from({ length: seconds * 25 }, (_, n) => (n % period < on ? WHITE : BLACK));
}

describe('findFlashes', () => {
  it('counts black, two white frames, black as one bright flash', () => {
    expect(findFlashes({ luma: [0, 0, 1, 1, 0, 0], fps: 25 })).toEqual([{ frame: 2, endFrame: 4, kind: 'bright', change: 1 }]);
  });

  it('counts a dip to black and back as a dark flash', () => {
    expect(findFlashes({ luma: [0.8, 0.8, 0.1, 0.8, 0.8], fps: 25 })).toMatchObject([{ frame: 2, endFrame: 3, kind: 'dark' }]);
  });

  it('does not count a cut from dark to bright (one transition, not up and back)', () => {
    expect(findFlashes({ luma: [...Array(25).fill(0.1), ...Array(25).fill(0.9)], fps: 25 })).toEqual([]);
  });

  it('does not count a change of less than 10 % of full range', () => {
    expect(findLumaTransitions({ luma: strobe({ seconds: 2, period: 5, on: 2 }).map((v) => 0.5 + (v - 0.5) * 0.1) })).toEqual([]);
  });

  it('counts exactly 10 % as large', () => {
    expect(findFlashes({ luma: [0.4, 0.5, 0.4], fps: 25 })).toHaveLength(1);
  });

  it('does not count an excursion that takes more than a second to come back', () => {
    const luma = [0.1, 0.9, ...Array(30).fill(0.9), 0.1];
    expect(findFlashes({ luma, fps: 25 })).toEqual([]);
  });

  it('is not fooled by noise on a steady picture', () => {
    const luma = Array.from({ length: 100 }, (_, n) => 0.5 + 0.02 * Math.sin(n * 1.7));
    expect(findFlashes({ luma, fps: 25 })).toEqual([]);
  });
});

describe('findFlashRisks', () => {
  it('flags a 5 Hz strobe: 5 flashes in a second', () => {
    const flashes = findFlashes({ luma: strobe({ seconds: 3, period: 5, on: 2 }), fps: 25 });
    const risks = findFlashRisks({ flashes, fps: 25 });
    expect(risks).toHaveLength(1);
    expect(risks[0]!.maxFlashesPerSecond).toBe(5);
    expect(risks[0]!.start).toBeLessThanOrEqual(5);
    expect(risks[0]!.end).toBeGreaterThanOrEqual(65);
  });

  it('does not flag 3 flashes a second (the limit is more than 3)', () => {
    const luma = Array.from({ length: 75 }, (_, n) => (n % 25 === 2 || n % 25 === 10 || n % 25 === 18 ? WHITE : BLACK));
    const flashes = findFlashes({ luma, fps: 25 });
    expect(flashes).toHaveLength(9);
    expect(findFlashRisks({ flashes, fps: 25 })).toEqual([]);
  });

  it('flags 4 flashes inside one second even when they straddle two calendar seconds', () => {
    const frames = [20, 26, 32, 40];
    expect(findFlashRisks({ flashes: frames.map((frame) => ({ frame })), fps: 25 })).toEqual([{ start: 20, end: 41, maxFlashesPerSecond: 4 }]);
  });

  it('does not flag 4 flashes spread over just more than a second', () => {
    expect(findFlashRisks({ flashes: [0, 8, 16, 25].map((frame) => ({ frame })), fps: 25 })).toEqual([]);
  });
});

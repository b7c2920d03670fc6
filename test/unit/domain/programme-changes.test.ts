import { describe, expect, it } from 'vitest';
import { FINGERPRINT_CELLS, findChangedRanges, parseFingerprint, serialiseFingerprint, type Fingerprint } from '../../../shared/domain/index.ts';

/**
 * A fingerprint of `frames` frames whose picture and sound are a function of a "content clock":
 * `content(frame)` names which source frame is shown, so inserting, removing or replacing material
 * is a change of that function, as an editor's re-cut is.
 */
function fingerprintOf({ frames, content, gainDb = 0 }: { frames: number; content: (frame: number) => number; gainDb?: number }): Fingerprint {
  const picture = new Uint8Array(frames * FINGERPRINT_CELLS);
  const sound = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const c = content(f);
    // No two source frames alike, in picture or in sound.
    for (let i = 0; i < FINGERPRINT_CELLS; i++) picture[f * FINGERPRINT_CELLS + i] = hash(c * 1000 + i) % 256;
    sound[f] = -40 + (hash(c) % 300) / 10 + gainDb;
  }
  return { frames, picture, sound };
}
/** A deterministic scramble of an integer (for content that repeats nowhere). */
function hash(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
/** Source frames from 100 000 on are material the first version never had. */
const NEW = 100_000;

describe('findChangedRanges', () => {
  const previous = fingerprintOf({ frames: 500, content: (f) => f });

  it('finds nothing changed in the same programme, even mixed 6 dB louder', () => {
    expect(findChangedRanges({ previous, current: previous })).toEqual([]);
    expect(findChangedRanges({ previous, current: fingerprintOf({ frames: 500, content: (f) => f, gainDb: 6 }) })).toEqual([]);
  });

  it('marks exactly a replaced range', () => {
    const current = fingerprintOf({ frames: 500, content: (f) => (f >= 130 && f < 190 ? NEW + f : f) });
    expect(findChangedRanges({ previous, current })).toEqual([{ startFrame: 130, endFrame: 190 }]);
  });

  it('marks an inserted shot and nothing after it', () => {
    // 37 frames (not a whole second) inserted at 2:10: everything after is the old programme, shifted.
    const current = fingerprintOf({ frames: 537, content: (f) => (f < 260 ? f : f < 297 ? NEW + f : f - 37) });
    expect(findChangedRanges({ previous, current })).toEqual([{ startFrame: 260, endFrame: 297 }]);
  });

  it('marks a new sound under an unchanged picture', () => {
    const current = fingerprintOf({ frames: 500, content: (f) => f });
    for (let f = 300; f < 350; f++) current.sound![f] = -45;
    expect(findChangedRanges({ previous, current })).toEqual([{ startFrame: 300, endFrame: 350 }]);
  });

  it('finds nothing to mark where a range was only removed, and realigns after it', () => {
    const current = fingerprintOf({ frames: 450, content: (f) => (f < 200 ? f : f + 50) });
    const ranges = findChangedRanges({ previous, current });
    // The join may leave a second that matches neither side whole: at most that, at the join.
    for (const range of ranges) {
      expect(range.startFrame).toBeGreaterThanOrEqual(175);
      expect(range.endFrame).toBeLessThanOrEqual(225);
    }
  });

  it('round-trips through its stored form', () => {
    const stored = JSON.parse(JSON.stringify(serialiseFingerprint({ fingerprint: previous })));
    const back = parseFingerprint({ stored });
    expect(back.frames).toBe(500);
    expect(Buffer.from(back.picture).equals(Buffer.from(previous.picture))).toBe(true);
    expect(Math.max(...back.sound!.map((db, i) => Math.abs(db - previous.sound![i]!)))).toBeLessThanOrEqual(0.05);
  });
});

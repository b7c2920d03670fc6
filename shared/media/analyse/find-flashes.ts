import { z } from 'zod';

/**
 * The flash screen (SPECS.md, "Automated QC"): a screening aid for photosensitivity, not a
 * certified Harding / ITU-R BT.1702 test. It reads one number per frame, the picture's average
 * luma as a share of the 8-bit code range (0 = code 0, 1 = code 255).
 *
 * The rule, in three steps:
 * 1. **Transition**: the average luma moves by at least `minChange` (10 % of full range, 25.5
 *    codes) away from the last extreme it reached (a zigzag with that hysteresis). The transition is
 *    dated by the frame where the change reaches 10 %, so a long flat stretch before a jump does
 *    not make the jump look slow. Transitions alternate up, down, up … by construction.
 * 2. **Flash**: a transition followed by the opposite one ("up and back", a bright flash, or
 *    "down and back", a dark one) within one second. Transitions pair up in order, each used once.
 * 3. **Risk**: more than `maxPerSecond` (3) flashes starting inside any window of one second
 *    (`fps` frames), anywhere on the timeline.
 *
 * A scene cut from dark to bright is one transition, not a flash; a 5 Hz strobe is 5 flashes a
 * second; a slow fade never reaches 10 % and back within a second.
 */
export const FLASH_RULE = Object.freeze({ minChange: 0.1, maxPerSecond: 3 });

export const FlashEventSchema = z.object({
  /** First frame of the flash: where the first transition reached 10 %. */
  frame: z.number().int().nonnegative(),
  /** Frame where the opposite transition reached 10 % (the flash is over). */
  endFrame: z.number().int().nonnegative(),
  /** `bright`: up and back; `dark`: down and back. */
  kind: z.enum(['bright', 'dark']),
  /** The smaller of the two changes, as a share of full range (≥ 0.1). */
  change: z.number().nonnegative(),
});
export type FlashEvent = z.infer<typeof FlashEventSchema>;

/** A stretch of picture where some one-second window holds more than 3 flashes. */
export const FlashRiskSchema = z.object({
  start: z.number().int().nonnegative(),
  /** Exclusive. */
  end: z.number().int().nonnegative(),
  /** The most flashes found in one second inside this stretch. */
  maxFlashesPerSecond: z.number().int().nonnegative(),
});
export type FlashRisk = z.infer<typeof FlashRiskSchema>;

interface Transition {
  frame: number;
  up: boolean;
  change: number;
}

/**
 * Finds large luminance transitions in a per-frame luma series (see `FLASH_RULE`, step 1).
 * Frames are indices into `luma`.
 */
export function findLumaTransitions({ luma, minChange = FLASH_RULE.minChange }: { luma: readonly number[]; minChange?: number }): Transition[] {
  const transitions: Transition[] = [];
  if (luma.length === 0) return transitions;
  // Luma is stored to 4 decimals: 0.5 − 0.4 must count as the 10 % it is, not 0.0999….
  const threshold = minChange - 1e-9;
  const first = luma[0] ?? 0;
  let direction: 'none' | 'up' | 'down' = 'none';
  let low = first;
  let high = first;
  // The extreme reached since the last transition, in the current direction.
  let extreme = first;
  for (let i = 1; i < luma.length; i++) {
    const value = luma[i] ?? extreme;
    if (direction === 'none') {
      low = Math.min(low, value);
      high = Math.max(high, value);
      if (value - low >= threshold) {
        transitions.push({ frame: i, up: true, change: value - low });
        direction = 'up';
        extreme = value;
      } else if (high - value >= threshold) {
        transitions.push({ frame: i, up: false, change: high - value });
        direction = 'down';
        extreme = value;
      }
      continue;
    }
    if (direction === 'up') {
      if (value > extreme) extreme = value;
      else if (extreme - value >= threshold) {
        transitions.push({ frame: i, up: false, change: extreme - value });
        direction = 'down';
        extreme = value;
      }
    } else if (value < extreme) extreme = value;
    else if (value - extreme >= threshold) {
      transitions.push({ frame: i, up: true, change: value - extreme });
      direction = 'up';
      extreme = value;
    }
  }
  return transitions;
}

/**
 * Large luminance flashes in a per-frame luma series (`FLASH_RULE`, steps 1–2), frames counted
 * from 0 at `luma[0]`.
 *
 * @example
 * // black, two white frames, black: one bright flash
 * findFlashes({ luma: [0, 0, 1, 1, 0, 0], fps: 25 }) // [{ frame: 2, endFrame: 4, kind: 'bright', change: 1 }]
 */
export function findFlashes({ luma, fps, minChange = FLASH_RULE.minChange }: { luma: readonly number[]; fps: number; minChange?: number }): FlashEvent[] {
  const transitions = findLumaTransitions({ luma, minChange });
  const flashes: FlashEvent[] = [];
  for (let i = 0; i + 1 < transitions.length; ) {
    const onset = transitions[i]!;
    const back = transitions[i + 1]!;
    if (back.frame - onset.frame <= fps) {
      flashes.push({
        frame: onset.frame,
        endFrame: back.frame,
        kind: onset.up ? 'bright' : 'dark',
        change: round4(Math.min(onset.change, back.change)),
      });
      i += 2;
    } else i += 1;
  }
  return flashes;
}

/**
 * Stretches where any one-second window (`fps` frames) holds more than `maxPerSecond` flash
 * onsets (`FLASH_RULE`, step 3). Overlapping windows join into one stretch.
 *
 * @example findFlashRisks({ flashes: fiveFlashesInOneSecond, fps: 25 }) // [{ start: 0, end: 21, maxFlashesPerSecond: 5 }]
 */
export function findFlashRisks({
  flashes,
  fps,
  maxPerSecond = FLASH_RULE.maxPerSecond,
}: {
  flashes: readonly Pick<FlashEvent, 'frame'>[];
  fps: number;
  maxPerSecond?: number;
}): FlashRisk[] {
  const frames = flashes.map((flash) => flash.frame).sort((a, b) => a - b);
  const risks: FlashRisk[] = [];
  let last = 0;
  for (let i = 0; i < frames.length; i++) {
    const from = frames[i]!;
    last = Math.max(last, i);
    while (last + 1 < frames.length && frames[last + 1]! < from + fps) last++;
    const count = last - i + 1;
    if (count <= maxPerSecond) continue;
    const stretch = { start: from, end: frames[last]! + 1, maxFlashesPerSecond: count };
    const previous = risks[risks.length - 1];
    if (previous && stretch.start <= previous.end) {
      previous.end = Math.max(previous.end, stretch.end);
      previous.maxFlashesPerSecond = Math.max(previous.maxFlashesPerSecond, count);
    } else risks.push(stretch);
  }
  return risks;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

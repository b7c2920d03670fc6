/**
 * What changed between two versions, found from their pictures and sound rather than from their
 * cuts: a finished programme from a partner studio has no shots to compare. Each version is
 * reduced to a fingerprint (per frame at 25 fps: a 16×9 grey thumbnail and the sound's level),
 * the new one is aligned with the previous one second by second (an offset search, so a shot
 * inserted or removed does not mark everything after it changed), and the frames that match
 * nowhere are the changed ranges, shown on the review page like changed shots.
 */
import { z } from 'zod';
import { FPS } from './project.ts';

export const FINGERPRINT_WIDTH = 16;
export const FINGERPRINT_HEIGHT = 9;
/** Grey cells of one frame's thumbnail. */
export const FINGERPRINT_CELLS = FINGERPRINT_WIDTH * FINGERPRINT_HEIGHT;
/** Offsets a second is tried at, at most, when it is searched for anywhere in the previous version. */
const MAX_CANDIDATES = 24;
/** Sound levels are floored here (dBFS): below it, quiet is quiet. */
const SOUND_FLOOR_DB = -70;

/** A version's pictures and sound, frame by frame. */
export interface Fingerprint {
  /** Frames at 25 fps. */
  frames: number;
  /** `frames × FINGERPRINT_CELLS` grey levels (0–255), frame after frame, row by row. */
  picture: Uint8Array;
  /** Per frame: the RMS level of the sound (all channels together) in dBFS, or null without sound. */
  sound: Float32Array | null;
}

/** A fingerprint as stored (JSON): the picture and the levels in base64. */
export const StoredFingerprintSchema = z.object({
  format: z.literal('fingerprint-v1'),
  frames: z.int().nonnegative(),
  picture: z.string(),
  /** Levels in tenths of a dB as little-endian int16, base64; null without sound. */
  sound: z.string().nullable(),
});
export type StoredFingerprint = z.infer<typeof StoredFingerprintSchema>;

export function serialiseFingerprint({ fingerprint }: { fingerprint: Fingerprint }): StoredFingerprint {
  let sound: string | null = null;
  if (fingerprint.sound) {
    const tenths = Buffer.alloc(fingerprint.sound.length * 2);
    for (const [i, db] of fingerprint.sound.entries()) tenths.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(db * 10))), i * 2);
    sound = tenths.toString('base64');
  }
  return { format: 'fingerprint-v1', frames: fingerprint.frames, picture: Buffer.from(fingerprint.picture).toString('base64'), sound };
}

export function parseFingerprint({ stored }: { stored: unknown }): Fingerprint {
  const data = StoredFingerprintSchema.parse(stored);
  const picture = new Uint8Array(Buffer.from(data.picture, 'base64'));
  let sound: Float32Array | null = null;
  if (data.sound !== null) {
    const tenths = Buffer.from(data.sound, 'base64');
    sound = new Float32Array(tenths.length / 2);
    for (let i = 0; i < sound.length; i++) sound[i] = tenths.readInt16LE(i * 2) / 10;
  }
  return { frames: Math.min(data.frames, Math.floor(picture.length / FINGERPRINT_CELLS)), picture, sound };
}

/** A range of the new version's frames (end exclusive) whose picture or sound is not in the previous one. */
export const ChangedRangeSchema = z.object({ startFrame: z.int().nonnegative(), endFrame: z.int().nonnegative() });
export type ChangedRange = z.infer<typeof ChangedRangeSchema>;

/** The changes of a version from file against the version before it, as stored beside it. */
export const ProgrammeChangesSchema = z.object({
  versionId: z.string(),
  previousVersionId: z.string(),
  /** What the previous version was read from: its programme file, or its review render (a version cut here). */
  comparedWith: z.enum(['programme-file', 'review-render']),
  ranges: z.array(ChangedRangeSchema),
});
export type ProgrammeChanges = z.infer<typeof ProgrammeChangesSchema>;

export interface ChangeThresholds {
  /** Mean grey-level difference (0–255, the 10 % most different cells left out) up to which two frames match. */
  picture: number;
  /** Mean level difference in dB up to which two frames' sound matches. */
  sound: number;
}

/**
 * Re-encoding, scaling and burned-in text (a review render's timecode and watermark) stay well
 * under these; a different shot, or a different sound under the same picture, is far above.
 */
export const DEFAULT_CHANGE_THRESHOLDS: ChangeThresholds = { picture: 10, sound: 4 };

/**
 * The ranges of `current` that match nowhere in `previous`, in frames, merged and sorted.
 *
 * One second of `current` at a time is looked for in `previous`: first at the offset the second
 * before it matched at, then anywhere (so after an inserted or removed shot the rest realigns).
 * Seconds that match nowhere are changed; the ends of each changed run are then narrowed frame by
 * frame against the offsets of their matched neighbours. A moved shot matches where it moved from.
 *
 * @example findChangedRanges({ previous, current }) // [{ startFrame: 75, endFrame: 125 }]
 */
export function findChangedRanges({
  previous,
  current,
  thresholds = DEFAULT_CHANGE_THRESHOLDS,
}: {
  previous: Fingerprint;
  current: Fingerprint;
  thresholds?: ChangeThresholds;
}): ChangedRange[] {
  // First aligned with sound compared by its shape only (each second's own level taken out), which
  // gives the gain between the two mixes (a review render is normalised, a studio's file is not);
  // then aligned again with the levels themselves, that gain taken out.
  const first = alignBlocks({ a: previous, b: current, thresholds, gainDb: null });
  const gainDb = estimateGain({ a: previous, b: current, blocks: first });
  const blocks = alignBlocks({ a: previous, b: current, thresholds, gainDb, first });
  const matcher = createMatcher({ a: previous, b: current, thresholds, gainDb });
  const ranges: ChangedRange[] = [];
  for (let i = 0; i < blocks.length; ) {
    if (blocks[i]!.offset !== null) {
      i++;
      continue;
    }
    let j = i;
    while (j < blocks.length && blocks[j]!.offset === null) j++;
    let startFrame = blocks[i]!.start;
    let endFrame = blocks[j - 1]!.end;
    const left = i > 0 ? blocks[i - 1]!.offset : null;
    const right = j < blocks.length ? blocks[j]!.offset : null;
    // The ends of the run narrowed frame by frame against their matched neighbours' offsets.
    if (left !== null) while (startFrame < endFrame && matcher.frameMatches(startFrame, left)) startFrame++;
    if (right !== null) while (endFrame > startFrame && matcher.frameMatches(endFrame - 1, right)) endFrame--;
    if (endFrame > startFrame) ranges.push({ startFrame, endFrame });
    i = j;
  }
  return ranges;
}

interface Block {
  start: number;
  end: number;
  /** Previous frame = current frame + offset; null where the second matches nowhere. */
  offset: number | null;
}

/** Compares frames and seconds of `b` (current) with `a` (previous); `gainDb` null: sound by its shape only. */
function createMatcher({ a, b, thresholds, gainDb }: { a: Fingerprint; b: Fingerprint; thresholds: ChangeThresholds; gainDb: number | null }) {
  const withSound = a.sound !== null && b.sound !== null;
  const level = (sound: Float32Array, frame: number, gain: number) => Math.max(SOUND_FLOOR_DB, sound[frame]! + gain);
  const soundDistance = (cur: number, prev: number, blockGain: number) =>
    withSound ? Math.abs(level(b.sound!, cur, 0) - level(a.sound!, prev, blockGain)) : 0;
  /** The gain that best lines up a second's levels (their mean difference), for shape-only comparison. */
  const gainOf = (start: number, end: number, offset: number): number => {
    if (gainDb !== null) return gainDb;
    if (!withSound) return 0;
    let sum = 0;
    for (let f = start; f < end; f++) sum += b.sound![f]! - a.sound![f + offset]!;
    return sum / (end - start);
  };
  const blockMatches = (start: number, end: number, offset: number): boolean => {
    if (start + offset < 0 || end + offset > a.frames) return false;
    const n = end - start;
    const gain = gainOf(start, end, offset);
    let sound = 0;
    for (let f = start; f < end; f++) sound += soundDistance(f, f + offset, gain);
    if (sound / n > thresholds.sound) return false;
    // Stops as soon as the second cannot match any more.
    const budget = thresholds.picture * n;
    let picture = 0;
    for (let f = start; f < end && picture <= budget; f++) picture += pictureDistance(b.picture, f, a.picture, f + offset);
    return picture <= budget;
  };
  const frameMatches = (f: number, offset: number): boolean => {
    if (f + offset < 0 || f + offset >= a.frames) return false;
    return (
      pictureDistance(b.picture, f, a.picture, f + offset) <= thresholds.picture * 1.5 && soundDistance(f, f + offset, gainDb ?? 0) <= thresholds.sound * 1.5
    );
  };
  /** Whether one frame could start a match at all (the search anywhere keeps only those). */
  const frameMayMatch = (cur: number, prev: number): boolean => gainDb === null || !withSound || soundDistance(cur, prev, gainDb) <= thresholds.sound * 1.5;
  return { blockMatches, frameMatches, frameMayMatch };
}

/** Each second of `b` found in `a`: at the last second's offset (or next to it) first, else anywhere. */
function alignBlocks({
  a,
  b,
  thresholds,
  gainDb,
  first,
}: {
  a: Fingerprint;
  b: Fingerprint;
  thresholds: ChangeThresholds;
  gainDb: number | null;
  first?: Block[];
}): Block[] {
  const { blockMatches, frameMayMatch } = createMatcher({ a, b, thresholds, gainDb });
  // Previous frames sorted by mean grey level: the search anywhere looks only at frames of a similar level.
  const previousByMean = Array.from({ length: a.frames }, (_, f) => ({ f, mean: meanGrey(a.picture, f) })).sort((x, y) => x.mean - y.mean);
  const searchOffset = (start: number, end: number, hint: number): number | null => {
    for (const delta of [0, -1, 1, -2, 2]) if (blockMatches(start, end, hint + delta)) return hint + delta;
    const mean = meanGrey(b.picture, start);
    let lo = 0;
    let hi = previousByMean.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (previousByMean[mid]!.mean < mean - thresholds.picture * 2) lo = mid + 1;
      else hi = mid;
    }
    const candidates: { offset: number; distance: number }[] = [];
    for (let k = lo; k < previousByMean.length && previousByMean[k]!.mean <= mean + thresholds.picture * 2; k++) {
      const f = previousByMean[k]!.f;
      // A plain mean difference first (cheap), the trimmed one only for frames it lets through.
      if (plainDistance(b.picture, start, a.picture, f) > thresholds.picture * 2 || !frameMayMatch(start, f)) continue;
      const distance = pictureDistance(b.picture, start, a.picture, f);
      if (distance <= thresholds.picture * 1.5) candidates.push({ offset: f - start, distance });
    }
    // The closest pictures first (ties: nearest to where the last second matched, so a repeated
    // picture resolves to the nearby copy), and only a few: flat pictures (black, a slate) are
    // close to many frames, and a second made of them is told apart by its sound anyway.
    candidates.sort((x, y) => x.distance - y.distance || Math.abs(x.offset - hint) - Math.abs(y.offset - hint));
    for (const { offset } of candidates.slice(0, MAX_CANDIDATES)) if (blockMatches(start, end, offset)) return offset;
    return null;
  };
  const blocks: Block[] = [];
  let hint = 0;
  for (let start = 0; start < b.frames; start += FPS) {
    const end = Math.min(b.frames, start + FPS);
    // A second the first pass (sound by its shape, the loosest test) found nowhere is not looked for again.
    const offset = first && first[blocks.length]?.offset === null ? null : searchOffset(start, end, first?.[blocks.length]?.offset ?? hint);
    blocks.push({ start, end, offset });
    if (offset !== null) hint = offset;
  }
  return blocks;
}

/** The median level difference (current − previous) over the matched frames where both sound. */
function estimateGain({ a, b, blocks }: { a: Fingerprint; b: Fingerprint; blocks: Block[] }): number {
  if (!a.sound || !b.sound) return 0;
  const diffs: number[] = [];
  for (const block of blocks) {
    if (block.offset === null) continue;
    for (let f = block.start; f < block.end; f++) {
      const x = b.sound[f]!;
      const y = a.sound[f + block.offset]!;
      if (x > SOUND_FLOOR_DB && y > SOUND_FLOOR_DB) diffs.push(x - y);
    }
  }
  if (diffs.length === 0) return 0;
  diffs.sort((x, y) => x - y);
  return diffs[Math.floor(diffs.length / 2)]!;
}

function meanGrey(picture: Uint8Array, frame: number): number {
  let sum = 0;
  for (let i = frame * FINGERPRINT_CELLS; i < (frame + 1) * FINGERPRINT_CELLS; i++) sum += picture[i]!;
  return sum / FINGERPRINT_CELLS;
}

function plainDistance(p: Uint8Array, frameP: number, q: Uint8Array, frameQ: number): number {
  let sum = 0;
  const op = frameP * FINGERPRINT_CELLS;
  const oq = frameQ * FINGERPRINT_CELLS;
  for (let i = 0; i < FINGERPRINT_CELLS; i++) sum += Math.abs(p[op + i]! - q[oq + i]!);
  return sum / FINGERPRINT_CELLS;
}

/** Mean absolute grey difference of two frames' thumbnails, the most different 10 % of cells left out. */
function pictureDistance(p: Uint8Array, frameP: number, q: Uint8Array, frameQ: number): number {
  const op = frameP * FINGERPRINT_CELLS;
  const oq = frameQ * FINGERPRINT_CELLS;
  // A histogram of the differences (0–255): the largest ones are taken off from the top.
  const counts = HISTOGRAM;
  counts.fill(0);
  let sum = 0;
  for (let i = 0; i < FINGERPRINT_CELLS; i++) {
    const d = Math.abs(p[op + i]! - q[oq + i]!);
    counts[d]!++;
    sum += d;
  }
  let drop = TRIMMED_CELLS;
  for (let d = 255; d > 0 && drop > 0; d--) {
    const n = Math.min(counts[d]!, drop);
    sum -= n * d;
    drop -= n;
  }
  return sum / (FINGERPRINT_CELLS - TRIMMED_CELLS);
}

const TRIMMED_CELLS = Math.floor(FINGERPRINT_CELLS / 10);
const HISTOGRAM = new Uint16Array(256);

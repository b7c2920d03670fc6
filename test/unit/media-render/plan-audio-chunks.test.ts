import { describe, expect, it } from 'vitest';
import { AUDIO_CHUNK_SAMPLES, planAudioChunks, windowProgramme } from '../../../shared/media/index.ts';
import type { AudioItem, AudioProgramme } from '../../../shared/media/render/render-spec.ts';

const SECOND = 48_000;
const source = { assetId: 'a', sha256: 'a'.repeat(64), key: 'k', demuxer: 'wav', facts: {} } as unknown as AudioItem['source'];
const item = (over: Partial<AudioItem>): AudioItem => ({
  role: 'clip',
  source,
  startSample: 0,
  durationSamples: SECOND,
  inSeconds: { num: 0, den: 1 },
  gainDb: 0,
  fadeInSamples: 0,
  fadeOutSamples: 0,
  ...over,
});
const programme = (items: AudioItem[], durationSamples = 10 * SECOND): AudioProgramme => ({
  durationSamples,
  items,
  duck: [],
  duckDb: 12,
  duckRampSamples: SECOND / 4,
});

describe('planAudioChunks', () => {
  it('cuts the programme into back-to-back windows of 30.4 s, the last one shorter', () => {
    const windows = planAudioChunks({ durationSamples: 2 * AUDIO_CHUNK_SAMPLES + 1000 });
    expect(windows).toEqual([
      { startSample: 0, lengthSamples: AUDIO_CHUNK_SAMPLES },
      { startSample: AUDIO_CHUNK_SAMPLES, lengthSamples: AUDIO_CHUNK_SAMPLES },
      { startSample: 2 * AUDIO_CHUNK_SAMPLES, lengthSamples: 1000 },
    ]);
  });

  it('puts window edges on whole video frames, AAC frames, ducking steps and 100 ms meter steps', () => {
    for (const grid of [1920, 1024, 240, 4800]) expect(AUDIO_CHUNK_SAMPLES % grid).toBe(0);
    expect(() => planAudioChunks({ durationSamples: 10, chunkSamples: 1000 })).toThrow(RangeError);
  });
});

describe('windowProgramme', () => {
  const window = { startSample: 4 * SECOND, lengthSamples: 2 * SECOND };

  it('keeps only the items that sound in the window, at positions relative to it', () => {
    const part = windowProgramme({
      programme: programme([item({ startSample: 0, durationSamples: 4 * SECOND }), item({ startSample: 5 * SECOND }), item({ startSample: 6 * SECOND })]),
      window,
    });
    expect(part.durationSamples).toBe(2 * SECOND);
    expect(part.items.map((i) => i.startSample)).toEqual([SECOND]);
  });

  it('cuts an item that started before the window at the window, moving its in point on exactly', () => {
    const [cut] = windowProgramme({
      programme: programme([
        item({ startSample: SECOND, durationSamples: 8 * SECOND, inSeconds: { num: 1, den: 3 }, fadeInSamples: 480, fadeOutSamples: 960 }),
      ]),
      window,
    }).items;
    expect(cut).toMatchObject({ startSample: 0, durationSamples: 5 * SECOND, fadeInSamples: 0, fadeOutSamples: 960 });
    // 1/3 s + 3 s
    expect(cut!.inSeconds.num / cut!.inSeconds.den).toBeCloseTo(1 / 3 + 3, 12);
    expect(Math.round((cut!.inSeconds.num * SECOND) / cut!.inSeconds.den)).toBe(SECOND / 3 + 3 * SECOND);
  });

  it('does not cut into a fade: the item starts before the window and the mixer drops what is before 0', () => {
    const inFadeIn = windowProgramme({
      programme: programme([item({ startSample: 3 * SECOND, durationSamples: 4 * SECOND, fadeInSamples: 2 * SECOND })]),
      window,
    }).items[0]!;
    expect(inFadeIn).toMatchObject({ startSample: -SECOND, durationSamples: 4 * SECOND, fadeInSamples: 2 * SECOND });
    const inFadeOut = windowProgramme({ programme: programme([item({ startSample: 0, durationSamples: 5 * SECOND, fadeOutSamples: 2 * SECOND })]), window })
      .items[0]!;
    expect(inFadeOut).toMatchObject({ startSample: -SECOND, durationSamples: 2 * SECOND, fadeOutSamples: 2 * SECOND });
  });

  it('fades an item out at the programme end as the whole mix does, whichever window holds the end', () => {
    const [last] = windowProgramme({
      programme: programme([item({ startSample: 0, durationSamples: 20 * SECOND, fadeOutSamples: SECOND })], 6 * SECOND),
      window,
    }).items;
    expect(last).toMatchObject({ startSample: 0, durationSamples: 2 * SECOND, fadeOutSamples: SECOND });
  });

  it('keeps the duck spans whose ramps reach into the window', () => {
    const part = windowProgramme({
      programme: {
        ...programme([]),
        duck: [
          { startSample: 0, endSample: 3 * SECOND },
          { startSample: 3 * SECOND + SECOND / 2, endSample: 4 * SECOND + 10 },
          { startSample: 6 * SECOND + SECOND / 8, endSample: 7 * SECOND },
          { startSample: 8 * SECOND, endSample: 9 * SECOND },
        ],
      },
      window,
    });
    expect(part.duck).toEqual([
      { startSample: -SECOND / 2, endSample: 10 },
      { startSample: 2 * SECOND + SECOND / 8, endSample: 3 * SECOND },
    ]);
  });

  it('gives equal windows for equal material, wherever it sits', () => {
    const a = windowProgramme({ programme: programme([item({ startSample: 4 * SECOND + 100 })]), window });
    const b = windowProgramme({
      programme: programme([item({ startSample: 8 * SECOND + 100 })], 20 * SECOND),
      window: { startSample: 8 * SECOND, lengthSamples: 2 * SECOND },
    });
    expect(a).toEqual(b);
  });
});

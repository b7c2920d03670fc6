import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeProgrammeAudio, layoutFor, mixProgrammeAudio, type MixedProgrammeAudio } from '../../../shared/media/index.ts';
import type { AudioProgramme, SourceRef } from '../../../shared/media/render/render-spec.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import {
  decodeAudio,
  makeMarkedClip,
  makeMusic,
  makePeakyNarration,
  measureLoudness,
  resolveLocal,
  sourceRefOf,
  testProfile,
} from '../../helpers/make-render-media.ts';

const run = promisify(execFile);
const SECOND = 48_000;

let workDir: string;
let music: SourceRef;
let narration: SourceRef;
let clip: SourceRef;
let programme: AudioProgramme;
const mixed: Record<string, MixedProgrammeAudio> = {};

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-audio-'));
  [music, narration, clip] = await Promise.all([
    makeMusic({ seconds: 20 }).then((file) => sourceRefOf(file)),
    makePeakyNarration({ seconds: 20 }).then((file) => sourceRefOf(file)),
    makeMarkedClip({ name: 'a25', width: 320, height: 180, rate: '25', seconds: 4, flashFrames: [25, 75], sampleRate: 48000, channels: 2 }).then((file) =>
      sourceRefOf(file),
    ),
  ]);
  // 12 s: a music bed (44.1 kHz MP3) throughout, narration (mono, peaky) from 2 to 8 s with the
  // music ducked under it, then a clip's own sound from 8 to 11 s.
  programme = {
    durationSamples: 12 * SECOND,
    duck: [{ startSample: 2 * SECOND, endSample: 8 * SECOND }],
    duckDb: 12,
    duckRampSamples: SECOND / 4,
    items: [
      {
        role: 'music',
        source: music,
        startSample: 0,
        durationSamples: 12 * SECOND,
        inSeconds: { num: 0, den: 1 },
        gainDb: -6,
        fadeInSamples: SECOND / 2,
        fadeOutSamples: SECOND,
      },
      {
        role: 'narration',
        source: narration,
        startSample: 2 * SECOND,
        durationSamples: 6 * SECOND,
        inSeconds: { num: 1, den: 2 },
        gainDb: 0,
        fadeInSamples: 0,
        fadeOutSamples: 0,
      },
      {
        role: 'clip',
        source: clip,
        startSample: 8 * SECOND,
        durationSamples: 3 * SECOND,
        inSeconds: { num: 1, den: 1 },
        gainDb: 0,
        fadeInSamples: 480,
        fadeOutSamples: 480,
      },
    ],
  };
  mixed['-23'] = await mixProgrammeAudio({
    programme,
    resolveSource: resolveLocal,
    target: { integratedLufs: -23, truePeakDbtp: -1 },
    tools: TEST_TOOLS,
    outPath: path.join(workDir, 'mix-23.wav'),
  });
  mixed['-16'] = await mixProgrammeAudio({
    programme,
    resolveSource: resolveLocal,
    target: { integratedLufs: -16, truePeakDbtp: -1 },
    tools: TEST_TOOLS,
    outPath: path.join(workDir, 'mix-16.wav'),
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('mixProgrammeAudio', () => {
  it.each(['-23', '-16'])('normalises to %s LUFS within ±0.5 LU, true peak at or under −1 dBTP (measured independently)', async (target) => {
    const reading = await measureLoudness(mixed[target]!.path);
    expect(Math.abs(reading.integrated - Number(target))).toBeLessThanOrEqual(0.5);
    expect(reading.truePeak).toBeLessThanOrEqual(-1);
  });

  it('returns the reading of the file it wrote, not the target', async () => {
    for (const result of Object.values(mixed)) {
      const reading = await measureLoudness(result.path);
      expect(result.loudness.integratedLufs).toBeCloseTo(reading.integrated, 1);
      expect(result.loudness.truePeakDbtp).toBeCloseTo(reading.truePeak, 1);
      expect(result.loudness.loudnessRangeLu).toBeCloseTo(reading.range, 1);
    }
  });

  it('limits the peaks before the gain when a linear gain alone would break the ceiling (−16 LUFS)', () => {
    expect(mixed['-16']!.normalisation.limiterPasses).toBeGreaterThan(0);
    expect(mixed['-16']!.normalisation.measured.truePeakDbtp).toBeGreaterThan(-3);
  });

  it('writes 48 kHz stereo 24-bit PCM exactly as long as the programme', async () => {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,sample_rate,channels,duration_ts',
      '-of',
      'json',
      mixed['-23']!.path,
    ]);
    expect(JSON.parse(stdout).streams[0]).toEqual({ codec_name: 'pcm_s24le', sample_rate: '48000', channels: 2, duration_ts: 12 * SECOND });
    expect(mixed['-23']!.durationSamples).toBe(12 * SECOND);
  });

  it('keeps the loudness and peak ceiling through the AAC encode of the web profile', async () => {
    const profile = testProfile('web');
    const encoded = await encodeProgrammeAudio({
      mixPaths: [mixed['-16']!.path],
      profile,
      layout: layoutFor({ profile, programmeFrames: 300 }),
      outPath: path.join(workDir, 'web.m4a'),
      tools: TEST_TOOLS,
    });
    const reading = await measureLoudness(encoded.path);
    expect(Math.abs(reading.integrated - -16)).toBeLessThanOrEqual(0.5);
    expect(reading.truePeak).toBeLessThanOrEqual(-1);
  });

  it('ducks the music by duckDb under the duck span', async () => {
    const musicOnly: AudioProgramme = {
      ...programme,
      items: [{ ...programme.items[0]!, fadeInSamples: 0, fadeOutSamples: 0 }],
      duck: [{ startSample: 4 * SECOND, endSample: 8 * SECOND }],
    };
    const result = await mixProgrammeAudio({
      programme: musicOnly,
      resolveSource: resolveLocal,
      target: { integratedLufs: -23, truePeakDbtp: -1 },
      tools: TEST_TOOLS,
      outPath: path.join(workDir, 'duck.wav'),
    });
    const samples = await decodeAudio(result.path);
    // The music's tremolo has a 2 s period: compare whole periods.
    const rms = (from: number, to: number) => {
      let energy = 0;
      for (let i = from * SECOND; i < to * SECOND; i++) energy += (samples[i] ?? 0) ** 2;
      return 10 * Math.log10(energy / ((to - from) * SECOND));
    };
    expect(rms(5, 7) - rms(1, 3)).toBeCloseTo(-12, 0);
    expect(rms(9, 11) - rms(1, 3)).toBeCloseTo(0, 0);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineLoudnessSteps,
  extractAudio,
  mixAudioWindow,
  planAudioChunks,
  windowProgramme,
  windowWithLeadIn,
  type MixedWindow,
} from '../../../shared/media/index.ts';
import type { AudioProgramme, SourceRef } from '../../../shared/media/render/render-spec.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { decodeAudio, makeMarkedClip, makeMusic, makePeakyNarration, measureLoudness, resolveLocal, sourceRefOf } from '../../helpers/make-render-media.ts';

const SECOND = 48_000;
/** 2.4 s windows (the render's are 60.8 s): five windows over a 12 s programme, same grid rules. */
const CHUNK = 115_200;

let workDir: string;
let programme: AudioProgramme;
let whole: MixedWindow;
let windows: MixedWindow[];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-windows-'));
  // As the render mixes: every item reads its asset's sound extracted to a 48 kHz WAV.
  const extracted = async (file: string, name: string): Promise<SourceRef> => {
    const { path: wav } = await extractAudio({
      source: await resolveLocal(await sourceRefOf(file)),
      outPath: path.join(workDir, `${name}.wav`),
      tools: TEST_TOOLS,
    });
    return sourceRefOf(wav);
  };
  const [music, narration, clip] = await Promise.all([
    makeMusic({ seconds: 20 }).then((file) => extracted(file, 'music')),
    makePeakyNarration({ seconds: 20 }).then((file) => extracted(file, 'narration')),
    makeMarkedClip({ name: 'a25', width: 320, height: 180, rate: '25', seconds: 4, flashFrames: [25, 75], sampleRate: 48000, channels: 2 }).then((file) =>
      extracted(file, 'clip'),
    ),
  ]);
  // Every kind of window edge: the music bed (fading in over the first edge, ducked across
  // others), narration starting inside its fade-in across an edge, a clip whose fade-out spans one.
  programme = {
    durationSamples: 12 * SECOND,
    duck: [{ startSample: 2 * SECOND, endSample: 7 * SECOND }],
    duckDb: 12,
    duckRampSamples: SECOND / 2,
    items: [
      {
        role: 'music',
        source: music,
        startSample: 0,
        durationSamples: 12 * SECOND,
        inSeconds: { num: 0, den: 1 },
        gainDb: -6,
        fadeInSamples: 3 * SECOND,
        fadeOutSamples: SECOND,
      },
      {
        role: 'narration',
        source: narration,
        startSample: 2 * SECOND,
        durationSamples: 5 * SECOND,
        inSeconds: { num: 1, den: 3 },
        gainDb: 0,
        fadeInSamples: SECOND / 2,
        fadeOutSamples: 0,
      },
      {
        role: 'clip',
        source: clip,
        startSample: 7 * SECOND + 1234,
        durationSamples: 3 * SECOND,
        inSeconds: { num: 1, den: 7 },
        gainDb: -2,
        fadeInSamples: 480,
        fadeOutSamples: SECOND,
      },
    ],
  };
  const mix = (window: { startSample: number; lengthSamples: number }, name: string) => {
    const metered = windowWithLeadIn({ window });
    return mixAudioWindow({
      programme: windowProgramme({ programme, window: metered }),
      leadInSamples: metered.leadInSamples,
      resolveSource: resolveLocal,
      tools: TEST_TOOLS,
      outPath: path.join(workDir, `${name}.wav`),
    });
  };
  whole = await mix({ startSample: 0, lengthSamples: programme.durationSamples }, 'whole');
  windows = [];
  for (const [i, window] of planAudioChunks({ durationSamples: programme.durationSamples, chunkSamples: CHUNK }).entries())
    windows.push(await mix(window, `window-${i}`));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the mix in windows', () => {
  it('is the whole mix sample for sample: no seam at any window edge', async () => {
    const reference = await decodeAudio(whole.path);
    const parts = await Promise.all(windows.map((w) => decodeAudio(w.path)));
    expect(parts.map((p) => p.length)).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, 12 * SECOND - 4 * CHUNK]);
    const joined = new Float32Array(reference.length);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    expect(at).toBe(12 * SECOND);
    let worst = 0;
    for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(joined[i]! - reference[i]!));
    // Not silence compared with silence: the programme is loud throughout.
    expect(Math.max(...Array.from(reference.subarray(SECOND, 2 * SECOND), Math.abs))).toBeGreaterThan(0.01);
    expect(worst).toBeLessThan(1e-6);
  });

  it('reads, combined over its windows (each meter hearing the 3 s before), what one meter reads over the whole mix', async () => {
    const combined = combineLoudnessSteps({ windows: windows.map((w) => w.reading) });
    const independent = await measureLoudness(whole.path);
    expect(windows.reduce((n, w) => n + w.reading.momentary.length, 0)).toBe(120);
    expect(Math.abs(combined.integratedLufs - independent.integrated)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(combined.loudnessRangeLu - independent.range)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(combined.truePeakDbtp - independent.truePeak)).toBeLessThanOrEqual(0.1);
  });
});

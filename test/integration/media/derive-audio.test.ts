import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveAudio, probeMedia, validateMedia, type AudioDerivatives } from '../../../shared/media/index.ts';
import { TEST_TOOLS, localSource, makeMp3, makeWav } from '../../helpers/make-media.ts';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';

let workDir: string;
const derived: Record<string, AudioDerivatives> = {};

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-derive-audio-'));
  for (const [name, make] of [
    ['wav', makeWav],
    ['mp3', makeMp3],
  ] as const) {
    const source = localSource(await make());
    const facts = await probeMedia({ source, tools: TEST_TOOLS });
    expect(validateMedia({ facts, minDurationSeconds: 1 }).kind).toBe('music');
    const outDir = await mkdtemp(path.join(workDir, `${name}-`));
    derived[name] = await deriveAudio({ source: { ...source, demuxer: facts.demuxer }, facts, tools: TEST_TOOLS, outDir });
  }
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('deriveAudio', () => {
  it('reads a −23 dBFS 1 kHz stereo tone at −23 LUFS (EBU Tech 3341) with a true peak near −23 dBTP', () => {
    const loudness = derived.wav!.loudness!;
    expect(loudness.integratedLufs).toBeGreaterThanOrEqual(-23.1);
    expect(loudness.integratedLufs).toBeLessThanOrEqual(-22.9);
    expect(loudness.loudnessRangeLu).toBeLessThan(1);
    expect(loudness.truePeakDbtp).toBeGreaterThan(-23.5);
    expect(loudness.truePeakDbtp).toBeLessThan(-22.5);
  });

  it('makes a 128k stereo 48 kHz AAC proxy as long as the original', async () => {
    for (const name of ['wav', 'mp3'] as const) {
      const probed = await probeFile(derived[name]!.files.proxy.path);
      expect(probed.streams).toHaveLength(1);
      expect(audioStreamOf(probed)).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
      expect(Number(probed.format.duration)).toBeCloseTo(name === 'wav' ? 4 : 3, 1);
    }
    expect(derived.mp3!.files.proxy.contentType).toBe('audio/mp4');
  });

  it('draws a 1200×200 waveform PNG', async () => {
    const waveform = videoStreamOf(await probeFile(derived.mp3!.files.waveform.path))!;
    expect(waveform).toMatchObject({ codec_name: 'png', width: 1200, height: 200 });
    expect(derived.mp3!.loudness).not.toBeNull();
  });

  it('writes the sound as the programme mix reads it: 24-bit PCM WAV at 48 kHz, as long as the original', async () => {
    for (const name of ['wav', 'mp3'] as const) {
      const probed = await probeFile(derived[name]!.files.sound.path);
      expect(probed.streams).toHaveLength(1);
      // The mp3 is 44.1 kHz: resampled on the way in, like every sound the mix reads.
      expect(audioStreamOf(probed)).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000' });
      expect(Number(probed.format.duration)).toBeCloseTo(name === 'wav' ? 4 : 3, 1);
    }
  });
});

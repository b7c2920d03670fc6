import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeFacts } from '../../../shared/domain/media-facts.ts';
import { deriveVideo, extractAudio, probeMedia, validateMedia, type MediaSource, type VideoDerivatives } from '../../../shared/media/index.ts';
import {
  TEST_TOOLS,
  localSource,
  makeCameraClip,
  makeDvClip,
  makeHevc4kClip,
  makePhoneClip,
  makePortraitClip,
  makeSilentClip,
} from '../../helpers/make-media.ts';
import { audioStreamOf, brightCorner, decodeErrors, isConstantRate, meanColour, probeFile, videoFrameTimes, videoStreamOf } from '../../helpers/ffprobe.ts';

interface Ingested {
  source: MediaSource;
  facts: ProbeFacts;
  derived: VideoDerivatives;
}

let workDir: string;
const ingested: Record<string, Ingested> = {};

/** What ingest does with a clip: probe, validate as footage, derive. */
async function ingest(name: string, file: string): Promise<void> {
  const source = localSource(file);
  const facts = await probeMedia({ source, tools: TEST_TOOLS });
  validateMedia({ facts, requestedKind: 'footage', minDurationSeconds: 1 });
  const outDir = await mkdtemp(path.join(workDir, `${name}-`));
  const derived = await deriveVideo({ source: { ...source, demuxer: facts.demuxer }, facts, tools: TEST_TOOLS, outDir });
  ingested[name] = { source: { ...source, demuxer: facts.demuxer }, facts, derived };
}

async function proxyVideo(name: string) {
  const probed = await probeFile(ingested[name]!.derived.files.proxy.path);
  return { probed, video: videoStreamOf(probed)!, audio: audioStreamOf(probed) };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-derive-video-'));
  const [camera, phone, portrait, dv, hevc, silent] = await Promise.all([
    makeCameraClip(),
    makePhoneClip(),
    makePortraitClip(),
    makeDvClip(),
    makeHevc4kClip(),
    makeSilentClip(),
  ]);
  // One at a time: each pass already uses both cores.
  await ingest('camera', camera);
  await ingest('phone', phone);
  await ingest('portrait', portrait);
  await ingest('dv', dv);
  await ingest('hevc', hevc);
  await ingest('silent', silent);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('deriveVideo', () => {
  it('makes a 960×540 25 fps CFR H.264 proxy with stereo 48 kHz AAC from a 1080p25 clip', async () => {
    const { probed, video, audio } = await proxyVideo('camera');
    expect(video).toMatchObject({ codec_name: 'h264', width: 960, height: 540, pix_fmt: 'yuv420p', avg_frame_rate: '25/1', sample_aspect_ratio: '1:1' });
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Number(probed.format.duration)).toBeCloseTo(2, 1);
    expect(isConstantRate(await videoFrameTimes(ingested.camera!.derived.files.proxy.path), 25)).toBe(true);
    expect(await decodeErrors(ingested.camera!.derived.files.proxy.path)).toEqual([]);
    expect(ingested.camera!.derived.files.proxy).toMatchObject({ contentType: 'video/mp4', width: 960, height: 540 });
  });

  it('puts the proxy index first (faststart) so browsers start playing at once', async () => {
    const { readFile } = await import('node:fs/promises');
    const head = (await readFile(ingested.camera!.derived.files.proxy.path)).subarray(0, 4096).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
  });

  it.each(['camera', 'dv', 'hevc'])(
    'writes the sound as the programme mix reads it, the bytes the renderer would extract from the original (%s)',
    async (name) => {
      const { source, derived } = ingested[name]!;
      const sound = derived.files.sound!;
      expect(sound.contentType).toBe('audio/wav');
      const probed = await probeFile(sound.path);
      expect(probed.streams).toHaveLength(1);
      expect(audioStreamOf(probed)).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000' });
      const extracted = await extractAudio({ source, outPath: path.join(workDir, `${name}-extracted.wav`), tools: TEST_TOOLS });
      const sha256 = async (file: string) =>
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex');
      expect(await sha256(sound.path)).toBe(await sha256(extracted.path));
    },
  );

  it('writes no sound for a clip without sound', () => {
    expect(ingested.silent!.derived.files.sound).toBeUndefined();
  });

  it("codes the proxy with CAVLC, which the review render decodes in two thirds of CABAC's time", async () => {
    const { readFile } = await import('node:fs/promises');
    // x264 writes its settings into the stream (a user-data SEI): "cabac=0" is the entropy coder.
    const bytes = (await readFile(ingested.camera!.derived.files.proxy.path)).toString('latin1');
    const settings = /x264 - core \d+[^\0]*? - options: ([^\0]*)/.exec(bytes)?.[1] ?? '';
    expect(settings).toMatch(/\bcabac=0\b/);
  });

  it('reads the loudness of a −23 dBFS 1 kHz tone near −23 LUFS with a true peak near −23 dBTP', () => {
    const loudness = ingested.camera!.derived.loudness;
    expect(loudness).not.toBeNull();
    expect(loudness!.integratedLufs).toBeGreaterThan(-23.6);
    expect(loudness!.integratedLufs).toBeLessThan(-22.4);
    expect(loudness!.truePeakDbtp).toBeGreaterThan(-24);
    expect(loudness!.truePeakDbtp).toBeLessThan(-22);
  });

  it('makes a strip of 10 thumbnails 160 px wide and a poster at the proxy size', async () => {
    const { files } = ingested.camera!.derived;
    const strip = videoStreamOf(await probeFile(files.thumbnails.path))!;
    expect(strip).toMatchObject({ codec_name: 'mjpeg', width: 1600, height: 90 });
    expect(files.thumbnails).toMatchObject({ width: 1600, height: 90, contentType: 'image/jpeg' });
    const poster = videoStreamOf(await probeFile(files.poster.path))!;
    expect(poster).toMatchObject({ codec_name: 'mjpeg', width: 960, height: 540 });
  });

  it('fills all 10 tiles of the strip, the last one included', async () => {
    const last = await meanColour({ file: ingested.camera!.derived.files.thumbnails.path, x: 0.9, y: 0, w: 0.1, h: 1 });
    expect(last.r + last.g + last.b).toBeGreaterThan(60);
  });

  it('turns a rotated phone clip upright and makes its variable frame rate a constant 25 fps', async () => {
    const { video } = await proxyVideo('phone');
    expect(video.height!).toBeGreaterThan(video.width!);
    expect(video).toMatchObject({ width: 304, height: 540, avg_frame_rate: '25/1' });
    expect(video.side_data_list ?? []).toEqual([]);
    const times = await videoFrameTimes(ingested.phone!.derived.files.proxy.path);
    expect(isConstantRate(times, 25)).toBe(true);
    // The marker square sits in the coded top-left corner; the proxy shows it where the rotation puts it.
    const expected = { 90: 'top-right', 180: 'bottom-right', 270: 'bottom-left' }[ingested.phone!.facts.video!.rotation as 90 | 180 | 270];
    expect(await brightCorner(ingested.phone!.derived.files.proxy.path)).toBe(expected);
  });

  it('keeps a portrait clip portrait', async () => {
    const { video } = await proxyVideo('portrait');
    expect(video.height!).toBeGreaterThan(video.width!);
    expect(video).toMatchObject({ width: 304, height: 540 });
  });

  it('makes SD PAL 4:3 DV a progressive 720×540 square-pixel proxy with its mono sound on both channels', async () => {
    const { video, audio } = await proxyVideo('dv');
    expect(video).toMatchObject({ width: 720, height: 540, sample_aspect_ratio: '1:1', avg_frame_rate: '25/1' });
    expect(video.field_order ?? 'progressive').toBe('progressive');
    expect(audio).toMatchObject({ channels: 2, sample_rate: '48000' });
  });

  it('makes 4K 50p 10-bit HEVC with 5.1 sound an 8-bit yuv420p 960×540 25p H.264 proxy in stereo', async () => {
    const { video, audio } = await proxyVideo('hevc');
    expect(video).toMatchObject({ codec_name: 'h264', width: 960, height: 540, pix_fmt: 'yuv420p', avg_frame_rate: '25/1' });
    expect(audio).toMatchObject({ channels: 2, channel_layout: 'stereo' });
    expect(ingested.hevc!.derived.loudness).not.toBeNull();
  });

  it('gives a clip without audio a proxy without an audio track and no loudness', async () => {
    const { probed } = await proxyVideo('silent');
    expect(probed.streams.map((s) => s.codec_type)).toEqual(['video']);
    expect(ingested.silent!.derived.loudness).toBeNull();
    expect(videoStreamOf(await probeFile(ingested.silent!.derived.files.thumbnails.path))).toMatchObject({ width: 1600, height: 90 });
  });
});

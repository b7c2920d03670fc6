import { beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../shared/media/index.ts';
import {
  TEST_TOOLS,
  localSource,
  makeAlphaPng,
  makeCameraClip,
  makeDvClip,
  makeExifRotatedJpeg,
  makeHevc4kClip,
  makeLargeJpeg,
  makeMp3,
  makePhoneClip,
  makePortraitClip,
  makeSilentClip,
  makeWav,
} from '../../helpers/make-media.ts';

const probe = (file: string) => probeMedia({ source: localSource(file), tools: TEST_TOOLS });

describe('probeMedia on accepted files', () => {
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const made = await Promise.all([
      makeCameraClip(),
      makePhoneClip(),
      makePortraitClip(),
      makeDvClip(),
      makeHevc4kClip(),
      makeSilentClip(),
      makeWav(),
      makeMp3(),
      makeLargeJpeg(),
      makeAlphaPng(),
      makeExifRotatedJpeg(),
    ]);
    ['camera', 'phone', 'portrait', 'dv', 'hevc', 'silent', 'wav', 'mp3', 'jpeg', 'png', 'exif'].forEach((name, i) => {
      files[name] = made[i] as string;
    });
  });

  it('reads a 1080p25 camera clip as progressive 25 fps CFR 16:9 with stereo sound', async () => {
    const facts = await probe(files.camera!);
    expect(facts).toMatchObject({ demuxer: 'mov', audioStreams: 1 });
    expect(facts.durationSeconds).toBeCloseTo(2, 1);
    expect(facts.video).toMatchObject({
      codec: 'h264',
      width: 1920,
      height: 1080,
      displayWidth: 1920,
      displayHeight: 1080,
      rotation: 0,
      frameRate: { num: 25, den: 1 },
      variableFrameRate: false,
      fieldOrder: 'progressive',
      bitDepth: 8,
      hasAlpha: false,
      still: false,
    });
    expect(facts.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' });
  });

  it('reads a phone clip: rotation turned into an upright display size, variable frame rate detected', async () => {
    const facts = await probe(files.phone!);
    expect(facts.video).toMatchObject({ width: 640, height: 360, displayWidth: 360, displayHeight: 640, variableFrameRate: true });
    expect([90, 270]).toContain(facts.video!.rotation);
  });

  it('reads a portrait clip as portrait without rotation', async () => {
    const facts = await probe(files.portrait!);
    expect(facts.video).toMatchObject({ displayWidth: 360, displayHeight: 640, rotation: 0, variableFrameRate: false });
  });

  it('reads PAL DV as interlaced bottom field first, 4:3 through its sample aspect ratio, mono', async () => {
    const facts = await probe(files.dv!);
    expect(facts.video).toMatchObject({
      codec: 'dvvideo',
      width: 720,
      height: 576,
      sampleAspectRatio: { num: 16, den: 15 },
      displayWidth: 768,
      displayHeight: 576,
      fieldOrder: 'bff',
    });
    expect(facts.audio).toMatchObject({ codec: 'pcm_s16le', channels: 1 });
  });

  it('reads 4K 50p HEVC as 10-bit with 5.1 sound', async () => {
    const facts = await probe(files.hevc!);
    expect(facts.video).toMatchObject({ codec: 'hevc', width: 3840, height: 2160, bitDepth: 10, frameRate: { num: 50, den: 1 }, pixelFormat: 'yuv420p10le' });
    expect(facts.audio).toMatchObject({ channels: 6, channelLayout: '5.1' });
  });

  it('reads a clip without audio as video only', async () => {
    const facts = await probe(files.silent!);
    expect(facts.audio).toBeNull();
    expect(facts.audioStreams).toBe(0);
    expect(facts.video).not.toBeNull();
  });

  it('reads WAV and MP3 as sound only', async () => {
    const wav = await probe(files.wav!);
    expect(wav).toMatchObject({ demuxer: 'wav', video: null, audio: { codec: 'pcm_s16le', sampleRate: 48000, channels: 2 } });
    const mp3 = await probe(files.mp3!);
    expect(mp3).toMatchObject({ demuxer: 'mp3', video: null, audio: { codec: 'mp3', sampleRate: 44100 } });
  });

  it('reads extension-less pictures through the *_pipe demuxers as stills', async () => {
    const jpeg = await probe(files.jpeg!);
    expect(jpeg).toMatchObject({ demuxer: 'jpeg_pipe', durationSeconds: null, audio: null });
    expect(jpeg.video).toMatchObject({ codec: 'mjpeg', width: 6000, height: 4000, still: true, hasAlpha: false });
    const png = await probe(files.png!);
    expect(png).toMatchObject({ demuxer: 'png_pipe' });
    expect(png.video).toMatchObject({ codec: 'png', still: true, hasAlpha: true });
  });

  it('reads the EXIF orientation of a JPEG into its rotation and display size', async () => {
    const facts = await probe(files.exif!);
    expect(facts.video).toMatchObject({ width: 640, height: 360, rotation: 90, displayWidth: 360, displayHeight: 640 });
  });
});

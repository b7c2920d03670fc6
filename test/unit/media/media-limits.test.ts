import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.ts';
import { DEFAULT_MEDIA_LIMITS, MediaRejectedError, mapProbeJson, readPictureSize, requireMemoryBound } from '../../../shared/media/index.ts';

/** A PNG header (signature + IHDR) naming any size; the pixel data never needs to exist to be refused. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), ihdr, Buffer.alloc(4)]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk, deflateSync(Buffer.alloc(10))]);
}

/** A JPEG's first markers: SOI, an APP0, a DQT-like segment, then SOF2 (progressive) with the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(9)]);
  const sof = Buffer.from([0xff, 0xc2, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, Buffer.from([0xff, 0xdb, 0x00, 0x04, 0, 0]), sof]);
}

const probe = ({
  streams,
  duration = '3.0',
  format = 'mov,mp4,m4a,3gp,3g2,mj2',
}: {
  streams: Record<string, unknown>[];
  duration?: string;
  format?: string;
}) => ({
  streams: streams.map((s, index) => ({ index, ...s })),
  format: { format_name: format, duration, size: '1000' },
});
const video = (width: number, height: number, extra: Record<string, unknown> = {}) => ({
  codec_type: 'video',
  codec_name: 'h264',
  width,
  height,
  pix_fmt: 'yuv420p',
  r_frame_rate: '25/1',
  avg_frame_rate: '25/1',
  duration: '3.0',
  ...extra,
});
const audio = (extra: Record<string, unknown> = {}) => ({
  codec_type: 'audio',
  codec_name: 'aac',
  sample_rate: '48000',
  channels: 2,
  channel_layout: 'stereo',
  duration: '3.0',
  ...extra,
});

const codeOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(MediaRejectedError);
    return (error as MediaRejectedError).code;
  }
};

describe('readPictureSize', () => {
  it("reads a PNG's and a JPEG's size from their first bytes", () => {
    expect(readPictureSize({ head: pngHeader(16000, 16000) })).toEqual({ width: 16000, height: 16000 });
    expect(readPictureSize({ head: jpegHeader(12000, 9000) })).toEqual({ width: 12000, height: 9000 });
  });

  it('is null for anything else, or a header cut short', () => {
    expect(readPictureSize({ head: Buffer.from('RIFF....WEBPVP8 ') })).toBeNull();
    expect(readPictureSize({ head: pngHeader(10, 10).subarray(0, 20) })).toBeNull();
    expect(readPictureSize({ head: Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]) })).toBeNull();
  });
});

describe('media limits from the probe', () => {
  it('passes 8K video frames (7680×4320 and DCI 8192×4320), four hours, and 16 streams by default', () => {
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(7680, 4320), audio()] }) }))).toBeNull();
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(8192, 4320)] }) }))).toBeNull();
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(1920, 1080, { duration: '14400' })], duration: '14400' }) }))).toBeNull();
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(1920, 1080), ...Array.from({ length: 15 }, () => audio())] }) }))).toBeNull();
  });

  it('refuses frames over the video limit, a photo over the photo limit, and an oversized cover picture', () => {
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(16384, 8640)] }) }))).toBe('PICTURE_TOO_LARGE');
    const photo = { codec_type: 'video', codec_name: 'png', width: 16000, height: 16000, pix_fmt: 'gray' };
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [photo], format: 'png_pipe', duration: '0.04' }) }))).toBe('PICTURE_TOO_LARGE');
    // 100 megapixels is a photo (fine), not a video frame.
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [{ ...photo, width: 12000, height: 8000 }], format: 'png_pipe' }) }))).toBeNull();
    const cover = video(20000, 20000, { codec_name: 'mjpeg', disposition: { attached_pic: 1 } });
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [audio(), cover], format: 'mp3' }) }))).toBe('PICTURE_TOO_LARGE');
  });

  it('refuses a file longer than the limit, whether the container or one stream says so', () => {
    const limits = { ...DEFAULT_MEDIA_LIMITS, maxDurationSeconds: 10 };
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(320, 180, { duration: '30' })], duration: '30' }), limits }))).toBe('TOO_LONG');
    expect(
      codeOf(() => mapProbeJson({ json: probe({ streams: [video(320, 180, { duration: '5' }), audio({ duration: '3600' })], duration: '5' }), limits })),
    ).toBe('TOO_LONG');
  });

  it('refuses more streams than the limit', () => {
    expect(codeOf(() => mapProbeJson({ json: probe({ streams: [video(320, 180), ...Array.from({ length: 16 }, () => audio())] }) }))).toBe('TOO_MANY_STREAMS');
  });

  it('explains each refusal plainly, in English and Vietnamese', () => {
    const error = (() => {
      try {
        mapProbeJson({ json: probe({ streams: [video(320, 180, { duration: '18000' })], duration: '18000' }) });
      } catch (e) {
        return e as MediaRejectedError;
      }
      throw new Error('not refused');
    })();
    expect(error.message).toBe('Expected at most 4:00:00, but the file lasts 5:00:00. Cut it into shorter files and upload those.');
    expect(error.messageVi).toContain('vượt quá độ dài tối đa 4:00:00');
  });

  it('takes its limits from the environment, parsed once', () => {
    expect(loadConfig({ env: {} }).mediaLimits).toEqual(DEFAULT_MEDIA_LIMITS);
    expect(loadConfig({ env: { REPORTAGE_MAX_DURATION_SECONDS: '600', REPORTAGE_MAX_STREAMS: '4' } }).mediaLimits).toMatchObject({
      maxDurationSeconds: 600,
      maxStreams: 4,
    });
    expect(() => loadConfig({ env: { REPORTAGE_MAX_VIDEO_PIXELS: 'lots' } })).toThrow(/REPORTAGE_MAX_VIDEO_PIXELS/);
  });
});

describe('requireMemoryBound', () => {
  it('finds prlimit on PATH', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-prlimit-'));
    try {
      await writeFile(path.join(dir, 'prlimit'), '#!/bin/sh\n');
      await chmod(path.join(dir, 'prlimit'), 0o755);
      expect(requireMemoryBound({ pathEnv: `/nonexistent${path.delimiter}${dir}` })).toBe(path.join(dir, 'prlimit'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops start-up with a plain message when prlimit is missing', () => {
    let error: unknown;
    try {
      requireMemoryBound({ pathEnv: '/nonexistent', memoryMb: 4096 });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'MEMORY_BOUND_UNAVAILABLE', kind: 'internal', retryable: false });
    expect((error as Error).message).toContain('util-linux');
    expect((error as Error).message).toContain('REPORTAGE_FFMPEG_MEMORY_MB=4096');
    expect((error as { messageVi: string }).messageVi).toContain('prlimit');
  });
});

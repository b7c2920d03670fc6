import { describe, expect, it } from 'vitest';
import { MediaRejectedError, mapProbeJson } from '../../../shared/media/index.ts';

const MOV = 'mov,mp4,m4a,3gp,3g2,mj2';

/** Captured from `ffprobe -print_format json -show_format -show_streams` (ffmpeg 5.1), trimmed to the fields read. */
const phoneClip = {
  streams: [
    {
      index: 0,
      codec_type: 'video',
      codec_name: 'h264',
      profile: 'Constrained Baseline',
      width: 640,
      height: 360,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'yuv420p',
      bits_per_raw_sample: '8',
      r_frame_rate: '30000/1001',
      avg_frame_rate: '1000/39',
      field_order: 'progressive',
      bit_rate: '5788',
      duration: '3.003000',
      nb_frames: '77',
      side_data_list: [{ side_data_type: 'Display Matrix', displaymatrix: '\n00000000: 0 -65536 0\n…', rotation: 90 }],
      disposition: { default: 1, attached_pic: 0 },
    },
    {
      index: 1,
      codec_type: 'audio',
      codec_name: 'aac',
      profile: 'LC',
      r_frame_rate: '0/0',
      avg_frame_rate: '0/0',
      sample_rate: '48000',
      channels: 2,
      channel_layout: 'stereo',
      bit_rate: '128123',
      duration: '3.000000',
    },
  ],
  format: { format_name: MOV, duration: '3.003000', size: '54505', bit_rate: '145201' },
};

const dvClip = {
  streams: [
    {
      index: 0,
      codec_type: 'video',
      codec_name: 'dvvideo',
      width: 720,
      height: 576,
      sample_aspect_ratio: '16:15',
      pix_fmt: 'yuv420p',
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
      field_order: 'bb',
      bit_rate: '28800000',
      duration: '2.000000',
      nb_frames: '50',
    },
    {
      index: 1,
      codec_type: 'audio',
      codec_name: 'pcm_s16le',
      sample_rate: '48000',
      channels: 1,
      channel_layout: 'mono',
      bit_rate: '768000',
      duration: '2.000000',
    },
  ],
  format: { format_name: MOV, duration: '2.000000', size: '7393859', bit_rate: '29575436' },
};

function withVideo(changes: Record<string, unknown>) {
  const [video, audio] = phoneClip.streams;
  return { ...phoneClip, streams: [{ ...video, ...changes }, audio] };
}

function rejectionOf(run: () => unknown): MediaRejectedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MediaRejectedError);
    return error as MediaRejectedError;
  }
  throw new Error('expected a rejection');
}

describe('mapProbeJson', () => {
  it('names the demuxer by the first name of format_name and fills every fact', () => {
    const facts = mapProbeJson({ json: phoneClip });
    expect(facts).toEqual({
      demuxer: 'mov',
      formatName: MOV,
      durationSeconds: 3.003,
      sizeBytes: 54505,
      bitRate: 145201,
      audioStreams: 1,
      video: {
        codec: 'h264',
        profile: 'Constrained Baseline',
        width: 640,
        height: 360,
        displayWidth: 360,
        displayHeight: 640,
        rotation: 270,
        sampleAspectRatio: { num: 1, den: 1 },
        pixelFormat: 'yuv420p',
        bitDepth: 8,
        frameRate: { num: 1000, den: 39 },
        variableFrameRate: true,
        fieldOrder: 'progressive',
        hasAlpha: false,
        still: false,
      },
      audio: { codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
    });
  });

  it('turns the display matrix angle (counter-clockwise) into a clockwise rotation', () => {
    const rotationOf = (rotation: number) =>
      mapProbeJson({ json: withVideo({ side_data_list: [{ side_data_type: 'Display Matrix', rotation }] }) }).video!.rotation;
    expect(rotationOf(-90)).toBe(90); // an iPhone held upright
    expect(rotationOf(90)).toBe(270);
    expect(rotationOf(180)).toBe(180);
    expect(rotationOf(-180)).toBe(180);
    expect(rotationOf(0)).toBe(0);
  });

  it('falls back to the legacy clockwise rotate tag', () => {
    const facts = mapProbeJson({ json: withVideo({ side_data_list: undefined, tags: { rotate: '90' } }) });
    expect(facts.video).toMatchObject({ rotation: 90, displayWidth: 360, displayHeight: 640 });
  });

  it('keeps landscape sizes for 0° and 180°', () => {
    const facts = mapProbeJson({ json: withVideo({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 180 }] }) });
    expect(facts.video).toMatchObject({ displayWidth: 640, displayHeight: 360 });
  });

  it('applies the sample aspect ratio to the display width (PAL DV 4:3 → 768×576) and reads bottom field first', () => {
    const facts = mapProbeJson({ json: dvClip });
    expect(facts.video).toMatchObject({
      width: 720,
      height: 576,
      sampleAspectRatio: { num: 16, den: 15 },
      displayWidth: 768,
      displayHeight: 576,
      fieldOrder: 'bff',
    });
    expect(facts.audio).toMatchObject({ channels: 1, channelLayout: 'mono' });
  });

  it('treats DV without a field order (AVI) as bottom field first', () => {
    const facts = mapProbeJson({ json: { ...dvClip, streams: [{ ...dvClip.streams[0], field_order: undefined }, dvClip.streams[1]] } });
    expect(facts.video!.fieldOrder).toBe('bff');
  });

  it('maps every field order ffprobe prints', () => {
    const order = (field_order: string | undefined) => mapProbeJson({ json: withVideo({ field_order }) }).video!.fieldOrder;
    expect(order('tt')).toBe('tff');
    expect(order('bb')).toBe('bff');
    expect(order('tb')).toBe('bff');
    expect(order('bt')).toBe('tff');
    expect(order('progressive')).toBe('progressive');
    expect(order(undefined)).toBe('unknown');
  });

  it('sees constant frame rate when r_frame_rate and avg_frame_rate agree', () => {
    const facts = mapProbeJson({ json: withVideo({ r_frame_rate: '30000/1001', avg_frame_rate: '30000/1001' }) });
    expect(facts.video).toMatchObject({ variableFrameRate: false, frameRate: { num: 30000, den: 1001 } });
  });

  it('does not mistake the field rate of interlaced video for a variable frame rate', () => {
    const facts = mapProbeJson({ json: withVideo({ r_frame_rate: '50/1', avg_frame_rate: '25/1', field_order: 'tt' }) });
    expect(facts.video).toMatchObject({ variableFrameRate: false, frameRate: { num: 25, den: 1 } });
  });

  it('reads bit depth from bits_per_raw_sample, else from the pixel format', () => {
    const depth = (changes: Record<string, unknown>) => mapProbeJson({ json: withVideo(changes) }).video!.bitDepth;
    expect(depth({ pix_fmt: 'yuv420p10le', bits_per_raw_sample: undefined })).toBe(10);
    expect(depth({ pix_fmt: 'yuv422p10le', bits_per_raw_sample: '10' })).toBe(10);
    expect(depth({ pix_fmt: 'yuva444p12le', bits_per_raw_sample: undefined })).toBe(12);
    expect(depth({ pix_fmt: 'p010le', bits_per_raw_sample: undefined })).toBe(10);
    expect(depth({ pix_fmt: 'rgb48le', bits_per_raw_sample: undefined })).toBe(16);
    expect(depth({ pix_fmt: 'yuvj420p', bits_per_raw_sample: undefined })).toBe(8);
  });

  it('reads alpha from the pixel format', () => {
    const alpha = (pix_fmt: string) => mapProbeJson({ json: withVideo({ pix_fmt }) }).video!.hasAlpha;
    expect(alpha('rgba')).toBe(true);
    expect(alpha('yuva420p')).toBe(true);
    expect(alpha('gbrap')).toBe(true);
    expect(alpha('ya8')).toBe(true);
    expect(alpha('yuv420p')).toBe(false);
    expect(alpha('rgb24')).toBe(false);
  });

  it('reads a picture from an image demuxer as a still with no duration, upright by its EXIF orientation', () => {
    const json = {
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'mjpeg',
          width: 6000,
          height: 4000,
          sample_aspect_ratio: '1:1',
          pix_fmt: 'yuvj420p',
          r_frame_rate: '25/1',
          avg_frame_rate: '25/1',
        },
      ],
      format: { format_name: 'jpeg_pipe', size: '874900' },
    };
    expect(mapProbeJson({ json })).toMatchObject({
      demuxer: 'jpeg_pipe',
      durationSeconds: null,
      video: { still: true, rotation: 0, frameRate: { num: 0, den: 1 }, variableFrameRate: false },
    });
    expect(mapProbeJson({ json, exifOrientation: 6 }).video).toMatchObject({ rotation: 90, displayWidth: 4000, displayHeight: 6000 });
    expect(mapProbeJson({ json, exifOrientation: 3 }).video).toMatchObject({ rotation: 180, displayWidth: 6000, displayHeight: 4000 });
  });

  it('ignores cover art: an MP3 with a picture is sound only', () => {
    const json = {
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2, channel_layout: 'stereo' },
        { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
      ],
      format: { format_name: 'mp3', duration: '180.0', size: '4000000' },
    };
    expect(mapProbeJson({ json })).toMatchObject({ video: null, audio: { codec: 'mp3' }, audioStreams: 1 });
  });

  it('rejects a reference demuxer as PLAYLIST_REJECTED', () => {
    expect(rejectionOf(() => mapProbeJson({ json: { streams: [], format: { format_name: 'hls' } } }))).toMatchObject({
      code: 'PLAYLIST_REJECTED',
      details: { format: 'hls' },
    });
    expect(rejectionOf(() => mapProbeJson({ json: { streams: [], format: { format_name: 'concat' } } }))).toMatchObject({
      code: 'PLAYLIST_REJECTED',
      details: { format: 'ffconcat' },
    });
  });

  it('rejects a container that is not on the allow list, and a file without picture or sound, as NOT_MEDIA', () => {
    expect(
      rejectionOf(() => mapProbeJson({ json: { streams: [{ index: 0, codec_type: 'subtitle', codec_name: 'subrip' }], format: { format_name: 'srt' } } })).code,
    ).toBe('NOT_MEDIA');
    expect(
      rejectionOf(() => mapProbeJson({ json: { streams: [{ index: 0, codec_type: 'data', codec_name: 'bin_data' }], format: { format_name: 'mpegts' } } }))
        .code,
    ).toBe('NOT_MEDIA');
    expect(rejectionOf(() => mapProbeJson({ json: { nothing: true } })).code).toBe('NOT_MEDIA');
  });

  it('rejects a codec that is not on the allow list, naming it', () => {
    const json = { ...dvClip, streams: [{ ...dvClip.streams[0], codec_name: 'cinepak' }, dvClip.streams[1]] };
    expect(rejectionOf(() => mapProbeJson({ json }))).toMatchObject({ code: 'UNSUPPORTED_CODEC', details: { streamType: 'video', codec: 'cinepak' } });
    const audio = { ...dvClip, streams: [dvClip.streams[0], { ...dvClip.streams[1], codec_name: 'adpcm_ms' }] };
    expect(rejectionOf(() => mapProbeJson({ json: audio }))).toMatchObject({ code: 'UNSUPPORTED_CODEC', details: { streamType: 'audio', codec: 'adpcm_ms' } });
  });

  it('rejects an MP4 whose index describes far more data than the file holds as TRUNCATED', () => {
    const cut = { ...dvClip, format: { ...dvClip.format, size: String(Math.floor(7393859 / 2)) } };
    expect(rejectionOf(() => mapProbeJson({ json: cut }))).toMatchObject({ code: 'TRUNCATED' });
  });
});

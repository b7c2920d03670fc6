import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES, type DeliveryProfile } from '../../../shared/delivery/index.ts';
import { checkConformance, parseBoxHeader, readMediainfoJson, type ConformanceCheck } from '../../../shared/media/index.ts';
import { readFixture } from './read-fixture.ts';

/** Screening settings at the size of the test clips (320×180). */
const SMALL: DeliveryProfile = { ...DEFAULT_PROFILES.screening, video: { ...DEFAULT_PROFILES.screening.video, width: 320, height: 180 } };
/** XDCAM HD422 (broadcast MXF) without the bitrate: the captured file is a 0.4 s sample. */
const XDCAM = DEFAULT_PROFILES['broadcast-mxf'];

const json = (name: string) => JSON.parse(readFixture(name)) as unknown;
const byCheck = (checks: ConformanceCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c]));

describe('checkConformance (captured ffprobe and MediaInfo JSON)', () => {
  it('passes an H.264 High 25p MP4 made with the profile settings, every field agreeing with MediaInfo', () => {
    const { checks, readings } = checkConformance({
      probe: json('ffprobe-clean.json'),
      profile: SMALL,
      mediainfo: readMediainfoJson({ json: json('mediainfo-clean.json') }),
      boxOrder: ['ftyp', 'moov', 'free', 'mdat'],
    });
    expect(checks.map((c) => c.check)).toEqual([
      'container',
      'video-codec',
      'video-profile',
      'resolution',
      'frame-rate',
      'field-order',
      'pixel-format',
      'audio-codec',
      'audio-channels',
      'sample-rate',
      'faststart',
    ]);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.filter((c) => c.agrees !== true)).toEqual([]);
    expect(readings).toMatchObject({ videoSeconds: 8, audioSeconds: 8, videoFrames: 200, startTimecode: null });
  });

  it('fails naming the frame rate when the file is 30 fps', () => {
    const probe = json('ffprobe-clean.json') as { streams: Record<string, unknown>[] };
    probe.streams[0] = { ...probe.streams[0], r_frame_rate: '30/1', avg_frame_rate: '30/1' };
    const { checks } = checkConformance({ probe, profile: SMALL, mediainfo: null, boxOrder: ['ftyp', 'moov', 'mdat'] });
    const failed = checks.filter((c) => !c.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ check: 'frame-rate', label: { en: 'Frame rate' }, expected: '25', found: '30', mediainfo: null, agrees: null });
  });

  it('passes an XDCAM HD422 MXF (MPEG-2 4:2:2, top field first, two mono PCM 24-bit tracks) and reads its timecode', () => {
    const { checks, readings } = checkConformance({
      probe: json('ffprobe-xdcam-mono-tracks.json'),
      profile: XDCAM,
      mediainfo: readMediainfoJson({ json: json('mediainfo-xdcam-mono-tracks.json') }),
    });
    const c = byCheck(checks);
    expect(checks.filter((check) => !check.ok)).toEqual([]);
    expect(c['field-order']).toMatchObject({ expected: 'tt', found: 'tt', mediainfo: 'tt', agrees: true });
    expect(c['video-profile']).toMatchObject({ found: '4:2:2', ok: true, agrees: true });
    // One mono track per channel, as broadcasters take XDCAM: both tools count two tracks of one channel.
    expect(c['audio-channels']).toMatchObject({ expected: '2 × mono (L 1, R 2)', found: '2 × mono', ok: true, mediainfo: '2 × mono', agrees: true });
    expect(c['audio-codec']).toMatchObject({ found: 'pcm_s24le', ok: true });
    expect(c.faststart).toBeUndefined();
    expect(readings.startTimecode).toBe('10:00:00:00');
    expect(readings.audioSeconds).toBeCloseTo(0.4, 3);
  });

  it("fails an MXF whose sound is one stereo track, or one mono track, against XDCAM's mono tracks", () => {
    const stereo = byCheck(
      checkConformance({ probe: json('ffprobe-xdcam.json'), profile: XDCAM, mediainfo: readMediainfoJson({ json: json('mediainfo-xdcam.json') }) }).checks,
    );
    expect(stereo['audio-channels']).toMatchObject({ found: '1 track (2 ch)', ok: false, mediainfo: '1 track (2 ch)' });
    const probe = json('ffprobe-xdcam-mono-tracks.json') as { streams: { codec_type: string }[] };
    const oneTrack = { ...probe, streams: probe.streams.filter((stream, i) => stream.codec_type !== 'audio' || i === 1) };
    expect(byCheck(checkConformance({ probe: oneTrack, profile: XDCAM, mediainfo: null }).checks)['audio-channels']).toMatchObject({
      found: '1 × mono',
      ok: false,
    });
  });

  it('fails a progressive file against an interlaced profile, and a wrong container, codec and pixel format', () => {
    const { checks } = checkConformance({ probe: json('ffprobe-clean.json'), profile: XDCAM, mediainfo: null });
    const failed = checks.filter((c) => !c.ok).map((c) => c.check);
    expect(failed).toEqual(expect.arrayContaining(['container', 'video-codec', 'video-profile', 'resolution', 'field-order', 'pixel-format', 'audio-codec']));
    expect(failed).not.toContain('frame-rate');
  });

  it('records a MediaInfo disagreement without failing the check', () => {
    const mediainfo = { ...readMediainfoJson({ json: json('mediainfo-clean.json') }), frameRate: 50 };
    const frameRate = byCheck(checkConformance({ probe: json('ffprobe-clean.json'), profile: SMALL, mediainfo }).checks)['frame-rate'];
    expect(frameRate).toMatchObject({ ok: true, found: '25', mediainfo: '50', agrees: false });
  });

  it('fails faststart when the index comes after the data, and when it cannot be read', () => {
    const faststart = (boxOrder: string[] | null) =>
      byCheck(checkConformance({ probe: json('ffprobe-clean.json'), profile: SMALL, mediainfo: null, boxOrder }).checks).faststart;
    expect(faststart(['ftyp', 'mdat', 'moov'])).toMatchObject({ ok: false, found: 'no' });
    expect(faststart(null)).toMatchObject({ ok: false, found: 'unknown' });
  });
});

describe('readMediainfoJson', () => {
  it('maps MediaInfo 23.04 words to ffprobe names', () => {
    expect(readMediainfoJson({ json: json('mediainfo-xdcam.json') })).toMatchObject({
      version: '23.04',
      container: 'mxf',
      videoCodec: 'mpeg2video',
      videoProfile: '4:2:2',
      width: 1920,
      height: 1080,
      frameRate: 25,
      fieldOrder: 'tt',
      pixelFormat: 'yuv422p',
      audioCodec: 'pcm_s24le',
      channels: 2,
      channelLayout: null,
      sampleRate: 48000,
      startTimecode: '10:00:00:00',
    });
    expect(readMediainfoJson({ json: json('mediainfo-clean.json') })).toMatchObject({
      container: 'mp4',
      videoCodec: 'h264',
      fieldOrder: 'progressive',
      channelLayout: 'stereo',
      faststart: true,
    });
  });

  it('returns nulls for output it does not understand', () => {
    expect(readMediainfoJson({ json: { nothing: true } })).toMatchObject({ container: null, videoCodec: null, channels: null });
  });
});

describe('parseBoxHeader', () => {
  it('reads 32-bit, 64-bit and to-the-end sizes and refuses garbage', () => {
    expect(parseBoxHeader({ bytes: Buffer.from('0000002066747970', 'hex') })).toEqual({ type: 'ftyp', size: 32, headerSize: 8 });
    expect(parseBoxHeader({ bytes: Buffer.from('000000016d6461740000000100000010', 'hex') })).toEqual({ type: 'mdat', size: 4294967312, headerSize: 16 });
    expect(parseBoxHeader({ bytes: Buffer.from('000000006d646174', 'hex') })).toEqual({ type: 'mdat', size: null, headerSize: 8 });
    expect(parseBoxHeader({ bytes: Buffer.from('0000000400000000', 'hex') })).toBeNull();
  });
});

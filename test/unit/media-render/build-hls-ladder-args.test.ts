import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import {
  buildHlsLadderArgs,
  buildKeyframeGridArgs,
  buildNaiveLadderArgs,
  buildSegmentArgs,
  codecsOf,
  formatMasterPlaylist,
  hlsRungsOf,
  keyframeGridFrames,
  mergeSegmentArgs,
  parseMediaPlaylist,
  segmentBitrates,
  type LadderProfile,
} from '../../../shared/media/index.ts';
import type { SegmentSpec } from '../../../shared/media/render/render-spec.ts';

const stream = { ...DEFAULT_PROFILES.stream, ladder: DEFAULT_PROFILES.stream.ladder! } satisfies LadderProfile;
const master = { url: '/data/cache/programme/ab12', protocols: 'file' };

/** The options that follow each `-f hls`: the files one HLS output writes. */
function hlsOutputs(args: string[]): { segments: string; playlist: string }[] {
  return args.flatMap((arg, i) =>
    arg === '-f' && args[i + 1] === 'hls'
      ? [{ segments: args[args.indexOf('-hls_segment_filename', i) + 1]!, playlist: args[args.indexOf('-hls_segment_filename', i) + 2]! }]
      : [],
  );
}

/** The arguments of the output whose playlist is `playlist`: from the end of the previous output (or of the graph) to it. */
function outputArgs(args: string[], playlist: string): string[] {
  const end = args.indexOf(playlist);
  const previous = args.slice(0, end).findLastIndex((a) => a.endsWith('/index.m3u8'));
  return args.slice(previous >= 0 ? previous + 1 : args.indexOf('-filter_complex') + 2, end + 1);
}

describe('the stream profile', () => {
  it('is a clean 1080p25 master with WebVTT beside it and a ladder of three lower rungs on a 6 s grid', () => {
    expect(stream.video).toMatchObject({
      width: 1920,
      height: 1080,
      codec: 'h264',
      profile: 'high',
      bitrateKbps: 5_000,
      maxrateKbps: 5_500,
      bufsizeKbps: 11_000,
    });
    expect(stream.subtitles).toMatchObject({ burnIn: false, sidecars: ['vtt', 'srt'] });
    expect(stream.extras).toMatchObject({ lineUp: null, blackHeadTailSeconds: 0, poster: true });
    expect(stream.loudness.integratedLufs).toBe(-16);
    expect(hlsRungsOf({ profile: stream }).map((r) => `${r.name} ${r.width}x${r.height} ${r.rate ? 'encode' : 'copy'}`)).toEqual([
      '1080p 1920x1080 copy',
      '720p 1280x720 encode',
      '480p 854x480 encode',
      '360p 640x360 encode',
    ]);
  });
});

describe('the keyframe grid of the master', () => {
  it('names the grid frames inside a segment, from its programme start', () => {
    expect(keyframeGridFrames({ startFrame: 0, frames: 320, everyFrames: 150 })).toEqual([0, 150, 300]);
    expect(keyframeGridFrames({ startFrame: 140, frames: 200, everyFrames: 150 })).toEqual([10, 160]);
    expect(keyframeGridFrames({ startFrame: 151, frames: 100, everyFrames: 150 })).toEqual([]);
  });

  it("forces them in each segment's own output, batched or not", () => {
    expect(buildKeyframeGridArgs({ startFrame: 140, everyFrames: 150 })).toEqual(['-force_key_frames', 'expr:eq(mod(n+140,150),0)', '-forced-idr', '1']);
    expect(buildKeyframeGridArgs({ startFrame: 310, everyFrames: 150 })).toEqual(['-force_key_frames', 'expr:eq(mod(n+10,150),0)', '-forced-idr', '1']);
    const spec = (id: string, startFrame: number): SegmentSpec => ({
      id,
      startFrame,
      frames: 100,
      layers: [{ shotId: id, visual: { type: 'title', title: 'Đại hội', subtitle: '' } }],
      fadeInFrames: 0,
      fadeOutFrames: 0,
      lowerThirds: [],
      cues: [],
      logo: null,
    });
    const built = (profile: typeof DEFAULT_PROFILES.web, s: SegmentSpec) =>
      buildSegmentArgs({
        spec: s,
        profile,
        sources: [null],
        fontFile: '/f.ttf',
        boldFontFile: '/b.ttf',
        fontFamily: 'Noto Sans',
        versionNumber: 1,
        programmeStartFrame: 0,
        workDir: `/tmp/${s.id}`,
        outPath: `/tmp/${s.id}.mp4`,
      });
    const merged = mergeSegmentArgs({ segments: [built(stream, spec('a', 0)), built(stream, spec('b', 100))] });
    expect(merged.outputs.map((o) => o[o.indexOf('-force_key_frames') + 1])).toEqual(['expr:eq(mod(n+0,150),0)', 'expr:eq(mod(n+100,150),0)']);
    // A profile without a ladder: no forced keyframes, its arguments as before.
    expect(built(DEFAULT_PROFILES.web, spec('c', 100)).args).not.toContain('-force_key_frames');
  });
});

describe('buildHlsLadderArgs', () => {
  const args = buildHlsLadderArgs({ master, profile: stream, outDir: '/tmp/hls' });

  it('reads the master once, as MP4 through the file protocol only', () => {
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args.slice(0, 8)).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', 'mov', '-f', 'mov', '-i', 'file:/data/cache/programme/ab12']);
  });

  it('writes four rungs as HLS: seg-00000.ts … and index.m3u8 in one folder each, VOD, MPEG-TS, 6 s', () => {
    expect(hlsOutputs(args)).toEqual(
      ['1080p', '720p', '480p', '360p'].map((name) => ({ segments: `file:/tmp/hls/${name}/seg-%05d.ts`, playlist: `file:/tmp/hls/${name}/index.m3u8` })),
    );
    for (const option of [
      ['-hls_time', '6'],
      ['-hls_playlist_type', 'vod'],
      ['-hls_segment_type', 'mpegts'],
      ['-hls_flags', 'independent_segments'],
    ]) {
      expect(args.filter((a, i) => a === option[0] && args[i + 1] === option[1])).toHaveLength(4);
    }
  });

  it('copies the top rung, picture and sound, with no encoder', () => {
    const top = outputArgs(args, 'file:/tmp/hls/1080p/index.m3u8');
    expect(top.slice(0, 6)).toEqual(['-map', '0:v:0', '-map', '0:a:0', '-c', 'copy']);
    expect(top).not.toContain('libx264');
  });

  it('scales and encodes each lower rung with the profile encoder, its own rate, keyframes every 150 frames from the start and no scene cuts', () => {
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toBe(
      '[0:v:0]split=3[s0][s1][s2];' +
        '[s0]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[r0];' +
        '[s1]scale=854:480:flags=bicubic,setsar=1,format=yuv420p[r1];' +
        '[s2]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[r2]',
    );
    const rung = outputArgs(args, 'file:/tmp/hls/720p/index.m3u8');
    const option = (name: string) => rung[rung.indexOf(name) + 1];
    expect(rung.slice(0, 4)).toEqual(['-map', '[r0]', '-map', '0:a:0']);
    expect([option('-c:v'), option('-preset'), option('-profile:v'), option('-b:v'), option('-maxrate'), option('-bufsize')]).toEqual([
      'libx264',
      'veryfast',
      'high',
      '2800k',
      '3000k',
      '6000k',
    ]);
    expect([option('-force_key_frames'), option('-sc_threshold'), option('-c:a'), option('-threads')]).toEqual(['expr:eq(mod(n+0,150),0)', '0', 'copy', '1']);
    expect(option('-x264-params')).toContain('open-gop=0');
  });
});

describe('buildNaiveLadderArgs (the bench baseline)', () => {
  it('encodes all four rungs, the top one too, in one HLS output with a stream map and the same settings', () => {
    const args = buildNaiveLadderArgs({ master, profile: stream, outDir: '/tmp/naive' });
    expect(args[args.indexOf('-var_stream_map') + 1]).toBe('v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p v:3,a:3,name:360p');
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('[s0]scale=1920:1080');
    expect(args.filter((a, i) => a === '-c:v' && args[i + 1] === 'libx264')).toHaveLength(1);
    expect(['-b:v:0', '-b:v:1', '-b:v:2', '-b:v:3'].map((o) => args[args.indexOf(o) + 1])).toEqual(['5000k', '2800k', '1400k', '800k']);
    expect(args).not.toContain('-b:v');
    expect(args[args.indexOf('-force_key_frames') + 1]).toBe('expr:eq(mod(n+0,150),0)');
    expect(args.slice(-1)).toEqual(['file:/tmp/naive/%v/index.m3u8']);
    expect(args[args.indexOf('-master_pl_name') + 1]).toBe('master.m3u8');
  });
});

describe('the playlists', () => {
  it('writes the master playlist highest bandwidth first, with resolution, frame rate and codecs', () => {
    const variant = (name: string, bandwidth: number, width: number, height: number) => ({
      bandwidth,
      averageBandwidth: bandwidth - 100_000,
      width,
      height,
      codecs: 'avc1.64001f,mp4a.40.2',
      playlist: `${name}/index.m3u8`,
    });
    expect(formatMasterPlaylist({ variants: [variant('360p', 900_000, 640, 360), variant('1080p', 5_600_000, 1920, 1080)] })).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=5600000,AVERAGE-BANDWIDTH=5500000,RESOLUTION=1920x1080,FRAME-RATE=25.000,CODECS="avc1.64001f,mp4a.40.2"',
        '1080p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,FRAME-RATE=25.000,CODECS="avc1.64001f,mp4a.40.2"',
        '360p/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('reads a media playlist as the HLS muxer writes it', () => {
    const text =
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:6.000000,\nseg-00000.ts\n#EXTINF:2.400000,\nseg-00001.ts\n#EXT-X-ENDLIST\n';
    expect(parseMediaPlaylist({ text })).toEqual({
      targetDurationSeconds: 6,
      segments: [
        { uri: 'seg-00000.ts', durationSeconds: 6 },
        { uri: 'seg-00001.ts', durationSeconds: 2.4 },
      ],
      ended: true,
    });
  });

  it('measures BANDWIDTH as RFC 8216 says: the peak over runs of 0.5–1.5 target durations, so a short last segment does not count alone', () => {
    const segments = [
      { durationSeconds: 6, sizeBytes: 3_000_000 },
      { durationSeconds: 6, sizeBytes: 4_500_000 },
      { durationSeconds: 0.4, sizeBytes: 150_000 },
    ];
    // 4.5 MB in 6 s = 6 Mbit/s; the last 0.4 s alone would read 3 Mbit/s but is too short to be a run.
    expect(segmentBitrates({ segments, targetDurationSeconds: 6 })).toEqual({ peak: 6_000_000, average: Math.ceil((7_650_000 * 8) / 12.4) });
    expect(segmentBitrates({ segments: [{ durationSeconds: 1, sizeBytes: 1000 }], targetDurationSeconds: 6 })).toEqual({ peak: 8000, average: 8000 });
  });

  it('names the codecs from the streams: H.264 profile and level, AAC-LC', () => {
    expect(codecsOf({ video: { profile: 'High', level: 40 }, audio: { profile: 'LC' } })).toBe('avc1.640028,mp4a.40.2');
    expect(codecsOf({ video: { profile: 'High', level: 31 }, audio: { profile: 'LC' } })).toBe('avc1.64001f,mp4a.40.2');
    expect(codecsOf({ video: { profile: 'Constrained Baseline', level: 30 }, audio: null })).toBe('avc1.42e01e');
    expect(codecsOf({ video: { profile: 'High 4:2:2', level: 40 }, audio: null })).toBeNull();
  });
});

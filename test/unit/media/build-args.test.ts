import { describe, expect, it } from 'vitest';
import type { ProbeFacts } from '../../../shared/domain/media-facts.ts';
import type { Config } from '../../../shared/config.ts';
import {
  ALLOWED_DEMUXERS,
  buildAudioDeriveArgs,
  buildInputArgs,
  buildPhotoDeriveArgs,
  buildPosterArgs,
  buildProbeArgs,
  buildToolCommand,
  buildVideoDeriveArgs,
  fitWithin,
  orientationFilters,
  planPhotoDerivatives,
  planVideoDerivatives,
  toolEnvironment,
  TOOL_MALLOC_TUNABLES,
  type MediaTools,
} from '../../../shared/media/index.ts';
import { argAfter } from '../../helpers/tool-args.ts';
import { videoFacts } from '../../helpers/video-facts.ts';

const tools: MediaTools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', timeoutSeconds: 60, memoryMb: 4096 };
const source = { url: '/data/originals/ab12cd', protocols: 'file' };

const video = videoFacts();
const clip: ProbeFacts = {
  demuxer: 'mov',
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 120,
  sizeBytes: 1000,
  bitRate: 1000,
  audioStreams: 1,
  video,
  audio: { codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' },
};

/** The value that follows `flag` in an argument list. */
describe('MediaTools', () => {
  it('has the shape of the ffmpeg section of the config', () => {
    const fromConfig: Config['ffmpeg'] = tools;
    const back: MediaTools = fromConfig;
    expect(back).toBe(tools);
  });
});

describe('buildToolCommand', () => {
  it('gives ffmpeg its safety flags and progress on stdout', () => {
    const { file, args } = buildToolCommand({ tool: 'ffmpeg', args: ['-i', 'file:/a', '-f', 'null', '-'], toolPath: '/usr/bin/ffmpeg', tools });
    expect(file).toBe('/usr/bin/ffmpeg');
    expect(args.slice(0, 3)).toEqual(['-hide_banner', '-nostdin', '-y']);
    expect(argAfter(args, '-progress')).toBe('pipe:1');
    expect(args).toContain('-nostats');
    expect(argAfter(args, '-loglevel')).toBe('level+info');
    expect(argAfter(args, '-max_alloc')).toBe(String(1024 * 1024 * 1024));
    expect(args.slice(-5)).toEqual(['-i', 'file:/a', '-f', 'null', '-']);
  });

  it('gives ffprobe only the flags it knows', () => {
    const { args } = buildToolCommand({ tool: 'ffprobe', args: ['-show_format'], toolPath: '/usr/bin/ffprobe', tools });
    expect(args).toContain('-hide_banner');
    expect(args).not.toContain('-nostdin');
    expect(args).not.toContain('-y');
    expect(args).not.toContain('-progress');
    expect(argAfter(args, '-loglevel')).toBe('level+error');
  });

  it('wraps the tool in prlimit with the address-space bound in bytes', () => {
    const { file, args } = buildToolCommand({ tool: 'ffmpeg', args: ['-version'], toolPath: '/usr/bin/ffmpeg', tools, prlimitPath: '/usr/bin/prlimit' });
    expect(file).toBe('/usr/bin/prlimit');
    expect(args.slice(0, 3)).toEqual([`--as=${4096 * 1024 * 1024}`, '--', '/usr/bin/ffmpeg']);
  });

  it('starts the chain under setpriv so ffmpeg dies with the Node process that started it', () => {
    const { file, args } = buildToolCommand({
      tool: 'ffmpeg',
      args: ['-version'],
      toolPath: '/usr/bin/ffmpeg',
      tools,
      prlimitPath: '/usr/bin/prlimit',
      setprivPath: '/usr/bin/setpriv',
    });
    expect(file).toBe('/usr/bin/setpriv');
    expect(args.slice(0, 6)).toEqual(['--pdeathsig', 'KILL', '--', '/usr/bin/prlimit', `--as=${4096 * 1024 * 1024}`, '--']);
    expect(args[6]).toBe('/usr/bin/ffmpeg');
  });

  it('runs the tool in the given environment with malloc on transparent huge pages', () => {
    const { env } = buildToolCommand({ tool: 'ffmpeg', args: [], toolPath: 'ffmpeg', tools, env: { PATH: '/usr/bin', LANG: 'C.UTF-8' } });
    expect(env).toEqual({ PATH: '/usr/bin', LANG: 'C.UTF-8', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(buildToolCommand({ tool: 'ffprobe', args: [], toolPath: 'ffprobe', tools }).env).toEqual({ GLIBC_TUNABLES: TOOL_MALLOC_TUNABLES });
  });

  it('caps -max_alloc below 2 GiB for large bounds', () => {
    const { args } = buildToolCommand({ tool: 'ffmpeg', args: [], toolPath: 'ffmpeg', tools: { memoryMb: 65536 } });
    expect(Number(argAfter(args, '-max_alloc'))).toBe(2 ** 31 - 1);
  });
});

describe('toolEnvironment', () => {
  it('adds the huge-page tunable to tunables already set', () => {
    expect(toolEnvironment({ env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });

  it('keeps an explicit huge-page choice of the operator', () => {
    expect(toolEnvironment({ env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } })).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
  });

  it('does not change the environment it was given', () => {
    const env = { HOME: '/root' };
    toolEnvironment({ env });
    expect(env).toEqual({ HOME: '/root' });
  });
});

describe('buildInputArgs', () => {
  it('puts the protocol whitelist, the format whitelist and the forced demuxer before -i', () => {
    const args = buildInputArgs({ source: { ...source, demuxer: 'mov' } });
    expect(args).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', ALLOWED_DEMUXERS.join(','), '-f', 'mov', '-i', 'file:/data/originals/ab12cd']);
  });

  it('never lets the format whitelist name a playlist, concat or file-pattern demuxer', () => {
    const allowed = argAfter(buildInputArgs({ source }), '-format_whitelist')!.split(',');
    for (const forbidden of ['hls', 'concat', 'image2', 'dash', 'sdp', 'rtsp', 'tty', 'lavfi']) expect(allowed).not.toContain(forbidden);
    expect(allowed).toEqual(expect.arrayContaining(['jpeg_pipe', 'png_pipe', 'mov', 'matroska', 'mxf', 'wav', 'mp3']));
  });

  it('omits -f while the demuxer is unknown (first probe)', () => {
    expect(buildInputArgs({ source })).not.toContain('-f');
  });

  it('keeps presigned URLs as they are, with their network protocols', () => {
    const url = 'https://bucket.s3.example/originals/ab?X-Amz-Signature=1';
    const args = buildInputArgs({ source: { url, protocols: 'https,tls,tcp', demuxer: 'mov' } });
    expect(argAfter(args, '-protocol_whitelist')).toBe('https,tls,tcp');
    expect(argAfter(args, '-i')).toBe(url);
  });

  it('marks local paths as file: so ":" or a leading "-" is never read as a protocol or option', () => {
    expect(argAfter(buildInputArgs({ source: { url: '-weird:name', protocols: 'file' } }), '-i')).toBe('file:-weird:name');
    expect(argAfter(buildInputArgs({ source: { url: 'file:/a', protocols: 'file' } }), '-i')).toBe('file:/a');
  });

  it('seeks on the input and can switch autorotate off', () => {
    const args = buildInputArgs({ source, seekSeconds: 12.3456, autorotate: false });
    expect(argAfter(args, '-ss')).toBe('12.346');
    expect(argAfter(args, '-autorotate')).toBe('0');
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
  });
});

describe('buildProbeArgs', () => {
  it('asks for JSON of the format and the streams of a whitelisted input', () => {
    const args = buildProbeArgs({ source });
    expect(args.slice(0, 4)).toEqual(['-print_format', 'json', '-show_format', '-show_streams']);
    expect(args).toContain('-format_whitelist');
    expect(args).toContain('-protocol_whitelist');
  });
});

describe('fitWithin', () => {
  it.each([
    [1920, 1080, 960, 540],
    [768, 576, 720, 540], // PAL 4:3 after its sample aspect ratio
    [1080, 1920, 304, 540], // portrait
    [3840, 2160, 960, 540],
    [320, 180, 320, 180], // never enlarged
    [4000, 6000, 360, 540],
  ])('fits %i×%i in 960×540 even as %i×%i', (width, height, w, h) => {
    expect(fitWithin({ width, height, maxWidth: 960, maxHeight: 540, even: true })).toEqual({ width: w, height: h });
  });

  it('keeps odd sizes for pictures', () => {
    expect(fitWithin({ width: 6000, height: 4000, maxWidth: 1920, maxHeight: 1080 })).toEqual({ width: 1620, height: 1080 });
    expect(fitWithin({ width: 333, height: 201, maxWidth: 480, maxHeight: 480 })).toEqual({ width: 333, height: 201 });
  });
});

describe('buildVideoDeriveArgs', () => {
  const outputs = { proxy: '/tmp/w/proxy.mp4', thumbnails: '/tmp/w/thumbnails.jpg' };
  const graphOf = (facts: ProbeFacts) => argAfter(buildVideoDeriveArgs({ source, facts, plan: planVideoDerivatives({ facts }), outputs }), '-filter_complex')!;

  it('reads with the demuxer ingest found and makes the proxy, strip and loudness in one pass', () => {
    const args = buildVideoDeriveArgs({ source, facts: clip, plan: planVideoDerivatives({ facts: clip }), outputs });
    expect(argAfter(args, '-f')).toBe('mov');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    const graph = argAfter(args, '-filter_complex')!;
    expect(graph).toContain('[0:V:0]fps=25,scale=960:540');
    expect(graph).toContain('setsar=1');
    expect(graph).toContain('split=2[vproxy][vthumbs]');
    expect(graph).toContain('tile=10x1');
    expect(graph).toContain('scale=160:90');
    expect(graph).toContain('ebur128=peak=true');
    expect(args).toEqual(
      expect.arrayContaining(['-c:v', 'libx264', '-preset', 'superfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000']),
    );
    expect(argAfter(args, '-movflags')).toBe('+faststart');
    expect(args).toContain('file:/tmp/w/proxy.mp4');
    expect(args).toContain('file:/tmp/w/thumbnails.jpg');
  });

  it('measures loudness on the original channels: an aresample stands between the meter and the stereo proxy', () => {
    expect(graphOf(clip)).toMatch(/ebur128=peak=true:framelog=verbose,aresample,aformat=[^;]*channel_layouts=stereo/);
  });

  it('spreads the 10 thumbnails evenly, one per tenth of the clip', () => {
    const graph = graphOf(clip);
    expect(graph).toContain("select='gte(t,6.000000)*(isnan(prev_selected_t)+gt(floor((t-6.000000)/12.000000),floor((prev_selected_t-6.000000)/12.000000)))'");
  });

  it('deinterlaces interlaced sources with their field order before anything else', () => {
    expect(graphOf({ ...clip, video: { ...video, fieldOrder: 'tff' } })).toContain('[0:V:0]bwdif=mode=send_frame:parity=tff:deint=all,fps=25');
    expect(graphOf({ ...clip, video: { ...video, fieldOrder: 'bff' } })).toContain('parity=bff');
    expect(graphOf(clip)).not.toContain('bwdif');
  });

  it('sizes the proxy from the display size (rotation and sample aspect ratio applied)', () => {
    const phone = { ...clip, video: { ...video, width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920, rotation: 90 } };
    expect(planVideoDerivatives({ facts: phone }).proxy).toEqual({ width: 304, height: 540 });
    const dv = { ...clip, video: { ...video, width: 720, height: 576, displayWidth: 768, displayHeight: 576 } };
    expect(graphOf(dv)).toContain('scale=720:540');
  });

  it('maps no audio for a clip without sound', () => {
    const args = buildVideoDeriveArgs({
      source,
      facts: { ...clip, audio: null, audioStreams: 0 },
      plan: planVideoDerivatives({ facts: { ...clip, audio: null } }),
      outputs,
    });
    expect(args).not.toContain('[aproxy]');
    expect(argAfter(args, '-filter_complex')).not.toContain('ebur128');
    expect(args).not.toContain('-c:a');
  });

  it('takes the poster at 10 % of the duration by input seeking, at the proxy size', () => {
    const plan = planVideoDerivatives({ facts: clip });
    const args = buildPosterArgs({ source, facts: clip, plan, output: '/tmp/w/poster.jpg' });
    expect(argAfter(args, '-ss')).toBe('12.000');
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(argAfter(args, '-vf')).toContain('scale=960:540');
    expect(argAfter(args, '-frames:v')).toBe('1');
  });
});

describe('photo derivatives', () => {
  const still: ProbeFacts = {
    demuxer: 'jpeg_pipe',
    formatName: 'jpeg_pipe',
    durationSeconds: null,
    sizeBytes: 1,
    bitRate: null,
    audioStreams: 0,
    audio: null,
    video: {
      ...video,
      codec: 'mjpeg',
      width: 6000,
      height: 4000,
      displayWidth: 6000,
      displayHeight: 4000,
      pixelFormat: 'yuvj420p',
      frameRate: { num: 0, den: 1 },
      still: true,
    },
  };
  const outputs = { preview: '/tmp/p/preview.jpg', poster: '/tmp/p/poster.jpg' };

  it('maps the eight EXIF orientations to ffmpeg filters', () => {
    expect(orientationFilters({ orientation: 1 })).toEqual({ filters: [], swapsSides: false });
    expect(orientationFilters({ orientation: 2 })).toEqual({ filters: ['hflip'], swapsSides: false });
    expect(orientationFilters({ orientation: 3 })).toEqual({ filters: ['hflip', 'vflip'], swapsSides: false });
    expect(orientationFilters({ orientation: 4 })).toEqual({ filters: ['vflip'], swapsSides: false });
    expect(orientationFilters({ orientation: 5 })).toEqual({ filters: ['transpose=cclock_flip'], swapsSides: true });
    expect(orientationFilters({ orientation: 6 })).toEqual({ filters: ['transpose=clock'], swapsSides: true });
    expect(orientationFilters({ orientation: 7 })).toEqual({ filters: ['transpose=clock_flip'], swapsSides: true });
    expect(orientationFilters({ orientation: 8 })).toEqual({ filters: ['transpose=cclock'], swapsSides: true });
  });

  it('bounds the preview to 1920×1080 and the poster to 480 px, upright', () => {
    expect(planPhotoDerivatives({ facts: still, orientation: 1 })).toMatchObject({
      preview: { width: 1620, height: 1080 },
      poster: { width: 480, height: 320 },
    });
    expect(planPhotoDerivatives({ facts: still, orientation: 6 })).toMatchObject({
      preview: { width: 720, height: 1080 },
      poster: { width: 320, height: 480 },
    });
  });

  it('scales before turning, turns with its own filters and leaves ffmpeg autorotate off', () => {
    const plan = planPhotoDerivatives({ facts: still, orientation: 6 });
    const args = buildPhotoDeriveArgs({ source, facts: still, plan, outputs });
    expect(argAfter(args, '-f')).toBe('jpeg_pipe');
    expect(argAfter(args, '-autorotate')).toBe('0');
    expect(argAfter(args, '-filter_complex')).toContain('scale=1080:720:flags=lanczos,setsar=1,transpose=clock,split=2');
    expect(argAfter(args, '-filter_complex')).toContain('[rest]scale=320:480');
  });

  it('composites transparency onto black only when the picture has alpha', () => {
    const png = { ...still, demuxer: 'png_pipe', video: { ...still.video!, hasAlpha: true, pixelFormat: 'rgba' } };
    const withAlpha = buildPhotoDeriveArgs({ source, facts: png, plan: planPhotoDerivatives({ facts: png, orientation: 1 }), outputs });
    expect(argAfter(withAlpha, '-filter_complex')).toMatch(/^\[0:V:0\]premultiply=inplace=1,scale=/);
    const without = buildPhotoDeriveArgs({ source, facts: still, plan: planPhotoDerivatives({ facts: still, orientation: 1 }), outputs });
    expect(argAfter(without, '-filter_complex')).not.toContain('premultiply');
  });
});

describe('buildAudioDeriveArgs', () => {
  it('measures, then makes an AAC stereo proxy and a 1200×200 waveform from the first audio stream', () => {
    const args = buildAudioDeriveArgs({ source, facts: { demuxer: 'wav' }, outputs: { proxy: '/tmp/a/proxy.m4a', waveform: '/tmp/a/waveform.png' } });
    expect(argAfter(args, '-f')).toBe('wav');
    const graph = argAfter(args, '-filter_complex')!;
    expect(graph).toMatch(/^\[0:a:0\]ebur128=peak=true:framelog=verbose,aresample,asplit=2/);
    expect(graph).toContain('showwavespic=s=1200x200');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000', '-c:v', 'png']));
  });
});

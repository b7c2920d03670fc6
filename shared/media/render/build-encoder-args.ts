import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';

/**
 * Encoder threads of every segment render: one. A re-render must be byte-identical (an idempotent
 * job retried, or run twice by an at-least-once queue, writes the same bytes), and x264's threaded
 * modes are not deterministic in Debian's build (libx264 0.164): measured on the same segment,
 * frame threads gave 6 different files in 6 runs, sliced threads 1 odd file in 6 (progressive)
 * and 8 in 8 (interlaced); one thread, 8 identical files every time. One thread encodes a 1080p
 * segment at ~60 % of two frame threads' speed; the render uses the cores by running segments
 * side by side (two single-threaded segments on 2 vCPUs outrun one two-threaded encode). MPEG-2
 * gains nothing from a second thread either.
 */
export const SEGMENT_ENCODER_THREADS = 1;

/**
 * Decoder threads of each input and filter-graph threads of a segment run when several runs of
 * small pictures share the machine's cores (the review's lanes; see `pipelineThreadsFor`): one
 * each, as for the encoder. Two single-threaded runs side by side keep both cores busy, and
 * ffmpeg's default threads (one per core and one more, per decoder and per sliced filter) then
 * only add hand-offs. Measured on two of the review's batches run side by side (2 726 frames at
 * 960×540, 2 vCPUs): 11.0 CPU-s and 6.1 s with the defaults, 8.9 CPU-s and 4.5 s with one thread
 * each (filter threads alone: 9.8 CPU-s and 4.9 s). Same bytes either way: neither changes what
 * is computed.
 */
export const SEGMENT_PIPELINE_THREADS = 1;

/** MPEG-2 profile names of the delivery profile, as ffmpeg's `-profile:v` numbers. */
const MPEG2_PROFILES: Record<string, string> = { '422': '0', high: '1', main: '4', simple: '5' };

type VideoSettings = DeliveryProfile['video'];

/**
 * The picture encoder of a segment, from the profile's settings: identical for every segment of a
 * render, so the segments join by stream copy.
 *
 * - Every segment is one or more closed GOPs starting with an IDR frame: `-g`/`-keyint_min` the
 *   profile's GOP, `-sc_threshold 0` (no extra keyframes at scene cuts, so GOPs are predictable),
 *   x264 `open-gop=0`; MPEG-2 `+cgop`, with scene-change detection off (`-sc_threshold 1e9`, the
 *   encoder refuses closed GOPs otherwise).
 * - x264 `stitchable=1`: the SPS/PPS do not depend on the content (x264 otherwise derives the
 *   PPS's initial QP from the rate control), so every segment carries the same headers and a
 *   decoder of the joined file never meets a parameter set it was not given.
 * - Fixed `-threads` (one: see `SEGMENT_ENCODER_THREADS`) and `bitexact` flags: a re-render is
 *   byte-identical.
 * - Interlaced (`interlaced-tff`): interlaced coding, top field first (`-flags +ilme+ildct -top 1`,
 *   x264 `tff=1`); the picture must also be marked top-field-first (`setfield=tff`, done in the graph).
 * - MPEG-2 4:2:2 follows the XDCAM HD422 recipe: 4:2:2 profile at high level, CBR (min = max = target
 *   rate), intra VLC, non-linear quantiser, 10-bit DC precision, alternate scan for interlaced coding.
 * - Colour is tagged BT.709.
 *
 * @example buildVideoEncoderArgs({ video: DEFAULT_PROFILES.broadcast.video })
 */
export function buildVideoEncoderArgs({ video, threads = SEGMENT_ENCODER_THREADS }: { video: VideoSettings; threads?: number }): string[] {
  const interlaced = video.scan === 'interlaced-tff';
  const mpeg2 = video.codec === 'mpeg2video';
  const flags = ['+bitexact', ...(interlaced ? ['+ilme', '+ildct'] : []), ...(mpeg2 ? ['+cgop'] : [])].join('');
  const common = [
    '-g',
    String(video.gopFrames),
    '-keyint_min',
    String(video.gopFrames),
    '-threads',
    String(threads),
    '-flags:v',
    flags,
    ...(interlaced ? ['-top', '1'] : []),
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-colorspace',
    'bt709',
  ];
  if (!mpeg2) {
    const x264Params = ['open-gop=0', 'stitchable=1', ...(interlaced ? ['tff=1'] : [])];
    return [
      '-c:v',
      'libx264',
      '-preset',
      video.preset,
      '-profile:v',
      video.profile,
      '-pix_fmt',
      video.pixelFormat,
      ...rateArgs({ video }),
      '-sc_threshold',
      '0',
      ...common,
      '-x264-params',
      x264Params.join(':'),
    ];
  }
  const profile = MPEG2_PROFILES[video.profile] ?? video.profile;
  return [
    // Level 2 is "high" in the 4:2:2 profile's numbering, 4 in the others'.
    '-c:v',
    'mpeg2video',
    '-profile:v',
    profile,
    '-level:v',
    profile === '0' ? '2' : '4',
    '-pix_fmt',
    video.pixelFormat,
    ...(video.bitrateKbps !== undefined
      ? [
          '-b:v',
          `${video.bitrateKbps}k`,
          '-minrate',
          `${video.bitrateKbps}k`,
          '-maxrate',
          `${video.maxrateKbps ?? video.bitrateKbps}k`,
          '-bufsize',
          `${video.bufsizeKbps ?? video.bitrateKbps}k`,
        ]
      : ['-q:v', '2']),
    '-bf',
    '2',
    '-sc_threshold',
    '1000000000',
    ...common,
    '-intra_vlc',
    '1',
    '-non_linear_quant',
    '1',
    '-qmin',
    '1',
    '-qmax',
    '12',
    '-dc',
    '10',
    ...(interlaced ? ['-alternate_scan', '1'] : []),
  ];
}

function rateArgs({ video }: { video: VideoSettings }): string[] {
  if (video.bitrateKbps !== undefined) {
    return [
      '-b:v',
      `${video.bitrateKbps}k`,
      ...(video.maxrateKbps !== undefined ? ['-maxrate', `${video.maxrateKbps}k`] : []),
      ...(video.bufsizeKbps !== undefined ? ['-bufsize', `${video.bufsizeKbps}k`] : []),
    ];
  }
  if (video.qp !== undefined) return ['-qp', String(video.qp)];
  return ['-crf', String(video.crf ?? 23)];
}

/**
 * Output options of every file the renderer writes: no metadata copied from the sources (names,
 * dates, GPS of a phone), no chapters, no library version strings (`+bitexact`), so equal inputs
 * give equal bytes.
 */
export function buildCleanOutputArgs(): string[] {
  return ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact'];
}

import type { DeliveryProfile, LadderRendition } from '../../domain/delivery-profiles.ts';
import { FPS } from '../../domain/project.ts';
import { buildInputArgs, toOutputUrl } from '../build-input-args.ts';
import type { MediaSource } from '../media-tools.ts';
import { buildCleanOutputArgs, buildVideoEncoderArgs, SEGMENT_ENCODER_THREADS } from './build-encoder-args.ts';
import { buildKeyframeGridArgs } from './keyframe-grid.ts';

/** What the ladder builders need of a profile: its picture (the top rung) and its ladder. */
export type LadderProfile = Pick<DeliveryProfile, 'video'> & { ladder: NonNullable<DeliveryProfile['ladder']> };

/** One rung of a ladder as made: the top one is the delivered file copied (`copy`), the others encoded from it. */
export interface HlsRung {
  name: string;
  width: number;
  height: number;
  /** The encoder's rate control; null for the copied top rung. */
  rate: Pick<LadderRendition, 'bitrateKbps' | 'maxrateKbps' | 'bufsizeKbps'> | null;
}

/** Segment files of a rung, in its folder: `seg-00000.ts`, `seg-00001.ts` … */
export const HLS_SEGMENT_PATTERN = 'seg-%05d.ts';
/** A rung's media playlist, in its folder. */
export const HLS_MEDIA_PLAYLIST = 'index.m3u8';
/** The master playlist, in the ladder's folder (`hls/`). */
export const HLS_MASTER_PLAYLIST = 'master.m3u8';

/**
 * The rungs of a profile's ladder, highest first: the delivered file itself (named by its height,
 * `1080p`), then the profile's `ladder.renditions`.
 *
 * @example hlsRungsOf({ profile: DEFAULT_PROFILES.stream }).map((r) => r.name) // ['1080p', '720p', '480p', '360p']
 */
export function hlsRungsOf({ profile }: { profile: LadderProfile }): HlsRung[] {
  return [
    { name: `${profile.video.height}p`, width: profile.video.width, height: profile.video.height, rate: null },
    ...profile.ladder.renditions.map(({ name, width, height, bitrateKbps, maxrateKbps, bufsizeKbps }) => ({
      name,
      width,
      height,
      rate: { bitrateKbps, maxrateKbps, bufsizeKbps },
    })),
  ];
}

/**
 * The HLS muxer's options for one rung: VOD playlist, MPEG-TS segments of `segmentSeconds` cut
 * at the first keyframe on or after each boundary (the grid puts one exactly there), every
 * segment independent (it starts with an IDR), files `<dir>/<rung>/seg-00000.ts` and
 * `<dir>/<rung>/index.m3u8`.
 *
 * Why MPEG-TS rather than fragmented MP4: every HLS player takes it (Safari since the start,
 * hls.js, old smart TVs and set-top boxes), and each segment stands alone (no init segment to
 * list, fetch and keep in step); fMP4 would spare hls.js its TS-to-MP4 remux and ~3 % of TS
 * packet overhead, which is not worth the narrower reach for a public page.
 */
export function buildHlsOutputArgs({ segmentSeconds, rungDir }: { segmentSeconds: number; rungDir: string }): string[] {
  return [
    ...buildCleanOutputArgs(),
    '-f',
    'hls',
    '-hls_time',
    String(segmentSeconds),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'mpegts',
    '-hls_flags',
    'independent_segments',
    '-hls_segment_filename',
    toOutputUrl({ path: `${rungDir}/${HLS_SEGMENT_PATTERN}` }),
    toOutputUrl({ path: `${rungDir}/${HLS_MEDIA_PLAYLIST}` }),
  ];
}

/**
 * The picture encoder of a lower rung: the profile's own encoder settings (`buildVideoEncoderArgs`:
 * preset, profile, closed GOPs, no scene-cut keyframes, one thread so a re-run gives the same
 * bytes) at the rung's size and rate, with a keyframe on every frame of the programme's grid
 * (the master starts at programme frame 0).
 */
export function buildRungEncoderArgs({
  profile,
  rung,
  threads = SEGMENT_ENCODER_THREADS,
}: {
  profile: LadderProfile;
  rung: HlsRung;
  threads?: number;
}): string[] {
  const rate = rung.rate ?? { bitrateKbps: profile.video.bitrateKbps, maxrateKbps: profile.video.maxrateKbps, bufsizeKbps: profile.video.bufsizeKbps };
  const video = { ...profile.video, width: rung.width, height: rung.height };
  for (const key of ['bitrateKbps', 'maxrateKbps', 'bufsizeKbps'] as const) {
    const value = rate[key];
    if (value === undefined) delete video[key];
    else video[key] = value;
  }
  return [...buildVideoEncoderArgs({ video, threads }), ...buildKeyframeGridArgs({ startFrame: 0, everyFrames: profile.ladder.segmentSeconds * FPS })];
}

/** The graph that scales the master's picture once per encoded rung (`[r<i>]`, i counting every rung). */
function scaleGraph({ rungs }: { rungs: readonly HlsRung[] }): string {
  const scaled = rungs.map((rung, i) => ({ rung, label: `r${i}` }));
  const split = scaled.length > 1 ? [`[0:v:0]split=${scaled.length}${scaled.map((_, i) => `[s${i}]`).join('')}`] : [];
  const input = (i: number) => (scaled.length > 1 ? `[s${i}]` : '[0:v:0]');
  return [
    ...split,
    ...scaled.map(({ rung, label }, i) => `${input(i)}scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1,format=yuv420p[${label}]`),
  ].join(';');
}

/** The delivered file as the ladder reads it: our own MP4, its demuxer forced like every input. */
function masterInputArgs({ master }: { master: MediaSource }): string[] {
  return buildInputArgs({ source: { ...master, demuxer: 'mov' }, formatWhitelist: ['mov'] });
}

/**
 * The ffmpeg arguments that make a profile's whole HLS ladder from its delivered file in ONE run:
 * the file is read and decoded once; the top rung is its picture and sound copied into HLS
 * segments (no second encode, no loss: the master already has a keyframe on every boundary, see
 * `buildKeyframeGridArgs`); each lower rung is the decoded picture scaled and encoded
 * (`buildRungEncoderArgs`) with the sound copied. Every rung's folder must exist before the run.
 *
 * @example buildHlsLadderArgs({ master: { url: '/data/master.mp4', protocols: 'file' }, profile: DEFAULT_PROFILES.stream, outDir: '/tmp/hls' })
 */
export function buildHlsLadderArgs({
  master,
  profile,
  outDir,
  threads,
}: {
  master: MediaSource;
  profile: LadderProfile;
  /** The ladder's folder: one sub-folder per rung. */
  outDir: string;
  threads?: number;
}): string[] {
  const [top, ...lower] = hlsRungsOf({ profile });
  const hls = (rung: HlsRung) => buildHlsOutputArgs({ segmentSeconds: profile.ladder.segmentSeconds, rungDir: `${outDir}/${rung.name}` });
  return [
    ...masterInputArgs({ master }),
    ...(lower.length > 0 ? ['-filter_complex', scaleGraph({ rungs: lower })] : []),
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    '-c',
    'copy',
    ...hls(top!),
    ...lower.flatMap((rung, i) => [
      '-map',
      `[r${i}]`,
      '-map',
      '0:a:0',
      ...buildRungEncoderArgs({ profile, rung, ...(threads !== undefined ? { threads } : {}) }),
      '-c:a',
      'copy',
      ...hls(rung),
    ]),
  ];
}

/** The options of `args` without the rate control pairs (`-b:v`, `-maxrate`, `-bufsize`). */
function withoutRateArgs({ args }: { args: readonly string[] }): string[] {
  const rate = new Set(['-b:v', '-maxrate', '-bufsize']);
  return args.filter((arg, i) => !rate.has(arg) && !rate.has(args[i - 1] ?? ''));
}

/**
 * The naive baseline the ladder is measured against (bench `ladderVsNaive`): the one ffmpeg
 * command a person would write by hand for the same four renditions from the same master, with
 * the same encoder settings and segmenting — every rung encoded, the top one too, through the HLS
 * muxer's `-var_stream_map` (which also writes `master.m3u8`). Same files and folders as
 * `buildHlsLadderArgs`. Not used to deliver anything.
 *
 * @example buildNaiveLadderArgs({ master, profile: DEFAULT_PROFILES.stream, outDir: '/tmp/naive' })
 */
export function buildNaiveLadderArgs({
  master,
  profile,
  outDir,
  threads,
}: {
  master: MediaSource;
  profile: LadderProfile;
  outDir: string;
  threads?: number;
}): string[] {
  const rungs = hlsRungsOf({ profile });
  const shared = withoutRateArgs({ args: buildRungEncoderArgs({ profile, rung: rungs[0]!, ...(threads !== undefined ? { threads } : {}) }) });
  const perStream = rungs.flatMap((rung, i) => {
    const rate = rung.rate ?? { bitrateKbps: profile.video.bitrateKbps, maxrateKbps: profile.video.maxrateKbps, bufsizeKbps: profile.video.bufsizeKbps };
    return [
      ...(rate.bitrateKbps !== undefined ? [`-b:v:${i}`, `${rate.bitrateKbps}k`] : []),
      ...(rate.maxrateKbps !== undefined ? [`-maxrate:v:${i}`, `${rate.maxrateKbps}k`] : []),
      ...(rate.bufsizeKbps !== undefined ? [`-bufsize:v:${i}`, `${rate.bufsizeKbps}k`] : []),
    ];
  });
  return [
    ...masterInputArgs({ master }),
    '-filter_complex',
    scaleGraph({ rungs }),
    ...rungs.flatMap((_, i) => ['-map', `[r${i}]`]),
    ...rungs.flatMap(() => ['-map', '0:a:0']),
    ...shared,
    ...perStream,
    '-c:a',
    'copy',
    ...buildCleanOutputArgs(),
    '-f',
    'hls',
    '-hls_time',
    String(profile.ladder.segmentSeconds),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'mpegts',
    '-hls_flags',
    'independent_segments',
    '-master_pl_name',
    HLS_MASTER_PLAYLIST,
    '-hls_segment_filename',
    toOutputUrl({ path: `${outDir}/%v/${HLS_SEGMENT_PATTERN}` }),
    '-var_stream_map',
    rungs.map((rung, i) => `v:${i},a:${i},name:${rung.name}`).join(' '),
    toOutputUrl({ path: `${outDir}/%v/${HLS_MEDIA_PLAYLIST}` }),
  ];
}

/** One variant of the master playlist. */
export interface HlsVariant {
  /** Peak segment bit rate, bit/s (RFC 8216 4.3.4.2 `BANDWIDTH`). */
  bandwidth: number;
  averageBandwidth: number;
  width: number;
  height: number;
  /** RFC 6381 codecs of the variant, e.g. `avc1.640028,mp4a.40.2`. */
  codecs: string;
  /** The variant's media playlist, relative to the master playlist. */
  playlist: string;
}

/**
 * The master playlist of a ladder (RFC 8216): every variant with its peak and average bit rate,
 * picture size, frame rate and codecs, highest bandwidth first (players that take the first
 * variant as their start get the best picture; hls.js measures and steps down).
 *
 * @example formatMasterPlaylist({ variants: [{ bandwidth: 5_600_000, averageBandwidth: 5_100_000, width: 1920, height: 1080, codecs: 'avc1.640028,mp4a.40.2', playlist: '1080p/index.m3u8' }] })
 */
export function formatMasterPlaylist({ variants }: { variants: readonly HlsVariant[] }): string {
  const sorted = [...variants].sort((a, b) => b.bandwidth - a.bandwidth);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    ...sorted.flatMap((v) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},AVERAGE-BANDWIDTH=${v.averageBandwidth},RESOLUTION=${v.width}x${v.height},FRAME-RATE=${FPS.toFixed(3)},CODECS="${v.codecs}"`,
      v.playlist,
    ]),
    '',
  ].join('\n');
}

/** A media playlist as read back: its target duration and segments in order. */
export interface MediaPlaylist {
  targetDurationSeconds: number;
  segments: { uri: string; durationSeconds: number }[];
  /** `#EXT-X-ENDLIST` seen: a complete VOD playlist. */
  ended: boolean;
}

/**
 * Reads a media playlist the HLS muxer wrote (`#EXTINF:<seconds>,` then the segment's URI).
 *
 * @example parseMediaPlaylist({ text: '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000000,\nseg-00000.ts\n#EXT-X-ENDLIST\n' })
 */
export function parseMediaPlaylist({ text }: { text: string }): MediaPlaylist {
  let targetDurationSeconds = 0;
  let pending: number | null = null;
  let ended = false;
  const segments: MediaPlaylist['segments'] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDurationSeconds = Number(line.slice('#EXT-X-TARGETDURATION:'.length));
    else if (line.startsWith('#EXTINF:')) pending = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line === '#EXT-X-ENDLIST') ended = true;
    else if (line !== '' && !line.startsWith('#') && pending !== null) {
      segments.push({ uri: line, durationSeconds: pending });
      pending = null;
    }
  }
  return { targetDurationSeconds, segments, ended };
}

/**
 * The peak segment bit rate of a rung (RFC 8216 4.1: the largest bit rate of any run of
 * consecutive segments lasting 0.5 to 1.5 target durations; the whole rung when it is shorter),
 * bit/s, rounded up; and its average (all bytes over all seconds).
 *
 * @example segmentBitrates({ segments: [{ durationSeconds: 6, sizeBytes: 750_000 }], targetDurationSeconds: 6 }) // { peak: 1_000_000, average: 1_000_000 }
 */
export function segmentBitrates({
  segments,
  targetDurationSeconds,
}: {
  segments: readonly { durationSeconds: number; sizeBytes: number }[];
  targetDurationSeconds: number;
}): { peak: number; average: number } {
  const totalSeconds = segments.reduce((sum, s) => sum + s.durationSeconds, 0);
  const totalBytes = segments.reduce((sum, s) => sum + s.sizeBytes, 0);
  const average = totalSeconds > 0 ? Math.ceil((totalBytes * 8) / totalSeconds) : 0;
  let peak = 0;
  for (let i = 0; i < segments.length; i++) {
    let seconds = 0;
    let bytes = 0;
    for (let j = i; j < segments.length; j++) {
      seconds += segments[j]!.durationSeconds;
      bytes += segments[j]!.sizeBytes;
      if (seconds > 1.5 * targetDurationSeconds) break;
      if (seconds >= 0.5 * targetDurationSeconds) peak = Math.max(peak, Math.ceil((bytes * 8) / seconds));
    }
  }
  return { peak: peak || average, average };
}

/** H.264 profiles as ffprobe names them → `profile_idc` and constraint flags of an RFC 6381 `avc1` code. */
const AVC_PROFILES: Record<string, string> = {
  'Constrained Baseline': '42E0',
  Baseline: '4200',
  Main: '4D40',
  High: '6400',
};

/** AAC profiles as ffprobe names them → RFC 6381 `mp4a` code. */
const AAC_PROFILES: Record<string, string> = { LC: 'mp4a.40.2', 'HE-AAC': 'mp4a.40.5', 'HE-AACv2': 'mp4a.40.29' };

/**
 * The `CODECS` of a variant from its streams as ffprobe reads them (`profile` and `level` of the
 * H.264 stream, `profile` of the AAC one), e.g. High at level 4.0 and AAC-LC → `avc1.640028,mp4a.40.2`.
 * Null when a stream is something this table does not know: the caller fails rather than write a
 * playlist a player could misread.
 */
export function codecsOf({ video, audio }: { video: { profile: string; level: number }; audio: { profile: string } | null }): string | null {
  const avc = AVC_PROFILES[video.profile];
  if (!avc || !Number.isInteger(video.level) || video.level <= 0 || video.level > 255) return null;
  const avc1 = `avc1.${`${avc}${video.level.toString(16).padStart(2, '0')}`.toLowerCase()}`;
  if (!audio) return avc1;
  const mp4a = AAC_PROFILES[audio.profile];
  return mp4a ? `${avc1},${mp4a}` : null;
}

import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HLS_CONTENT_TYPES } from '../../domain/hls-index.ts';
import { buildInputArgs } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { runFfprobe } from '../run-ffprobe.ts';
import {
  buildHlsLadderArgs,
  codecsOf,
  formatMasterPlaylist,
  HLS_MASTER_PLAYLIST,
  HLS_MEDIA_PLAYLIST,
  hlsRungsOf,
  parseMediaPlaylist,
  segmentBitrates,
  type HlsVariant,
  type LadderProfile,
} from './build-hls-ladder-args.ts';
import { InvalidRenderInputError } from './render-errors.ts';

/** One segment of a rung as read back. */
export interface HlsSegmentReading {
  uri: string;
  /** Its `#EXTINF`. */
  durationSeconds: number;
  sizeBytes: number;
  /** Its first video packet is a keyframe. */
  startsWithKeyframe: boolean;
  /** PTS of its first video packet (90 kHz, as muxed), null when it has none. */
  startPts: number | null;
}

/** One rung of a ladder as read back from its files: playlist, segments, streams. */
export interface HlsRungReading {
  name: string;
  playlist: string;
  targetDurationSeconds: number;
  /** The playlist ends with `#EXT-X-ENDLIST`. */
  ended: boolean;
  segments: HlsSegmentReading[];
  video: { codec: string; profile: string; level: number; width: number; height: number } | null;
  audio: { codec: string; profile: string; channels: number } | null;
}

/** What QC judges of a ladder (`ladderCheck`): every rung, highest first. */
export interface HlsLadderReading {
  segmentSeconds: number;
  rungs: HlsRungReading[];
}

/** A file of a made ladder: `name` relative to the ladder's folder (`720p/seg-00003.ts`). */
export interface HlsLadderFile {
  name: string;
  path: string;
  contentType: string;
  sizeBytes: number;
}

export interface HlsLadder {
  reading: HlsLadderReading;
  /** The master playlist's variants, highest first. */
  variants: (HlsVariant & { name: string })[];
  /** Every file of the ladder, the master playlist first, then each rung's playlist and segments. */
  files: HlsLadderFile[];
}

/**
 * Makes a profile's HLS ladder from its delivered file into `outDir` (one ffmpeg run,
 * `buildHlsLadderArgs`), reads every rung back (`readHlsRung`), and writes the master playlist
 * (`formatMasterPlaylist`) with each variant's peak and average bit rate measured from its
 * segments and its codecs read from its streams. Fails (`INVALID_RENDER_INPUT`) when a rung
 * lacks a playlist, segments or a codec the playlist can name.
 *
 * @example const ladder = await makeHlsLadder({ master: { url: '/data/master.mp4', protocols: 'file' }, profile: DEFAULT_PROFILES.stream, outDir, tools });
 */
export async function makeHlsLadder({
  master,
  profile,
  outDir,
  tools,
  threads,
}: {
  master: MediaSource;
  profile: LadderProfile;
  outDir: string;
  tools: MediaTools;
  threads?: number;
}): Promise<HlsLadder> {
  const rungs = hlsRungsOf({ profile });
  for (const rung of rungs) await mkdir(path.join(outDir, rung.name), { recursive: true });
  await runFfmpeg({ args: buildHlsLadderArgs({ master, profile, outDir, ...(threads !== undefined ? { threads } : {}) }), tools });
  const readings = await Promise.all(rungs.map((rung) => readHlsRung({ dir: outDir, name: rung.name, tools })));
  const variants = readings.map((reading) => {
    if (!reading.video || reading.segments.length === 0) throw new InvalidRenderInputError({ reason: `HLS rung ${reading.name} has no picture` });
    const codecs = codecsOf({ video: reading.video, audio: reading.audio });
    if (!codecs) throw new InvalidRenderInputError({ reason: `HLS rung ${reading.name}: no CODECS for ${JSON.stringify([reading.video, reading.audio])}` });
    const { peak, average } = segmentBitrates({ segments: reading.segments, targetDurationSeconds: reading.targetDurationSeconds });
    return {
      name: reading.name,
      bandwidth: peak,
      averageBandwidth: average,
      width: reading.video.width,
      height: reading.video.height,
      codecs,
      playlist: reading.playlist,
    };
  });
  const masterPath = path.join(outDir, HLS_MASTER_PLAYLIST);
  const masterText = formatMasterPlaylist({ variants });
  await writeFile(masterPath, masterText, 'utf8');
  const files: HlsLadderFile[] = [
    { name: HLS_MASTER_PLAYLIST, path: masterPath, contentType: HLS_CONTENT_TYPES.playlist, sizeBytes: Buffer.byteLength(masterText) },
  ];
  for (const reading of readings) {
    const playlistPath = path.join(outDir, reading.playlist);
    files.push({ name: reading.playlist, path: playlistPath, contentType: HLS_CONTENT_TYPES.playlist, sizeBytes: (await stat(playlistPath)).size });
    for (const segment of reading.segments) {
      files.push({
        name: `${reading.name}/${segment.uri}`,
        path: path.join(outDir, reading.name, segment.uri),
        contentType: HLS_CONTENT_TYPES.segment,
        sizeBytes: segment.sizeBytes,
      });
    }
  }
  return {
    reading: { segmentSeconds: profile.ladder.segmentSeconds, rungs: readings },
    variants: [...variants].sort((a, b) => b.bandwidth - a.bandwidth),
    files,
  };
}

const StreamsSchema = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string().optional(),
      profile: z.string().optional(),
      level: z.number().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      channels: z.number().optional(),
    }),
  ),
});

const PacketsSchema = z.object({
  packets: z.array(z.object({ pts: z.number().optional(), flags: z.string(), pos: z.string().optional() })).default([]),
});

/** Segment names the HLS muxer writes: nothing that could reach outside the rung's folder. */
const SEGMENT_NAME = /^seg-\d{5}\.ts$/;

/**
 * Reads one rung back from its folder: the media playlist (`parseMediaPlaylist`), each segment's
 * size, the streams of its first segment (one ffprobe), and one packet pass over the picture of
 * all its segments read as one MPEG-TS stream (`concat:`; each segment's first video packet is
 * the first at or after its byte offset: is it a keyframe, at which PTS).
 */
export async function readHlsRung({ dir, name, tools }: { dir: string; name: string; tools: MediaTools }): Promise<HlsRungReading> {
  const rungDir = path.join(dir, name);
  const playlist = parseMediaPlaylist({ text: await readFile(path.join(rungDir, HLS_MEDIA_PLAYLIST), 'utf8') });
  const bad = playlist.segments.find((segment) => !SEGMENT_NAME.test(segment.uri));
  if (bad) throw new InvalidRenderInputError({ reason: `HLS rung ${name} lists an unexpected segment ${JSON.stringify(bad.uri)}` });
  const present = new Set(await readdir(rungDir));
  const sizes = await Promise.all(
    playlist.segments.map(async (segment) => (present.has(segment.uri) ? (await stat(path.join(rungDir, segment.uri))).size : 0)),
  );
  const base = { name, playlist: `${name}/${HLS_MEDIA_PLAYLIST}`, targetDurationSeconds: playlist.targetDurationSeconds, ended: playlist.ended };
  if (playlist.segments.length === 0 || sizes.some((size) => size === 0)) return { ...base, segments: [], video: null, audio: null };

  const first = path.join(rungDir, playlist.segments[0]!.uri);
  const probeStreams = runFfprobe({
    args: [
      ...buildInputArgs({ source: { url: first, protocols: 'file', demuxer: 'mpegts' }, formatWhitelist: ['mpegts'] }),
      '-show_entries',
      'stream=codec_type,codec_name,profile,level,width,height,channels',
      '-print_format',
      'json',
    ],
    tools,
  });
  const joined = `concat:${playlist.segments.map((segment) => `file:${path.join(rungDir, segment.uri)}`).join('|')}`;
  const probePackets = runFfprobe({
    args: [
      ...buildInputArgs({ source: { url: joined, protocols: 'file,concat', demuxer: 'mpegts' }, formatWhitelist: ['mpegts'] }),
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts,flags,pos',
      '-print_format',
      'json',
    ],
    tools,
  });
  const streams = StreamsSchema.parse(JSON.parse((await probeStreams).stdout)).streams;
  const packets = PacketsSchema.parse(JSON.parse((await probePackets).stdout)).packets;
  const offsets: number[] = [];
  sizes.reduce((offset, size) => {
    offsets.push(offset);
    return offset + size;
  }, 0);
  let at = 0;
  const segments = playlist.segments.map((segment, i): HlsSegmentReading => {
    const end = offsets[i]! + sizes[i]!;
    while (at < packets.length && Number(packets[at]!.pos ?? -1) < offsets[i]!) at += 1;
    const packet = packets[at];
    const inside = packet !== undefined && Number(packet.pos ?? -1) < end;
    return {
      uri: segment.uri,
      durationSeconds: segment.durationSeconds,
      sizeBytes: sizes[i]!,
      startsWithKeyframe: inside && packet.flags.startsWith('K'),
      startPts: inside ? (packet.pts ?? null) : null,
    };
  });
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  return {
    ...base,
    segments,
    video:
      video?.codec_name && video.width && video.height
        ? { codec: video.codec_name, profile: video.profile ?? '', level: video.level ?? 0, width: video.width, height: video.height }
        : null,
    audio: audio?.codec_name ? { codec: audio.codec_name, profile: audio.profile ?? '', channels: audio.channels ?? 0 } : null,
  };
}

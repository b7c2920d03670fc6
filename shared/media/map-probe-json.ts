import { z } from 'zod';
import { ProbeFactsSchema, type AudioFacts, type ProbeFacts, type Rational, type VideoFacts } from '../domain/media-facts.ts';
import { MediaRejectedError } from './errors.ts';
import { ALLOWED_DEMUXERS, IMAGE_DEMUXERS, REFERENCE_DEMUXERS, isAllowedCodec } from './media-allow-lists.ts';
import { DEFAULT_MEDIA_LIMITS, checkPictureSize, type MediaLimits } from './media-limits.ts';

const ProbeStreamSchema = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  sample_aspect_ratio: z.string().optional(),
  pix_fmt: z.string().optional(),
  bits_per_raw_sample: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  field_order: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().int().optional(),
  channel_layout: z.string().optional(),
  bit_rate: z.string().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ side_data_type: z.string().optional(), rotation: z.number().optional() })).optional(),
});

/** The part of `ffprobe -print_format json -show_format -show_streams` that probing reads. */
export const ProbeJsonSchema = z.object({
  streams: z.array(ProbeStreamSchema).default([]),
  format: z.object({
    format_name: z.string(),
    duration: z.string().optional(),
    size: z.string().optional(),
    bit_rate: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
});
export type ProbeJson = z.input<typeof ProbeJsonSchema>;
type ProbeStream = z.infer<typeof ProbeStreamSchema>;

/**
 * Reduces ffprobe's JSON to `ProbeFacts`, refusing what ingest must not accept:
 * `PLAYLIST_REJECTED` (a reference demuxer), `NOT_MEDIA` (no picture or sound, or a container not
 * on the allow list), `UNSUPPORTED_CODEC`, `TRUNCATED` (an MP4/MOV whose index describes more
 * bytes than the file holds: a copy cut short after a `faststart` index), and what is over the
 * `limits` (`TOO_MANY_STREAMS`, `PICTURE_TOO_LARGE` for any picture stream, cover art included,
 * `TOO_LONG`): nothing has been decoded yet, and nothing will be.
 *
 * Facts and their sources:
 * - `rotation`: clockwise degrees (0/90/180/270). ffprobe 5.1 reports the display matrix's
 *   counter-clockwise angle (`side_data_list[].rotation`), so the sign is flipped; the legacy
 *   `tags.rotate` is already clockwise. For stills, the EXIF orientation passed in (ffmpeg ignores it).
 * - `displayWidth`/`displayHeight`: coded size, width scaled by the sample aspect ratio, swapped
 *   for 90°/270°.
 * - `variableFrameRate`: ffprobe's `r_frame_rate` is the smallest rate that represents every
 *   timestamp, `avg_frame_rate` is frames ÷ duration. They agree (within 0.5 %) on constant-rate
 *   streams and part when frames are dropped or timed irregularly (phones). An `r` of exactly twice
 *   `avg` on an interlaced or unknown-order stream is the field rate, not VFR.
 * - `frameRate`: `avg_frame_rate` when known, else `r_frame_rate`; 0/1 for stills.
 * - `hasAlpha`: the pixel format carries alpha (`pal8` counts: a palette may hold transparency).
 * - `still`: the container is a single-picture demuxer (`jpeg_pipe`, `png_pipe`, …).
 *
 * @example mapProbeJson({ json: JSON.parse(stdout), sizeBytes: 1234 })
 */
export function mapProbeJson({
  json,
  sizeBytes,
  exifOrientation = 1,
  limits = DEFAULT_MEDIA_LIMITS,
}: {
  json: unknown;
  /** What a file may ask of a decoder (pixels, duration, streams). */
  limits?: MediaLimits;
  /** The original's size when ffprobe did not report it. */
  sizeBytes?: number;
  /** EXIF orientation (1–8) of a still, read separately. */
  exifOrientation?: number;
}): ProbeFacts {
  const parsed = ProbeJsonSchema.safeParse(json);
  if (!parsed.success) throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'unreadable-probe-output' } });
  const { format, streams } = parsed.data;

  const demuxer = format.format_name.split(',')[0] ?? '';
  if (REFERENCE_DEMUXERS.has(demuxer))
    throw new MediaRejectedError({ code: 'PLAYLIST_REJECTED', details: { format: demuxer === 'concat' ? 'ffconcat' : demuxer } });
  if (!(ALLOWED_DEMUXERS as readonly string[]).includes(demuxer))
    throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'container-not-allowed' } });

  if (streams.length > limits.maxStreams)
    throw new MediaRejectedError({ code: 'TOO_MANY_STREAMS', details: { streams: streams.length, maxStreams: limits.maxStreams } });
  const stillContainer = IMAGE_DEMUXERS.has(demuxer);
  for (const stream of streams) {
    if (stream.codec_type !== 'video') continue;
    // A cover picture is a photo inside a video or sound file; a frame is a frame.
    checkPictureSize({ width: stream.width ?? 0, height: stream.height ?? 0, still: stillContainer || isCoverArt(stream), limits });
  }
  const videoStreams = streams.filter((s) => s.codec_type === 'video' && !isCoverArt(s));
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  if (videoStreams.length === 0 && audioStreams.length === 0)
    throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'no-audio-or-video-stream' } });
  for (const [streamType, list] of [
    ['video', videoStreams],
    ['audio', audioStreams],
  ] as const) {
    for (const stream of list) {
      const codec = stream.codec_name ?? 'unknown';
      if (!isAllowedCodec({ streamType, codec })) throw new MediaRejectedError({ code: 'UNSUPPORTED_CODEC', details: { streamType, codec } });
    }
  }

  const still = IMAGE_DEMUXERS.has(demuxer);
  const durationSeconds = still ? null : durationOf({ format, streams: [...videoStreams, ...audioStreams] });
  // The longest any stream claims counts: a short container duration must not hide a long track.
  const longest = Math.max(durationSeconds ?? 0, ...[...videoStreams, ...audioStreams].map((s) => Number(s.duration ?? 0)).filter(Number.isFinite));
  if (!still && longest > limits.maxDurationSeconds)
    throw new MediaRejectedError({ code: 'TOO_LONG', details: { durationSeconds: longest, maxDurationSeconds: limits.maxDurationSeconds } });
  const size = toInt(format.size) ?? sizeBytes ?? 0;
  if (demuxer === 'mov' && isIndexLargerThanFile({ streams: [...videoStreams, ...audioStreams], sizeBytes: size })) {
    throw new MediaRejectedError({ code: 'TRUNCATED', details: { reason: 'index-describes-missing-data' } });
  }

  const video = videoStreams[0] ? videoFacts({ stream: videoStreams[0], still, exifOrientation }) : null;
  const audio = audioStreams[0] ? audioFacts(audioStreams[0]) : null;

  return ProbeFactsSchema.parse({
    demuxer,
    formatName: format.format_name,
    durationSeconds,
    sizeBytes: size,
    bitRate: toInt(format.bit_rate) ?? null,
    video,
    audio,
    audioStreams: audioStreams.length,
    ...startTimecodeOf({ format, streams }),
  });
}

const TIMECODE = /^\d{2}:[0-5]\d:[0-5]\d[:;.]\d{2}$/;

/** The start timecode a file carries: the container's (MXF), else a stream's (a MOV's tmcd track or video stream). */
function startTimecodeOf({ format, streams }: { format: { tags?: Record<string, string> | undefined }; streams: ProbeStream[] }): { startTimecode?: string } {
  const found = [format.tags?.timecode, ...streams.map((s) => s.tags?.timecode)].find((tc) => tc !== undefined && TIMECODE.test(tc));
  return found === undefined ? {} : { startTimecode: found };
}

function isCoverArt(stream: ProbeStream): boolean {
  return stream.disposition?.attached_pic === 1 || stream.disposition?.timed_thumbnails === 1;
}

function videoFacts({ stream, still, exifOrientation }: { stream: ProbeStream; still: boolean; exifOrientation: number }): VideoFacts {
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  if (width <= 0 || height <= 0) throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'no-picture-size' } });
  const codec = stream.codec_name ?? 'unknown';
  const sar = sampleAspectRatio(stream.sample_aspect_ratio);
  const rotation = still ? exifRotation(exifOrientation) : streamRotation(stream);
  const sarWidth = Math.max(1, Math.round((width * sar.num) / sar.den));
  const swap = rotation === 90 || rotation === 270;
  const pixelFormat = stream.pix_fmt ?? 'unknown';
  const fieldOrder = still ? 'progressive' : fieldOrderOf({ value: stream.field_order, codec });
  const r = parseRational(stream.r_frame_rate);
  const avg = parseRational(stream.avg_frame_rate);
  return {
    codec,
    ...(stream.profile ? { profile: stream.profile } : {}),
    width,
    height,
    displayWidth: swap ? height : sarWidth,
    displayHeight: swap ? sarWidth : height,
    rotation,
    sampleAspectRatio: sar,
    pixelFormat,
    bitDepth: bitDepthOf({ bitsPerRawSample: stream.bits_per_raw_sample, pixelFormat }),
    frameRate: still ? { num: 0, den: 1 } : (avg ?? r ?? { num: 0, den: 1 }),
    variableFrameRate: still ? false : isVariableFrameRate({ r, avg, fieldOrder }),
    fieldOrder,
    hasAlpha: /^(rgba|bgra|argb|abgr|ya8|ya16|yuva|gbrap|rgba64|bgra64|pal8)/.test(pixelFormat),
    still,
  };
}

function audioFacts(stream: ProbeStream): AudioFacts {
  const sampleRate = toInt(stream.sample_rate) ?? 0;
  const channels = stream.channels ?? 0;
  if (sampleRate <= 0 || channels <= 0) throw new MediaRejectedError({ code: 'NOT_MEDIA', details: { reason: 'audio-without-parameters' } });
  const fallbackLayout = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`;
  return {
    codec: stream.codec_name ?? 'unknown',
    sampleRate,
    channels,
    channelLayout: stream.channel_layout && stream.channel_layout !== 'unknown' ? stream.channel_layout : fallbackLayout,
  };
}

/** Clockwise rotation a player applies, from the display matrix (counter-clockwise) or the `rotate` tag. */
function streamRotation(stream: Pick<ProbeStream, 'side_data_list' | 'tags'>): number {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  if (matrix?.rotation !== undefined) return normaliseRotation(-matrix.rotation);
  const tag = Number(stream.tags?.rotate);
  return Number.isFinite(tag) ? normaliseRotation(tag) : 0;
}

function normaliseRotation(degrees: number): number {
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/** The rotating part of an EXIF orientation (the mirrored ones, 2/4/5/7, also flip). */
function exifRotation(orientation: number): number {
  return ({ 3: 180, 5: 90, 6: 90, 7: 270, 8: 270 } as Record<number, number>)[orientation] ?? 0;
}

function fieldOrderOf({ value, codec }: { value: string | undefined; codec: string }): VideoFacts['fieldOrder'] {
  switch (value) {
    case 'progressive':
      return 'progressive';
    case 'tt':
    case 'bt': // bottom coded first, top displayed first
      return 'tff';
    case 'bb':
    case 'tb':
      return 'bff';
    default:
      // DV is interlaced by definition, bottom field first (625 and 525 lines); AVI does not say so.
      return codec === 'dvvideo' ? 'bff' : 'unknown';
  }
}

function isVariableFrameRate({ r, avg, fieldOrder }: { r: Rational | null; avg: Rational | null; fieldOrder: VideoFacts['fieldOrder'] }): boolean {
  if (!r || !avg) return false;
  const ratio = r.num / r.den / (avg.num / avg.den);
  if (Math.abs(ratio - 1) <= 0.005) return false;
  if (Math.abs(ratio - 2) <= 0.01 && fieldOrder !== 'progressive') return false;
  return true;
}

function bitDepthOf({ bitsPerRawSample, pixelFormat }: { bitsPerRawSample: string | undefined; pixelFormat: string }): number {
  const raw = toInt(bitsPerRawSample);
  if (raw && raw > 0) return raw;
  const planar = /p(9|10|12|14|16)(le|be)?$/.exec(pixelFormat);
  if (planar) return Number(planar[1]);
  if (/^p0(10|12|16)/.test(pixelFormat)) return Number(pixelFormat.slice(2, 4));
  if (/^(rgb48|bgr48|rgba64|bgra64|ya16|gray16)/.test(pixelFormat)) return 16;
  const gray = /^gray(9|10|12|14)/.exec(pixelFormat);
  if (gray) return Number(gray[1]);
  if (/^(x2rgb10|x2bgr10|y210|v210)/.test(pixelFormat)) return 10;
  return 8;
}

function sampleAspectRatio(value: string | undefined): Rational {
  const parsed = parseRational(value, ':');
  return parsed && parsed.num > 0 ? parsed : { num: 1, den: 1 };
}

/** `30000/1001` → { num: 30000, den: 1001 }, reduced; null for `0/0`, `N/A` and garbage. */
function parseRational(value: string | undefined, separator = '/'): Rational | null {
  if (!value) return null;
  const [a, b] = value.split(separator);
  const num = Number(a);
  const den = Number(b);
  if (!Number.isInteger(num) || !Number.isInteger(den) || num <= 0 || den <= 0) return null;
  const divisor = gcd(num, den);
  return { num: num / divisor, den: den / divisor };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function durationOf({ format, streams }: { format: { duration?: string | undefined }; streams: ProbeStream[] }): number | null {
  const fromFormat = toFloat(format.duration);
  if (fromFormat !== null && fromFormat >= 0) return fromFormat;
  const fromStreams = streams.map((s) => toFloat(s.duration)).filter((d): d is number => d !== null && d >= 0);
  return fromStreams.length > 0 ? Math.max(...fromStreams) : null;
}

/**
 * The mov demuxer computes each stream's bit rate from its sample table; when those bytes exceed
 * the file's size by more than container overhead could explain, the data the index describes is
 * not there.
 */
function isIndexLargerThanFile({ streams, sizeBytes }: { streams: ProbeStream[]; sizeBytes: number }): boolean {
  if (sizeBytes <= 0) return false;
  let described = 0;
  for (const stream of streams) {
    const bitRate = toInt(stream.bit_rate);
    const duration = toFloat(stream.duration);
    if (bitRate === null || duration === null) return false;
    described += (bitRate * duration) / 8;
  }
  return described > sizeBytes * 1.1 + 16 * 1024;
}

function toInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

function toFloat(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

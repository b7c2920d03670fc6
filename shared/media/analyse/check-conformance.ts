import { z } from 'zod';
import type { SoundTracks } from './build-analysis-args.ts';
import type { MediainfoReadings } from './read-mediainfo-json.ts';

/**
 * What a file is checked against: the part of a delivery profile (`DeliveryProfile`, which fits
 * this shape) that can be read back from the file. Declared here so the media layer does not
 * import the delivery use case above it.
 */
export interface ConformanceTarget {
  container: string;
  faststart: boolean;
  video: {
    width: number;
    height: number;
    fps: number;
    scan: 'progressive' | 'interlaced-tff';
    codec: string;
    profile: string;
    pixelFormat: string;
  };
  /** `tracks`: one stereo stream (the default), or one mono track per channel (XDCAM MXF). */
  audio: { codec: string; sampleRate: number; channels: number; tracks?: SoundTracks };
}

export const CONFORMANCE_FIELDS = [
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
] as const;
export const ConformanceFieldSchema = z.enum(CONFORMANCE_FIELDS);
export type ConformanceField = z.infer<typeof ConformanceFieldSchema>;

/** The name of each check, Vietnamese and English. */
export const CONFORMANCE_LABELS: Record<ConformanceField, { vi: string; en: string }> = {
  container: { vi: 'Định dạng tệp', en: 'Container' },
  'video-codec': { vi: 'Mã hoá hình', en: 'Video codec' },
  'video-profile': { vi: 'Cấu hình mã hoá (profile)', en: 'Codec profile' },
  resolution: { vi: 'Độ phân giải', en: 'Resolution' },
  'frame-rate': { vi: 'Tốc độ khung hình', en: 'Frame rate' },
  'field-order': { vi: 'Thứ tự mành (quét)', en: 'Field order' },
  'pixel-format': { vi: 'Định dạng điểm ảnh', en: 'Pixel format' },
  'audio-codec': { vi: 'Mã hoá tiếng', en: 'Audio codec' },
  'audio-channels': { vi: 'Số kênh tiếng', en: 'Audio channels' },
  'sample-rate': { vi: 'Tần số lấy mẫu', en: 'Sample rate' },
  faststart: { vi: 'Chỉ mục ở đầu tệp (faststart)', en: 'Index at the start (faststart)' },
};

export const ConformanceCheckSchema = z.object({
  check: ConformanceFieldSchema,
  label: z.object({ vi: z.string(), en: z.string() }),
  expected: z.string(),
  /** What ffprobe read (the judge). */
  found: z.string(),
  ok: z.boolean(),
  /** What MediaInfo read, in the same words; null when it was not run or did not say. */
  mediainfo: z.string().nullable(),
  /** False when MediaInfo disagrees with ffprobe (a warning, not a failure); null when not compared. */
  agrees: z.boolean().nullable(),
});
export type ConformanceCheck = z.infer<typeof ConformanceCheckSchema>;

export const ConformanceResultSchema = z.object({
  checks: z.array(ConformanceCheckSchema),
  mediainfo: z.object({ available: z.boolean(), version: z.string().nullable(), note: z.string().nullable() }),
  /** Facts the rest of QC needs, as ffprobe read them. */
  readings: z.object({
    formatName: z.string(),
    durationSeconds: z.number().nullable(),
    videoSeconds: z.number().nullable(),
    audioSeconds: z.number().nullable(),
    videoFrames: z.number().int().nullable(),
    /** The file's start timecode (MXF material package, MP4 `tmcd` track), null when none. */
    startTimecode: z.string().nullable(),
  }),
});
export type ConformanceResult = z.infer<typeof ConformanceResultSchema>;

const StreamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  field_order: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().optional(),
  channel_layout: z.string().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** The part of `ffprobe -show_format -show_streams -print_format json` conformance reads. */
export const ConformanceProbeJsonSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z.object({
    format_name: z.string().default(''),
    duration: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
});
export type ConformanceProbeJson = z.input<typeof ConformanceProbeJsonSchema>;

/**
 * Checks ffprobe's reading of a file against a profile, field by field, and compares each field
 * with MediaInfo's reading when there is one (a disagreement is recorded, `agrees: false`, and
 * becomes a warning in the report; ffprobe decides `ok`).
 *
 * - frame rate: the average rate must equal the profile's (25); an interlaced stream may also
 *   state its field rate (50) as the base rate;
 * - field order: `progressive`, or `tt` (top field first, displayed first) for `interlaced-tff`;
 * - audio channels: the count must match; a layout, when stated, must be `stereo`; for a profile
 *   that carries one mono track per channel (XDCAM MXF), the file must have that many audio
 *   tracks, each mono (codec, rate and durations are read from the programme's left track);
 * - faststart (MP4 profiles that ask for it): `moov` before `mdat`, from `boxOrder`.
 *
 * @example checkConformance({ probe: JSON.parse(stdout), profile: DEFAULT_PROFILES.web, mediainfo: null, boxOrder: ['ftyp', 'moov', 'mdat'] })
 */
export function checkConformance({
  probe,
  profile,
  mediainfo,
  boxOrder = null,
}: {
  probe: unknown;
  profile: ConformanceTarget;
  mediainfo: MediainfoReadings | null;
  /** Top-level MP4 boxes in order (`readMp4BoxOrder`), when the file could be read. */
  boxOrder?: readonly string[] | null;
}): Pick<ConformanceResult, 'checks' | 'readings'> {
  const { format, streams } = ConformanceProbeJsonSchema.parse(probe);
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const tracks = profile.audio.tracks ?? { kind: 'stereo' };
  const audio = tracks.kind === 'mono-tracks' ? (audios[tracks.left] ?? audios[0]) : audios[0];
  const mi = mediainfo;
  const checks: ConformanceCheck[] = [];
  const add = ({
    check,
    expected,
    found,
    ok,
    mediainfoValue,
    same,
  }: {
    check: ConformanceField;
    expected: string;
    found: string;
    ok: boolean;
    mediainfoValue: string | null;
    /** Whether MediaInfo's reading agrees; defaults to equal text. */
    same?: boolean;
  }) => {
    checks.push({
      check,
      label: CONFORMANCE_LABELS[check],
      expected,
      found,
      ok,
      mediainfo: mediainfoValue,
      agrees: mediainfoValue === null ? null : (same ?? mediainfoValue === found),
    });
  };

  const container = containerOf({ formatName: format.format_name, brand: format.tags?.major_brand });
  add({ check: 'container', expected: profile.container, found: container, ok: container === profile.container, mediainfoValue: mi?.container ?? null });

  const videoCodec = video?.codec_name ?? 'none';
  add({
    check: 'video-codec',
    expected: profile.video.codec,
    found: videoCodec,
    ok: videoCodec === profile.video.codec,
    mediainfoValue: mi?.videoCodec ?? null,
  });

  const videoProfile = video?.profile ?? 'unknown';
  add({
    check: 'video-profile',
    expected: profile.video.profile,
    found: videoProfile,
    ok: normaliseProfile(videoProfile) === normaliseProfile(profile.video.profile),
    mediainfoValue: mi?.videoProfile ?? null,
    ...(mi?.videoProfile ? { same: normaliseProfile(mi.videoProfile) === normaliseProfile(videoProfile) } : {}),
  });

  const resolution = video?.width && video.height ? `${video.width}x${video.height}` : 'unknown';
  add({
    check: 'resolution',
    expected: `${profile.video.width}x${profile.video.height}`,
    found: resolution,
    ok: resolution === `${profile.video.width}x${profile.video.height}`,
    mediainfoValue: mi?.width && mi.height ? `${mi.width}x${mi.height}` : null,
  });

  const average = rate(video?.avg_frame_rate);
  const base = rate(video?.r_frame_rate);
  const shown = average ?? base;
  const fps = profile.video.fps;
  const interlaced = profile.video.scan === 'interlaced-tff';
  const rateOk = average !== null ? close(average, fps) : base !== null && (close(base, fps) || (interlaced && close(base, 2 * fps)));
  add({
    check: 'frame-rate',
    expected: String(fps),
    found: shown === null ? 'unknown' : formatRate(shown),
    ok: rateOk,
    mediainfoValue: mi?.frameRate ? formatRate(mi.frameRate) : null,
    ...(mi?.frameRate && shown !== null ? { same: close(mi.frameRate, shown) } : {}),
  });

  const fieldOrder = video?.field_order ?? 'unknown';
  const expectedOrder = interlaced ? 'tt' : 'progressive';
  add({ check: 'field-order', expected: expectedOrder, found: fieldOrder, ok: fieldOrder === expectedOrder, mediainfoValue: mi?.fieldOrder ?? null });

  const pixelFormat = video?.pix_fmt ?? 'unknown';
  add({
    check: 'pixel-format',
    expected: profile.video.pixelFormat,
    found: pixelFormat,
    ok: pixelFormat === profile.video.pixelFormat,
    mediainfoValue: mi?.pixelFormat ?? null,
  });

  const audioCodec = audio?.codec_name ?? 'none';
  add({
    check: 'audio-codec',
    expected: profile.audio.codec,
    found: audioCodec,
    ok: audioCodec === profile.audio.codec,
    mediainfoValue: mi?.audioCodec ?? null,
  });

  if (tracks.kind === 'mono-tracks') {
    const found = audios.length === 0 ? 'none' : describeTracks({ channels: audios.map((s) => s.channels ?? 0) });
    add({
      check: 'audio-channels',
      expected: `${describeTracks({ channels: Array.from({ length: tracks.count }, () => 1) })} (L ${tracks.left + 1}, R ${tracks.right + 1})`,
      found,
      ok: audios.length === tracks.count && audios.every((s) => s.channels === 1),
      mediainfoValue: mi?.audioTracks ? describeTracks({ channels: mi.audioTrackChannels }) : null,
      ...(mi?.audioTracks ? { same: describeTracks({ channels: mi.audioTrackChannels }) === found } : {}),
    });
  } else {
    const channels = audio?.channels ?? 0;
    const layout = audio?.channel_layout && audio.channel_layout !== 'unknown' ? audio.channel_layout : null;
    const expectedLayout = profile.audio.channels === 2 ? 'stereo' : profile.audio.channels === 1 ? 'mono' : null;
    add({
      check: 'audio-channels',
      expected: describeChannels({ count: profile.audio.channels, layout: expectedLayout }),
      found: audio ? describeChannels({ count: channels, layout }) : 'none',
      ok: channels === profile.audio.channels && (layout === null || expectedLayout === null || layout === expectedLayout),
      mediainfoValue: mi?.channels ? describeChannels({ count: mi.channels, layout: mi.channelLayout }) : null,
      ...(mi?.channels ? { same: mi.channels === channels && (layout === null || mi.channelLayout === null || mi.channelLayout === layout) } : {}),
    });
  }

  const sampleRate = audio?.sample_rate ?? 'none';
  add({
    check: 'sample-rate',
    expected: String(profile.audio.sampleRate),
    found: sampleRate,
    ok: sampleRate === String(profile.audio.sampleRate),
    mediainfoValue: mi?.sampleRate ? String(mi.sampleRate) : null,
  });

  if (profile.container === 'mp4' && profile.faststart) {
    const moov = boxOrder ? boxOrder.indexOf('moov') : -1;
    const mdat = boxOrder ? boxOrder.indexOf('mdat') : -1;
    const found = !boxOrder || moov < 0 ? 'unknown' : mdat < 0 || moov < mdat ? 'yes' : 'no';
    add({
      check: 'faststart',
      expected: 'yes',
      found,
      ok: found === 'yes',
      mediainfoValue: mi?.faststart === null || !mi ? null : mi.faststart ? 'yes' : 'no',
    });
  }

  const videoFrames = video?.nb_frames && /^\d+$/.test(video.nb_frames) ? Number(video.nb_frames) : null;
  const videoSeconds = seconds(video?.duration) ?? (videoFrames !== null && shown ? videoFrames / shown : null);
  const startTimecode = format.tags?.timecode ?? streams.map((s) => s.tags?.timecode).find((value): value is string => typeof value === 'string') ?? null;
  return {
    checks,
    readings: {
      formatName: format.format_name,
      durationSeconds: seconds(format.duration),
      videoSeconds,
      audioSeconds: audio ? seconds(audio.duration) : null,
      videoFrames,
      startTimecode,
    },
  };
}

/** `mov,mp4,m4a,…` is one demuxer for both: the brand tells a QuickTime file (`qt  `) from an MP4. */
function containerOf({ formatName, brand }: { formatName: string; brand: string | undefined }): string {
  const names = formatName.split(',');
  if (names.includes('mp4')) return brand?.trim() === 'qt' ? 'mov' : 'mp4';
  return names[0] || 'unknown';
}

/** `High` → `high`, `4:2:2` → `422`, `Constrained Baseline` → `constrainedbaseline`. */
/** Profile names compared loosely; Constrained Baseline is Baseline (a subset every decoder of it plays). */
function normaliseProfile(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^constrainedbaseline$/, 'baseline');
}

function rate(value: string | undefined): number | null {
  if (!value) return null;
  const [num, den] = value.split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return num / den;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.01;
}

/** 25 → `25`, 30000/1001 → `29.97`. */
function formatRate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** `[1, 1]` → `2 × mono`; `[2]` → `1 track (2 ch)`; `[2, 1]` → `2 tracks (2 + 1 ch)`. */
function describeTracks({ channels }: { channels: readonly number[] }): string {
  if (channels.every((count) => count === 1)) return `${channels.length} × mono`;
  return `${channels.length} track${channels.length === 1 ? '' : 's'} (${channels.join(' + ')} ch)`;
}

function describeChannels({ count, layout }: { count: number; layout: string | null }): string {
  return layout ? `${count} (${layout})` : `${count}`;
}

function seconds(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

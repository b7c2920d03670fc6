import { z } from 'zod';

/**
 * Delivery profiles (SPECS.md, "Deliverables"). Data, not code: a project can override any
 * setting (Hai Phong TV's own file spec was not found in public sources, so the broadcast
 * settings are editable and shown on the slate and in the QC report).
 *
 * QC checks every rendered file against its profile: `probeConformance` (media/analyse) reads
 * back `container`, `faststart` and the video and audio fields that a file states (codec, codec
 * profile, size, `fps`, `scan` as field order, pixel format, sample rate, channels); `buildQcReport`
 * judges the loudness against `loudness` and shows these settings in the report.
 */
export const ProfileIdSchema = z.enum(['review', 'broadcast', 'broadcast-mxf', 'screening', 'web', 'vertical', 'square', 'stream']);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

/**
 * The broadcast line-up before the programme, in seconds (whole frames at 25 fps): colour bars
 * with the 1 kHz reference tone, a slate, then black and silence.
 */
export const LineUpSchema = z.object({
  barsSeconds: z.number().nonnegative(),
  slateSeconds: z.number().nonnegative(),
  blackSeconds: z.number().nonnegative(),
});

/**
 * How the programme's two channels are carried: one stereo stream (MP4), or one mono track per
 * channel (XDCAM HD422 MXF: 2, 4 or 8 tracks) with the tracks that carry the programme's left and
 * right named (0-based); the other tracks are written silent.
 */
export const AudioTracksSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('stereo') }),
    z.object({
      kind: z.literal('mono-tracks'),
      count: z.union([z.literal(2), z.literal(4), z.literal(8)]),
      left: z.number().int().nonnegative(),
      right: z.number().int().nonnegative(),
    }),
  ])
  .refine((tracks) => tracks.kind === 'stereo' || (tracks.left !== tracks.right && tracks.left < tracks.count && tracks.right < tracks.count), {
    message: 'left and right must be two different tracks of the file',
  });
export type AudioTracks = z.infer<typeof AudioTracksSchema>;

/**
 * Where a social platform's own buttons, captions and progress bar cover the picture: text must
 * stay clear of the top, the bottom and each side by these shares of the frame (percent).
 */
export const SafeAreaSchema = z.object({
  topPercent: z.number().min(0).max(50),
  bottomPercent: z.number().min(0).max(50),
  sidePercent: z.number().min(0).max(25),
});
export type SafeArea = z.infer<typeof SafeAreaSchema>;

/**
 * The platform a social profile is made for: its name (in messages), the longest programme it
 * takes (a longer version is refused before any work, never cut) and its safe area. Data, so a
 * project can follow the platform when its figures change.
 */
export const PlatformSchema = z.object({
  name: z.string().min(1),
  maxSeconds: z.number().positive(),
  safeArea: SafeAreaSchema,
});
export type Platform = z.infer<typeof PlatformSchema>;
/** One lower rung of an HLS ladder: a picture size and the x264 rate control it is encoded with. */
export const LadderRenditionSchema = z.object({
  /** Folder and label of the rung (`720p`): the files are `hls/<name>/index.m3u8` and `hls/<name>/seg-00000.ts`. */
  name: z.string().regex(/^[a-z0-9-]+$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bitrateKbps: z.number().int().positive(),
  maxrateKbps: z.number().int().positive(),
  bufsizeKbps: z.number().int().positive(),
});
export type LadderRendition = z.infer<typeof LadderRenditionSchema>;

/**
 * An HLS ladder made from the delivered file (the `stream` profile): the file itself is the top
 * rung (copied, never encoded again), the `renditions` are encoded from it. Segments of
 * `segmentSeconds`, cut on the programme's keyframe grid (a keyframe every `segmentSeconds × 25`
 * programme frames in the master and in every rung), so every rung's segments start on the same
 * frame and a player can switch between them at any boundary.
 */
export const LadderSchema = z.object({
  segmentSeconds: z.number().int().positive(),
  renditions: z.array(LadderRenditionSchema),
});
export type Ladder = z.infer<typeof LadderSchema>;

export const DeliveryProfileSchema = z.object({
  id: ProfileIdSchema,
  label: z.object({ vi: z.string(), en: z.string() }),
  /** Review renders read the ingest proxies (fast); deliverables read the originals. */
  source: z.enum(['original', 'proxy']),
  video: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    fps: z.literal(25),
    scan: z.enum(['progressive', 'interlaced-tff']),
    codec: z.enum(['h264', 'mpeg2video']),
    /** H.264 profile (`high`) or MPEG-2 profile (`422`). */
    profile: z.string(),
    pixelFormat: z.enum(['yuv420p', 'yuv422p']),
    /**
     * Rate control, first set wins: a bitrate; a constant quantiser (x264 `-qp`: no per-frame
     * complexity analysis, the cheapest to encode); a constant quality (x264 CRF).
     */
    crf: z.number().int().min(0).max(51).optional(),
    qp: z.number().int().min(0).max(51).optional(),
    bitrateKbps: z.number().int().positive().optional(),
    maxrateKbps: z.number().int().positive().optional(),
    bufsizeKbps: z.number().int().positive().optional(),
    preset: z.string(),
    /** Closed GOP length in frames; every segment starts on a keyframe. */
    gopFrames: z.number().int().positive(),
  }),
  audio: z.object({
    codec: z.enum(['aac', 'pcm_s24le']),
    bitrateKbps: z.number().int().positive().optional(),
    sampleRate: z.literal(48_000),
    /** The programme's channels (stereo). */
    channels: z.literal(2),
    tracks: AudioTracksSchema,
  }),
  container: z.enum(['mp4', 'mxf']),
  faststart: z.boolean(),
  loudness: z.object({ integratedLufs: z.number(), toleranceLu: z.number().positive(), truePeakDbtp: z.number() }),
  subtitles: z.object({
    burnIn: z.boolean(),
    /** Text height as a share of the picture height (SPECS: ≥ 6 % for screening). */
    sizePercentOfHeight: z.number().positive(),
    sidecars: z.array(z.enum(['srt', 'vtt'])),
  }),
  extras: z.object({
    timecodeBurn: z.boolean(),
    /** Watermark text; `{n}` is the version number. */
    watermark: z.string().nullable(),
    /** The line-up before the programme (broadcast), or none. */
    lineUp: LineUpSchema.nullable(),
    /** SMPTE timecode of the programme's first frame. */
    programmeStartTimecode: z.string().regex(/^\d{2}:\d{2}:\d{2}:\d{2}$/),
    blackHeadTailSeconds: z.number().nonnegative(),
    poster: z.boolean(),
  }),
  /**
   * The social platform a vertical or square profile is made for (absent for the others): the
   * longest programme it takes and where text may go. A profile with a platform reframes every
   * 16:9 shot to its frame (shared/domain/cut/reframe.ts) and lays text out inside the safe area.
   */
  platform: PlatformSchema.optional(),
  /** The HLS ladder made from the delivered file, for profiles that have one (`stream`). */
  ladder: LadderSchema.optional(),
});
export type DeliveryProfile = z.infer<typeof DeliveryProfileSchema>;

const EBU_R128 = { integratedLufs: -23, toleranceLu: 0.5, truePeakDbtp: -1 };
const WEB_LOUDNESS = { integratedLufs: -16, toleranceLu: 0.5, truePeakDbtp: -1 };
/**
 * The usual broadcast line-up: 30 s bars and tone, 20 s slate, 10 s black, so a programme at
 * 10:00:00:00 starts its file at 09:59:00:00. Hai Phong TV's own spec was not found: editable.
 */
export const DEFAULT_LINE_UP = { barsSeconds: 30, slateSeconds: 20, blackSeconds: 10 } as const satisfies z.infer<typeof LineUpSchema>;
const STEREO = { kind: 'stereo' } as const;
/** XDCAM HD422 as broadcasters take it: the programme's left and right on the first two mono tracks. */
const TWO_MONO_TRACKS = { kind: 'mono-tracks', count: 2, left: 0, right: 1 } as const;
/** The social profiles' picture: 1080 wide, H.264 High 4:2:0 25p, ~7 Mbit/s like the web master. */
const SOCIAL_VIDEO = {
  fps: 25,
  scan: 'progressive',
  codec: 'h264',
  profile: 'high',
  pixelFormat: 'yuv420p',
  bitrateKbps: 7_000,
  maxrateKbps: 8_000,
  bufsizeKbps: 16_000,
  preset: 'veryfast',
  gopFrames: 50,
} as const;
/**
 * Facebook Reels (9:16). Safe area: the figures Meta gives since March 2026 (issue 18; SPECS.md,
 * "Loudness"): text clear of the top 14 %, the bottom 35 % (caption, buttons, progress bar) and
 * 6 % at each side. Longest reel: 3:00, the figure of the issue (Instagram took Reels to 3 minutes
 * in January 2025); re-check it against Meta's help pages. Both are editable: platforms change them.
 */
const REELS = { name: 'Facebook Reels', maxSeconds: 180, safeArea: { topPercent: 14, bottomPercent: 35, sidePercent: 6 } };
/**
 * A square (1:1) video in the Facebook feed. The feed draws nothing over the picture (the caption
 * sits above it, the buttons below), so text keeps the broadcast title-safe margin of 5 % (EBU
 * R 95). Longest feed video: 240 minutes, the limit Meta's video specifications give for the feed.
 */
const FACEBOOK_FEED = { name: 'Facebook', maxSeconds: 240 * 60, safeArea: { topPercent: 5, bottomPercent: 5, sidePercent: 5 } };
const NO_EXTRAS = { timecodeBurn: false, watermark: null, lineUp: null, programmeStartTimecode: '00:00:00:00', blackHeadTailSeconds: 0, poster: false };

/** The sound and file of the profiles that go online (web, the fanpage): AAC 192k stereo, faststart MP4, −16 LUFS. */
const ONLINE_MP4 = {
  audio: { codec: 'aac', bitrateKbps: 192, sampleRate: 48_000, channels: 2, tracks: STEREO },
  container: 'mp4',
  faststart: true,
  loudness: WEB_LOUDNESS,
} as const;

/** A fanpage version: 1080 wide, online sound and file, subtitles burned at `subtitlePercent` of the height with an SRT beside, the platform's limits. */
function socialProfile({
  id,
  label,
  height,
  subtitlePercent,
  platform,
}: {
  id: 'vertical' | 'square';
  label: DeliveryProfile['label'];
  height: number;
  subtitlePercent: number;
  platform: Platform;
}): DeliveryProfile {
  return {
    id,
    label,
    source: 'original',
    video: { ...SOCIAL_VIDEO, width: 1080, height },
    ...ONLINE_MP4,
    subtitles: { burnIn: true, sizePercentOfHeight: subtitlePercent, sidecars: ['srt'] },
    extras: NO_EXTRAS,
    platform,
  };
}

export const DEFAULT_PROFILES: Record<ProfileId, DeliveryProfile> = {
  // The review encodes at a constant QP 22: on the review's pictures x264's CRF 26 settled at
  // QP ~20 (I) and ~22 (P) anyway, and CQP skips CRF's per-frame complexity analysis, a quarter of
  // an ultrafast 960×540 encode (same PSNR and SSIM, ~9 % more bytes).
  review: {
    id: 'review',
    label: { vi: 'Bản duyệt', en: 'Review' },
    source: 'proxy',
    video: {
      width: 960,
      height: 540,
      fps: 25,
      scan: 'progressive',
      codec: 'h264',
      profile: 'baseline',
      pixelFormat: 'yuv420p',
      qp: 22,
      preset: 'ultrafast',
      gopFrames: 25,
    },
    audio: { codec: 'aac', bitrateKbps: 128, sampleRate: 48_000, channels: 2, tracks: STEREO },
    container: 'mp4',
    faststart: true,
    loudness: EBU_R128,
    subtitles: { burnIn: true, sizePercentOfHeight: 5, sidecars: [] },
    extras: { ...NO_EXTRAS, timecodeBurn: true, watermark: 'BẢN DUYỆT v{n}' },
  },
  broadcast: {
    id: 'broadcast',
    label: { vi: 'Phát sóng (MP4)', en: 'Broadcast (MP4)' },
    source: 'original',
    video: {
      width: 1920,
      height: 1080,
      fps: 25,
      scan: 'interlaced-tff',
      codec: 'h264',
      profile: 'high',
      pixelFormat: 'yuv420p',
      bitrateKbps: 18_000,
      maxrateKbps: 20_000,
      bufsizeKbps: 20_000,
      preset: 'veryfast',
      gopFrames: 12,
    },
    audio: { codec: 'aac', bitrateKbps: 192, sampleRate: 48_000, channels: 2, tracks: STEREO },
    container: 'mp4',
    faststart: true,
    loudness: EBU_R128,
    subtitles: { burnIn: false, sizePercentOfHeight: 5, sidecars: ['srt'] },
    extras: { ...NO_EXTRAS, lineUp: DEFAULT_LINE_UP, programmeStartTimecode: '10:00:00:00' },
  },
  'broadcast-mxf': {
    id: 'broadcast-mxf',
    label: { vi: 'Phát sóng (XDCAM HD422 MXF)', en: 'Broadcast (XDCAM HD422 MXF)' },
    source: 'original',
    video: {
      width: 1920,
      height: 1080,
      fps: 25,
      scan: 'interlaced-tff',
      codec: 'mpeg2video',
      profile: '422',
      pixelFormat: 'yuv422p',
      bitrateKbps: 50_000,
      maxrateKbps: 50_000,
      bufsizeKbps: 17_825,
      preset: 'n/a',
      gopFrames: 12,
    },
    audio: { codec: 'pcm_s24le', sampleRate: 48_000, channels: 2, tracks: TWO_MONO_TRACKS },
    container: 'mxf',
    faststart: false,
    loudness: EBU_R128,
    subtitles: { burnIn: false, sizePercentOfHeight: 5, sidecars: ['srt'] },
    extras: { ...NO_EXTRAS, lineUp: DEFAULT_LINE_UP, programmeStartTimecode: '10:00:00:00' },
  },
  screening: {
    id: 'screening',
    label: { vi: 'Trình chiếu hội trường', en: 'Congress hall screening' },
    source: 'original',
    video: {
      width: 1920,
      height: 1080,
      fps: 25,
      scan: 'progressive',
      codec: 'h264',
      profile: 'high',
      pixelFormat: 'yuv420p',
      bitrateKbps: 20_000,
      maxrateKbps: 24_000,
      bufsizeKbps: 30_000,
      preset: 'veryfast',
      gopFrames: 25,
    },
    audio: { codec: 'aac', bitrateKbps: 320, sampleRate: 48_000, channels: 2, tracks: STEREO },
    container: 'mp4',
    faststart: true,
    loudness: EBU_R128,
    subtitles: { burnIn: true, sizePercentOfHeight: 6.5, sidecars: [] },
    extras: { ...NO_EXTRAS, blackHeadTailSeconds: 2 },
  },
  web: {
    id: 'web',
    label: { vi: 'Trang web', en: 'Web' },
    source: 'original',
    video: {
      width: 1920,
      height: 1080,
      fps: 25,
      scan: 'progressive',
      codec: 'h264',
      profile: 'high',
      pixelFormat: 'yuv420p',
      bitrateKbps: 7_000,
      maxrateKbps: 8_000,
      bufsizeKbps: 16_000,
      preset: 'veryfast',
      gopFrames: 50,
    },
    ...ONLINE_MP4,
    subtitles: { burnIn: true, sizePercentOfHeight: 5, sidecars: ['vtt', 'srt'] },
    extras: { ...NO_EXTRAS, poster: true },
  },
  vertical: socialProfile({
    id: 'vertical',
    label: { vi: 'Bản dọc 9:16 (Facebook Reels)', en: 'Vertical 9:16 (Facebook Reels)' },
    height: 1920,
    // 3.5 % of 1920 is a 67 px line: about 24 characters across the safe width, large on a phone.
    subtitlePercent: 3.5,
    platform: REELS,
  }),
  square: socialProfile({
    id: 'square',
    label: { vi: 'Bản vuông 1:1 (Facebook)', en: 'Square 1:1 (Facebook feed)' },
    height: 1080,
    subtitlePercent: 5,
    platform: FACEBOOK_FEED,
  }),
  // The public watch page (issue 18): a clean 1080p master (captions are WebVTT beside it, never
  // burned in) and an HLS ladder made from it. A keyframe every 2 s (Apple's HLS authoring
  // advice), and on every 6 s boundary of the programme (`ladder.segmentSeconds`).
  stream: {
    id: 'stream',
    label: { vi: 'Xem trực tuyến (HLS)', en: 'Streaming (HLS)' },
    source: 'original',
    video: {
      width: 1920,
      height: 1080,
      fps: 25,
      scan: 'progressive',
      codec: 'h264',
      profile: 'high',
      pixelFormat: 'yuv420p',
      bitrateKbps: 5_000,
      maxrateKbps: 5_500,
      bufsizeKbps: 11_000,
      preset: 'veryfast',
      gopFrames: 50,
    },
    audio: { codec: 'aac', bitrateKbps: 160, sampleRate: 48_000, channels: 2, tracks: STEREO },
    container: 'mp4',
    faststart: true,
    loudness: WEB_LOUDNESS,
    subtitles: { burnIn: false, sizePercentOfHeight: 5, sidecars: ['vtt', 'srt'] },
    extras: { ...NO_EXTRAS, poster: true },
    ladder: {
      segmentSeconds: 6,
      renditions: [
        { name: '720p', width: 1280, height: 720, bitrateKbps: 2_800, maxrateKbps: 3_000, bufsizeKbps: 6_000 },
        { name: '480p', width: 854, height: 480, bitrateKbps: 1_400, maxrateKbps: 1_500, bufsizeKbps: 3_000 },
        { name: '360p', width: 640, height: 360, bitrateKbps: 800, maxrateKbps: 860, bufsizeKbps: 1_700 },
      ],
    },
  },
};

import { z } from 'zod';

/** A rational number such as a frame rate (30000/1001) or an aspect ratio (16/15). */
export const RationalSchema = z.object({ num: z.number().int(), den: z.number().int().positive() });
export type Rational = z.infer<typeof RationalSchema>;

export const FieldOrderSchema = z.enum(['progressive', 'tff', 'bff', 'unknown']);

export const VideoFactsSchema = z.object({
  codec: z.string(),
  profile: z.string().optional(),
  /** Coded size, as stored in the file. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Size as shown: sample aspect ratio and rotation applied. */
  displayWidth: z.number().int().positive(),
  displayHeight: z.number().int().positive(),
  /** Clockwise rotation in degrees that players apply (0, 90, 180, 270). */
  rotation: z.number().int(),
  sampleAspectRatio: RationalSchema,
  pixelFormat: z.string(),
  bitDepth: z.number().int().positive(),
  frameRate: RationalSchema,
  /** True when the stream's timestamps do not follow one constant frame duration. */
  variableFrameRate: z.boolean(),
  fieldOrder: FieldOrderSchema,
  hasAlpha: z.boolean(),
  /** A single still picture (JPEG, PNG …) rather than a moving stream. */
  still: z.boolean(),
});
export type VideoFacts = z.infer<typeof VideoFactsSchema>;

export const AudioFactsSchema = z.object({
  codec: z.string(),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  channelLayout: z.string(),
});
export type AudioFacts = z.infer<typeof AudioFactsSchema>;

/** What ffprobe found in an original, reduced to the facts the product uses. */
export const ProbeFactsSchema = z.object({
  /** The demuxer ingest found; every later read forces it (`-f`), so nothing can change kind. */
  demuxer: z.string(),
  formatName: z.string(),
  durationSeconds: z.number().nonnegative().nullable(),
  sizeBytes: z.number().int().nonnegative(),
  bitRate: z.number().int().nonnegative().nullable(),
  video: VideoFactsSchema.nullable(),
  audio: AudioFactsSchema.nullable(),
  /** Number of audio streams (the first is `audio`). */
  audioStreams: z.number().int().nonnegative(),
  /** The file's start timecode ("HH:MM:SS:FF"), when it carries one (a studio master: 10:00:00:00, or earlier with a line-up). */
  startTimecode: z
    .string()
    .regex(/^\d{2}:[0-5]\d:[0-5]\d[:;.]\d{2}$/)
    .optional(),
});
export type ProbeFacts = z.infer<typeof ProbeFactsSchema>;

/** EBU R128 reading of a file's audio. */
export const LoudnessSchema = z.object({
  integratedLufs: z.number(),
  loudnessRangeLu: z.number(),
  truePeakDbtp: z.number(),
});
export type Loudness = z.infer<typeof LoudnessSchema>;

/** Where ffmpeg reads a blob from, and which protocols it may use for it. */
export interface MediaInput {
  /** A local path (local backend) or a presigned https URL (aws backend). */
  url: string;
  /** The ffmpeg `-protocol_whitelist` for this input: `file` locally, `https,tls,tcp` for a URL. */
  protocols: string;
}

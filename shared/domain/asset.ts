import { z } from 'zod';
import { ASSET_KINDS } from './asset-kinds.ts';
import { LoudnessSchema, ProbeFactsSchema } from './media-facts.ts';
import { ProgrammeAudioLayoutSchema } from './programme-audio-layout.ts';

export { ASSET_KINDS };
export const AssetKindSchema = z.enum(ASSET_KINDS);
export type AssetKind = z.infer<typeof AssetKindSchema>;

/** Vietnamese labels of the UI glossary. */
export const ASSET_KIND_LABELS_VI: Record<AssetKind, string> = {
  footage: 'Cảnh quay',
  interview: 'Phỏng vấn',
  photo: 'Ảnh',
  voiceover: 'Lời bình',
  music: 'Nhạc nền',
  subtitle: 'Phụ đề',
  programme: 'Chương trình hoàn chỉnh',
};

/**
 * queued → processing → ready | rejected (the file is unusable: a reason is shown) |
 * failed (the system could not process it after every retry: an operator looks at it).
 */
export const AssetStatusSchema = z.enum(['queued', 'processing', 'ready', 'rejected', 'failed']);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

export const WarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  messageVi: z.string(),
});
export type Warning = z.infer<typeof WarningSchema>;

export const DerivativeSchema = z.object({
  key: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type Derivative = z.infer<typeof DerivativeSchema>;

export const SpeakerSchema = z.object({
  name: z.string().min(1).max(120),
  position: z.string().max(200).default(''),
});
export type Speaker = z.infer<typeof SpeakerSchema>;

/**
 * A finished programme uploaded as the next version of a cut (a "version from file"): which cut,
 * the subtitle asset that goes with it, the channels' declared layout. Its ingest job makes the version.
 */
export const VersionOfSchema = z.strictObject({
  cutId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  subtitleAssetId: z.string().min(1).max(100).optional(),
  audioLayout: ProgrammeAudioLayoutSchema.optional(),
});
export type VersionOf = z.infer<typeof VersionOfSchema>;

/** What a contributor says about a file when uploading it. */
export const AssetMetadataSchema = z.object({
  kind: AssetKindSchema.optional(),
  organisation: z.string().max(200).default(''),
  contributor: z.string().max(120).default(''),
  theme: z.string().max(80).optional(),
  speaker: SpeakerSchema.optional(),
  description: z.string().max(2000).default(''),
  /** Only with kind `programme`: the cut whose next version it becomes. */
  versionOf: VersionOfSchema.optional(),
});
export type AssetMetadata = z.input<typeof AssetMetadataSchema>;

export const AssetSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  /** The kind ingest settled on (the requested one, or the one it recognised). */
  kind: AssetKindSchema,
  /** The kind the contributor chose, if any; ingest checks the file matches it. */
  requestedKind: AssetKindSchema.nullable(),
  /** The uploaded file's name: display text only, NFC, never used as a path. */
  originalName: z.string(),
  organisation: z.string(),
  contributor: z.string(),
  theme: z.string().nullable(),
  speaker: SpeakerSchema.nullable(),
  description: z.string(),
  /** A finished programme uploaded as the next version of a cut (absent otherwise). */
  versionOf: VersionOfSchema.optional(),
  original: z.object({
    key: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sizeBytes: z.number().int().nonnegative(),
  }),
  probe: ProbeFactsSchema.nullable(),
  loudness: LoudnessSchema.nullable(),
  derivatives: z.record(z.string(), DerivativeSchema),
  warnings: z.array(WarningSchema),
  status: AssetStatusSchema,
  error: z.object({ code: z.string(), message: z.string(), messageVi: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Optimistic concurrency counter: every saved change increments it. */
  revision: z.number().int().nonnegative(),
});
export type Asset = z.infer<typeof AssetSchema>;

/** The kinds whose originals are time-based media that ffprobe must read. */
export function isAudiovisualKind(kind: AssetKind): boolean {
  return kind !== 'subtitle';
}

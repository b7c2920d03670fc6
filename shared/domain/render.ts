import { z } from 'zod';
import { LoudnessSchema } from './media-facts.ts';

export const RenderStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type RenderStatus = z.infer<typeof RenderStatusSchema>;

/** One file of a delivery, content-checked. */
export const DeliveredFileSchema = z.object({
  /**
   * What the file is: the programme, a sidecar, the QC report … `hls-master` is the HLS master
   * playlist of a ladder (`hls/master.m3u8`), `hls-index` the JSON list of the ladder's other files
   * (`HlsIndexSchema`: one record per file here would not fit a record store's item).
   */
  role: z.enum([
    'programme',
    'srt',
    'vtt',
    'poster',
    'qc-json',
    'qc-html',
    'manifest',
    'checksums-sha256',
    'checksums-md5',
    'thumbnail',
    'hls-master',
    'hls-index',
  ]),
  name: z.string(),
  key: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
});
export type DeliveredFile = z.infer<typeof DeliveredFileSchema>;

export const RenderProgressSchema = z.object({
  phase: z.enum(['queued', 'segments', 'audio', 'assemble', 'qc', 'package', 'done']),
  segmentsDone: z.number().int().nonnegative(),
  segmentsTotal: z.number().int().nonnegative(),
  /** Segments found in the cache instead of rendered. */
  segmentsReused: z.number().int().nonnegative(),
});
/** Where a render is: its phase and its segments (done, of, reused). */
export type RenderProgress = z.infer<typeof RenderProgressSchema>;

/** A render of one version with one delivery profile, and what came out of it. */
export const RenderSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  versionId: z.string(),
  versionNumber: z.number().int().positive(),
  profile: z.string(),
  status: RenderStatusSchema,
  progress: RenderProgressSchema,
  files: z.array(DeliveredFileSchema),
  /** Overall QC result; the full report is one of the files. */
  qc: z.object({ status: z.enum(['pass', 'warn', 'fail']), failed: z.array(z.string()), loudness: LoudnessSchema.nullable() }).nullable(),
  error: z.object({ code: z.string(), message: z.string(), messageVi: z.string() }).nullable(),
  timings: z.record(z.string(), z.number()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().nonnegative(),
});
export type Render = z.infer<typeof RenderSchema>;

import { z } from 'zod';

/** The body of a job message. Parsed with zod wherever a message is received. */
export const IngestJobSchema = z.object({
  type: z.literal('ingest'),
  projectId: z.string(),
  assetId: z.string(),
});

/**
 * What every job of a distributed render carries: enough to rebuild its plan deterministically
 * (the plan is a pure function of the version, its assets, the profile and the toolchain).
 */
const RenderJobFields = {
  renderId: z.string().min(1),
  versionId: z.string().min(1),
  profileId: z.string().min(1),
  /** The toolchain the plan's keys were made with; a worker with another ffmpeg or font refuses the job. */
  toolchain: z.string().min(1),
};

/**
 * Fans out a render recorded `queued` by a process that cannot plan it (the API on Lambda has no
 * ffmpeg, and every key of the plan names the toolchain): the worker that takes it plans with its
 * own toolchain, marks the render running and sends the segment and audio jobs. No `toolchain`:
 * the worker supplies its own.
 */
export const RenderStartJobSchema = z.object({
  type: z.literal('render-start'),
  renderId: RenderJobFields.renderId,
  versionId: RenderJobFields.versionId,
  profileId: RenderJobFields.profileId,
});

/** One video segment of a distributed render (`startDistributedRender` sends one per segment). */
export const RenderSegmentJobSchema = z.object({
  type: z.literal('render-segment'),
  ...RenderJobFields,
  segmentIndex: z.number().int().nonnegative(),
  /** The segment's content address as planned; the worker checks its own plan gives the same. */
  segmentKey: z.string().min(1),
});

/** The audio programme of a distributed render: mix, loudness, encode. */
export const RenderAudioJobSchema = z.object({
  type: z.literal('render-audio'),
  ...RenderJobFields,
  /** The encoded sound's key as planned. */
  audioKey: z.string().min(1),
});

/** The end of a distributed render: join, mux, QC, package; sent once by the fan-in. */
export const RenderAssembleJobSchema = z.object({
  type: z.literal('render-assemble'),
  ...RenderJobFields,
});

export const JobBodySchema = z.discriminatedUnion('type', [
  IngestJobSchema,
  RenderSegmentJobSchema,
  RenderAudioJobSchema,
  RenderAssembleJobSchema,
  RenderStartJobSchema,
]);
export type JobBody = z.infer<typeof JobBodySchema>;
export type JobType = JobBody['type'];
/** The jobs of a distributed render. */
export type RenderJobType = Extract<JobType, `render-${string}`>;

import { z } from 'zod';

/** The body of a job message. Parsed with zod wherever a message is received. */
export const IngestJobSchema = z.object({
  type: z.literal('ingest'),
  projectId: z.string(),
  assetId: z.string(),
});

export const JobBodySchema = z.discriminatedUnion('type', [IngestJobSchema]);
export type JobBody = z.infer<typeof JobBodySchema>;
export type JobType = JobBody['type'];

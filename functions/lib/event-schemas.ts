import { z } from 'zod';

/** The part of an SQS event the worker reads (Lambda's event source mapping). */
export const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), receiptHandle: z.string().min(1), body: z.string() }).loose()),
});

/** The part of an S3 notification the ingest function reads. */
export const S3EventSchema = z.object({
  Records: z.array(
    z
      .object({
        eventName: z.string(),
        s3: z
          .object({
            bucket: z.object({ name: z.string().min(1) }).loose(),
            object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional() }).loose(),
          })
          .loose(),
      })
      .loose(),
  ),
});

/** S3 event keys are URL-encoded, with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

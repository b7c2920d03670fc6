import type { Counters } from '../../ports/counters.ts';
import type { BlobStore, MultipartUploads, Store, WorkflowStore } from '../../ports/index.ts';
import { createAwsClients, type AwsClients, type AwsConnection } from './aws-clients.ts';
import { createDynamoCounters } from './dynamo-counters.ts';
import { createDynamoStore } from './dynamo-store.ts';
import { createDynamoWorkflowStore } from './dynamo-workflow-store.ts';
import { createTable, type Table } from './dynamo-table.ts';
import { createS3BlobStore, type BlobBuckets } from './s3-blob-store.ts';
import { createS3MultipartUploads } from './s3-multipart-uploads.ts';
import { createSqsJobQueue, type SqsJobQueue } from './sqs-job-queue.ts';

export { createAwsClients, createSecretsClient, isRetryableAwsError, type AwsClients, type AwsConnection } from './aws-clients.ts';
export { installAwsCallRecorder, type AwsCall, type AwsCallRecorder } from './aws-call-recorder.ts';
export { ForeignErrorResponse } from './foreign-error-middleware.ts';
export { createDynamoCounters } from './dynamo-counters.ts';
export { createDynamoStore, type DynamoStoreOptions } from './dynamo-store.ts';
export { createDynamoWorkflowStore } from './dynamo-workflow-store.ts';
export {
  PREVIOUS_KEY_SIGNING_GRACE_SECONDS,
  newSigningKeySecretString,
  parseSigningKeySecret,
  readSecretsManagerSigningKeys,
} from './secrets-manager-signing-keys.ts';
export { RotationEventSchema, SigningKeyRotationError, rotateSigningKeySecretStep, type RotationEvent } from './rotate-signing-key-secret.ts';
export { TABLE_SCHEMA, createReportageTable, createTable, type Table } from './dynamo-table.ts';
export * from './errors.ts';
export { mediaProtocolsFor } from './media-protocols.ts';
export { bucketFor, createS3BlobStore, type BlobBuckets, type S3BlobStoreOptions } from './s3-blob-store.ts';
export { createS3MultipartUploads, type S3MultipartUploadsOptions } from './s3-multipart-uploads.ts';
export { INBOX_PREFIX, createS3Inbox, type DroppedFile, type S3Inbox } from './s3-inbox.ts';
export { createSqsJobQueue, type AcceptedJob, type SqsJobQueue, type SqsJobQueueOptions, type SqsMessage } from './sqs-job-queue.ts';

export interface AwsBackend {
  /** The table helper the stores share (for tests). */
  table: Table;
  blobs: BlobStore;
  store: Store;
  /** The web workflow's records (invites, sessions, uploads, drafts, comments, decisions, logs). */
  workflow: WorkflowStore;
  queue: SqsJobQueue;
  uploads: MultipartUploads;
  counters: Counters;
  clients: AwsClients;
  /** Stops pending long polls and closes the SDK clients. Safe to call twice. */
  close(): Promise<void>;
}

export interface AwsBackendOptions {
  connection: AwsConnection;
  buckets: BlobBuckets;
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Deliveries of one job before it goes to dead-letter. */
  maxAttempts: number;
  /** Where originals are spooled while hashed (Lambda: /tmp). */
  spoolDir?: string;
}

/**
 * The AWS backend, mirroring `createLocalBackend`: S3 blobs (three buckets routed by key prefix),
 * the DynamoDB store, the SQS job queue (job records in the same table), presigned multipart
 * uploads into the originals bucket, and DynamoDB fan-in counters. Creates no resources: the
 * stacks do (or `scripts/emulators.ts` against the emulators).
 *
 * @example
 * const backend = createAwsBackend({ connection: { region: 'ap-southeast-1' }, buckets, tableName, queueUrl, deadLetterQueueUrl, maxAttempts: 3 });
 * try { … backend.store, backend.blobs, backend.queue … } finally { await backend.close(); }
 */
export function createAwsBackend({ connection, buckets, tableName, queueUrl, deadLetterQueueUrl, maxAttempts, spoolDir }: AwsBackendOptions): AwsBackend {
  const clients = createAwsClients(connection);
  const table = createTable({ dynamo: clients.dynamo, tableName });
  const blobs = createS3BlobStore({ s3: clients.s3, buckets, ...(spoolDir === undefined ? {} : { spoolDir }) });
  const store = createDynamoStore({ table });
  const workflow = createDynamoWorkflowStore({ table });
  const queue = createSqsJobQueue({ sqs: clients.sqs, table, queueUrl, deadLetterQueueUrl, maxAttempts });
  const uploads = createS3MultipartUploads({ s3: clients.s3, bucket: buckets.originals });
  const counters = createDynamoCounters({ table });
  let closed = false;
  return {
    table,
    blobs,
    store,
    workflow,
    queue,
    uploads,
    counters,
    clients,
    async close() {
      if (closed) return;
      closed = true;
      await queue.close();
      await workflow.close();
      await store.close();
      clients.destroy();
    },
  };
}

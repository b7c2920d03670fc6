import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  createDynamoCounters,
  createDynamoStore,
  createDynamoWorkflowStore,
  createS3BlobStore,
  createSqsJobQueue,
} from '../../../shared/adapters/aws/index.ts';
import { createSqliteCounters } from '../../../shared/adapters/local/sqlite-counters.ts';
import { openDatabase } from '../../../shared/adapters/local/index.ts';
import { describeBlobStoreContract } from '../../contracts/blob-store-contract.ts';
import { describeCountersContract } from '../../contracts/counters-contract.ts';
import { describeJobQueueContract } from '../../contracts/job-queue-contract.ts';
import { describeStoreContract } from '../../contracts/store-contract.ts';
import { describeWorkflowStoreContract } from '../../contracts/workflow-store-contract.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { makeResources } from './aws-resources.ts';

/**
 * The port contracts, unchanged, against the AWS adapters over HTTP: S3 and SQS on fauxqs,
 * DynamoDB on dynalite, both on 127.0.0.1. Each test gets its own buckets, queues and table.
 */

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => emulators?.close());

describeBlobStoreContract({
  name: 'S3 (fauxqs)',
  // The emulator speaks plain http on loopback: the one case where ffmpeg may use http.
  mediaProtocols: ['http,tcp'],
  make: async () => {
    const resources = await makeResources({ emulators });
    const spoolDir = await mkdtemp(path.join(tmpdir(), 'reportage-spool-'));
    return {
      blobs: createS3BlobStore({ s3: resources.clients.s3, buckets: resources.buckets, spoolDir }),
      cleanup: async () => {
        await resources.cleanup();
        await rm(spoolDir, { recursive: true, force: true });
      },
    };
  },
});

describeStoreContract({
  name: 'DynamoDB (dynalite)',
  make: async () => {
    const resources = await makeResources({ emulators });
    const store = createDynamoStore({ table: resources.table });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await resources.cleanup();
      },
    };
  },
});

describeJobQueueContract({
  name: 'SQS (fauxqs) + DynamoDB (dynalite)',
  make: async ({ maxAttempts }) => {
    const resources = await makeResources({ emulators });
    const queue = createSqsJobQueue({
      sqs: resources.clients.sqs,
      table: resources.table,
      queueUrl: resources.queueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      maxAttempts,
    });
    return {
      queue,
      cleanup: async () => {
        await queue.close();
        await resources.cleanup();
      },
    };
  },
});

describeWorkflowStoreContract({
  name: 'DynamoDB (dynalite)',
  make: async () => {
    const resources = await makeResources({ emulators });
    const workflow = createDynamoWorkflowStore({ table: resources.table });
    const store = createDynamoStore({ table: resources.table });
    return {
      workflow,
      store,
      cleanup: async () => {
        await workflow.close();
        await store.close();
        await resources.cleanup();
      },
    };
  },
});

describeCountersContract({
  name: 'DynamoDB (dynalite)',
  make: async () => {
    const resources = await makeResources({ emulators });
    return { counters: createDynamoCounters({ table: resources.table }), cleanup: () => resources.cleanup() };
  },
});

describeCountersContract({
  name: 'SQLite (local)',
  make: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'reportage-counters-'));
    const db = openDatabase({ path: path.join(dir, 'reportage.db') });
    return {
      counters: createSqliteCounters({ db }),
      cleanup: async () => {
        db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

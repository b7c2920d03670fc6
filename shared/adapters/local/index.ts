import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BlobStore, Clock, JobQueue, Store, WorkflowStore } from '../../ports/index.ts';
import type { Counters } from '../../ports/counters.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import { createSqliteCounters } from './sqlite-counters.ts';
import { createFsMultipartUploads, type FsMultipartUploads } from './fs-multipart-uploads.ts';
import { readOrCreateSigningKey } from './signing-key.ts';
import { createSqliteJobQueue, type SqliteJobQueueOptions } from './sqlite-job-queue.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { createSqliteWorkflowStore } from './sqlite-workflow-store.ts';
import { openDatabase } from './sqlite.ts';

export * from '../../ports/errors.ts';
export { createFsBlobStore, type FsBlobStoreOptions } from './fs-blob-store.ts';
export { createSqliteJobQueue, type SqliteJobQueueOptions } from './sqlite-job-queue.ts';
export { createSqliteStore } from './sqlite-store.ts';
export { createSqliteCounters } from './sqlite-counters.ts';
export { MIGRATIONS, migrateDatabase, openDatabase, type Migration, type OpenDatabaseOptions, type SqliteDatabase } from './sqlite.ts';
export { validateBlobKey } from '../../ports/blob-keys.ts';
export { createSqliteWorkflowStore } from './sqlite-workflow-store.ts';
export { createFsMultipartUploads, type FsMultipartUploads, type FsMultipartUploadsOptions } from './fs-multipart-uploads.ts';
export { readOrCreateSigningKey, readOrCreateSigningKeys, rotateSigningKey } from './signing-key.ts';

export interface LocalBackend {
  blobs: BlobStore;
  store: Store;
  queue: JobQueue;
  /** The web workflow's records (invites, sessions, drafts, comments, decisions, logs), same database. */
  workflow: WorkflowStore;
  /** Browser uploads in parts, staged under `<dataDir>/uploads`. */
  uploads: FsMultipartUploads;
  /** The HMAC key of signed URLs and CSRF tokens (`<dataDir>/signing.key`, made on first use). */
  signingKey: Uint8Array;
  /** Fan-in counters of distributed renders, same database. */
  counters: Counters;
  /** Closes the queue, the store and the database connection. Safe to call twice. */
  close(): Promise<void>;
}

export interface LocalBackendOptions {
  /** The data folder: `reportage.db` and `blobs/` live in it. Created if missing. */
  dataDir: string;
  /** Deliveries of one job before it goes to dead-letter. */
  maxAttempts: number;
  /** For tests: the queue's clock. */
  clock?: Clock;
  /** Told of every job the queue moves to dead-letter (see `SqliteJobQueueOptions.onDeadLetter`). */
  onDeadLetter?: SqliteJobQueueOptions['onDeadLetter'];
}

/**
 * The embedded backend: blobs under `<dataDir>/blobs`, the store and the job queue in
 * `<dataDir>/reportage.db` (one connection shared by both). Synchronous: opening the database and
 * creating the folders happen before it returns.
 *
 * @example
 * const backend = createLocalBackend({ dataDir: config.dataDir, maxAttempts: config.jobs.maxAttempts });
 * try { … backend.store, backend.blobs, backend.queue … } finally { await backend.close(); }
 */
export function createLocalBackend({ dataDir, maxAttempts, clock, onDeadLetter }: LocalBackendOptions): LocalBackend {
  const root = path.resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const blobs = createFsBlobStore({ root: path.join(root, 'blobs') });
  const db = openDatabase({ path: path.join(root, 'reportage.db') });
  const store = createSqliteStore({ db });
  const queue = createSqliteJobQueue({ db, maxAttempts, ...(clock === undefined ? {} : { clock }), ...(onDeadLetter === undefined ? {} : { onDeadLetter }) });
  const workflow = createSqliteWorkflowStore({ db });
  const signingKey = readOrCreateSigningKey({ file: path.join(root, 'signing.key') });
  const counters = createSqliteCounters({ db });
  const uploads = createFsMultipartUploads({ root: path.join(root, 'uploads'), blobs, signingKey, ...(clock === undefined ? {} : { clock }) });
  return {
    blobs,
    store,
    queue,
    workflow,
    uploads,
    signingKey,
    counters,
    async close() {
      await workflow.close();
      await queue.close();
      await store.close();
      if (db.open) db.close();
    },
  };
}

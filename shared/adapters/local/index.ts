import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BlobStore, Clock, JobQueue, Store } from '../../ports/index.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import { createSqliteJobQueue } from './sqlite-job-queue.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { openDatabase } from './sqlite.ts';

export * from './errors.ts';
export { createFsBlobStore, type FsBlobStoreOptions } from './fs-blob-store.ts';
export { createSqliteJobQueue, defaultRetryDelaySeconds, VISIBILITY_EXPIRED, type SqliteJobQueueOptions } from './sqlite-job-queue.ts';
export { createSqliteStore } from './sqlite-store.ts';
export { MIGRATIONS, migrateDatabase, openDatabase, type Migration, type OpenDatabaseOptions, type SqliteDatabase } from './sqlite.ts';
export { validateBlobKey } from './validate-blob-key.ts';

export interface LocalBackend {
  blobs: BlobStore;
  store: Store;
  queue: JobQueue;
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
export function createLocalBackend({ dataDir, maxAttempts, clock }: LocalBackendOptions): LocalBackend {
  const root = path.resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const blobs = createFsBlobStore({ root: path.join(root, 'blobs') });
  const db = openDatabase({ path: path.join(root, 'reportage.db') });
  const store = createSqliteStore({ db });
  const queue = createSqliteJobQueue({ db, maxAttempts, ...(clock === undefined ? {} : { clock }) });
  return {
    blobs,
    store,
    queue,
    async close() {
      await queue.close();
      await store.close();
      if (db.open) db.close();
    },
  };
}

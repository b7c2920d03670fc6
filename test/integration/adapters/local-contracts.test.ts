import path from 'node:path';
import { createFsBlobStore, createSqliteJobQueue, createSqliteStore, openDatabase } from '../../../shared/adapters/local/index.ts';
import { describeBlobStoreContract } from '../../contracts/blob-store-contract.ts';
import { describeJobQueueContract } from '../../contracts/job-queue-contract.ts';
import { describeStoreContract } from '../../contracts/store-contract.ts';
import { makeTempDir } from './temp-dir.ts';

/** The port contracts, run against the local adapters on temp folders and database files. */

describeBlobStoreContract({
  name: 'fs (local)',
  make: async () => {
    const { dir, cleanup } = await makeTempDir({ prefix: 'blobs' });
    return { blobs: createFsBlobStore({ root: path.join(dir, 'blobs') }), cleanup };
  },
});

describeStoreContract({
  name: 'SQLite (local)',
  make: async () => {
    const { dir, cleanup } = await makeTempDir({ prefix: 'store' });
    const db = openDatabase({ path: path.join(dir, 'reportage.db') });
    const store = createSqliteStore({ db });
    return {
      store,
      cleanup: async () => {
        await store.close();
        db.close();
        await cleanup();
      },
    };
  },
});

describeJobQueueContract({
  name: 'SQLite (local)',
  make: async ({ maxAttempts }) => {
    const { dir, cleanup } = await makeTempDir({ prefix: 'queue' });
    const db = openDatabase({ path: path.join(dir, 'reportage.db') });
    const queue = createSqliteJobQueue({ db, maxAttempts });
    return {
      queue,
      cleanup: async () => {
        await queue.close();
        db.close();
        await cleanup();
      },
    };
  },
});

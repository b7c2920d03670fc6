import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, createLocalBackend, createSqliteStore, migrateDatabase, openDatabase, type Migration } from '../../../shared/adapters/local/index.ts';
import { NotFoundError, StoreError, createProject } from '../../../shared/domain/index.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { makeAsset } from '../../contracts/store-contract.ts';
import { makeTempDir } from './temp-dir.ts';

const NOW = new Date('2026-03-01T08:00:00.000Z');

describe('SQLite database and store (local only)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir({ prefix: 'sqlite' }));
    file = path.join(dir, 'nested', 'reportage.db');
  });
  afterEach(async () => cleanup());

  it('opens with WAL, synchronous NORMAL, foreign keys and a busy timeout', () => {
    const db = openDatabase({ path: file, busyTimeoutMs: 7000 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(7000);
    } finally {
      db.close();
    }
  });

  it('applies every migration once; re-opening an up-to-date database applies nothing and keeps the data', async () => {
    const db = openDatabase({ path: file });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrateDatabase({ db })).toEqual({ applied: [] });
    await createSqliteStore({ db }).projects.create({ project: createProject({ id: 'p-keep', now: NOW }) });
    db.close();

    const again = openDatabase({ path: file });
    try {
      expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(migrateDatabase({ db: again })).toEqual({ applied: [] });
      expect((await createSqliteStore({ db: again }).projects.get({ id: 'p-keep' }))?.id).toBe('p-keep');
    } finally {
      again.close();
    }
  });

  it('applies only the steps a database lacks, each in order', () => {
    const fresh = openDatabase({ path: file, migrations: [] });
    expect(migrateDatabase({ db: fresh, migrations: MIGRATIONS.slice(0, 1) })).toEqual({ applied: [1] });
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'test step', sql: 'CREATE TABLE extra (id TEXT PRIMARY KEY) STRICT;' };
    expect(migrateDatabase({ db: fresh, migrations: [...MIGRATIONS, next] })).toEqual({
      applied: [...MIGRATIONS.slice(1).map((m) => m.version), next.version],
    });
    expect(migrateDatabase({ db: fresh, migrations: [...MIGRATIONS, next] })).toEqual({ applied: [] });
    fresh.close();
  });

  it('rolls a failing step back entirely and leaves the version before it', () => {
    const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (id TEXT) STRICT; CREATE TABLE oops (;' };
    const db = openDatabase({ path: file });
    expect(() => migrateDatabase({ db, migrations: [...MIGRATIONS, broken] })).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database made by a newer version', () => {
    const db = openDatabase({ path: file });
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    let error: unknown;
    try {
      openDatabase({ path: file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('DATABASE_TOO_NEW');
  });

  it('refuses an asset of a project that does not exist (foreign key) with NotFoundError', async () => {
    const db = openDatabase({ path: file });
    try {
      const store = createSqliteStore({ db });
      const error = await expectRejection({
        call: () => store.assets.insertIfAbsent({ asset: makeAsset({ id: 'a', projectId: 'no-project' }) }),
        code: 'NOT_FOUND',
        type: NotFoundError,
      });
      expect(error.details).toMatchObject({ entity: 'project', id: 'no-project' });
    } finally {
      db.close();
    }
  });

  it('refuses a record that fails its schema, on the way in and on the way out', async () => {
    const db = openDatabase({ path: file });
    try {
      const store = createSqliteStore({ db });
      const project = createProject({ id: 'p', now: NOW });
      await expectRejection({
        call: () => store.projects.create({ project: { ...project, title: '' } }),
        code: 'INVALID_RECORD',
        kind: 'invalid',
        type: StoreError,
      });
      await store.projects.create({ project });
      db.prepare("UPDATE projects SET record = json_set(record, '$.themes', json('[]')) WHERE id = 'p'").run();
      await expectRejection({ call: () => store.projects.get({ id: 'p' }), code: 'CORRUPT_RECORD', kind: 'internal', type: StoreError });
    } finally {
      db.close();
    }
  });

  it('createLocalBackend puts the database and the blobs in the data folder, and closes twice safely', async () => {
    const dataDir = path.join(dir, 'data');
    const backend = createLocalBackend({ dataDir, maxAttempts: 3 });
    await backend.store.projects.create({ project: createProject({ id: 'p', now: NOW }) });
    const { key } = await backend.blobs.putBytes({ key: 'derived/a/b.txt', body: 'b', contentType: 'text/plain' });
    expect(await backend.blobs.locate({ key })).toEqual({ path: path.join(dataDir, 'blobs', 'derived', 'a', 'b.txt') });
    await backend.queue.enqueue({ body: { type: 'ingest' } });
    await backend.close();
    await backend.close();

    const reopened = createLocalBackend({ dataDir, maxAttempts: 3 });
    try {
      expect((await reopened.store.projects.get({ id: 'p' }))?.id).toBe('p');
      expect(await reopened.queue.list({ state: 'ready' })).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });
});

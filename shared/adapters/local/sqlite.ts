import { mkdirSync } from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../domain/errors.ts';
import { DatabaseError } from '../../ports/errors.ts';

/** An open better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** One step of the schema. `version` is its position, from 1; a step is never edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, in order. Add a step to change it; never edit a released one (databases in the field
 * have applied it). Each step runs in its own transaction with the version bump, so a crash leaves
 * the database at a step boundary.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projects and assets',
    sql: `
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;

      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects (id),
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        theme TEXT,
        organisation TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record)),
        UNIQUE (project_id, sha256)
      ) STRICT;
      CREATE INDEX assets_by_project ON assets (project_id, created_at, id);
      CREATE INDEX assets_by_kind ON assets (project_id, kind);
      CREATE INDEX assets_by_status ON assets (project_id, status);
      CREATE INDEX assets_by_theme ON assets (project_id, theme);
      CREATE INDEX assets_by_organisation ON assets (project_id, organisation);
    `,
  },
  {
    version: 2,
    name: 'job queue',
    sql: `
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL CHECK (json_valid(body)),
        dedupe_key TEXT,
        state TEXT NOT NULL CHECK (state IN ('ready', 'in-flight', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        visible_at INTEGER NOT NULL,
        receipt TEXT,
        last_error TEXT CHECK (last_error IS NULL OR json_valid(last_error)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX jobs_visible ON jobs (state, visible_at, seq);
      -- At most one waiting or running job per dedupe key, whatever the number of processes.
      CREATE UNIQUE INDEX jobs_active_dedupe ON jobs (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND state IN ('ready', 'in-flight');
    `,
  },
  {
    version: 3,
    name: 'versions and renders',
    sql: `
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects (id),
        cut_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record)),
        UNIQUE (project_id, cut_id, number)
      ) STRICT;

      CREATE TABLE renders (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects (id),
        version_id TEXT NOT NULL REFERENCES versions (id),
        profile TEXT NOT NULL,
        status TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX renders_by_version ON renders (project_id, version_id, created_at);
    `,
  },
  {
    version: 4,
    name: 'web workflow: invites, sessions, uploads, cut drafts, comments, decisions, logs',
    sql: `
      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        project_id TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX invites_by_project ON invites (project_id, created_at);

      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        invite_id TEXT,
        expires_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX sessions_by_invite ON sessions (invite_id);

      CREATE TABLE uploads (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        invite_id TEXT,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX uploads_by_project ON uploads (project_id, invite_id, created_at);

      CREATE TABLE cut_drafts (
        project_id TEXT NOT NULL,
        cut_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record)),
        PRIMARY KEY (project_id, cut_id)
      ) STRICT;

      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        version_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX comments_by_version ON comments (version_id, created_at);

      -- One row per decision; the unique sequence makes two concurrent decisions on one version
      -- collide instead of one silently replacing the other.
      CREATE TABLE decisions (
        id TEXT PRIMARY KEY,
        version_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record)),
        UNIQUE (version_id, sequence)
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX audit_by_project ON audit_log (project_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TABLE downloads (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX downloads_by_project ON downloads (project_id, seq);
    `,
  },
  {
    version: 5,
    name: 'review requests: versions sent to review, with the approval chain frozen when sent',
    sql: `
      CREATE TABLE review_requests (
        version_id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
      CREATE INDEX review_requests_by_project ON review_requests (project_id, sent_at);
    `,
  },
  {
    version: 6,
    name: 'publications',
    sql: `
      CREATE TABLE publications (
        slug TEXT PRIMARY KEY,
        published_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record))
      ) STRICT;
    `,
  },
];

export interface OpenDatabaseOptions {
  /** The database file (its folder is created), or `:memory:`. */
  path: string;
  /** How long a statement waits for another process's write lock before failing `DATABASE_BUSY`. */
  busyTimeoutMs?: number;
  /** The schema steps; tests pass their own. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 *
 * Settings, per connection:
 * - `journal_mode = WAL`: readers never block the writer; several processes (`reportage serve`,
 *   two `reportage worker`s) share the file safely, their writes serialised by SQLite's lock.
 * - `synchronous = NORMAL`, for the store and the queue alike. In WAL mode a commit is durable
 *   against a crash of the process (kill -9, OOM) — the failure the job queue is built around.
 *   What NORMAL can lose is the last few commits on a power loss or kernel crash, never
 *   consistency, and always a suffix: the queue is at-least-once and jobs are idempotent, so a
 *   lost `complete`, claim or heartbeat only means one more delivery; an enqueue is lost only
 *   together with the asset row committed just before it, and the original's bytes (fsynced by
 *   the blob store) make the re-upload a no-op write. FULL would add an fsync to every claim and
 *   heartbeat for no guarantee the pipeline relies on.
 * - `busy_timeout` (default 10 s): a writer waits for another process's transaction instead of
 *   failing at once.
 * - `foreign_keys = ON`: an asset cannot name a project that does not exist.
 *
 * Migrations: `PRAGMA user_version` holds the last applied step. Each pending step runs in an
 * IMMEDIATE transaction that re-reads the version first, so two processes opening a new file at
 * the same time apply each step once. Re-opening an up-to-date database applies nothing. A
 * database newer than this build fails with `DATABASE_TOO_NEW` rather than being misread.
 *
 * @example
 * const db = openDatabase({ path: path.join(dataDir, 'reportage.db') });
 * const store = createSqliteStore({ db });
 */
export function openDatabase({ path, busyTimeoutMs = 10_000, migrations = MIGRATIONS }: OpenDatabaseOptions): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(nodePath.dirname(nodePath.resolve(path)), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw new DatabaseError({ operation: `open of ${path}`, cause: error });
  }
  try {
    // The busy timeout first: switching to WAL takes a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrateDatabase({ db, migrations });
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new DatabaseError({ operation: `open of ${path}`, cause: error });
  }
}

/**
 * Applies the pending steps of `migrations` and returns the versions it applied (empty when the
 * database was up to date).
 */
export function migrateDatabase({ db, migrations = MIGRATIONS }: { db: SqliteDatabase; migrations?: readonly Migration[] }): { applied: number[] } {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions are consecutive from 1).`);
    }
  });
  const latest = migrations.length;
  const readVersion = () => Number(db.pragma('user_version', { simple: true }));
  const current = readVersion();
  if (current > latest) {
    throw new StoreError({
      code: 'DATABASE_TOO_NEW',
      message: `The database is at schema version ${current}, newer than this build knows (${latest}). Upgrade reportage, or use a data folder made by this version.`,
      messageVi: 'Cơ sở dữ liệu được tạo bởi phiên bản mới hơn. Hãy cập nhật chương trình.',
      details: { found: current, latest },
    });
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    const apply = db.transaction(() => {
      // Another process may have applied it between our read and our lock.
      if (readVersion() >= migration.version) return false;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    if (apply.immediate()) applied.push(migration.version);
  }
  return { applied };
}

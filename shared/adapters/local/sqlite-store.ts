import type { Statement } from 'better-sqlite3';
import { AssetSchema, ConflictError, NotFoundError, ProjectSchema, StoreError, type Asset } from '../../domain/index.ts';
import type { AssetFilter, Store } from '../../ports/index.ts';
import { AlreadyExistsError } from '../../ports/errors.ts';
import { parseIncoming, parseStored, type RecordRow } from '../../ports/records.ts';
import { run } from './sqlite-records.ts';
import { createAuditedWrites } from './sqlite-audit.ts';
import { createSqliteVersionStore } from './sqlite-version-store.ts';
import type { SqliteDatabase } from './sqlite.ts';

/**
 * The store on SQLite. Each row keeps the record as JSON (validated with the domain's zod schema
 * on the way in and parsed with it on the way out) beside the columns queries filter on.
 *
 * - `update` is optimistic: `UPDATE … WHERE id = ? AND revision = ?`; when no row changed it
 *   throws `ConflictError` (code `CONFLICT`) with the revision found (null: no such record). The
 *   stored and returned record carries `revision + 1`.
 * - `assets.insertIfAbsent` relies on the `UNIQUE (project_id, sha256)` constraint
 *   (`INSERT … ON CONFLICT DO NOTHING`, then a select), so it is race-safe across processes.
 * - `projects.create` of a taken id throws `ALREADY_EXISTS`; an asset naming an unknown project
 *   throws `NotFoundError` (foreign key).
 * - Lists are ordered by `createdAt`, then id.
 * - `close()` releases nothing but this object: the connection belongs to whoever opened it
 *   (`createLocalBackend` closes it), since the job queue shares it.
 *
 * @example const store = createSqliteStore({ db: openDatabase({ path: 'data/reportage.db' }) });
 */
export function createSqliteStore({ db }: { db: SqliteDatabase }): Store {
  let closed = false;

  const statements = {
    projectGet: db.prepare<[string], RecordRow>('SELECT id, record FROM projects WHERE id = ?'),
    projectList: db.prepare<[], RecordRow>('SELECT id, record FROM projects ORDER BY created_at, id'),
    projectInsert: db.prepare(
      'INSERT INTO projects (id, revision, created_at, updated_at, record) VALUES (@id, @revision, @createdAt, @updatedAt, @record) ON CONFLICT DO NOTHING',
    ),
    projectUpdate: db.prepare(
      'UPDATE projects SET revision = @revision, updated_at = @updatedAt, record = @record WHERE id = @id AND revision = @expectedRevision',
    ),
    projectRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM projects WHERE id = ?'),
    projectExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM projects WHERE id = ?'),
    assetGet: db.prepare<[string], RecordRow>('SELECT id, record FROM assets WHERE id = ?'),
    assetByOriginal: db.prepare<[string, string], RecordRow>('SELECT id, record FROM assets WHERE project_id = ? AND sha256 = ?'),
    assetInsert: db.prepare(
      `INSERT INTO assets (id, project_id, sha256, kind, status, theme, organisation, revision, created_at, updated_at, record)
       VALUES (@id, @projectId, @sha256, @kind, @status, @theme, @organisation, @revision, @createdAt, @updatedAt, @record)
       ON CONFLICT DO NOTHING`,
    ),
    assetUpdate: db.prepare(
      `UPDATE assets SET project_id = @projectId, sha256 = @sha256, kind = @kind, status = @status, theme = @theme,
         organisation = @organisation, revision = @revision, updated_at = @updatedAt, record = @record
       WHERE id = @id AND revision = @expectedRevision`,
    ),
    assetRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM assets WHERE id = ?'),
  };

  /** One prepared statement per combination of filters (at most 16). */
  const listQueries = new Map<string, Statement<unknown[], RecordRow>>();

  const open = () => {
    if (closed) {
      throw new StoreError({ code: 'STORE_CLOSED', message: 'The store is closed.', messageVi: 'Kho dữ liệu đã đóng.' });
    }
  };

  const readProject = (row: RecordRow) => parseStored({ schema: ProjectSchema, entity: 'project', row });
  const readAsset = (row: RecordRow) => parseStored({ schema: AssetSchema, entity: 'asset', row });

  const assetParams = (asset: Asset) => ({
    id: asset.id,
    projectId: asset.projectId,
    sha256: asset.original.sha256,
    kind: asset.kind,
    status: asset.status,
    theme: asset.theme,
    organisation: asset.organisation,
    revision: asset.revision,
    createdAt: asset.createdAt,
    updatedAt: asset.updatedAt,
    record: JSON.stringify(asset),
  });

  const { versions, renders } = createSqliteVersionStore({ db });
  // Project edits carry their audit entry into the workflow's audit log, same database, same transaction.
  const audited = createAuditedWrites({ db });

  return {
    versions,
    renders,
    projects: {
      async create({ project, audit }) {
        open();
        const valid = parseIncoming({ schema: ProjectSchema, entity: 'project', value: project });
        return audited.write({
          audit,
          change: () => {
            const changes = run({
              operation: 'insert of a project',
              statement: () =>
                statements.projectInsert.run({
                  id: valid.id,
                  revision: valid.revision,
                  createdAt: valid.createdAt,
                  updatedAt: valid.updatedAt,
                  record: JSON.stringify(valid),
                }).changes,
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'project', id: valid.id });
            return valid;
          },
        });
      },

      async get({ id }) {
        open();
        const row = run({ operation: 'read of a project', statement: () => statements.projectGet.get(id) });
        return row === undefined ? null : readProject(row);
      },

      async list() {
        open();
        return run({ operation: 'list of projects', statement: () => statements.projectList.all() }).map(readProject);
      },

      async update({ project, expectedRevision, audit }) {
        open();
        const next = parseIncoming({ schema: ProjectSchema, entity: 'project', value: { ...project, revision: expectedRevision + 1 } });
        return audited.write({
          audit,
          change: () => {
            const changes = run({
              operation: 'update of a project',
              statement: () =>
                statements.projectUpdate.run({
                  id: next.id,
                  revision: next.revision,
                  updatedAt: next.updatedAt,
                  record: JSON.stringify(next),
                  expectedRevision,
                }).changes,
            });
            if (changes === 0) {
              const found = run({ operation: 'read of a project', statement: () => statements.projectRevision.get(next.id) });
              throw new ConflictError({ entity: 'project', id: next.id, expected: expectedRevision, found: found?.revision ?? null });
            }
            return next;
          },
        });
      },
    },

    assets: {
      async insertIfAbsent({ asset }) {
        open();
        const valid = parseIncoming({ schema: AssetSchema, entity: 'asset', value: asset });
        const changes = run({
          operation: 'insert of an asset',
          statement: () => statements.assetInsert.run(assetParams(valid)).changes,
          onConstraint: () => {
            if (statements.projectExists.get(valid.projectId) === undefined) throw new NotFoundError({ entity: 'project', id: valid.projectId });
          },
        });
        if (changes === 1) return { asset: valid, created: true };
        const existing = run({ operation: 'read of an asset', statement: () => statements.assetByOriginal.get(valid.projectId, valid.original.sha256) });
        // The conflict was on the id, not on the original: a different asset owns that id.
        if (existing === undefined) throw new AlreadyExistsError({ entity: 'asset', id: valid.id });
        return { asset: readAsset(existing), created: false };
      },

      async get({ id }) {
        open();
        const row = run({ operation: 'read of an asset', statement: () => statements.assetGet.get(id) });
        return row === undefined ? null : readAsset(row);
      },

      async findByOriginal({ projectId, sha256 }) {
        open();
        const row = run({ operation: 'read of an asset', statement: () => statements.assetByOriginal.get(projectId, sha256) });
        return row === undefined ? null : readAsset(row);
      },

      async list(filter: AssetFilter) {
        open();
        const { sql, params } = assetListQuery({ filter });
        let query = listQueries.get(sql);
        if (query === undefined) {
          query = db.prepare<unknown[], RecordRow>(sql);
          listQueries.set(sql, query);
        }
        const prepared = query;
        return run({ operation: 'list of assets', statement: () => prepared.all(...params) }).map(readAsset);
      },

      async update({ asset, expectedRevision }) {
        open();
        const next = parseIncoming({ schema: AssetSchema, entity: 'asset', value: { ...asset, revision: expectedRevision + 1 } });
        const changes = run({
          operation: 'update of an asset',
          statement: () => statements.assetUpdate.run({ ...assetParams(next), expectedRevision }).changes,
          onConstraint: () => {
            if (statements.projectExists.get(next.projectId) === undefined) throw new NotFoundError({ entity: 'project', id: next.projectId });
            throw new StoreError({
              code: 'DUPLICATE_ORIGINAL',
              message: `Project "${next.projectId}" already has another asset for the original ${next.original.sha256}.`,
              messageVi: 'Dự án đã có tư liệu khác với cùng tệp gốc.',
              details: { id: next.id, projectId: next.projectId, sha256: next.original.sha256 },
            });
          },
        });
        if (changes === 0) {
          const found = run({ operation: 'read of an asset', statement: () => statements.assetRevision.get(next.id) });
          throw new ConflictError({ entity: 'asset', id: next.id, expected: expectedRevision, found: found?.revision ?? null });
        }
        return next;
      },
    },

    async close() {
      closed = true;
    },
  };
}

function assetListQuery({ filter }: { filter: AssetFilter }): { sql: string; params: unknown[] } {
  const where = ['project_id = ?'];
  const params: unknown[] = [filter.projectId];
  const columns = { kind: 'kind', status: 'status', theme: 'theme', organisation: 'organisation' } as const;
  for (const [field, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
    const value = filter[field];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  return { sql: `SELECT id, record FROM assets WHERE ${where.join(' AND ')} ORDER BY created_at, id`, params };
}

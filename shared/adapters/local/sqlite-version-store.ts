import { ConflictError, RenderSchema, VersionSchema, type Render } from '../../domain/index.ts';
import type { RenderRepository, VersionRepository } from '../../ports/index.ts';
import { AlreadyExistsError } from '../../ports/errors.ts';
import { parseIncoming, parseStored, type RecordRow } from '../../ports/records.ts';
import { run } from './sqlite-records.ts';
import { createAuditedWrites } from './sqlite-audit.ts';
import type { SqliteDatabase } from './sqlite.ts';

/**
 * Versions and renders on SQLite, with the same conventions as the project and asset store:
 * the record as JSON beside its query columns, zod on the way in and out, optimistic updates.
 * A new render's audit entry goes to the workflow's audit log (same database) in the insert's
 * transaction.
 */
export function createSqliteVersionStore({ db }: { db: SqliteDatabase }): { versions: VersionRepository; renders: RenderRepository } {
  const s = {
    versionGet: db.prepare<[string], RecordRow>('SELECT id, record FROM versions WHERE id = ?'),
    versionInsert: db.prepare(
      'INSERT INTO versions (id, project_id, cut_id, number, created_at, record) VALUES (@id, @projectId, @cutId, @number, @createdAt, @record) ON CONFLICT (id) DO NOTHING',
    ),
    versionList: db.prepare<[string], RecordRow>('SELECT id, record FROM versions WHERE project_id = ? ORDER BY cut_id, number'),
    versionListByCut: db.prepare<[string, string], RecordRow>('SELECT id, record FROM versions WHERE project_id = ? AND cut_id = ? ORDER BY number'),
    versionMax: db.prepare<[string, string], { n: number | null }>('SELECT MAX(number) AS n FROM versions WHERE project_id = ? AND cut_id = ?'),
    renderGet: db.prepare<[string], RecordRow>('SELECT id, record FROM renders WHERE id = ?'),
    renderInsert: db.prepare(
      `INSERT INTO renders (id, project_id, version_id, profile, status, revision, created_at, updated_at, record)
       VALUES (@id, @projectId, @versionId, @profile, @status, @revision, @createdAt, @updatedAt, @record) ON CONFLICT DO NOTHING`,
    ),
    renderUpdate: db.prepare(
      `UPDATE renders SET status = @status, revision = @revision, updated_at = @updatedAt, record = @record WHERE id = @id AND revision = @expectedRevision`,
    ),
    renderRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM renders WHERE id = ?'),
    renderList: db.prepare<[string], RecordRow>('SELECT id, record FROM renders WHERE project_id = ? ORDER BY created_at, id'),
    renderListByVersion: db.prepare<[string, string], RecordRow>(
      'SELECT id, record FROM renders WHERE project_id = ? AND version_id = ? ORDER BY created_at, id',
    ),
  };
  const readVersion = (row: RecordRow) => parseStored({ schema: VersionSchema, entity: 'version', row });
  const audited = createAuditedWrites({ db });
  const readRender = (row: RecordRow) => parseStored({ schema: RenderSchema, entity: 'render', row });
  const renderParams = (render: Render) => ({
    id: render.id,
    projectId: render.projectId,
    versionId: render.versionId,
    profile: render.profile,
    status: render.status,
    revision: render.revision,
    createdAt: render.createdAt,
    updatedAt: render.updatedAt,
    record: JSON.stringify(render),
  });

  return {
    versions: {
      async insertIfAbsent({ version }) {
        const valid = parseIncoming({ schema: VersionSchema, entity: 'version', value: version });
        const changes = run({
          operation: 'insert of a version',
          statement: () =>
            s.versionInsert.run({
              id: valid.id,
              projectId: valid.projectId,
              cutId: valid.cutId,
              number: valid.number,
              createdAt: valid.createdAt,
              record: JSON.stringify(valid),
            }).changes,
          onConstraint: () => {
            const found = s.versionMax.get(valid.projectId, valid.cutId)?.n ?? null;
            throw new ConflictError({ entity: 'version', id: `${valid.cutId} v${valid.number}`, expected: valid.number - 1, found });
          },
        });
        if (changes === 1) return { version: valid, created: true };
        const existing = run({ operation: 'read of a version', statement: () => s.versionGet.get(valid.id) });
        if (existing === undefined) throw new AlreadyExistsError({ entity: 'version', id: valid.id });
        return { version: readVersion(existing), created: false };
      },
      async get({ id }) {
        const row = run({ operation: 'read of a version', statement: () => s.versionGet.get(id) });
        return row === undefined ? null : readVersion(row);
      },
      async list({ projectId, cutId }) {
        const rows = run({
          operation: 'list of versions',
          statement: () => (cutId === undefined ? s.versionList.all(projectId) : s.versionListByCut.all(projectId, cutId)),
        });
        return rows.map(readVersion);
      },
      async nextNumber({ projectId, cutId }) {
        return (run({ operation: 'numbering of a version', statement: () => s.versionMax.get(projectId, cutId) })?.n ?? 0) + 1;
      },
    },
    renders: {
      async create({ render, audit }) {
        const valid = parseIncoming({ schema: RenderSchema, entity: 'render', value: render });
        return audited.write({
          audit,
          change: () => {
            const changes = run({ operation: 'insert of a render', statement: () => s.renderInsert.run(renderParams(valid)).changes });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'render', id: valid.id });
            return valid;
          },
        });
      },
      async get({ id }) {
        const row = run({ operation: 'read of a render', statement: () => s.renderGet.get(id) });
        return row === undefined ? null : readRender(row);
      },
      async list({ projectId, versionId }) {
        const rows = run({
          operation: 'list of renders',
          statement: () => (versionId === undefined ? s.renderList.all(projectId) : s.renderListByVersion.all(projectId, versionId)),
        });
        return rows.map(readRender);
      },
      async update({ render, expectedRevision }) {
        const next = parseIncoming({ schema: RenderSchema, entity: 'render', value: { ...render, revision: expectedRevision + 1 } });
        const changes = run({ operation: 'update of a render', statement: () => s.renderUpdate.run({ ...renderParams(next), expectedRevision }).changes });
        if (changes === 0) {
          const found = run({ operation: 'read of a render', statement: () => s.renderRevision.get(next.id) });
          throw new ConflictError({ entity: 'render', id: next.id, expected: expectedRevision, found: found?.revision ?? null });
        }
        return next;
      },
    },
  };
}

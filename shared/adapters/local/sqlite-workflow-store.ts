import {
  AuditEntrySchema,
  CommentSchema,
  ConflictError,
  CutDraftSchema,
  DecisionSchema,
  DownloadEntrySchema,
  InviteSchema,
  PublicationSchema,
  ReviewRequestSchema,
  SessionSchema,
  StoreError,
  UploadRecordSchema,
  type Comment,
  type CutDraft,
  type Invite,
  type UploadRecord,
} from '../../domain/index.ts';
import type { WorkflowStore } from '../../ports/index.ts';
import { AlreadyExistsError } from '../../ports/errors.ts';
import { createAuditedWrites } from './sqlite-audit.ts';
import { parseIncoming, parseStored, type RecordRow } from '../../ports/records.ts';
import { run } from './sqlite-records.ts';
import type { SqliteDatabase } from './sqlite.ts';

/**
 * The web workflow's records on SQLite (migration 4), one JSON record per row beside the columns
 * queries use, validated with the domain's zod schemas both ways (as `createSqliteStore` does).
 *
 * - Optimistic updates: `UPDATE … WHERE revision = ?`; no row changed → `ConflictError`.
 * - Decisions: `UNIQUE (version_id, sequence)` and an insert that only happens when the stored
 *   count is `sequence - 1`, in one statement, so of two concurrent decisions that saw the same
 *   state exactly one is stored and the other gets `ConflictError` — across processes too.
 * - The audit log rejects UPDATE and DELETE with triggers: it is append-only. A change's `audit`
 *   entry is inserted in the change's own transaction (`createAuditedWrites`).
 * - Review requests (migration 5): one row per version sent to review; the first one stays.
 * - `close()` closes nothing but this object (the connection belongs to `createLocalBackend`).
 *
 * @example const workflow = createSqliteWorkflowStore({ db: openDatabase({ path: 'data/reportage.db' }) });
 */
export function createSqliteWorkflowStore({ db }: { db: SqliteDatabase }): WorkflowStore {
  let closed = false;
  const open = () => {
    if (closed) throw new StoreError({ code: 'STORE_CLOSED', message: 'The workflow store is closed.', messageVi: 'Kho dữ liệu đã đóng.' });
  };

  const s = {
    inviteInsert: db.prepare(
      'INSERT INTO invites (id, project_id, token_hash, created_at, record) VALUES (@id, @projectId, @tokenHash, @createdAt, @record) ON CONFLICT DO NOTHING',
    ),
    inviteGet: db.prepare<[string], RecordRow>('SELECT id, record FROM invites WHERE id = ?'),
    inviteByToken: db.prepare<[string], RecordRow>('SELECT id, record FROM invites WHERE token_hash = ?'),
    inviteList: db.prepare<[string], RecordRow>('SELECT id, record FROM invites WHERE project_id = ? ORDER BY created_at DESC, rowid DESC'),
    inviteListAdmin: db.prepare<[], RecordRow>('SELECT id, record FROM invites WHERE project_id IS NULL ORDER BY created_at DESC, rowid DESC'),
    inviteUpdate: db.prepare('UPDATE invites SET record = @record WHERE id = @id'),
    sessionInsert: db.prepare(
      'INSERT INTO sessions (id_hash, invite_id, expires_at, record) VALUES (@idHash, @inviteId, @expiresAt, @record) ON CONFLICT DO NOTHING',
    ),
    sessionGet: db.prepare<[string], { id: string; record: string }>('SELECT id_hash AS id, record FROM sessions WHERE id_hash = ?'),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    sessionTouch: db.prepare("UPDATE sessions SET record = json_set(record, '$.lastSeenAt', @at) WHERE id_hash = @idHash"),
    sessionDeleteByInvite: db.prepare('DELETE FROM sessions WHERE invite_id = ?'),
    uploadInsert: db.prepare(
      'INSERT INTO uploads (id, project_id, invite_id, revision, created_at, record) VALUES (@id, @projectId, @inviteId, @revision, @createdAt, @record) ON CONFLICT DO NOTHING',
    ),
    uploadGet: db.prepare<[string], RecordRow>('SELECT id, record FROM uploads WHERE id = ?'),
    uploadByKey: db.prepare<[string], RecordRow>("SELECT id, record FROM uploads WHERE json_extract(record, '$.key') = ? LIMIT 1"),
    uploadList: db.prepare<[string], RecordRow>('SELECT id, record FROM uploads WHERE project_id = ? ORDER BY created_at DESC, rowid DESC'),
    uploadListByInvite: db.prepare<[string, string], RecordRow>(
      'SELECT id, record FROM uploads WHERE project_id = ? AND invite_id = ? ORDER BY created_at DESC, rowid DESC',
    ),
    uploadUpdate: db.prepare('UPDATE uploads SET revision = @revision, record = @record WHERE id = @id AND revision = @expectedRevision'),
    uploadRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM uploads WHERE id = ?'),
    draftGet: db.prepare<[string, string], RecordRow>('SELECT cut_id AS id, record FROM cut_drafts WHERE project_id = ? AND cut_id = ?'),
    draftList: db.prepare<[string], RecordRow>('SELECT cut_id AS id, record FROM cut_drafts WHERE project_id = ? ORDER BY updated_at DESC, cut_id'),
    draftInsert: db.prepare(
      'INSERT INTO cut_drafts (project_id, cut_id, revision, updated_at, record) VALUES (@projectId, @cutId, @revision, @updatedAt, @record) ON CONFLICT DO NOTHING',
    ),
    draftUpdate: db.prepare(
      'UPDATE cut_drafts SET revision = @revision, updated_at = @updatedAt, record = @record WHERE project_id = @projectId AND cut_id = @cutId AND revision = @expectedRevision',
    ),
    draftRevision: db.prepare<[string, string], { revision: number }>('SELECT revision FROM cut_drafts WHERE project_id = ? AND cut_id = ?'),
    commentInsert: db.prepare(
      'INSERT INTO comments (id, version_id, revision, created_at, record) VALUES (@id, @versionId, @revision, @createdAt, @record) ON CONFLICT DO NOTHING',
    ),
    commentGet: db.prepare<[string], RecordRow>('SELECT id, record FROM comments WHERE id = ?'),
    commentList: db.prepare<[string], RecordRow>('SELECT id, record FROM comments WHERE version_id = ? ORDER BY created_at, rowid'),
    commentUpdate: db.prepare('UPDATE comments SET revision = @revision, record = @record WHERE id = @id AND revision = @expectedRevision'),
    commentRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM comments WHERE id = ?'),
    decisionInsert: db.prepare(
      `INSERT INTO decisions (id, version_id, sequence, record)
       SELECT @id, @versionId, @sequence, @record
       WHERE (SELECT COUNT(*) FROM decisions WHERE version_id = @versionId) = @sequence - 1
       ON CONFLICT DO NOTHING`,
    ),
    decisionCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM decisions WHERE version_id = ?'),
    decisionList: db.prepare<[string], RecordRow>('SELECT id, record FROM decisions WHERE version_id = ? ORDER BY sequence'),
    reviewInsert: db.prepare(
      'INSERT INTO review_requests (version_id, project_id, sent_at, record) VALUES (@versionId, @projectId, @sentAt, @record) ON CONFLICT DO NOTHING',
    ),
    reviewGet: db.prepare<[string], RecordRow>('SELECT version_id AS id, record FROM review_requests WHERE version_id = ?'),
    reviewList: db.prepare<[string], RecordRow>('SELECT version_id AS id, record FROM review_requests WHERE project_id = ? ORDER BY sent_at DESC, rowid DESC'),
    auditList: db.prepare<[string, number], RecordRow>('SELECT id, record FROM audit_log WHERE project_id = ? ORDER BY seq DESC LIMIT ?'),
    downloadInsert: db.prepare('INSERT INTO downloads (id, project_id, record) VALUES (@id, @projectId, @record)'),
    downloadList: db.prepare<[string, number], RecordRow>('SELECT id, record FROM downloads WHERE project_id = ? ORDER BY seq DESC LIMIT ?'),
    publicationInsert: db.prepare(
      'INSERT INTO publications (slug, published_at, revision, record) VALUES (@slug, @publishedAt, @revision, @record) ON CONFLICT DO NOTHING',
    ),
    publicationGet: db.prepare<[string], RecordRow>('SELECT slug AS id, record FROM publications WHERE slug = ?'),
    publicationList: db.prepare<[], RecordRow>('SELECT slug AS id, record FROM publications ORDER BY published_at DESC, slug'),
    publicationUpdate: db.prepare(
      'UPDATE publications SET revision = @revision, published_at = @publishedAt, record = @record WHERE slug = @slug AND revision = @expectedRevision',
    ),
    publicationRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM publications WHERE slug = ?'),
  };

  const readInvite = (row: RecordRow) => parseStored({ schema: InviteSchema, entity: 'invite', row });
  const readUpload = (row: RecordRow) => parseStored({ schema: UploadRecordSchema, entity: 'upload', row });
  const readDraft = (row: RecordRow) => parseStored({ schema: CutDraftSchema, entity: 'cut draft', row });
  const readComment = (row: RecordRow) => parseStored({ schema: CommentSchema, entity: 'comment', row });
  const readReview = (row: RecordRow) => parseStored({ schema: ReviewRequestSchema, entity: 'review request', row });
  const readPublication = (row: RecordRow) => parseStored({ schema: PublicationSchema, entity: 'publication', row });
  const audited = createAuditedWrites({ db });

  /** Runs an optimistic update and returns the stored record, or throws ConflictError with the revision found. */
  const optimistic = <T extends { revision: number }>({
    entity,
    id,
    record,
    expectedRevision,
    update,
    revisionOf,
  }: {
    entity: string;
    id: string;
    record: T;
    expectedRevision: number;
    update: (next: T) => number;
    revisionOf: () => number | null;
  }): T => {
    const next = { ...record, revision: expectedRevision + 1 };
    const changes = run({ operation: `update of ${entity} ${id}`, statement: () => update(next) });
    if (changes === 0) throw new ConflictError({ entity, id, expected: expectedRevision, found: revisionOf() });
    return next;
  };

  /** The draft insert (`expectedRevision` 0) or optimistic replace. */
  function saveDraft({ valid, expectedRevision }: { valid: CutDraft; expectedRevision: number }): CutDraft {
    const id = `${valid.projectId}/${valid.cutId}`;
    const revisionOf = () => s.draftRevision.get(valid.projectId, valid.cutId)?.revision ?? null;
    if (expectedRevision === 0) {
      const next = { ...valid, revision: 1 };
      const { changes } = run({
        operation: `insert of cut draft ${id}`,
        statement: () =>
          s.draftInsert.run({ projectId: next.projectId, cutId: next.cutId, revision: 1, updatedAt: next.updatedAt, record: JSON.stringify(next) }),
      });
      if (changes === 0) throw new ConflictError({ entity: 'cut', id: valid.cutId, expected: 0, found: revisionOf() });
      return next;
    }
    return optimistic({
      entity: 'cut',
      id: valid.cutId,
      record: valid,
      expectedRevision,
      update: (next) =>
        s.draftUpdate.run({
          projectId: next.projectId,
          cutId: next.cutId,
          revision: next.revision,
          expectedRevision,
          updatedAt: next.updatedAt,
          record: JSON.stringify(next),
        }).changes,
      revisionOf,
    });
  }

  return {
    invites: {
      async create({ invite, audit }) {
        open();
        const valid: Invite = parseIncoming({ schema: InviteSchema, entity: 'invite', value: invite });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: 'insert of an invite',
              statement: () =>
                s.inviteInsert.run({
                  id: valid.id,
                  projectId: valid.projectId,
                  tokenHash: valid.tokenHash,
                  createdAt: valid.createdAt,
                  record: JSON.stringify(valid),
                }),
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'invite', id: valid.id });
            return valid;
          },
        });
      },
      async get({ id }) {
        open();
        const row = s.inviteGet.get(id);
        return row ? readInvite(row) : null;
      },
      async findByTokenHash({ tokenHash }) {
        open();
        const row = s.inviteByToken.get(tokenHash);
        return row ? readInvite(row) : null;
      },
      async list({ projectId }) {
        open();
        return (projectId === null ? s.inviteListAdmin.all() : s.inviteList.all(projectId)).map(readInvite);
      },
      async revoke({ id, at, audit }) {
        open();
        let changed = false;
        return audited.write({
          audit,
          shouldAudit: () => changed,
          change: () => {
            const row = s.inviteGet.get(id);
            if (!row) return null;
            const invite = readInvite(row);
            if (invite.revokedAt !== null) return invite;
            const next: Invite = { ...invite, revokedAt: at };
            run({ operation: `revocation of invite ${id}`, statement: () => s.inviteUpdate.run({ id, record: JSON.stringify(next) }) });
            changed = true;
            return next;
          },
        });
      },
      async touch({ id, at }) {
        open();
        const row = s.inviteGet.get(id);
        if (!row) return;
        const invite = readInvite(row);
        run({ operation: `use of invite ${id}`, statement: () => s.inviteUpdate.run({ id, record: JSON.stringify({ ...invite, lastUsedAt: at }) }) });
      },
    },

    sessions: {
      async create({ session, audit }) {
        open();
        const valid = parseIncoming({ schema: SessionSchema, entity: 'session', value: session });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: 'insert of a session',
              statement: () =>
                s.sessionInsert.run({ idHash: valid.idHash, inviteId: valid.inviteId, expiresAt: valid.expiresAt, record: JSON.stringify(valid) }),
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'session', id: valid.idHash.slice(0, 8) });
            return valid;
          },
        });
      },
      async get({ idHash }) {
        open();
        const row = s.sessionGet.get(idHash);
        return row ? parseStored({ schema: SessionSchema, entity: 'session', row }) : null;
      },
      async delete({ idHash }) {
        open();
        run({ operation: 'delete of a session', statement: () => s.sessionDelete.run(idHash) });
      },
      async touch({ idHash, at }) {
        open();
        run({ operation: 'use of a session', statement: () => s.sessionTouch.run({ idHash, at }) });
      },
      async deleteByInvite({ inviteId }) {
        open();
        return run({ operation: 'delete of sessions', statement: () => s.sessionDeleteByInvite.run(inviteId) }).changes;
      },
    },

    uploads: {
      async create({ upload, audit }) {
        open();
        const valid: UploadRecord = parseIncoming({ schema: UploadRecordSchema, entity: 'upload', value: upload });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: 'insert of an upload',
              statement: () =>
                s.uploadInsert.run({
                  id: valid.id,
                  projectId: valid.projectId,
                  inviteId: valid.inviteId,
                  revision: valid.revision,
                  createdAt: valid.createdAt,
                  record: JSON.stringify(valid),
                }),
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'upload', id: valid.id });
            return valid;
          },
        });
      },
      async get({ id }) {
        open();
        const row = s.uploadGet.get(id);
        return row ? readUpload(row) : null;
      },
      async findByKey({ key }) {
        open();
        const row = s.uploadByKey.get(key);
        return row ? readUpload(row) : null;
      },
      async list({ projectId, inviteId }) {
        open();
        return (inviteId === undefined ? s.uploadList.all(projectId) : s.uploadListByInvite.all(projectId, inviteId)).map(readUpload);
      },
      async update({ upload, expectedRevision, audit }) {
        open();
        const valid: UploadRecord = parseIncoming({ schema: UploadRecordSchema, entity: 'upload', value: upload });
        return audited.write({
          audit,
          change: () =>
            optimistic({
              entity: 'upload',
              id: valid.id,
              record: valid,
              expectedRevision,
              update: (next) => s.uploadUpdate.run({ id: next.id, revision: next.revision, expectedRevision, record: JSON.stringify(next) }).changes,
              revisionOf: () => s.uploadRevision.get(valid.id)?.revision ?? null,
            }),
        });
      },
    },

    cuts: {
      async get({ projectId, cutId }) {
        open();
        const row = s.draftGet.get(projectId, cutId);
        return row ? readDraft(row) : null;
      },
      async list({ projectId }) {
        open();
        return s.draftList.all(projectId).map(readDraft);
      },
      async save({ draft, expectedRevision, audit }) {
        open();
        const valid: CutDraft = parseIncoming({ schema: CutDraftSchema, entity: 'cut draft', value: draft });
        return audited.write({ audit, change: () => saveDraft({ valid, expectedRevision }) });
      },
    },

    reviews: {
      async create({ review, audit }) {
        open();
        const valid = parseIncoming({ schema: ReviewRequestSchema, entity: 'review request', value: review });
        return audited.write({
          audit,
          shouldAudit: (result) => result.created,
          change: () => {
            const { changes } = run({
              operation: `insert of the review request of ${valid.versionId}`,
              statement: () =>
                s.reviewInsert.run({ versionId: valid.versionId, projectId: valid.projectId, sentAt: valid.sentAt, record: JSON.stringify(valid) }),
            });
            if (changes === 1) return { review: valid, created: true };
            const row = s.reviewGet.get(valid.versionId);
            return { review: row ? readReview(row) : valid, created: false };
          },
        });
      },
      async get({ versionId }) {
        open();
        const row = s.reviewGet.get(versionId);
        return row ? readReview(row) : null;
      },
      async list({ projectId }) {
        open();
        return s.reviewList.all(projectId).map(readReview);
      },
    },

    comments: {
      async create({ comment, audit }) {
        open();
        const valid: Comment = parseIncoming({ schema: CommentSchema, entity: 'comment', value: comment });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: 'insert of a comment',
              statement: () =>
                s.commentInsert.run({
                  id: valid.id,
                  versionId: valid.versionId,
                  revision: valid.revision,
                  createdAt: valid.createdAt,
                  record: JSON.stringify(valid),
                }),
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'comment', id: valid.id });
            return valid;
          },
        });
      },
      async get({ id }) {
        open();
        const row = s.commentGet.get(id);
        return row ? readComment(row) : null;
      },
      async list({ versionId }) {
        open();
        return s.commentList.all(versionId).map(readComment);
      },
      async update({ comment, expectedRevision, audit }) {
        open();
        const valid: Comment = parseIncoming({ schema: CommentSchema, entity: 'comment', value: comment });
        return audited.write({
          audit,
          change: () =>
            optimistic({
              entity: 'comment',
              id: valid.id,
              record: valid,
              expectedRevision,
              update: (next) => s.commentUpdate.run({ id: next.id, revision: next.revision, expectedRevision, record: JSON.stringify(next) }).changes,
              revisionOf: () => s.commentRevision.get(valid.id)?.revision ?? null,
            }),
        });
      },
    },

    decisions: {
      async append({ decision, audit }) {
        open();
        const valid = parseIncoming({ schema: DecisionSchema, entity: 'decision', value: decision });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: `insert of a decision on ${valid.versionId}`,
              statement: () => s.decisionInsert.run({ id: valid.id, versionId: valid.versionId, sequence: valid.sequence, record: JSON.stringify(valid) }),
            });
            if (changes === 0) {
              throw new ConflictError({
                entity: 'approval',
                id: valid.versionId,
                expected: valid.sequence - 1,
                found: s.decisionCount.get(valid.versionId)?.n ?? 0,
              });
            }
            return valid;
          },
        });
      },
      async list({ versionId }) {
        open();
        return s.decisionList.all(versionId).map((row) => parseStored({ schema: DecisionSchema, entity: 'decision', row }));
      },
    },

    audit: {
      async append({ entry }) {
        open();
        audited.append(entry);
      },
      async list({ projectId, limit = 500 }) {
        open();
        return s.auditList.all(projectId, limit).map((row) => parseStored({ schema: AuditEntrySchema, entity: 'audit entry', row }));
      },
    },

    downloads: {
      async append({ entry }) {
        open();
        const valid = parseIncoming({ schema: DownloadEntrySchema, entity: 'download entry', value: entry });
        run({
          operation: 'append to the download log',
          statement: () => s.downloadInsert.run({ id: valid.id, projectId: valid.projectId, record: JSON.stringify(valid) }),
        });
      },
      async list({ projectId, limit = 500 }) {
        open();
        return s.downloadList.all(projectId, limit).map((row) => parseStored({ schema: DownloadEntrySchema, entity: 'download entry', row }));
      },
    },

    publications: {
      async create({ publication, audit }) {
        open();
        const valid = parseIncoming({ schema: PublicationSchema, entity: 'publication', value: publication });
        return audited.write({
          audit,
          change: () => {
            const { changes } = run({
              operation: 'insert of a publication',
              statement: () =>
                s.publicationInsert.run({ slug: valid.slug, publishedAt: valid.publishedAt, revision: valid.revision, record: JSON.stringify(valid) }),
            });
            if (changes === 0) throw new AlreadyExistsError({ entity: 'publication', id: valid.slug });
            return valid;
          },
        });
      },
      async get({ slug }) {
        open();
        const row = s.publicationGet.get(slug);
        return row ? readPublication(row) : null;
      },
      async list() {
        open();
        return s.publicationList.all().map(readPublication);
      },
      async update({ publication, expectedRevision, audit }) {
        open();
        const valid = parseIncoming({ schema: PublicationSchema, entity: 'publication', value: publication });
        return audited.write({
          audit,
          change: () =>
            optimistic({
              entity: 'publication',
              id: valid.slug,
              record: valid,
              expectedRevision,
              update: (next) =>
                s.publicationUpdate.run({
                  slug: next.slug,
                  publishedAt: next.publishedAt,
                  revision: next.revision,
                  expectedRevision,
                  record: JSON.stringify(next),
                }).changes,
              revisionOf: () => s.publicationRevision.get(valid.slug)?.revision ?? null,
            }),
        });
      },
    },

    async close() {
      closed = true;
    },
  };
}

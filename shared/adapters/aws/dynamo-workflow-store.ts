import type { z } from 'zod';
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
  type AuditEntry,
  type Invite,
} from '../../domain/index.ts';
import type { WorkflowStore } from '../../ports/index.ts';
import { AlreadyExistsError } from '../../ports/errors.ts';
import { createAuditedWrites } from './dynamo-audit.ts';
import { decodeRecord, encodeRecord, parseIncoming, type Item, type Table } from './dynamo-table.ts';

const pad = (n: number) => String(n).padStart(10, '0');
const key = {
  invite: (id: string) => ({ pk: `INVITE#${id}`, sk: 'INVITE' }),
  inviteToken: (hash: string) => ({ pk: `INVITETOKEN#${hash}`, sk: 'INVITETOKEN' }),
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  upload: (id: string) => ({ pk: `UPLOAD#${id}`, sk: 'UPLOAD' }),
  uploadKey: (blobKey: string) => ({ pk: `UPLOADKEY#${blobKey}`, sk: 'UPLOADKEY' }),
  draft: (projectId: string, cutId: string) => ({ pk: `DRAFT#${projectId}#${cutId}`, sk: 'DRAFT' }),
  comment: (id: string) => ({ pk: `COMMENT#${id}`, sk: 'COMMENT' }),
  decision: (versionId: string, sequence: number) => ({ pk: `DECISIONS#${versionId}`, sk: `DECISION#${pad(sequence)}` }),
  review: (versionId: string) => ({ pk: `REVIEW#${versionId}`, sk: 'REVIEW' }),
  publication: (slug: string) => ({ pk: `PUBLICATION#${slug}`, sk: 'PUBLICATION' }),
};

/**
 * The web workflow's records on the single DynamoDB table, with the SQLite store's rules
 * (shared/ports/workflow-store.ts): zod on the way in and out, optimistic updates as conditional
 * writes (`ConflictError` naming the revision found), no transactions.
 *
 * - Invites: the invite item plus a `INVITETOKEN#<hash>` item pointing at it (written first), so
 *   a token is found with one consistent read.
 * - Sessions carry the table's TTL (`expiresAt`, epoch seconds): DynamoDB deletes expired ones.
 * - Decisions of a version share one partition (`DECISIONS#<version>`, sort key the sequence):
 *   `append` writes sequence n only if it is new and n − 1 exists (read consistently after the
 *   write; a gap takes the write back), so of two decisions that saw the same state exactly one
 *   is stored.
 * - Audit and download logs are append-only partitions per project, listed newest first. A
 *   change's audit entry is written inside the changed item by the same conditional write, then
 *   copied to the log (`createAuditedWrites`): both or neither, and none lost if the copy is cut off.
 * - Review requests: `REVIEW#<version>`, listed through `PROJECT#<id>#REVIEWS`; the first stays.
 * - Publications: `PUBLICATION#<slug>`, listed through the one `PUBLICATIONS` index partition
 *   (the website's column: tens of items, not thousands).
 */
export function createDynamoWorkflowStore({ table }: { table: Table }): WorkflowStore {
  let closed = false;
  const open = () => {
    if (closed) throw new StoreError({ code: 'STORE_CLOSED', message: 'The workflow store is closed.', messageVi: 'Kho dữ liệu đã đóng.' });
  };
  const read =
    <S extends z.ZodType>(schema: S, entity: string) =>
    (item: Item): z.output<S> =>
      decodeRecord({ schema, entity, item });
  const readInvite = read(InviteSchema, 'invite');
  const readUpload = read(UploadRecordSchema, 'upload');
  const readDraft = read(CutDraftSchema, 'cut draft');
  const readComment = read(CommentSchema, 'comment');
  const readReview = read(ReviewRequestSchema, 'review request');
  const readPublication = read(PublicationSchema, 'publication');
  const publicationAttributes = (p: { publishedAt: string; slug: string }) => ({ gsi1pk: 'PUBLICATIONS', gsi1sk: `${p.publishedAt}#${p.slug}` });
  const audited = createAuditedWrites({ table });

  /** Writes `record` with revision + 1 when the stored revision is `expectedRevision`. */
  const optimistic = async <T extends { revision: number }>({
    entity,
    id,
    keys,
    record,
    expectedRevision,
    extra = {},
    audit,
  }: {
    entity: string;
    id: string;
    keys: { pk: string; sk: string };
    record: T;
    expectedRevision: number;
    extra?: Item;
    audit?: AuditEntry | undefined;
  }): Promise<T> => {
    const next = { ...record, revision: expectedRevision + 1 };
    const { written } = await audited.put({
      keys,
      item: { ...keys, ...extra, id, revision: next.revision, ...encodeRecord(next) },
      condition: 'attribute_exists(pk) AND revision = :expected',
      values: { ':expected': expectedRevision },
      audit,
    });
    if (written) return next;
    const found = await table.get(keys);
    throw new ConflictError({ entity, id, expected: expectedRevision, found: typeof found?.revision === 'number' ? found.revision : null });
  };
  const putNew = async ({ entity, id, item, audit }: { entity: string; id: string; item: Item; audit?: AuditEntry | undefined }) => {
    const keys = { pk: String(item.pk), sk: String(item.sk) };
    if (!(await audited.put({ keys, item, condition: 'attribute_not_exists(pk)', audit })).written) throw new AlreadyExistsError({ entity, id });
  };
  /**
   * Read-modify-write of an invite, guarded by its item's `rev` so a `touch` racing a `revoke`
   * can never write back the unrevoked record. `change` returns null for "nothing to change".
   */
  const modifyInvite = async ({
    id,
    change,
    audit,
  }: {
    id: string;
    change: (invite: Invite) => Invite | null;
    audit?: AuditEntry | undefined;
  }): Promise<Invite | null> => {
    for (;;) {
      const item = await table.get(key.invite(id));
      if (item === null) return null;
      const invite = readInvite(item);
      const next = change(invite);
      if (next === null) return invite;
      const rev = typeof item.rev === 'number' ? item.rev : null;
      const { written } = await audited.put({
        keys: key.invite(id),
        item: { ...item, rev: (rev ?? 0) + 1, ...encodeRecord(next) },
        ...(rev === null ? { condition: 'attribute_not_exists(rev)' } : { condition: 'rev = :rev', values: { ':rev': rev } }),
        audit,
      });
      if (written) return next;
    }
  };
  const appendLog = async ({ prefix, projectId, at, id, record }: { prefix: string; projectId: string | null; at: string; id: string; record: unknown }) => {
    await table.put({ item: { pk: `${prefix}#${projectId ?? '-'}`, sk: `${at}#${id}`, id, ...encodeRecord(record) } });
  };

  return {
    invites: {
      async create({ invite, audit }) {
        open();
        const valid: Invite = parseIncoming({ schema: InviteSchema, entity: 'invite', value: invite });
        if (
          !(await table.put({
            item: { ...key.inviteToken(valid.tokenHash), inviteId: valid.id },
            condition: 'attribute_not_exists(pk) OR inviteId = :id',
            values: { ':id': valid.id },
          }))
        ) {
          throw new AlreadyExistsError({ entity: 'invite', id: valid.id });
        }
        await putNew({
          entity: 'invite',
          id: valid.id,
          item: {
            ...key.invite(valid.id),
            id: valid.id,
            gsi1pk: `INVITES#${valid.projectId ?? '-'}`,
            gsi1sk: `${valid.createdAt}#${valid.id}`,
            ...encodeRecord(valid),
          },
          audit,
        });
        return valid;
      },
      async get({ id }) {
        open();
        const item = await table.get(key.invite(id));
        return item === null ? null : readInvite(item);
      },
      async findByTokenHash({ tokenHash }) {
        open();
        const pointer = await table.get(key.inviteToken(tokenHash));
        if (pointer === null) return null;
        const item = await table.get(key.invite(String(pointer.inviteId)));
        const invite = item === null ? null : readInvite(item);
        return invite !== null && invite.tokenHash === tokenHash ? invite : null;
      },
      async list({ projectId }) {
        open();
        return (await table.queryIndex({ pk: `INVITES#${projectId ?? '-'}`, descending: true })).map(readInvite);
      },
      async revoke({ id, at, audit }) {
        open();
        return modifyInvite({ id, change: (invite) => (invite.revokedAt !== null ? null : { ...invite, revokedAt: at }), audit });
      },
      async touch({ id, at }) {
        open();
        await modifyInvite({ id, change: (invite) => ({ ...invite, lastUsedAt: at }) });
      },
    },

    sessions: {
      async create({ session, audit }) {
        open();
        const valid = parseIncoming({ schema: SessionSchema, entity: 'session', value: session });
        await putNew({
          entity: 'session',
          id: valid.idHash.slice(0, 8),
          item: {
            ...key.session(valid.idHash),
            id: valid.idHash,
            ...(valid.inviteId === null ? {} : { gsi1pk: `INVITE#${valid.inviteId}#SESSIONS`, gsi1sk: `${valid.createdAt}#${valid.idHash}` }),
            expiresAt: Math.ceil(Date.parse(valid.expiresAt) / 1000),
            ...encodeRecord(valid),
          },
          audit,
        });
        return valid;
      },
      async get({ idHash }) {
        open();
        const item = await table.get(key.session(idHash));
        return item === null ? null : decodeRecord({ schema: SessionSchema, entity: 'session', item });
      },
      async delete({ idHash }) {
        open();
        await table.delete(key.session(idHash));
      },
      async touch({ idHash, at }) {
        open();
        const item = await table.get(key.session(idHash));
        if (item === null) return;
        const session = decodeRecord({ schema: SessionSchema, entity: 'session', item });
        // attribute_exists: a session deleted (signed out, revoked) since the read is not written back.
        await table.put({ item: { ...item, ...encodeRecord({ ...session, lastSeenAt: at }) }, condition: 'attribute_exists(pk)' });
      },
      async deleteByInvite({ inviteId }) {
        open();
        const items = await table.queryIndex({ pk: `INVITE#${inviteId}#SESSIONS` });
        let removed = 0;
        for (const item of items) {
          if (await table.delete({ pk: String(item.pk), sk: String(item.sk), condition: 'attribute_exists(pk)' })) removed += 1;
        }
        return removed;
      },
    },

    uploads: {
      async create({ upload, audit }) {
        open();
        const valid = parseIncoming({ schema: UploadRecordSchema, entity: 'upload', value: upload });
        // The staged key leads to the upload (the ingest function gets only the key from S3): written first, as an invite's token.
        if (
          !(await table.put({
            item: { ...key.uploadKey(valid.key), uploadId: valid.id },
            condition: 'attribute_not_exists(pk) OR uploadId = :id',
            values: { ':id': valid.id },
          }))
        ) {
          throw new AlreadyExistsError({ entity: 'upload', id: valid.id });
        }
        await putNew({
          entity: 'upload',
          id: valid.id,
          item: { ...key.upload(valid.id), ...uploadAttributes(valid), revision: valid.revision, ...encodeRecord(valid) },
          audit,
        });
        return valid;
      },
      async get({ id }) {
        open();
        const item = await table.get(key.upload(id));
        return item === null ? null : readUpload(item);
      },
      async findByKey({ key: blobKey }) {
        open();
        const pointer = await table.get(key.uploadKey(blobKey));
        if (typeof pointer?.uploadId !== 'string') return null;
        const item = await table.get(key.upload(pointer.uploadId));
        return item === null ? null : readUpload(item);
      },
      async list({ projectId, inviteId }) {
        open();
        const items = await table.queryIndex({
          pk: `PROJECT#${projectId}#UPLOADS`,
          descending: true,
          ...(inviteId === undefined ? {} : { filter: '#invite = :invite', names: { '#invite': 'inviteId' }, values: { ':invite': inviteId } }),
        });
        return items.map(readUpload);
      },
      async update({ upload, expectedRevision, audit }) {
        open();
        const valid = parseIncoming({ schema: UploadRecordSchema, entity: 'upload', value: upload });
        return optimistic({
          entity: 'upload',
          id: valid.id,
          keys: key.upload(valid.id),
          record: valid,
          expectedRevision,
          extra: uploadAttributes(valid),
          audit,
        });
      },
    },

    cuts: {
      async get({ projectId, cutId }) {
        open();
        const item = await table.get(key.draft(projectId, cutId));
        return item === null ? null : readDraft(item);
      },
      async list({ projectId }) {
        open();
        return (await table.queryIndex({ pk: `PROJECT#${projectId}#DRAFTS`, descending: true })).map(readDraft);
      },
      async save({ draft, expectedRevision, audit }) {
        open();
        const valid = parseIncoming({ schema: CutDraftSchema, entity: 'cut draft', value: draft });
        const keys = key.draft(valid.projectId, valid.cutId);
        const extra = { gsi1pk: `PROJECT#${valid.projectId}#DRAFTS`, gsi1sk: `${valid.updatedAt}#${valid.cutId}` };
        if (expectedRevision === 0) {
          const next = { ...valid, revision: 1 };
          if (
            (
              await audited.put({
                keys,
                item: { ...keys, ...extra, id: valid.cutId, revision: 1, ...encodeRecord(next) },
                condition: 'attribute_not_exists(pk)',
                audit,
              })
            ).written
          )
            return next;
          const found = await table.get(keys);
          throw new ConflictError({ entity: 'cut', id: valid.cutId, expected: 0, found: typeof found?.revision === 'number' ? found.revision : null });
        }
        return optimistic({ entity: 'cut', id: valid.cutId, keys, record: valid, expectedRevision, extra, audit });
      },
    },

    reviews: {
      async create({ review, audit }) {
        open();
        const valid = parseIncoming({ schema: ReviewRequestSchema, entity: 'review request', value: review });
        const keys = key.review(valid.versionId);
        const item = {
          ...keys,
          id: valid.versionId,
          gsi1pk: `PROJECT#${valid.projectId}#REVIEWS`,
          gsi1sk: `${valid.sentAt}#${valid.versionId}`,
          ...encodeRecord(valid),
        };
        if ((await audited.put({ keys, item, condition: 'attribute_not_exists(pk)', audit })).written) return { review: valid, created: true };
        const existing = await table.get(keys);
        return { review: existing === null ? valid : readReview(existing), created: false };
      },
      async get({ versionId }) {
        open();
        const item = await table.get(key.review(versionId));
        return item === null ? null : readReview(item);
      },
      async list({ projectId }) {
        open();
        return (await table.queryIndex({ pk: `PROJECT#${projectId}#REVIEWS`, descending: true })).map(readReview);
      },
    },

    comments: {
      async create({ comment, audit }) {
        open();
        const valid = parseIncoming({ schema: CommentSchema, entity: 'comment', value: comment });
        await putNew({
          entity: 'comment',
          id: valid.id,
          item: { ...key.comment(valid.id), ...commentAttributes(valid), revision: valid.revision, ...encodeRecord(valid) },
          audit,
        });
        return valid;
      },
      async get({ id }) {
        open();
        const item = await table.get(key.comment(id));
        return item === null ? null : readComment(item);
      },
      async list({ versionId }) {
        open();
        const items = await table.queryIndex({ pk: `VERSION#${versionId}#COMMENTS` });
        await audited.settle(items);
        return items.map(readComment);
      },
      async update({ comment, expectedRevision, audit }) {
        open();
        const valid = parseIncoming({ schema: CommentSchema, entity: 'comment', value: comment });
        return optimistic({
          entity: 'comment',
          id: valid.id,
          keys: key.comment(valid.id),
          record: valid,
          expectedRevision,
          extra: commentAttributes(valid),
          audit,
        });
      },
    },

    decisions: {
      async append({ decision, audit }) {
        open();
        const valid = parseIncoming({ schema: DecisionSchema, entity: 'decision', value: decision });
        const count = async () => (await table.queryPartition({ pk: `DECISIONS#${valid.versionId}` })).length;
        const conflict = async () => new ConflictError({ entity: 'approval', id: valid.versionId, expected: valid.sequence - 1, found: await count() });
        const keys = key.decision(valid.versionId, valid.sequence);
        // The entry is copied to the log only once the decision stands; taken back, it goes with it.
        const put = await audited.put({
          keys,
          item: { ...keys, id: valid.id, ...encodeRecord(valid) },
          condition: 'attribute_not_exists(pk)',
          audit,
          deferPromotion: true,
        });
        if (!put.written) throw await conflict();
        if (valid.sequence > 1 && (await table.get(key.decision(valid.versionId, valid.sequence - 1))) === null) {
          await table.delete({ ...keys, condition: 'id = :id', values: { ':id': valid.id } });
          throw await conflict();
        }
        await put.promote();
        return valid;
      },
      async list({ versionId }) {
        open();
        const items = await table.queryPartition({ pk: `DECISIONS#${versionId}` });
        await audited.settle(items);
        return items.map(read(DecisionSchema, 'decision'));
      },
    },

    audit: {
      async append({ entry }) {
        open();
        await audited.append(entry);
      },
      async list({ projectId, limit = 500 }) {
        open();
        return (await table.queryPartition({ pk: `AUDIT#${projectId}`, descending: true, limit })).map(read(AuditEntrySchema, 'audit entry'));
      },
    },

    downloads: {
      async append({ entry }) {
        open();
        const valid = parseIncoming({ schema: DownloadEntrySchema, entity: 'download entry', value: entry });
        await appendLog({ prefix: 'DOWNLOADS', projectId: valid.projectId, at: valid.at, id: valid.id, record: valid });
      },
      async list({ projectId, limit = 500 }) {
        open();
        return (await table.queryPartition({ pk: `DOWNLOADS#${projectId}`, descending: true, limit })).map(read(DownloadEntrySchema, 'download entry'));
      },
    },

    publications: {
      async create({ publication, audit }) {
        open();
        const valid = parseIncoming({ schema: PublicationSchema, entity: 'publication', value: publication });
        await putNew({
          entity: 'publication',
          id: valid.slug,
          item: { ...key.publication(valid.slug), id: valid.slug, ...publicationAttributes(valid), revision: valid.revision, ...encodeRecord(valid) },
          audit,
        });
        return valid;
      },
      async get({ slug }) {
        open();
        const item = await table.get(key.publication(slug));
        return item === null ? null : readPublication(item);
      },
      async list() {
        open();
        const items = await table.queryIndex({ pk: 'PUBLICATIONS', descending: true });
        await audited.settle(items);
        return items.map(readPublication);
      },
      async update({ publication, expectedRevision, audit }) {
        open();
        const valid = parseIncoming({ schema: PublicationSchema, entity: 'publication', value: publication });
        return optimistic({
          entity: 'publication',
          id: valid.slug,
          keys: key.publication(valid.slug),
          record: valid,
          expectedRevision,
          extra: publicationAttributes(valid),
          audit,
        });
      },
    },

    async close() {
      closed = true;
    },
  };
}

function uploadAttributes(upload: { id: string; projectId: string; inviteId: string | null; createdAt: string }): Item {
  return { id: upload.id, gsi1pk: `PROJECT#${upload.projectId}#UPLOADS`, gsi1sk: `${upload.createdAt}#${upload.id}`, inviteId: upload.inviteId };
}

function commentAttributes(comment: { id: string; versionId: string; createdAt: string }): Item {
  return { id: comment.id, gsi1pk: `VERSION#${comment.versionId}#COMMENTS`, gsi1sk: `${comment.createdAt}#${comment.id}` };
}

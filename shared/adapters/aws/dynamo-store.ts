import { setTimeout as sleep } from 'node:timers/promises';
import {
  AssetSchema,
  ConflictError,
  NotFoundError,
  ProjectSchema,
  RenderSchema,
  StoreError,
  VersionSchema,
  type Asset,
  type Render,
} from '../../domain/index.ts';
import type { AssetFilter, Store } from '../../ports/index.ts';
import { AlreadyExistsError } from '../../ports/errors.ts';
import { conflictFor, decodeRecord, encodeRecord, parseIncoming, type Item, type Table } from './dynamo-table.ts';
import { createAuditedWrites } from './dynamo-audit.ts';

export interface DynamoStoreOptions {
  table: Table;
  /** How long an asset insert waits for a concurrent insert of the same original to finish. */
  claimWaitMs?: number;
  /** A claim on an original older than this whose asset never appeared (its writer died) is taken over. */
  staleClaimMs?: number;
}

/** Keys of the single table (`sk` is the item type; lists go through `gsi1`). */
const key = {
  project: (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' }),
  asset: (id: string) => ({ pk: `ASSET#${id}`, sk: 'ASSET' }),
  original: (projectId: string, sha256: string) => ({ pk: `ORIGINAL#${projectId}#${sha256}`, sk: 'ORIGINAL' }),
  version: (id: string) => ({ pk: `VERSION#${id}`, sk: 'VERSION' }),
  versionNumber: (projectId: string, cutId: string, n: number) => ({ pk: `VERSIONNUMBER#${projectId}#${cutId}#${n}`, sk: 'VERSIONNUMBER' }),
  cutVersions: (projectId: string, cutId: string) => ({ pk: `CUTVERSIONS#${projectId}#${cutId}`, sk: 'CUTVERSIONS' }),
  render: (id: string) => ({ pk: `RENDER#${id}`, sk: 'RENDER' }),
};
const pad = (n: number) => String(n).padStart(8, '0');

/**
 * The store on one DynamoDB table (keys in {@link TABLE_SCHEMA}), with the contract of the SQLite
 * one (test/contracts/store-contract.ts). Each record is kept as JSON (zod-checked in and out)
 * beside the attributes keys, lists and filters use.
 *
 * - Optimistic updates are conditional writes: `revision = :expected`; a lost race is
 *   `ConflictError` naming the revision found. No TransactWriteItems anywhere.
 * - One asset per original in a project: a claim item `ORIGINAL#<project>#<sha256>` is written
 *   first with `attribute_not_exists`, then the asset. A loser of the race returns the winner's
 *   asset (waiting up to `claimWaitMs` for it to appear). A claim whose asset never appeared after
 *   `staleClaimMs` (its writer died between the two writes) is taken over.
 * - Versions: the number of a cut's version is claimed the same way (`VERSIONNUMBER#…`); a cut's
 *   highest number is kept in `CUTVERSIONS#…` (read consistently by `nextNumber`).
 * - Audit: a project edit's or a new render's entry rides in the item's own conditional put and is
 *   then copied to the log (the outbox of `createAuditedWrites`). A render's later updates (workers)
 *   keep a pending entry instead of copying it; `renders.list` copies one left behind.
 * - Lists query `gsi1` (`PROJECTS`, `PROJECT#<id>#ASSETS|VERSIONS|RENDERS`), ordered by
 *   `createdAt` then id (versions: cut, then number). On AWS a GSI is eventually consistent: a
 *   record written a moment ago may be missing from a list for a fraction of a second (gets are
 *   strongly consistent).
 */
export function createDynamoStore({ table, claimWaitMs = 5000, staleClaimMs = 60_000 }: DynamoStoreOptions): Store {
  let closed = false;
  const open = () => {
    if (closed) throw new StoreError({ code: 'STORE_CLOSED', message: 'The store is closed.', messageVi: 'Kho dữ liệu đã đóng.' });
  };

  const assetItem = (asset: Asset): Item => ({
    ...key.asset(asset.id),
    id: asset.id,
    gsi1pk: `PROJECT#${asset.projectId}#ASSETS`,
    gsi1sk: `${asset.createdAt}#${asset.id}`,
    projectId: asset.projectId,
    sha256: asset.original.sha256,
    kind: asset.kind,
    status: asset.status,
    theme: asset.theme,
    organisation: asset.organisation,
    revision: asset.revision,
    ...encodeRecord(asset),
  });
  const readAsset = (item: Item) => decodeRecord({ schema: AssetSchema, entity: 'asset', item });
  const getAsset = async (id: string) => {
    const item = await table.get(key.asset(id));
    return item === null ? null : readAsset(item);
  };

  const renderItem = (render: Render): Item => ({
    ...key.render(render.id),
    id: render.id,
    gsi1pk: `PROJECT#${render.projectId}#RENDERS`,
    gsi1sk: `${render.createdAt}#${render.id}`,
    versionId: render.versionId,
    status: render.status,
    revision: render.revision,
    ...encodeRecord(render),
  });

  /** Writes the asset of a claim this call holds; an id taken by another asset gives the claim back. */
  const putClaimedAsset = async (asset: Asset): Promise<{ asset: Asset; created: boolean }> => {
    if (await table.put({ item: assetItem(asset), condition: 'attribute_not_exists(pk)' })) return { asset, created: true };
    const existing = await getAsset(asset.id);
    if (existing !== null && existing.projectId === asset.projectId && existing.original.sha256 === asset.original.sha256)
      return { asset: existing, created: false };
    await table.delete({ ...key.original(asset.projectId, asset.original.sha256), condition: 'assetId = :id', values: { ':id': asset.id } });
    throw new AlreadyExistsError({ entity: 'asset', id: asset.id });
  };

  const audited = createAuditedWrites({ table });

  return {
    projects: {
      async create({ project, audit }) {
        open();
        const valid = parseIncoming({ schema: ProjectSchema, entity: 'project', value: project });
        const item = {
          ...key.project(valid.id),
          id: valid.id,
          gsi1pk: 'PROJECTS',
          gsi1sk: `${valid.createdAt}#${valid.id}`,
          revision: valid.revision,
          ...encodeRecord(valid),
        };
        if (!(await audited.put({ keys: key.project(valid.id), item, condition: 'attribute_not_exists(pk)', audit })).written)
          throw new AlreadyExistsError({ entity: 'project', id: valid.id });
        return valid;
      },
      async get({ id }) {
        open();
        const item = await table.get(key.project(id));
        return item === null ? null : decodeRecord({ schema: ProjectSchema, entity: 'project', item });
      },
      async list() {
        open();
        return (await table.queryIndex({ pk: 'PROJECTS' })).map((item) => decodeRecord({ schema: ProjectSchema, entity: 'project', item }));
      },
      async update({ project, expectedRevision, audit }) {
        open();
        const next = parseIncoming({ schema: ProjectSchema, entity: 'project', value: { ...project, revision: expectedRevision + 1 } });
        const item = {
          ...key.project(next.id),
          id: next.id,
          gsi1pk: 'PROJECTS',
          gsi1sk: `${next.createdAt}#${next.id}`,
          revision: next.revision,
          ...encodeRecord(next),
        };
        // The audit entry (before and after) rides in the project's own conditional write: see createAuditedWrites.
        const { written } = await audited.put({
          keys: key.project(next.id),
          item,
          condition: 'attribute_exists(pk) AND revision = :expected',
          values: { ':expected': expectedRevision },
          audit,
        });
        if (!written) throw await conflictFor({ table, entity: 'project', id: next.id, ...key.project(next.id), expected: expectedRevision });
        return next;
      },
    },

    assets: {
      async insertIfAbsent({ asset }) {
        open();
        const valid = parseIncoming({ schema: AssetSchema, entity: 'asset', value: asset });
        if ((await table.get(key.project(valid.projectId))) === null) throw new NotFoundError({ entity: 'project', id: valid.projectId });
        const claimKey = key.original(valid.projectId, valid.original.sha256);
        const deadline = Date.now() + claimWaitMs;
        for (;;) {
          const claimed = await table.put({
            item: { ...claimKey, assetId: valid.id, claimedAt: Date.now() },
            condition: 'attribute_not_exists(pk) OR assetId = :id',
            values: { ':id': valid.id },
          });
          if (claimed) return putClaimedAsset(valid);
          const claim = await table.get(claimKey);
          if (claim === null) continue; // given back meanwhile: try again
          const owner = await getAsset(String(claim.assetId));
          if (owner !== null) return { asset: owner, created: false };
          const age = Date.now() - Number(claim.claimedAt ?? 0);
          if (age > staleClaimMs) {
            // The claimant died between its two writes: take its claim over.
            await table.update({
              ...claimKey,
              set: 'SET assetId = :id, claimedAt = :now',
              condition: 'assetId = :old',
              values: { ':id': valid.id, ':now': Date.now(), ':old': claim.assetId },
            });
            continue;
          }
          if (Date.now() > deadline) {
            throw new StoreError({
              code: 'ORIGINAL_BUSY',
              retryable: true,
              message: `Another asset for the original ${valid.original.sha256} in project "${valid.projectId}" is being recorded; try again in a moment.`,
              messageVi: 'Tệp này đang được ghi nhận. Vui lòng thử lại sau giây lát.',
              details: { projectId: valid.projectId, sha256: valid.original.sha256 },
            });
          }
          await sleep(50);
        }
      },

      async get({ id }) {
        open();
        return getAsset(id);
      },

      async findByOriginal({ projectId, sha256 }) {
        open();
        const claim = await table.get(key.original(projectId, sha256));
        if (claim === null) return null;
        const asset = await getAsset(String(claim.assetId));
        return asset !== null && asset.projectId === projectId && asset.original.sha256 === sha256 ? asset : null;
      },

      async list(filter: AssetFilter) {
        open();
        const conditions: string[] = [];
        const names: Record<string, string> = {};
        const values: Record<string, unknown> = {};
        for (const field of ['kind', 'theme', 'status', 'organisation'] as const) {
          const value = filter[field];
          if (value === undefined) continue;
          conditions.push(`#${field} = :${field}`);
          names[`#${field}`] = field;
          values[`:${field}`] = value;
        }
        const items = await table.queryIndex({
          pk: `PROJECT#${filter.projectId}#ASSETS`,
          ...(conditions.length === 0 ? {} : { filter: conditions.join(' AND '), names, values }),
        });
        return items.map(readAsset);
      },

      async update({ asset, expectedRevision }) {
        open();
        const next = parseIncoming({ schema: AssetSchema, entity: 'asset', value: { ...asset, revision: expectedRevision + 1 } });
        const current = await table.get(key.asset(next.id));
        if (current === null || current.revision !== expectedRevision) {
          throw new ConflictError({
            entity: 'asset',
            id: next.id,
            expected: expectedRevision,
            found: typeof current?.revision === 'number' ? current.revision : null,
          });
        }
        const movedOriginal = current.sha256 !== next.original.sha256 || current.projectId !== next.projectId;
        if (movedOriginal) {
          if ((await table.get(key.project(next.projectId))) === null) throw new NotFoundError({ entity: 'project', id: next.projectId });
          const claimed = await table.put({
            item: { ...key.original(next.projectId, next.original.sha256), assetId: next.id, claimedAt: Date.now() },
            condition: 'attribute_not_exists(pk) OR assetId = :id',
            values: { ':id': next.id },
          });
          if (!claimed) {
            throw new StoreError({
              code: 'DUPLICATE_ORIGINAL',
              message: `Project "${next.projectId}" already has another asset for the original ${next.original.sha256}.`,
              messageVi: 'Dự án đã có tư liệu khác với cùng tệp gốc.',
              details: { id: next.id, projectId: next.projectId, sha256: next.original.sha256 },
            });
          }
        }
        const written = await table.put({
          item: assetItem(next),
          condition: 'attribute_exists(pk) AND revision = :expected',
          values: { ':expected': expectedRevision },
        });
        if (!written) throw await conflictFor({ table, entity: 'asset', id: next.id, ...key.asset(next.id), expected: expectedRevision });
        if (movedOriginal) {
          await table.delete({ ...key.original(String(current.projectId), String(current.sha256)), condition: 'assetId = :id', values: { ':id': next.id } });
        }
        return next;
      },
    },

    versions: {
      async insertIfAbsent({ version }) {
        open();
        const valid = parseIncoming({ schema: VersionSchema, entity: 'version', value: version });
        const stored = await table.get(key.version(valid.id));
        if (stored !== null) return { version: decodeRecord({ schema: VersionSchema, entity: 'version', item: stored }), created: false };
        const numberKey = key.versionNumber(valid.projectId, valid.cutId, valid.number);
        const claimed = await table.put({
          item: { ...numberKey, versionId: valid.id },
          condition: 'attribute_not_exists(pk) OR versionId = :id',
          values: { ':id': valid.id },
        });
        if (!claimed) {
          const highest = await table.get(key.cutVersions(valid.projectId, valid.cutId));
          throw new ConflictError({
            entity: 'version',
            id: `${valid.cutId} v${valid.number}`,
            expected: valid.number - 1,
            found: typeof highest?.maxNumber === 'number' ? highest.maxNumber : valid.number,
          });
        }
        const item = {
          ...key.version(valid.id),
          id: valid.id,
          gsi1pk: `PROJECT#${valid.projectId}#VERSIONS`,
          gsi1sk: `${valid.cutId}#${pad(valid.number)}`,
          ...encodeRecord(valid),
        };
        const created = await table.put({ item, condition: 'attribute_not_exists(pk)' });
        await table.update({
          ...key.cutVersions(valid.projectId, valid.cutId),
          set: 'SET maxNumber = :n',
          condition: 'attribute_not_exists(maxNumber) OR maxNumber < :n',
          values: { ':n': valid.number },
        });
        if (created) return { version: valid, created: true };
        const existing = await table.get(key.version(valid.id));
        return { version: decodeRecord({ schema: VersionSchema, entity: 'version', item: existing ?? item }), created: false };
      },
      async get({ id }) {
        open();
        const item = await table.get(key.version(id));
        return item === null ? null : decodeRecord({ schema: VersionSchema, entity: 'version', item });
      },
      async list({ projectId, cutId }) {
        open();
        const items = await table.queryIndex({ pk: `PROJECT#${projectId}#VERSIONS`, ...(cutId === undefined ? {} : { skPrefix: `${cutId}#` }) });
        return items.map((item) => decodeRecord({ schema: VersionSchema, entity: 'version', item }));
      },
      async nextNumber({ projectId, cutId }) {
        open();
        const highest = await table.get(key.cutVersions(projectId, cutId));
        return (typeof highest?.maxNumber === 'number' ? highest.maxNumber : 0) + 1;
      },
    },

    renders: {
      async create({ render, audit }) {
        open();
        const valid = parseIncoming({ schema: RenderSchema, entity: 'render', value: render });
        // The entry rides in the render's own conditional put and is copied to the log before this
        // returns, so before any job naming the render is queued (see `update`).
        if (!(await audited.put({ keys: key.render(valid.id), item: renderItem(valid), condition: 'attribute_not_exists(pk)', audit })).written) {
          throw new AlreadyExistsError({ entity: 'render', id: valid.id });
        }
        return valid;
      },
      async get({ id }) {
        open();
        const item = await table.get(key.render(id));
        return item === null ? null : decodeRecord({ schema: RenderSchema, entity: 'render', item });
      },
      async list({ projectId, versionId }) {
        open();
        const items = await table.queryIndex({
          pk: `PROJECT#${projectId}#RENDERS`,
          ...(versionId === undefined ? {} : { filter: '#v = :v', names: { '#v': 'versionId' }, values: { ':v': versionId } }),
        });
        // An entry its starter left in the item (it stopped between the two writes) is copied here:
        // only the web app lists renders, and it may write the audit log.
        await audited.settle(items);
        return items.map((item) => decodeRecord({ schema: RenderSchema, entity: 'render', item }));
      },
      async update({ render, expectedRevision }) {
        open();
        const next = parseIncoming({ schema: RenderSchema, entity: 'render', value: { ...render, revision: expectedRevision + 1 } });
        const keys = key.render(next.id);
        const condition = 'attribute_exists(pk) AND revision = :expected';
        // An item that still carries its start's audit entry keeps it (rewritten with the update)
        // rather than having it drained here: the worker and dead-letter functions that update renders
        // may not write the audit log (IAM). `list` and the starter copy it. Only GetItem and PutItem
        // on RENDER#; a second round covers the starter clearing the entry between the get and the put.
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const plain = {
            item: renderItem(next),
            condition: `${condition} AND attribute_not_exists(pendingAuditId)`,
            values: { ':expected': expectedRevision },
          };
          if (await table.put(plain)) return next;
          const stored = await table.get(keys);
          if (stored === null || stored.revision !== expectedRevision) break;
          if (typeof stored.pendingAuditId !== 'string') continue;
          const carried = { ...renderItem(next), pendingAuditId: stored.pendingAuditId, pendingAudit: stored.pendingAudit };
          const values = { ':expected': expectedRevision, ':id': stored.pendingAuditId };
          if (await table.put({ item: carried, condition: `${condition} AND pendingAuditId = :id`, values })) return next;
        }
        throw await conflictFor({ table, entity: 'render', id: next.id, ...keys, expected: expectedRevision });
      },
    },

    async close() {
      closed = true;
    },
  };
}

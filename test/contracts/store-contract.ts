import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StoreError, createProject, type Asset, type Project } from '../../shared/domain/index.ts';
import type { Store } from '../../shared/ports/index.ts';
import { expectRejection } from './expect-rejection.ts';

export interface StoreHarness {
  store: Store;
  /** Removes everything `make` created. */
  cleanup: () => Promise<void>;
}

export interface StoreContractOptions {
  /** Shown in the test names, e.g. `SQLite (local)` or `DynamoDB (emulated)`. */
  name: string;
  /** A fresh, empty store for each test. */
  make: () => Promise<StoreHarness>;
}

const NOW = new Date('2026-03-01T08:00:00.000Z');

const fakeSha = (seed: string) => createHash('sha256').update(seed).digest('hex');

/** A valid asset record, as `submitUpload` makes one; `overrides` change any field. */
export function makeAsset(overrides: Partial<Asset> & { id: string; projectId: string }): Asset {
  const sha256 = overrides.original?.sha256 ?? fakeSha(overrides.id);
  return {
    kind: 'footage',
    requestedKind: null,
    originalName: `${overrides.id}.mp4`,
    organisation: 'Hội Tin học Hải Phòng',
    contributor: 'Trần Minh',
    theme: null,
    speaker: null,
    description: '',
    original: { key: `originals/${sha256}`, sha256, sizeBytes: 1234 },
    probe: null,
    loudness: null,
    derivatives: {},
    warnings: [],
    status: 'queued',
    error: null,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    revision: 0,
    ...overrides,
  };
}

const byId = <T extends { id: string }>(records: T[]) => [...records].sort((a, b) => a.id.localeCompare(b.id));
const ids = (records: { id: string }[]) => records.map((record) => record.id).sort();

/**
 * The `Store` port's contract (projects and assets): what every backend (SQLite, DynamoDB) must do,
 * run unchanged against each of them.
 *
 * @example describeStoreContract({ name: 'SQLite', make: async () => { …; return { store, cleanup }; } });
 */
export function describeStoreContract({ name, make }: StoreContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => cleanup());

    const newProject = async (id: string): Promise<Project> => store.projects.create({ project: createProject({ id, now: NOW }) });

    describe('projects', () => {
      it('creates a project and reads it back as it was given', async () => {
        const project = createProject({ id: 'dai-hoi-2026', congressDate: '2026-12-18', now: NOW });
        expect(await store.projects.create({ project })).toEqual(project);
        expect(await store.projects.get({ id: 'dai-hoi-2026' })).toEqual(project);
      });

      it('returns null for a project that does not exist', async () => {
        expect(await store.projects.get({ id: 'khong-co' })).toBeNull();
      });

      it('lists every project', async () => {
        await newProject('p-one');
        await newProject('p-two');
        expect(ids(await store.projects.list())).toEqual(['p-one', 'p-two']);
      });

      it('refuses to create a project whose id is taken, keeping the first', async () => {
        const first = await newProject('p-dup');
        await expectRejection({
          call: () => store.projects.create({ project: { ...createProject({ id: 'p-dup', now: NOW }), title: 'Another' } }),
          code: 'ALREADY_EXISTS',
          kind: 'conflict',
          type: StoreError,
        });
        expect(await store.projects.get({ id: 'p-dup' })).toEqual(first);
      });

      it('updates from the current revision and stores revision + 1', async () => {
        const project = await newProject('p-up');
        const updated = await store.projects.update({ project: { ...project, title: 'Phóng sự mới' }, expectedRevision: 0 });
        expect(updated.revision).toBe(1);
        expect(updated.title).toBe('Phóng sự mới');
        expect(await store.projects.get({ id: 'p-up' })).toEqual(updated);
        const again = await store.projects.update({ project: { ...updated, title: 'Lần hai' }, expectedRevision: 1 });
        expect(again.revision).toBe(2);
      });

      it('refuses an update from an old revision with ConflictError naming the revision found', async () => {
        const project = await newProject('p-old');
        await store.projects.update({ project, expectedRevision: 0 });
        const error = await expectRejection({
          call: () => store.projects.update({ project: { ...project, title: 'Stale' }, expectedRevision: 0 }),
          code: 'CONFLICT',
          kind: 'conflict',
          type: ConflictError,
        });
        expect(error.details).toMatchObject({ entity: 'project', id: 'p-old', expected: 0, found: 1 });
        expect((await store.projects.get({ id: 'p-old' }))?.title).toBe(project.title);
      });

      it('lets exactly one of two updates from the same revision win', async () => {
        const project = await newProject('p-race');
        const results = await Promise.allSettled([
          store.projects.update({ project: { ...project, title: 'Editor A' }, expectedRevision: 0 }),
          store.projects.update({ project: { ...project, title: 'Editor B' }, expectedRevision: 0 }),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.filter((result) => result.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
        expect((lost[0]?.reason as ConflictError | undefined)?.code).toBe('CONFLICT');
        const stored = await store.projects.get({ id: 'p-race' });
        expect(stored).toEqual(won[0]?.value);
        expect(stored?.revision).toBe(1);
      });

      it('refuses to update a project that does not exist', async () => {
        await expectRejection({
          call: () => store.projects.update({ project: createProject({ id: 'p-ghost', now: NOW }), expectedRevision: 0 }),
          code: 'CONFLICT',
          type: ConflictError,
        });
        expect(await store.projects.get({ id: 'p-ghost' })).toBeNull();
      });
    });

    describe('assets', () => {
      beforeEach(async () => {
        await newProject('p1');
        await newProject('p2');
      });

      it('inserts an asset and finds it by id and by original', async () => {
        const asset = makeAsset({ id: 'a-1', projectId: 'p1' });
        expect(await store.assets.insertIfAbsent({ asset })).toEqual({ asset, created: true });
        expect(await store.assets.get({ id: 'a-1' })).toEqual(asset);
        expect(await store.assets.findByOriginal({ projectId: 'p1', sha256: asset.original.sha256 })).toEqual(asset);
        expect(await store.assets.findByOriginal({ projectId: 'p2', sha256: asset.original.sha256 })).toBeNull();
        expect(await store.assets.get({ id: 'a-missing' })).toBeNull();
      });

      it('keeps one asset per original in a project: a second insert returns the first', async () => {
        const sha256 = fakeSha('same bytes');
        const original = { key: `originals/${sha256}`, sha256, sizeBytes: 99 };
        const first = makeAsset({ id: 'a-first', projectId: 'p1', original });
        const second = makeAsset({ id: 'a-second', projectId: 'p1', original, originalName: 'copy.mp4' });
        await store.assets.insertIfAbsent({ asset: first });
        expect(await store.assets.insertIfAbsent({ asset: second })).toEqual({ asset: first, created: false });
        expect(await store.assets.get({ id: 'a-second' })).toBeNull();
        expect(ids(await store.assets.list({ projectId: 'p1' }))).toEqual(['a-first']);
      });

      it('keeps one asset per original under concurrent inserts', async () => {
        const sha256 = fakeSha('raced bytes');
        const original = { key: `originals/${sha256}`, sha256, sizeBytes: 5 };
        const attempts = ['r-1', 'r-2', 'r-3', 'r-4'].map((id) => makeAsset({ id, projectId: 'p1', original }));
        const results = await Promise.all(attempts.map((asset) => store.assets.insertIfAbsent({ asset })));
        expect(results.filter((result) => result.created)).toHaveLength(1);
        const winner = results.find((result) => result.created)?.asset;
        for (const result of results) expect(result.asset).toEqual(winner);
        expect(await store.assets.list({ projectId: 'p1' })).toEqual([winner]);
      });

      it('lets two projects hold the same original', async () => {
        const sha256 = fakeSha('shared');
        const original = { key: `originals/${sha256}`, sha256, sizeBytes: 1 };
        expect((await store.assets.insertIfAbsent({ asset: makeAsset({ id: 'a-p1', projectId: 'p1', original }) })).created).toBe(true);
        expect((await store.assets.insertIfAbsent({ asset: makeAsset({ id: 'a-p2', projectId: 'p2', original }) })).created).toBe(true);
      });

      it('lists a project’s assets, filtered by kind, theme, status and organisation', async () => {
        const assets = [
          makeAsset({ id: 'f-1', projectId: 'p1', kind: 'footage', theme: 'xay-dung-to-chuc', status: 'ready', organisation: 'Hội Y học' }),
          makeAsset({ id: 'f-2', projectId: 'p1', kind: 'footage', theme: 'hop-tac-quoc-te', status: 'queued', organisation: 'Hội Cơ khí' }),
          makeAsset({ id: 'i-1', projectId: 'p1', kind: 'interview', theme: 'xay-dung-to-chuc', status: 'ready', organisation: 'Hội Cơ khí' }),
          makeAsset({ id: 'm-1', projectId: 'p1', kind: 'music', theme: null, status: 'rejected', organisation: '' }),
          makeAsset({ id: 'o-1', projectId: 'p2', kind: 'footage', theme: 'xay-dung-to-chuc', status: 'ready', organisation: 'Hội Y học' }),
        ];
        for (const asset of assets) await store.assets.insertIfAbsent({ asset });

        expect(byId(await store.assets.list({ projectId: 'p1' }))).toEqual(byId(assets.slice(0, 4)));
        expect(ids(await store.assets.list({ projectId: 'p1', kind: 'footage' }))).toEqual(['f-1', 'f-2']);
        expect(ids(await store.assets.list({ projectId: 'p1', theme: 'xay-dung-to-chuc' }))).toEqual(['f-1', 'i-1']);
        expect(ids(await store.assets.list({ projectId: 'p1', status: 'ready' }))).toEqual(['f-1', 'i-1']);
        expect(ids(await store.assets.list({ projectId: 'p1', organisation: 'Hội Cơ khí' }))).toEqual(['f-2', 'i-1']);
        expect(
          ids(await store.assets.list({ projectId: 'p1', kind: 'footage', status: 'ready', theme: 'xay-dung-to-chuc', organisation: 'Hội Y học' })),
        ).toEqual(['f-1']);
        expect(await store.assets.list({ projectId: 'p1', kind: 'photo' })).toEqual([]);
        expect(ids(await store.assets.list({ projectId: 'p2' }))).toEqual(['o-1']);
        expect(await store.assets.list({ projectId: 'no-such-project' })).toEqual([]);
      });

      it('updates an asset optimistically; the index columns follow the record', async () => {
        const asset = makeAsset({ id: 'a-up', projectId: 'p1' });
        await store.assets.insertIfAbsent({ asset });
        const ready = await store.assets.update({ asset: { ...asset, status: 'ready', kind: 'interview', theme: 'ton-vinh-tri-thuc' }, expectedRevision: 0 });
        expect(ready.revision).toBe(1);
        expect(await store.assets.get({ id: 'a-up' })).toEqual(ready);
        expect(ids(await store.assets.list({ projectId: 'p1', status: 'ready', kind: 'interview', theme: 'ton-vinh-tri-thuc' }))).toEqual(['a-up']);
        expect(await store.assets.list({ projectId: 'p1', status: 'queued' })).toEqual([]);

        const error = await expectRejection({
          call: () => store.assets.update({ asset: { ...asset, status: 'failed' }, expectedRevision: 0 }),
          code: 'CONFLICT',
          kind: 'conflict',
          type: ConflictError,
        });
        expect(error.details).toMatchObject({ entity: 'asset', id: 'a-up', expected: 0, found: 1 });
        expect((await store.assets.get({ id: 'a-up' }))?.status).toBe('ready');
      });

      it('lets exactly one of two asset updates from the same revision win', async () => {
        const asset = makeAsset({ id: 'a-race', projectId: 'p1' });
        await store.assets.insertIfAbsent({ asset });
        const results = await Promise.allSettled([
          store.assets.update({ asset: { ...asset, status: 'processing' }, expectedRevision: 0 }),
          store.assets.update({ asset: { ...asset, status: 'rejected' }, expectedRevision: 0 }),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.filter((result) => result.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0]?.reason as ConflictError | undefined)?.code).toBe('CONFLICT');
        expect(await store.assets.get({ id: 'a-race' })).toEqual(won[0]?.value);
      });

      it('refuses to update an asset that does not exist', async () => {
        await expectRejection({
          call: () => store.assets.update({ asset: makeAsset({ id: 'a-ghost', projectId: 'p1' }), expectedRevision: 0 }),
          code: 'CONFLICT',
          type: ConflictError,
        });
        expect(await store.assets.get({ id: 'a-ghost' })).toBeNull();
      });

      it('round-trips Vietnamese text in NFC, unchanged, and filters on it', async () => {
        const organisation = 'Hội Khoa học Kỹ thuật Cầu đường Hải Phòng';
        const asset = makeAsset({
          id: 'a-vi',
          projectId: 'p1',
          kind: 'interview',
          originalName: 'Phỏng vấn ông Nguyễn Văn Đức – Chủ tịch.mp4',
          organisation,
          contributor: 'Phạm Thị Thuỳ Dương',
          speaker: { name: 'Nguyễn Văn Đức', position: 'Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật' },
          description: 'Đại hội lần thứ I, nhiệm kỳ 2026–2031: “Đoàn kết – Đổi mới – Sáng tạo”.',
          warnings: [{ code: 'LOUD', message: 'Too loud', messageVi: 'Âm lượng quá lớn, cần chỉnh lại.' }],
        });
        for (const text of [asset.originalName, organisation, asset.description]) expect(text).toBe(text.normalize('NFC'));
        await store.assets.insertIfAbsent({ asset });

        const stored = await store.assets.get({ id: 'a-vi' });
        expect(stored).toEqual(asset);
        expect([...(stored?.originalName ?? '')].map((c) => c.codePointAt(0))).toEqual([...asset.originalName].map((c) => c.codePointAt(0)));
        expect(stored?.speaker?.name).toBe('Nguyễn Văn Đức');
        expect(ids(await store.assets.list({ projectId: 'p1', organisation }))).toEqual(['a-vi']);

        const project = await store.projects.get({ id: 'p1' });
        const title = 'Phóng sự Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng lần thứ I';
        await store.projects.update({ project: { ...project!, title }, expectedRevision: 0 });
        expect((await store.projects.get({ id: 'p1' }))?.title).toBe(title);
      });
    });
  });
}

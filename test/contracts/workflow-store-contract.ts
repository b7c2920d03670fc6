import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  createProject,
  type AuditEntry,
  type Comment,
  type CutDraft,
  type Decision,
  type Invite,
  type Publication,
  type Render,
  type Session,
  type UploadRecord,
} from '../../shared/domain/index.ts';
import type { BlobStore, Store, WorkflowStore } from '../../shared/ports/index.ts';
import { freezeCut } from '../../shared/render/index.ts';
import { expectRejection } from './expect-rejection.ts';

export interface WorkflowStoreHarness {
  workflow: WorkflowStore;
  /** The pipeline store on the same database or table: a new render's entry goes to `workflow`'s audit log. */
  store: Store;
  cleanup: () => Promise<void>;
}

const H = (c: string) => c.repeat(64);
const actor = { role: 'editor' as const, label: 'Ban Thông tin', inviteId: 'inv-1' };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();

const invite = (over: Partial<Invite> = {}): Invite => ({
  id: 'inv-1',
  projectId: 'dai-hoi-2026',
  role: 'reviewer',
  stage: 'ban-thuong-vu',
  label: 'Ban Thường vụ',
  tokenHash: H('a'),
  createdAt: at(0),
  expiresAt: at(59),
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});
const session = (over: Partial<Session> = {}): Session => ({
  idHash: H('b'),
  inviteId: 'inv-1',
  projectId: 'dai-hoi-2026',
  role: 'reviewer',
  stage: 'ban-thuong-vu',
  label: 'Ban Thường vụ',
  createdAt: at(1),
  expiresAt: at(50),
  ...over,
});
const upload = (over: Partial<UploadRecord> = {}): UploadRecord => ({
  id: 'up-1',
  projectId: 'dai-hoi-2026',
  key: 'uploads/up-1',
  filename: 'Phỏng vấn.mp4',
  contentType: 'video/mp4',
  sizeBytes: 10,
  metadata: { kind: 'interview' },
  inviteId: 'inv-1',
  state: 'uploading',
  assetId: null,
  createdAt: at(2),
  updatedAt: at(2),
  revision: 0,
  ...over,
});
const draft = (over: Partial<CutDraft> = {}): CutDraft => ({
  projectId: 'dai-hoi-2026',
  cutId: 'phong-su',
  title: 'Phóng sự',
  cut: { id: 'phong-su' },
  updatedBy: actor,
  createdAt: at(3),
  updatedAt: at(3),
  revision: 0,
  ...over,
});
const comment = (over: Partial<Comment> = {}): Comment => ({
  id: 'c-1',
  projectId: 'dai-hoi-2026',
  versionId: 'v-1',
  parentId: null,
  startFrame: 250,
  endFrame: null,
  text: 'Âm thanh nhỏ',
  author: actor,
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  createdAt: at(4),
  updatedAt: at(4),
  revision: 0,
  ...over,
});
const decision = (over: Partial<Decision> = {}): Decision => ({
  id: 'd-1',
  projectId: 'dai-hoi-2026',
  versionId: 'v-1',
  sequence: 1,
  stage: 'tong-bien-tap',
  decision: 'approve',
  note: '',
  reviewer: actor,
  qcOverrideReason: null,
  at: at(5),
  ...over,
});

/**
 * The `WorkflowStore` port's contract: invites, sessions, uploads, cut drafts, comments,
 * decisions and the logs behave alike on every backend.
 */
export function describeWorkflowStoreContract({ name, make }: { name: string; make: () => Promise<WorkflowStoreHarness> }): void {
  describe(`WorkflowStore contract: ${name}`, () => {
    let w: WorkflowStore;
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ workflow: w, store, cleanup } = await make());
    });
    afterEach(async () => cleanup());

    it('finds invites by token hash, lists them by project, revokes once and records use', async () => {
      await w.invites.create({ invite: invite() });
      await w.invites.create({ invite: invite({ id: 'inv-admin', projectId: null, role: 'admin', stage: null, tokenHash: H('c'), createdAt: at(1) }) });
      await expectRejection({ call: () => w.invites.create({ invite: invite({ tokenHash: H('d') }) }), code: 'ALREADY_EXISTS', kind: 'conflict' });
      expect((await w.invites.findByTokenHash({ tokenHash: H('a') }))?.id).toBe('inv-1');
      expect(await w.invites.findByTokenHash({ tokenHash: H('e') })).toBeNull();
      expect((await w.invites.list({ projectId: 'dai-hoi-2026' })).map((i) => i.id)).toEqual(['inv-1']);
      expect((await w.invites.list({ projectId: null })).map((i) => i.id)).toEqual(['inv-admin']);
      expect((await w.invites.revoke({ id: 'inv-1', at: at(10) }))?.revokedAt).toBe(at(10));
      expect((await w.invites.revoke({ id: 'inv-1', at: at(20) }))?.revokedAt).toBe(at(10));
      expect(await w.invites.revoke({ id: 'none', at: at(20) })).toBeNull();
      await w.invites.touch({ id: 'inv-1', at: at(30) });
      expect(await w.invites.get({ id: 'inv-1' })).toMatchObject({ lastUsedAt: at(30), revokedAt: at(10) });
    });

    it('keeps sessions by id hash and ends those of an invite', async () => {
      await w.sessions.create({ session: session() });
      await w.sessions.create({ session: session({ idHash: H('c') }) });
      await w.sessions.create({ session: session({ idHash: H('d'), inviteId: 'inv-2' }) });
      expect(await w.sessions.get({ idHash: H('b') })).toEqual(session());
      expect(await w.sessions.deleteByInvite({ inviteId: 'inv-1' })).toBe(2);
      expect(await w.sessions.get({ idHash: H('b') })).toBeNull();
      expect(await w.sessions.get({ idHash: H('d') })).not.toBeNull();
      await w.sessions.delete({ idHash: H('d') });
      expect(await w.sessions.get({ idHash: H('d') })).toBeNull();
    });

    it('lists admin invites apart, revokes one and ends the sessions it started', async () => {
      const admin = (id: string, minute: number, tokenChar: string) =>
        invite({ id, projectId: null, role: 'admin', stage: null, label: 'Quản trị (CLI)', tokenHash: H(tokenChar), createdAt: at(minute) });
      await w.invites.create({ invite: admin('adm-1', 1, '1') });
      await w.invites.create({ invite: admin('adm-2', 2, '2') });
      await w.invites.create({ invite: invite() });
      expect((await w.invites.list({ projectId: null })).map((i) => i.id)).toEqual(['adm-2', 'adm-1']);
      const adminSession = session({ idHash: H('e'), inviteId: 'adm-1', projectId: null, role: 'admin', stage: null, label: 'Quản trị (CLI)' });
      await w.sessions.create({ session: adminSession });
      await w.sessions.create({ session: session({ idHash: H('f'), inviteId: 'adm-2', projectId: null, role: 'admin', stage: null }) });
      expect((await w.invites.revoke({ id: 'adm-1', at: at(5) }))?.revokedAt).toBe(at(5));
      expect(await w.sessions.deleteByInvite({ inviteId: 'adm-1' })).toBe(1);
      expect(await w.sessions.get({ idHash: H('e') })).toBeNull();
      expect(await w.sessions.get({ idHash: H('f') })).not.toBeNull();
      expect((await w.invites.list({ projectId: null })).map((i) => [i.id, i.revokedAt])).toEqual([
        ['adm-2', null],
        ['adm-1', at(5)],
      ]);
      expect((await w.invites.findByTokenHash({ tokenHash: H('1') }))?.revokedAt).toBe(at(5));
    });

    it("records a session's last request, and never brings back a deleted session", async () => {
      await w.sessions.create({ session: session() });
      await w.sessions.touch({ idHash: H('b'), at: at(7) });
      expect(await w.sessions.get({ idHash: H('b') })).toEqual({ ...session(), lastSeenAt: at(7) });
      await w.sessions.delete({ idHash: H('b') });
      await w.sessions.touch({ idHash: H('b'), at: at(8) });
      expect(await w.sessions.get({ idHash: H('b') })).toBeNull();
      await w.sessions.touch({ idHash: H('9'), at: at(8) });
      expect(await w.sessions.get({ idHash: H('9') })).toBeNull();
    });

    it("updates uploads optimistically and lists one person's", async () => {
      await w.uploads.create({ upload: upload() });
      await w.uploads.create({ upload: upload({ id: 'up-2', key: 'uploads/up-2', inviteId: 'inv-2', createdAt: at(3) }) });
      const saved = await w.uploads.update({ upload: { ...upload(), state: 'completed', assetId: 'a-1' }, expectedRevision: 0 });
      // The staged key leads back to its upload (an S3 notification names only the key).
      expect(await w.uploads.findByKey({ key: 'uploads/up-2' })).toMatchObject({ id: 'up-2', inviteId: 'inv-2' });
      expect(await w.uploads.findByKey({ key: 'uploads/up-1' })).toMatchObject({ id: 'up-1', state: 'completed', assetId: 'a-1' });
      expect(await w.uploads.findByKey({ key: 'uploads/none' })).toBeNull();
      expect(saved.revision).toBe(1);
      const stale = await expectRejection({
        call: () => w.uploads.update({ upload: { ...upload(), state: 'aborted' }, expectedRevision: 0 }),
        code: 'CONFLICT',
        type: ConflictError,
      });
      expect(stale.details.found).toBe(1);
      expect((await w.uploads.list({ projectId: 'dai-hoi-2026' })).map((u) => u.id)).toEqual(['up-2', 'up-1']);
      expect((await w.uploads.list({ projectId: 'dai-hoi-2026', inviteId: 'inv-1' })).map((u) => [u.id, u.state])).toEqual([['up-1', 'completed']]);
    });

    it('saves cut drafts with optimistic revisions: two editors saving the same revision, one wins', async () => {
      const first = await w.cuts.save({ draft: draft(), expectedRevision: 0 });
      expect(first.revision).toBe(1);
      await expectRejection({ call: () => w.cuts.save({ draft: draft({ title: 'again' }), expectedRevision: 0 }), code: 'CONFLICT' });
      const results = await Promise.allSettled([
        w.cuts.save({ draft: draft({ title: 'A' }), expectedRevision: 1 }),
        w.cuts.save({ draft: draft({ title: 'B' }), expectedRevision: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await w.cuts.get({ projectId: 'dai-hoi-2026', cutId: 'phong-su' }))?.revision).toBe(2);
      expect((await w.cuts.list({ projectId: 'dai-hoi-2026' })).map((d) => d.cutId)).toEqual(['phong-su']);
    });

    it('keeps comments per version, oldest first, with replies and optimistic resolve', async () => {
      await w.comments.create({ comment: comment() });
      await w.comments.create({ comment: comment({ id: 'c-2', parentId: 'c-1', createdAt: at(6), text: 'Đã sửa' }) });
      await w.comments.create({ comment: comment({ id: 'c-3', versionId: 'v-2' }) });
      expect((await w.comments.list({ versionId: 'v-1' })).map((c) => [c.id, c.parentId])).toEqual([
        ['c-1', null],
        ['c-2', 'c-1'],
      ]);
      const resolved = await w.comments.update({ comment: { ...comment(), resolved: true, resolvedBy: actor, resolvedAt: at(7) }, expectedRevision: 0 });
      expect(resolved).toMatchObject({ resolved: true, revision: 1 });
      await expectRejection({ call: () => w.comments.update({ comment: comment(), expectedRevision: 0 }), code: 'CONFLICT' });
    });

    it('appends decisions in sequence: of two decisions made on the same state, exactly one is stored', async () => {
      await w.decisions.append({ decision: decision() });
      await expectRejection({ call: () => w.decisions.append({ decision: decision({ id: 'd-x', sequence: 3 }) }), code: 'CONFLICT' });
      const race = await Promise.allSettled([
        w.decisions.append({ decision: decision({ id: 'd-2', sequence: 2, stage: 'tieu-ban-tuyen-truyen' }) }),
        w.decisions.append({ decision: decision({ id: 'd-3', sequence: 2, stage: 'tieu-ban-tuyen-truyen', decision: 'request-changes' }) }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      expect((await w.decisions.list({ versionId: 'v-1' })).map((d) => d.sequence)).toEqual([1, 2]);
      expect(await w.decisions.list({ versionId: 'v-2' })).toEqual([]);
    });

    it('appends to the audit and download logs and lists them newest first', async () => {
      const entry = (id: string, minute: number): AuditEntry => ({
        id,
        projectId: 'dai-hoi-2026',
        at: at(minute),
        actor,
        action: 'cut.save',
        subject: 'phong-su',
        details: { revision: minute },
      });
      await w.audit.append({ entry: entry('e-1', 1) });
      await w.audit.append({ entry: entry('e-2', 2) });
      await w.audit.append({ entry: { ...entry('e-3', 3), projectId: 'khac' } });
      expect((await w.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-2', 'e-1']);
      expect((await w.audit.list({ projectId: 'dai-hoi-2026', limit: 1 })).map((e) => e.id)).toEqual(['e-2']);
      await w.downloads.append({
        entry: {
          id: 'dl-1',
          projectId: 'dai-hoi-2026',
          at: at(4),
          renderId: 'r-1',
          profile: 'broadcast',
          file: 'a.mp4',
          by: 'inv-9',
          range: '0-99',
          bytes: 100,
          ip: '10.0.0.1',
        },
      });
      expect(await w.downloads.list({ projectId: 'dai-hoi-2026' })).toEqual([expect.objectContaining({ id: 'dl-1', range: '0-99', bytes: 100 })]);
    });

    const entry = (id: string, action: string, minute = 9): AuditEntry => ({
      id,
      projectId: 'dai-hoi-2026',
      at: at(minute),
      actor,
      action,
      subject: 's',
      details: { n: id },
    });
    const logged = async () => (await w.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id).sort();

    it('writes a change and its audit entry together; a refused change (conflict, taken id) writes neither', async () => {
      await w.cuts.save({ draft: draft(), expectedRevision: 0, audit: entry('a-save-1', 'cut.save') });
      await expectRejection({
        call: () => w.cuts.save({ draft: draft({ title: 'stale' }), expectedRevision: 0, audit: entry('a-save-stale', 'cut.save') }),
        code: 'CONFLICT',
      });
      await expectRejection({
        call: () => w.cuts.save({ draft: draft({ title: 'stale' }), expectedRevision: 5, audit: entry('a-save-stale-2', 'cut.save') }),
        code: 'CONFLICT',
      });
      expect((await w.cuts.get({ projectId: 'dai-hoi-2026', cutId: 'phong-su' }))?.title).toBe('Phóng sự');

      await w.comments.create({ comment: comment(), audit: entry('a-comment', 'comment.add') });
      await expectRejection({
        call: () => w.comments.create({ comment: comment({ text: 'again' }), audit: entry('a-comment-dup', 'comment.add') }),
        code: 'ALREADY_EXISTS',
      });
      await w.comments.update({ comment: { ...comment(), resolved: true }, expectedRevision: 0, audit: entry('a-resolve', 'comment.resolve') });
      await expectRejection({
        call: () => w.comments.update({ comment: comment(), expectedRevision: 0, audit: entry('a-resolve-stale', 'comment.reopen') }),
        code: 'CONFLICT',
      });

      await w.uploads.create({ upload: upload(), audit: entry('a-upload', 'upload.start') });
      await expectRejection({
        call: () => w.uploads.update({ upload: upload({ state: 'aborted' }), expectedRevision: 3, audit: entry('a-upload-stale', 'upload.abort') }),
        code: 'CONFLICT',
      });

      await w.invites.create({ invite: invite(), audit: entry('a-invite', 'invite.create') });
      await expectRejection({
        call: () => w.invites.create({ invite: invite({ tokenHash: H('d') }), audit: entry('a-invite-dup', 'invite.create') }),
        code: 'ALREADY_EXISTS',
      });
      await w.invites.revoke({ id: 'inv-1', at: at(10), audit: entry('a-revoke', 'invite.revoke') });
      // Revoking again changes nothing, so it records nothing.
      await w.invites.revoke({ id: 'inv-1', at: at(11), audit: entry('a-revoke-again', 'invite.revoke') });
      await w.sessions.create({ session: session(), audit: entry('a-session', 'session.start') });

      expect(await logged()).toEqual(['a-comment', 'a-invite', 'a-resolve', 'a-revoke', 'a-save-1', 'a-session', 'a-upload']);
    });

    it('records a decision and its audit entry in one write; of two racing decisions only the stored one is logged', async () => {
      await w.decisions.append({ decision: decision(), audit: entry('a-d1', 'decision.approve') });
      const race = await Promise.allSettled([
        w.decisions.append({ decision: decision({ id: 'd-2', sequence: 2, stage: 'tieu-ban' }), audit: entry('a-d2', 'decision.approve') }),
        w.decisions.append({
          decision: decision({ id: 'd-2b', sequence: 2, stage: 'tieu-ban', decision: 'request-changes' }),
          audit: entry('a-d2b', 'decision.request-changes'),
        }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      // A decision with a gap (sequence 4 after 2) is refused: its entry goes with it.
      await expectRejection({
        call: () => w.decisions.append({ decision: decision({ id: 'd-4', sequence: 4 }), audit: entry('a-d4', 'decision.approve') }),
        code: 'CONFLICT',
      });
      const stored = (await w.decisions.list({ versionId: 'v-1' })).map((d) => d.id);
      expect(stored).toHaveLength(2);
      expect(await logged()).toEqual(stored.map((id) => ({ 'd-1': 'a-d1', 'd-2': 'a-d2', 'd-2b': 'a-d2b' })[id]).sort());
    });

    it('records a new render and its version.render entry in one write; a taken render id writes neither', async () => {
      await store.projects.create({ project: createProject({ id: 'dai-hoi-2026', now: new Date(at(0)) }) });
      const clock = { now: () => new Date(at(6)) };
      // A title-only cut names no asset: freezing it reads no blob.
      const cut = {
        schemaVersion: 1,
        projectId: 'dai-hoi-2026',
        id: 'phong-su',
        title: 'Phóng sự',
        shots: [{ id: 't1', type: 'title', text: 'Đại hội', duration: 50 }],
      };
      const { version } = await freezeCut({ deps: { store, clock, blobs: {} as BlobStore }, cut });
      const render: Render = {
        id: randomUUID(),
        projectId: 'dai-hoi-2026',
        versionId: version.id,
        versionNumber: version.number,
        profile: 'review',
        status: 'queued',
        progress: { phase: 'queued', segmentsDone: 0, segmentsTotal: 0, segmentsReused: 0 },
        files: [],
        qc: null,
        error: null,
        timings: {},
        createdAt: at(6),
        updatedAt: at(6),
        revision: 0,
      };
      await store.renders.create({ render, audit: entry('a-render', 'version.render') });
      await expectRejection({
        call: () => store.renders.create({ render: { ...render, profile: 'broadcast' }, audit: entry('a-render-dup', 'version.render') }),
        code: 'ALREADY_EXISTS',
      });
      expect((await store.renders.get({ id: render.id }))?.profile).toBe('review');
      // The render's updates (a worker's) leave the log alone and keep working after the entry.
      await store.renders.update({ render: { ...render, status: 'running' }, expectedRevision: 0 });
      expect((await store.renders.list({ projectId: 'dai-hoi-2026', versionId: version.id })).map((r) => r.status)).toEqual(['running']);
      expect(await logged()).toEqual(['a-render']);
    });

    it('keeps the first review request of a version (its approval chain frozen) and logs only that one', async () => {
      const chain = [{ id: 'tong-bien-tap', label: { vi: 'Tổng biên tập', en: 'Editor-in-chief' } }];
      const review = { versionId: 'v-1', projectId: 'dai-hoi-2026', cutId: 'phong-su', chain, sentAt: at(12), sentBy: actor };
      expect(await w.reviews.create({ review, audit: entry('a-sent', 'version.send-to-review') })).toEqual({ review, created: true });
      const again = await w.reviews.create({
        review: { ...review, chain: [...chain, { id: 'ban-thuong-vu', label: { vi: 'Ban Thường vụ', en: 'Standing Committee' } }], sentAt: at(13) },
        audit: entry('a-sent-again', 'version.send-to-review'),
      });
      expect(again).toEqual({ review, created: false });
      await w.reviews.create({ review: { ...review, versionId: 'v-2', sentAt: at(14) } });
      await w.reviews.create({ review: { ...review, versionId: 'v-9', projectId: 'khac' } });
      expect(await w.reviews.get({ versionId: 'v-1' })).toEqual(review);
      expect(await w.reviews.get({ versionId: 'v-3' })).toBeNull();
      expect((await w.reviews.list({ projectId: 'dai-hoi-2026' })).map((r) => r.versionId)).toEqual(['v-2', 'v-1']);
      expect(await logged()).toEqual(['a-sent']);
    });

    it('keeps publications by slug, newest first; a taken slug is refused; withdrawing is an optimistic update with its entry', async () => {
      const publication = (over: Partial<Publication> = {}): Publication => ({
        slug: 'dai-hoi-lan-thu-i',
        projectId: 'dai-hoi-2026',
        cutId: 'phong-su',
        versionId: H('e'),
        versionNumber: 2,
        renderId: 'r-stream',
        title: 'Đại hội Liên hiệp Hội lần thứ I',
        description: '',
        durationFrames: 3000,
        token: 'AAAAAAAAAAAAAAAAAAAAAA',
        media: {
          hls: 'hls/master.m3u8',
          captions: [{ lang: 'vi', label: 'Tiếng Việt', name: 'captions/vi.vtt' }],
          poster: 'poster.jpg',
          download: null,
          width: 1920,
          height: 1080,
        },
        chapters: [{ title: 'Mở đầu', frame: 0 }],
        publishedAt: at(20),
        publishedBy: { ...actor, role: 'admin' },
        withdrawnAt: null,
        revision: 0,
        ...over,
      });
      await w.publications.create({ publication: publication(), audit: entry('a-publish', 'version.publish') });
      await expectRejection({
        call: () => w.publications.create({ publication: publication({ title: 'again' }), audit: entry('a-publish-dup', 'version.publish') }),
        code: 'ALREADY_EXISTS',
      });
      await w.publications.create({ publication: publication({ slug: 'tin-be-mac', publishedAt: at(25) }) });
      expect((await w.publications.list()).map((p) => p.slug)).toEqual(['tin-be-mac', 'dai-hoi-lan-thu-i']);
      expect(await w.publications.get({ slug: 'dai-hoi-lan-thu-i' })).toEqual(publication());
      expect(await w.publications.get({ slug: 'khong-co' })).toBeNull();

      const withdrawn = await w.publications.update({
        publication: { ...publication(), withdrawnAt: at(30) },
        expectedRevision: 0,
        audit: entry('a-withdraw', 'version.unpublish'),
      });
      expect(withdrawn.revision).toBe(1);
      await expectRejection({
        call: () => w.publications.update({ publication: publication(), expectedRevision: 0, audit: entry('a-withdraw-stale', 'version.unpublish') }),
        code: 'CONFLICT',
      });
      expect((await w.publications.get({ slug: 'dai-hoi-lan-thu-i' }))?.withdrawnAt).toBe(at(30));
      expect(await logged()).toEqual(['a-publish', 'a-withdraw']);
    });
  });
}

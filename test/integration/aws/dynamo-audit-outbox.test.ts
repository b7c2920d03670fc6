import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore, createDynamoWorkflowStore } from '../../../shared/adapters/aws/index.ts';
import { encodeRecord } from '../../../shared/adapters/aws/dynamo-table.ts';
import { createProject, type AuditEntry, type CutDraft, type Render } from '../../../shared/domain/index.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { makeResources } from './aws-resources.ts';

const actor = { role: 'editor' as const, label: 'Ban Thông tin', inviteId: 'inv-1' };
const entry = (id: string, at = '2026-11-01T08:00:00.000Z'): AuditEntry => ({
  id,
  projectId: 'dai-hoi-2026',
  at,
  actor,
  action: 'cut.save',
  subject: 'phong-su',
  details: {},
});
const draft = (over: Partial<CutDraft> = {}): CutDraft => ({
  projectId: 'dai-hoi-2026',
  cutId: 'phong-su',
  title: 'Phóng sự',
  cut: { id: 'phong-su' },
  updatedBy: actor,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
  revision: 0,
  ...over,
});

/**
 * The DynamoDB side of "audit that cannot miss": the entry rides in the changed item's own
 * conditional write; a writer that stops before copying it to the log loses nothing.
 */
describe('DynamoDB audit outbox (dynalite)', () => {
  let emulators: Emulators;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => emulators?.close());

  it('drains an entry a stopped writer left in the item before the next write of that item', async () => {
    const resources = await makeResources({ emulators });
    try {
      const workflow = createDynamoWorkflowStore({ table: resources.table });
      const saved = await workflow.cuts.save({ draft: draft(), expectedRevision: 0, audit: entry('e-1') });
      // A writer that stored revision 2 with its entry and stopped before copying it to the log.
      const keys = { pk: 'DRAFT#dai-hoi-2026#phong-su', sk: 'DRAFT' };
      const item = (await resources.table.get(keys))!;
      const stranded = entry('e-2', '2026-11-01T08:01:00.000Z');
      await resources.table.put({
        item: {
          ...item,
          revision: 2,
          ...encodeRecord({ ...saved, title: 'B', revision: 2 }),
          pendingAuditId: stranded.id,
          pendingAudit: JSON.stringify(stranded),
        },
      });
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-1']);

      // A stale write is still a conflict, and logs nothing of its own…
      await expectRejection({
        call: () => workflow.cuts.save({ draft: draft({ title: 'stale' }), expectedRevision: 1, audit: entry('e-stale', '2026-11-01T08:02:00.000Z') }),
        code: 'CONFLICT',
      });
      // …but the stranded entry of the change that did happen is in the log now.
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-2', 'e-1']);
      await workflow.cuts.save({ draft: draft({ title: 'C' }), expectedRevision: 2, audit: entry('e-3', '2026-11-01T08:03:00.000Z') });
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-3', 'e-2', 'e-1']);
      const after = (await resources.table.get(keys))!;
      expect(after.pendingAudit).toBeUndefined();
    } finally {
      await resources.cleanup();
    }
  });

  it("copies a stranded entry of an append-only item (a decision) when it is listed, and a project edit's entry with the edit", async () => {
    const resources = await makeResources({ emulators });
    try {
      const workflow = createDynamoWorkflowStore({ table: resources.table });
      const store = createDynamoStore({ table: resources.table });
      const decision = {
        id: 'd-1',
        projectId: 'dai-hoi-2026',
        versionId: 'v-1',
        sequence: 1,
        stage: 'tong-bien-tap',
        decision: 'approve' as const,
        note: '',
        reviewer: actor,
        qcOverrideReason: null,
        at: '2026-11-01T08:00:00.000Z',
      };
      const stranded = entry('e-decision');
      await resources.table.put({
        item: {
          pk: 'DECISIONS#v-1',
          sk: 'DECISION#0000000001',
          id: 'd-1',
          ...encodeRecord(decision),
          pendingAuditId: stranded.id,
          pendingAudit: JSON.stringify(stranded),
        },
      });
      expect((await workflow.decisions.list({ versionId: 'v-1' })).map((d) => d.id)).toEqual(['d-1']);
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-decision']);

      const project = await store.projects.create({
        project: createProject({ id: 'dai-hoi-2026', now: new Date('2026-11-01T08:00:00Z') }),
        audit: entry('e-project', '2026-11-01T08:05:00.000Z'),
      });
      await expectRejection({
        call: () =>
          store.projects.update({ project: { ...project, title: 'stale' }, expectedRevision: 7, audit: entry('e-stale', '2026-11-01T08:06:00.000Z') }),
        code: 'CONFLICT',
      });
      await store.projects.update({
        project: { ...project, title: 'Mới' },
        expectedRevision: project.revision,
        audit: entry('e-edit', '2026-11-01T08:07:00.000Z'),
      });
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-edit', 'e-project', 'e-decision']);
    } finally {
      await resources.cleanup();
    }
  });

  it("keeps a render start's stranded entry through a worker's update (no audit-log write), and copies it when the web app lists renders", async () => {
    const resources = await makeResources({ emulators });
    try {
      const workflow = createDynamoWorkflowStore({ table: resources.table });
      const store = createDynamoStore({ table: resources.table });
      const render: Render = {
        id: 'r-1',
        projectId: 'dai-hoi-2026',
        versionId: 'v-1',
        versionNumber: 1,
        profile: 'review',
        status: 'queued',
        progress: { phase: 'queued', segmentsDone: 0, segmentsTotal: 0, segmentsReused: 0 },
        files: [],
        qc: null,
        error: null,
        timings: {},
        createdAt: '2026-11-01T08:00:00.000Z',
        updatedAt: '2026-11-01T08:00:00.000Z',
        revision: 0,
      };
      await store.renders.create({ render, audit: { ...entry('e-render'), action: 'version.render' } });
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-render']);
      expect((await resources.table.get({ pk: 'RENDER#r-1', sk: 'RENDER' }))?.pendingAudit).toBeUndefined();

      // A starter that stored the render with its entry and stopped before copying it to the log.
      const stranded = { ...entry('e-stranded'), action: 'version.render' };
      const item = (await resources.table.get({ pk: 'RENDER#r-1', sk: 'RENDER' }))!;
      await resources.table.put({ item: { ...item, pendingAuditId: stranded.id, pendingAudit: JSON.stringify(stranded) } });
      // The worker's update goes through and keeps the entry in the item; a stale one is still a conflict.
      const running = await store.renders.update({ render: { ...render, status: 'running' }, expectedRevision: 0 });
      await expectRejection({ call: () => store.renders.update({ render: { ...render, status: 'failed' }, expectedRevision: 0 }), code: 'CONFLICT' });
      expect((await resources.table.get({ pk: 'RENDER#r-1', sk: 'RENDER' }))?.pendingAuditId).toBe('e-stranded');
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id)).toEqual(['e-render']);

      // Listing (the web app) copies an entry left more than a minute ago, and clears it from the item.
      expect((await store.renders.list({ projectId: 'dai-hoi-2026' })).map((r) => r.status)).toEqual(['running']);
      expect((await workflow.audit.list({ projectId: 'dai-hoi-2026' })).map((e) => e.id).sort()).toEqual(['e-render', 'e-stranded']);
      expect((await resources.table.get({ pk: 'RENDER#r-1', sk: 'RENDER' }))?.pendingAudit).toBeUndefined();
      await store.renders.update({ render: { ...running, status: 'done' }, expectedRevision: running.revision });
    } finally {
      await resources.cleanup();
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, type Render, type Version } from '../../../shared/domain/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import { launchRender, type RenderLauncher } from '../../../shared/render/launch/index.ts';
import { sendToReview } from '../../../shared/review/review-requests.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const OTHER = 'dai-hoi-khac';
const titleCut = (projectId: string, text: string) => ({
  schemaVersion: 1,
  projectId,
  id: 'phong-su',
  title: 'Phóng sự',
  shots: [{ id: 't1', type: 'title', text, duration: 100 }],
});

/**
 * Reviewers see only versions sent to review, by list or by id; the approval chain is frozen into
 * a version when it is sent; every change is in the audit log. Over real HTTP on 127.0.0.1.
 */
describe('reviewer visibility, frozen approval chain and audit (real HTTP)', () => {
  let h: WebHarness;
  let server: ServerType;
  let base: string;
  let admin: Client;
  let editor: Client;
  let reviewer: Client;
  let sent: Version;
  let unsent: Version;
  let otherSent: Version;
  let unsentRender: Render;

  /** A launcher that finishes the recorded render at once with a passing QC, as a real one would in the end. */
  const launcher = (): RenderLauncher => ({
    recordsAs: 'running',
    stands: () => false,
    async launch({ render }) {
      return h.backend.store.renders.update({
        render: {
          ...render,
          status: 'done',
          progress: { phase: 'done', segmentsDone: 1, segmentsTotal: 1, segmentsReused: 0 },
          qc: { status: 'pass', failed: [], loudness: null },
          updatedAt: h.clock.now().toISOString(),
        },
        expectedRevision: render.revision,
      });
    },
    progress: () => null,
    idle: async () => undefined,
  });

  /** The request over the socket, with the client's cookie and CSRF token. */
  const http = (client: Client, path: string, init: { method?: string; json?: unknown } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
  const body = async (response: Response) => (await response.json()) as Record<string, unknown>;

  beforeAll(async () => {
    h = await makeWebHarness({ renders: () => launcher() });
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = await h.signIn({ role: 'admin' });
    editor = await h.signIn({ role: 'editor' });
    reviewer = await h.signIn({ role: 'reviewer', stage: 'tong-bien-tap' });

    // v1 sent to review through the editor's own route; v2 frozen but never sent.
    const cuts = `/api/projects/${PROJECT_ID}/cuts/phong-su`;
    expect((await http(editor, cuts, { method: 'PUT', json: { cut: titleCut(PROJECT_ID, 'Bản gửi duyệt'), expectedRevision: 0 } })).status).toBe(200);
    const rendered = await http(editor, `${cuts}/render`, { method: 'POST' });
    expect(rendered.status).toBe(202);
    sent = ((await rendered.json()) as { version: Version }).version;
    ({ version: unsent } = await freezeCut({ deps: { ...h.backend, clock: h.clock }, cut: titleCut(PROJECT_ID, 'Bản nháp chưa gửi') }));
    unsentRender = await launchRender({ deps: { store: h.backend.store, clock: h.clock }, renders: launcher(), version: unsent, profile: 'broadcast' });

    // Another project with a version sent to review there.
    const other = await h.backend.store.projects.create({ project: createProject({ id: OTHER, now: h.clock.now() }) });
    ({ version: otherSent } = await freezeCut({ deps: { ...h.backend, clock: h.clock }, cut: titleCut(OTHER, 'Dự án khác') }));
    await sendToReview({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: other,
      version: otherSent,
      actor: { role: 'editor', label: 'khác', inviteId: null },
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  it('lists only versions sent to review to a reviewer; an editor sees them all', async () => {
    const list = async (client: Client) =>
      ((await body(await http(client, `/api/projects/${PROJECT_ID}/versions`))).versions as { id: string }[]).map((v) => v.id);
    expect(await list(reviewer)).toEqual([sent.id]);
    expect((await list(editor)).sort()).toEqual([sent.id, unsent.id].sort());
  });

  it('answers a reviewer asking for a version never sent to review by id with the same 404 as an unknown id, on every route, leaking nothing', async () => {
    const unknown = randomUUID();
    const unknownRender = randomUUID();
    const routes = (versionId: string, renderId: string) => [
      { path: `/api/projects/${PROJECT_ID}/versions/${versionId}` },
      { path: `/api/projects/${PROJECT_ID}/versions/${versionId}/comments` },
      { path: `/api/projects/${PROJECT_ID}/versions/${versionId}/comments`, method: 'POST', json: { startFrame: 1, text: 'xem trộm' } },
      { path: `/api/projects/${PROJECT_ID}/versions/${versionId}/approvals` },
      {
        path: `/api/projects/${PROJECT_ID}/versions/${versionId}/decisions`,
        method: 'POST',
        json: { stage: 'tong-bien-tap', decision: 'approve', expectedSequence: 0 },
      },
      { path: `/api/projects/${PROJECT_ID}/renders/${renderId}` },
      { path: `/api/projects/${PROJECT_ID}/renders/${renderId}/events` },
      { path: `/api/projects/${PROJECT_ID}/renders/${renderId}/media` },
      { path: `/api/projects/${PROJECT_ID}/renders/${renderId}/qc` },
    ];
    const hidden = routes(unsent.id, unsentRender.id);
    const missing = routes(unknown, unknownRender);
    for (const [index, route] of hidden.entries()) {
      const response = await http(reviewer, route.path, route);
      const text = await response.text();
      expect(response.status, route.path).toBe(404);
      const missingResponse = await http(reviewer, missing[index]!.path, missing[index]!);
      expect(missingResponse.status).toBe(404);
      const shape = (t: string) =>
        JSON.parse(t.replaceAll(unsent.id, 'ID').replaceAll(unsentRender.id, 'ID').replaceAll(unknown, 'ID').replaceAll(unknownRender, 'ID')) as {
          error: Record<string, unknown>;
        };
      const { requestId: _a, ...seen } = shape(text).error;
      const { requestId: _b, ...expected } = shape(await missingResponse.text()).error;
      expect(seen, route.path).toEqual(expected);
      expect(text).not.toContain('Bản nháp');
    }
    // Nothing was written through those routes.
    expect(await h.backend.workflow.comments.list({ versionId: unsent.id })).toEqual([]);
    expect(await h.backend.workflow.decisions.list({ versionId: unsent.id })).toEqual([]);
    // An editor reaches the same version.
    expect((await http(editor, `/api/projects/${PROJECT_ID}/versions/${unsent.id}`)).status).toBe(200);
  });

  it("answers another project's ids with 404 or 403, never the record", async () => {
    for (const client of [reviewer, editor]) {
      const inOwn = await http(client, `/api/projects/${PROJECT_ID}/versions/${otherSent.id}`);
      expect(inOwn.status).toBe(404);
      expect(await inOwn.text()).not.toContain('Dự án khác');
      const inOther = await http(client, `/api/projects/${OTHER}/versions/${otherSent.id}`);
      expect([403, 404]).toContain(inOther.status);
      expect(await inOther.text()).not.toContain('Dự án khác');
    }
  });

  it("lets a reviewer see a version sent to review, without naming versions that were not (no 'previous' leak)", async () => {
    const detail = await body(await http(reviewer, `/api/projects/${PROJECT_ID}/versions/${sent.id}`));
    expect(detail).toMatchObject({ version: { id: sent.id } });
    const comment = await http(reviewer, `/api/projects/${PROJECT_ID}/versions/${sent.id}/comments`, {
      method: 'POST',
      json: { startFrame: 10, text: 'Đã xem' },
    });
    expect(comment.status).toBe(201);
  });

  it('keeps the state of a version already decided when the approval chain is edited later, and audits the edit with before and after', async () => {
    for (const stage of ['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu']) {
      const sequence = (await body(await http(admin, `/api/projects/${PROJECT_ID}/versions/${sent.id}/approvals`))).sequence as number;
      expect(
        (
          await http(admin, `/api/projects/${PROJECT_ID}/versions/${sent.id}/decisions`, {
            method: 'POST',
            json: { stage, decision: 'approve', expectedSequence: sequence },
          })
        ).status,
      ).toBe(201);
    }
    const project = (await body(await http(admin, `/api/projects/${PROJECT_ID}`))).project as {
      revision: number;
      approvalChain: { id: string; label: { vi: string; en: string } }[];
    };
    const longer = [...project.approvalChain, { id: 'ban-chap-hanh', label: { vi: 'Ban Chấp hành', en: 'Executive Committee' } }];
    const patched = await http(admin, `/api/projects/${PROJECT_ID}`, { method: 'PATCH', json: { expectedRevision: project.revision, approvalChain: longer } });
    expect(patched.status).toBe(200);

    const approvals = await body(await http(reviewer, `/api/projects/${PROJECT_ID}/versions/${sent.id}/approvals`));
    expect(approvals).toMatchObject({ state: 'approved', nextStage: null });
    expect((approvals.stages as { id: string }[]).map((s) => s.id)).toEqual(project.approvalChain.map((s) => s.id));
    const deliveries = (await body(await http(editor, `/api/projects/${PROJECT_ID}/deliveries`))).deliveries as { version: { id: string } }[];
    expect(deliveries.map((d) => d.version.id)).toEqual([sent.id]);

    // A version sent after the edit is judged by the new chain.
    expect(
      (await http(editor, `/api/projects/${PROJECT_ID}/cuts/phong-su`, { method: 'PUT', json: { cut: titleCut(PROJECT_ID, 'Bản 3'), expectedRevision: 1 } }))
        .status,
    ).toBe(200);
    const v3 = ((await (await http(editor, `/api/projects/${PROJECT_ID}/cuts/phong-su/render`, { method: 'POST' })).json()) as { version: Version }).version;
    const pending = await body(await http(reviewer, `/api/projects/${PROJECT_ID}/versions/${v3.id}/approvals`));
    expect((pending.stages as { id: string }[]).map((s) => s.id)).toEqual(longer.map((s) => s.id));

    const audit = (await body(await http(admin, `/api/projects/${PROJECT_ID}/audit`))).entries as {
      action: string;
      subject: string;
      details: Record<string, unknown>;
    }[];
    const edit = audit.find((e) => e.action === 'project.update')!;
    expect(edit.details).toMatchObject({ fields: ['approvalChain'], before: { approvalChain: project.approvalChain }, after: { approvalChain: longer } });
    expect(audit.filter((e) => e.action === 'decision.approve' && e.subject === sent.id)).toHaveLength(3);
    expect(audit.filter((e) => e.action === 'version.send-to-review').map((e) => e.subject)).toEqual([v3.id, sent.id]);
    expect(audit.some((e) => e.action === 'comment.add' && e.subject === sent.id)).toBe(true);
  });

  it('refuses a stale project edit and records nothing for it', async () => {
    const before = ((await body(await http(admin, `/api/projects/${PROJECT_ID}/audit`))).entries as unknown[]).length;
    const { revision } = (await body(await http(admin, `/api/projects/${PROJECT_ID}`))).project as { revision: number };
    const stale = await http(admin, `/api/projects/${PROJECT_ID}`, { method: 'PATCH', json: { expectedRevision: revision + 5, title: 'Cũ' } });
    expect(stale.status).toBe(409);
    const after = ((await body(await http(admin, `/api/projects/${PROJECT_ID}/audit`))).entries as unknown[]).length;
    expect(after).toBe(before);
  });
});

import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { resolveToolchain } from '../../../shared/media/index.ts';
import { createLocalRenderLauncher } from '../../../shared/render/launch/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { testProfile } from '../../helpers/make-render-media.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const P = `/api/projects/${PROJECT_ID}`;
const cut = (shots: unknown[]) => ({ schemaVersion: 1, projectId: PROJECT_ID, id: 'phong-su', title: 'Phóng sự Đại hội', kind: 'teaser', shots });

/** Drafts, the render started from the API in the background (real ffmpeg, 320×180), its progress and its media. */
describe('cuts and renders through the API', () => {
  let h: WebHarness;
  let editor: Client;
  let reviewer: Client;

  beforeAll(async () => {
    const { fontFile, toolchain } = await resolveToolchain({ tools: TEST_TOOLS });
    h = await makeWebHarness({
      renders: ({ backend, clock, dir }) =>
        createLocalRenderLauncher({
          deps: { ...backend, clock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 2 },
          toolchain,
          profiles: { ...DEFAULT_PROFILES, review: testProfile('review') },
        }),
    });
    editor = await h.signIn({ role: 'editor' });
    reviewer = await h.signIn({ role: 'reviewer', stage: 'tong-bien-tap' });
  });
  afterAll(async () => h.close());

  it('saves drafts optimistically and lists their problems per shot', async () => {
    const bad = await editor.request(`${P}/cuts/phong-su`, {
      method: 'PUT',
      json: { cut: cut([{ id: 'canh-1', type: 'clip', assetId: 'khong-co', in: 0, out: 2 }]), expectedRevision: 0 },
    });
    expect(bad.status).toBe(200);
    const saved = (await bad.json()) as { draft: { revision: number }; problems: { itemId: string; code: string; messageVi: string }[] };
    expect(saved.draft.revision).toBe(1);
    expect(saved.problems).toEqual([expect.objectContaining({ itemId: 'canh-1', code: 'UNKNOWN_ASSET' })]);
    const render = await editor.request(`${P}/cuts/phong-su/render`, { method: 'POST' });
    expect(render.status).toBe(400);
    const error = ((await render.json()) as { error: { code: string; problems: { itemId: string }[] } }).error;
    expect(error.code).toBe('INVALID_CUT');
    expect(error.problems[0]!.itemId).toBe('canh-1');
    const stale = await editor.request(`${P}/cuts/phong-su`, { method: 'PUT', json: { cut: cut([]), expectedRevision: 0 } });
    expect(stale.status).toBe(409);
    const good = await editor.request(`${P}/cuts/phong-su`, {
      method: 'PUT',
      json: { cut: cut([{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', subtitle: 'Nhiệm kỳ 2026–2031', duration: 50 }]), expectedRevision: 1 },
    });
    expect(await good.json()).toMatchObject({ draft: { revision: 2 }, problems: [], timing: { durationFrames: 50, minFrames: 375 } });
  });

  it('freezes the draft into a version, renders it in the background and reports progress until done', async () => {
    // Two clicks at once start one render.
    const [started, twin] = await Promise.all([
      editor.request(`${P}/cuts/phong-su/render`, { method: 'POST' }),
      editor.request(`${P}/cuts/phong-su/render`, { method: 'POST' }),
    ]);
    expect([started.status, twin.status]).toEqual([202, 202]);
    const { version, render } = (await started.json()) as { version: { id: string; number: number; duration: string }; render: { id: string; status: string } };
    expect(((await twin.json()) as { render: { id: string } }).render.id).toBe(render.id);
    expect(version).toMatchObject({ number: 1, duration: '00:00:02:00' });
    expect(render.status).toBe('running');
    const events = await reviewer.request(`${P}/renders/${render.id}/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    let view: { status: string; mediaUrl: string | null; qc: { status: string } | null; progress: { phase: string } } | undefined;
    for (let i = 0; i < 240; i++) {
      view = ((await (await reviewer.request(`${P}/renders/${render.id}`)).json()) as { render: NonNullable<typeof view> }).render;
      if (view.status === 'done' || view.status === 'failed') break;
      await sleep(250);
    }
    expect(view).toMatchObject({ status: 'done', progress: { phase: 'done' } });
    expect(view!.qc).not.toBeNull();
    const sse = await events.text();
    expect(sse).toContain('event: progress');
    expect(sse).toContain('"status":"done"');
    const head = await reviewer.request(view!.mediaUrl!, { headers: { range: 'bytes=0-7' } });
    expect(head.status).toBe(206);
    expect(
      Buffer.from(await head.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');
    const versions = (await (await reviewer.request(`${P}/versions`)).json()) as { versions: { id: string }[] };
    expect(versions.versions.map((v) => v.id)).toEqual([version.id]);
    const again = await editor.request(`${P}/cuts/phong-su/render`, { method: 'POST' });
    expect(((await again.json()) as { render: { id: string } }).render.id).toBe(render.id);
    const dashboard = (await (await editor.request(`${P}/dashboard`)).json()) as {
      deadline: string;
      cuts: { cutId: string; review: { status: string }; blockers: { code: string }[] }[];
    };
    expect(dashboard.deadline).toBe('2026-12-18');
    expect(dashboard.cuts[0]).toMatchObject({ cutId: 'phong-su', review: { status: 'done' } });
    // One render started, one `version.render` entry (written with the render's record): the twin
    // click and the later one were answered with that render and changed nothing.
    const audit = await h.backend.workflow.audit.list({ projectId: PROJECT_ID });
    expect(audit.filter((e) => e.action === 'version.render')).toEqual([
      expect.objectContaining({ subject: version.id, details: expect.objectContaining({ renderId: render.id, profile: 'review' }) }),
    ]);
  });

  it('refuses a delivery render of a version not yet approved by every stage (409 NOT_APPROVED), starting nothing and logging nothing', async () => {
    const { versions } = (await (await editor.request(`${P}/versions`)).json()) as { versions: { id: string }[] };
    const versionId = versions[0]!.id;
    const before = await h.backend.store.renders.list({ projectId: PROJECT_ID, versionId });
    const refused = await editor.request(`${P}/versions/${versionId}/renders`, { method: 'POST', json: { profile: 'broadcast' } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NOT_APPROVED');
    expect(await h.backend.store.renders.list({ projectId: PROJECT_ID, versionId })).toHaveLength(before.length);
    const audit = await h.backend.workflow.audit.list({ projectId: PROJECT_ID });
    expect(audit.filter((e) => e.action === 'version.render' && (e.details as { profile?: string }).profile === 'broadcast')).toEqual([]);
  });

  it('answers RENDER_UNAVAILABLE (503) on a server that does not render, and freezes nothing', async () => {
    const bare = await makeWebHarness();
    try {
      const someone = await bare.signIn({ role: 'editor' });
      const saved = await someone.request(`${P}/cuts/phong-su`, {
        method: 'PUT',
        json: { cut: cut([{ id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 50 }]), expectedRevision: 0 },
      });
      expect(saved.status).toBe(200);
      const render = await someone.request(`${P}/cuts/phong-su/render`, { method: 'POST' });
      expect(render.status).toBe(503);
      expect(((await render.json()) as { error: { code: string } }).error.code).toBe('RENDER_UNAVAILABLE');
      expect(await bare.backend.store.versions.list({ projectId: PROJECT_ID })).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

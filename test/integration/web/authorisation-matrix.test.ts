import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Asset, type Render, type Role, type Version } from '../../../shared/domain/index.ts';
import { publishVersion } from '../../../shared/delivery/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import type { RenderLauncher } from '../../../shared/render/launch/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { createApiRoutes } from '../../../shared/web/routes/index.ts';
import { downloadUrl } from '../../../shared/web/signed-url.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

type Who = Role | 'none';
const WHO: readonly Who[] = [...ROLES, 'none'];
const P = `/api/projects/${PROJECT_ID}`;

/** One route's request, made fresh for each caller (so a mutation by one never changes another's answer). */
interface Case {
  route: string;
  /** Roles that get the success status; everybody else with a session 403, nobody 401. 'public'/'signed': everybody. */
  allowed: readonly Role[] | 'public' | 'signed';
  status: number;
  /** An exact status for a role that differs from the rule (documented why). */
  except?: Partial<Record<Who, number>>;
  request: (args: { client: Client; as: Who }) => Promise<{ path: string; init?: RequestInit & { json?: unknown } }>;
}

/**
 * The authorisation matrix: every route of the API × every role and no session, through
 * `app.request()`, asserting the exact status. A route added without a case here fails the
 * coverage check.
 */
describe('authorisation matrix', () => {
  let h: WebHarness;
  let admin: Client;
  let asset: Asset;
  let version: Version;
  let doneRender: Render;
  let approvedRender: Render;
  let approvedVersion: Version;
  let commentId: string;

  /** A launcher that records a render without running ffmpeg: the matrix is about who may call, not rendering. */
  const fakeRenders: RenderLauncher = {
    recordsAs: 'queued',
    stands: () => false,
    launch: async ({ render }) => render,
    progress: () => null,
    idle: async () => {},
  };

  const freeze = async (cutId = `cut-${randomUUID().slice(0, 8)}`) =>
    (
      await freezeCut({
        deps: { ...h.backend, clock: h.clock },
        cut: { schemaVersion: 1, projectId: PROJECT_ID, id: cutId, title: 'Phóng sự', shots: [{ id: 't1', type: 'title', text: 'Đại hội', duration: 50 }] },
      })
    ).version;
  const doneRenderOf = async (v: Version, profile = 'review') => {
    const bytes = Buffer.from(`programme ${randomUUID()}`);
    const key = `renders/matrix/${randomUUID()}.mp4`;
    await h.backend.blobs.putBytes({ key, body: bytes, contentType: 'video/mp4' });
    const now = h.clock.now().toISOString();
    const file = (role: 'programme' | 'qc-html', name: string) => ({
      role,
      name,
      key,
      contentType: role === 'programme' ? 'video/mp4' : 'text/html',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
    });
    return h.backend.store.renders.create({
      render: {
        id: randomUUID(),
        projectId: PROJECT_ID,
        versionId: v.id,
        versionNumber: v.number,
        profile,
        status: 'done',
        progress: { phase: 'done', segmentsDone: 1, segmentsTotal: 1, segmentsReused: 0 },
        files: [file('programme', 'p.mp4'), file('qc-html', 'qc/report.html')],
        qc: { status: 'pass', failed: [], loudness: null },
        error: null,
        timings: {},
        createdAt: now,
        updatedAt: now,
        revision: 0,
      },
    });
  };
  /** A finished stream render whose ladder is one playlist: enough for publishing to copy. */
  const streamRenderOf = async (v: Version) => {
    const master = `renders/matrix/${randomUUID()}/master.m3u8`;
    await h.backend.blobs.putBytes({ key: master, body: '#EXTM3U\n', contentType: 'application/vnd.apple.mpegurl' });
    const index = `renders/matrix/${randomUUID()}/index.json`;
    const body = JSON.stringify({
      segmentSeconds: 6,
      durationFrames: 100,
      renditions: [],
      files: [{ name: 'master.m3u8', key: master, contentType: 'application/vnd.apple.mpegurl', sizeBytes: 8 }],
    });
    await h.backend.blobs.putBytes({ key: index, body, contentType: 'application/json' });
    const render = await doneRenderOf(v, 'stream');
    const sums = { sizeBytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), md5: createHash('md5').update(body).digest('hex') };
    const files = [...render.files, { role: 'hls-index' as const, name: 'hls/index.json', key: index, contentType: 'application/json', ...sums }];
    return h.backend.store.renders.update({ render: { ...render, files }, expectedRevision: render.revision });
  };
  const newUpload = async (client: Client, as: Who) => {
    const owner = as === 'editor' || as === 'contributor' || as === 'admin' ? client : admin;
    // 42 bytes: what `putPart` sends (each part URL is signed for the part's exact length).
    const response = await owner.request(`${P}/uploads`, { method: 'POST', json: { filename: 'a.mp4', sizeBytes: 42, metadata: { kind: 'footage' } } });
    return ((await response.json()) as { uploadId: string }).uploadId;
  };
  const putPart = async (uploadId: string) => {
    const { url } = (await (await admin.request(`${P}/uploads/${uploadId}/parts/1`)).json()) as { url: string };
    const put = await h.app.request(url, { method: 'PUT', body: `bytes ${randomUUID()}` });
    return put.headers.get('etag')!;
  };

  const cases: Case[] = [
    { route: 'post /i/:token', allowed: 'public', status: 303, request: async () => ({ path: `/i/${(await newInvite()).token}`, init: { method: 'POST' } }) },
    {
      route: 'post /api/session',
      allowed: 'public',
      status: 200,
      request: async () => ({ path: '/api/session', init: { method: 'POST', json: { token: (await newInvite()).token } } }),
    },
    { route: 'get /api/session', allowed: ROLES, status: 200, request: async () => ({ path: '/api/session' }) },
    { route: 'get /api/invites', allowed: ['admin'], status: 200, request: async () => ({ path: '/api/invites' }) },
    {
      route: 'delete /api/invites/:inviteId',
      allowed: ['admin'],
      status: 200,
      request: async () => ({ path: `/api/invites/${(await newInvite()).invite.id}`, init: { method: 'DELETE' } }),
    },
    { route: 'delete /api/session', allowed: ROLES, status: 200, request: async () => ({ path: '/api/session', init: { method: 'DELETE' } }) },
    { route: 'get /api/projects', allowed: ROLES, status: 200, request: async () => ({ path: '/api/projects' }) },
    {
      route: 'post /api/projects',
      allowed: ['admin'],
      status: 201,
      request: async () => ({ path: '/api/projects', init: { method: 'POST', json: { id: `p-${randomUUID().slice(0, 8)}` } } }),
    },
    { route: 'get /api/projects/:projectId', allowed: ROLES, status: 200, request: async () => ({ path: P }) },
    {
      route: 'patch /api/projects/:projectId',
      allowed: ['admin'],
      status: 200,
      request: async () => ({
        path: P,
        init: { method: 'PATCH', json: { expectedRevision: (await h.backend.store.projects.get({ id: PROJECT_ID }))!.revision, congressDate: '2026-12-20' } },
      }),
    },
    { route: 'get /api/projects/:projectId/invites', allowed: ['admin'], status: 200, request: async () => ({ path: `${P}/invites` }) },
    {
      route: 'post /api/projects/:projectId/invites',
      allowed: ['admin'],
      status: 201,
      request: async () => ({ path: `${P}/invites`, init: { method: 'POST', json: { role: 'contributor', label: 'Hội' } } }),
    },
    {
      route: 'delete /api/projects/:projectId/invites/:inviteId',
      allowed: ['admin'],
      status: 200,
      request: async () => ({ path: `${P}/invites/${(await newInvite()).invite.id}`, init: { method: 'DELETE' } }),
    },
    { route: 'get /api/projects/:projectId/audit', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/audit` }) },
    { route: 'get /api/projects/:projectId/dashboard', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/dashboard` }) },
    {
      route: 'post /api/projects/:projectId/uploads',
      allowed: ['admin', 'editor', 'contributor'],
      status: 201,
      request: async () => ({ path: `${P}/uploads`, init: { method: 'POST', json: { filename: 'a.mp4', sizeBytes: 10, metadata: { kind: 'footage' } } } }),
    },
    {
      route: 'get /api/projects/:projectId/uploads',
      allowed: ['admin', 'editor', 'contributor'],
      status: 200,
      request: async () => ({ path: `${P}/uploads` }),
    },
    {
      route: 'get /api/projects/:projectId/uploads/:uploadId/parts/:partNumber',
      allowed: ['admin', 'editor', 'contributor'],
      status: 200,
      request: async ({ client, as }) => ({ path: `${P}/uploads/${await newUpload(client, as)}/parts/1` }),
    },
    {
      route: 'get /api/projects/:projectId/uploads/:uploadId/parts',
      allowed: ['admin', 'editor', 'contributor'],
      status: 200,
      request: async ({ client, as }) => ({ path: `${P}/uploads/${await newUpload(client, as)}/parts` }),
    },
    {
      route: 'put /api/uploads/:uploadId/parts/:partNumber',
      allowed: 'signed',
      status: 200,
      request: async ({ client, as }) => {
        const { url } = (await (await admin.request(`${P}/uploads/${await newUpload(client, as)}/parts/1`)).json()) as { url: string };
        return { path: url, init: { method: 'PUT', body: 'part bytes'.padEnd(42, '.') } };
      },
    },
    {
      route: 'post /api/projects/:projectId/uploads/:uploadId/complete',
      allowed: ['admin', 'editor', 'contributor'],
      status: 202,
      request: async ({ client, as }) => {
        const uploadId = await newUpload(client, as);
        return { path: `${P}/uploads/${uploadId}/complete`, init: { method: 'POST', json: { parts: [{ partNumber: 1, etag: await putPart(uploadId) }] } } };
      },
    },
    {
      route: 'delete /api/projects/:projectId/uploads/:uploadId',
      allowed: ['admin', 'editor', 'contributor'],
      status: 200,
      request: async ({ client, as }) => ({ path: `${P}/uploads/${await newUpload(client, as)}`, init: { method: 'DELETE' } }),
    },
    { route: 'get /api/projects/:projectId/assets', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/assets` }) },
    // A contributor may read only assets they uploaded: this one is not theirs.
    {
      route: 'get /api/projects/:projectId/assets/:assetId',
      allowed: ['admin', 'editor', 'contributor'],
      status: 200,
      except: { contributor: 404 },
      request: async () => ({ path: `${P}/assets/${asset.id}` }),
    },
    {
      route: 'get /api/projects/:projectId/assets/:assetId/media/:name',
      allowed: ['admin', 'editor'],
      status: 200,
      request: async () => ({ path: `${P}/assets/${asset.id}/media/poster` }),
    },
    { route: 'get /api/projects/:projectId/cuts', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/cuts` }) },
    { route: 'get /api/projects/:projectId/cuts/:cutId', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/cuts/nhap` }) },
    {
      route: 'post /api/projects/:projectId/cuts',
      allowed: ['admin', 'editor'],
      status: 201,
      request: async () => ({
        path: `${P}/cuts`,
        init: { method: 'POST', json: { cutId: `tin-${randomUUID().slice(0, 8)}`, title: 'Tin khai mạc', kind: 'news' } },
      }),
    },
    {
      route: 'put /api/projects/:projectId/cuts/:cutId',
      allowed: ['admin', 'editor'],
      status: 200,
      request: async () => {
        const cutId = `c-${randomUUID().slice(0, 8)}`;
        return {
          path: `${P}/cuts/${cutId}`,
          init: { method: 'PUT', json: { cut: { schemaVersion: 1, projectId: PROJECT_ID, id: cutId, title: 'x', shots: [] }, expectedRevision: 0 } },
        };
      },
    },
    {
      route: 'post /api/projects/:projectId/cuts/:cutId/render',
      allowed: ['admin', 'editor'],
      status: 202,
      request: async () => ({ path: `${P}/cuts/nhap/render`, init: { method: 'POST' } }),
    },
    { route: 'get /api/projects/:projectId/versions', allowed: ['admin', 'editor', 'reviewer'], status: 200, request: async () => ({ path: `${P}/versions` }) },
    {
      route: 'get /api/projects/:projectId/versions/:versionId',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/versions/${version.id}` }),
    },
    {
      route: 'post /api/projects/:projectId/versions/:versionId/renders',
      allowed: ['admin', 'editor'],
      status: 202,
      request: async () => ({ path: `${P}/versions/${version.id}/renders`, init: { method: 'POST', json: { profile: 'review' } } }),
    },
    {
      route: 'get /api/projects/:projectId/renders/:renderId',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/renders/${doneRender.id}` }),
    },
    {
      route: 'get /api/projects/:projectId/renders/:renderId/events',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/renders/${doneRender.id}/events` }),
    },
    {
      route: 'get /api/projects/:projectId/renders/:renderId/media',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/renders/${doneRender.id}/media` }),
    },
    {
      route: 'get /api/projects/:projectId/versions/:versionId/comments',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/versions/${version.id}/comments` }),
    },
    {
      route: 'post /api/projects/:projectId/versions/:versionId/comments',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 201,
      request: async () => ({ path: `${P}/versions/${version.id}/comments`, init: { method: 'POST', json: { startFrame: 5, text: 'Nhận xét' } } }),
    },
    {
      route: 'patch /api/projects/:projectId/comments/:commentId',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/comments/${commentId}`, init: { method: 'PATCH', json: { resolved: true } } }),
    },
    {
      route: 'get /api/projects/:projectId/versions/:versionId/approvals',
      allowed: ['admin', 'editor', 'reviewer', 'broadcaster'],
      status: 200,
      request: async () => ({ path: `${P}/versions/${version.id}/approvals` }),
    },
    {
      route: 'post /api/projects/:projectId/versions/:versionId/decisions',
      allowed: ['admin', 'reviewer'],
      status: 201,
      request: async () => {
        const fresh = await freeze();
        await doneRenderOf(fresh);
        return {
          path: `${P}/versions/${fresh.id}/decisions`,
          init: { method: 'POST', json: { stage: 'tong-bien-tap', decision: 'approve', expectedSequence: 0 } },
        };
      },
    },
    {
      route: 'get /api/projects/:projectId/deliveries',
      allowed: ['admin', 'editor', 'broadcaster'],
      status: 200,
      request: async () => ({ path: `${P}/deliveries` }),
    },
    {
      route: 'get /api/projects/:projectId/renders/:renderId/download',
      allowed: 'signed',
      status: 200,
      request: async () => {
        const path = `${P}/renders/${approvedRender.id}/download`;
        return { path: downloadUrl({ signingKey: h.deps.signingKey, path, file: 'p.mp4', exp: Math.floor(h.clock.now().getTime() / 1000) + 60, by: 'admin' }) };
      },
    },
    {
      route: 'get /api/projects/:projectId/renders/:renderId/qc',
      allowed: ['admin', 'editor', 'reviewer'],
      status: 200,
      request: async () => ({ path: `${P}/renders/${doneRender.id}/qc` }),
    },
    { route: 'get /api/projects/:projectId/downloads', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/downloads` }) },
    { route: 'get /api/projects/:projectId/publications', allowed: ['admin', 'editor'], status: 200, request: async () => ({ path: `${P}/publications` }) },
    {
      route: 'post /api/projects/:projectId/versions/:versionId/publish',
      allowed: ['admin'],
      status: 201,
      request: async () => ({ path: `${P}/versions/${approvedVersion.id}/publish`, init: { method: 'POST', json: { slug: `m-${randomUUID().slice(0, 8)}` } } }),
    },
    {
      route: 'delete /api/projects/:projectId/publications/:slug',
      allowed: ['admin'],
      status: 200,
      request: async () => {
        const slug = `m-${randomUUID().slice(0, 8)}`;
        await publishVersion({ deps: h.deps, actor: { role: 'admin', label: 'test', inviteId: null }, versionId: approvedVersion.id, request: { slug } });
        return { path: `${P}/publications/${slug}`, init: { method: 'DELETE' } };
      },
    },
  ];

  const newInvite = () =>
    createInvite({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: h.project,
      input: { role: 'contributor', label: 'Hội' },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });

  beforeAll(async () => {
    h = await makeWebHarness({ renders: fakeRenders });
    admin = await h.signIn({ role: 'admin' });
    const posterKey = 'derived/matrix/poster.jpg';
    await h.backend.blobs.putBytes({ key: posterKey, body: 'jpeg bytes', contentType: 'image/jpeg' });
    const original = await h.backend.blobs.putOriginal({ body: (await import('node:stream')).Readable.from([Buffer.from('matrix original')]) });
    const now = h.clock.now().toISOString();
    ({ asset } = await h.backend.store.assets.insertIfAbsent({
      asset: {
        id: randomUUID(),
        projectId: PROJECT_ID,
        kind: 'photo',
        requestedKind: 'photo',
        originalName: 'ảnh.jpg',
        organisation: '',
        contributor: '',
        theme: null,
        speaker: null,
        description: '',
        original: { key: original.key, sha256: original.sha256, sizeBytes: original.sizeBytes },
        probe: null,
        loudness: null,
        derivatives: { poster: { key: posterKey, contentType: 'image/jpeg', sizeBytes: 10 } },
        warnings: [],
        status: 'ready',
        error: null,
        createdAt: now,
        updatedAt: now,
        revision: 0,
      },
    }));
    await admin.request(`${P}/cuts/nhap`, {
      method: 'PUT',
      json: {
        cut: { schemaVersion: 1, projectId: PROJECT_ID, id: 'nhap', title: 'Nháp', shots: [{ id: 't1', type: 'title', text: 'Đại hội', duration: 50 }] },
        expectedRevision: 0,
      },
    });
    version = await freeze('phong-su');
    doneRender = await doneRenderOf(version);
    const comment = await admin.request(`${P}/versions/${version.id}/comments`, { method: 'POST', json: { startFrame: 1, text: 'Gốc' } });
    commentId = ((await comment.json()) as { comment: { id: string } }).comment.id;
    const approved = await freeze();
    approvedRender = await doneRenderOf(approved, 'broadcast');
    approvedVersion = approved;
    await streamRenderOf(approved);
    for (const [index, stage] of h.project.approvalChain.entries()) {
      await h.backend.workflow.decisions.append({
        decision: {
          id: randomUUID(),
          projectId: PROJECT_ID,
          versionId: approved.id,
          sequence: index + 1,
          stage: stage.id,
          decision: 'approve',
          note: '',
          reviewer: { role: 'admin', label: 'test', inviteId: null },
          qcOverrideReason: 'test',
          at: now,
        },
      });
    }
  });
  afterAll(async () => h.close());

  it('has a case for every route of the API', () => {
    const routes = createApiRoutes({ deps: h.deps }).map((r) => `${r.method} ${r.path}`);
    expect(cases.map((c) => c.route).sort()).toEqual([...routes].sort());
    for (const route of createApiRoutes({ deps: h.deps })) {
      const access = cases.find((c) => c.route === `${route.method} ${route.path}`)!.allowed;
      expect(Array.isArray(access) ? [...access].sort() : access, `${route.method} ${route.path}`).toEqual(
        Array.isArray(route.access) ? [...route.access].sort() : route.access,
      );
    }
  });

  for (const c of cases) {
    it(`${c.route}: ${WHO.map((w) => `${w} ${expected(c, w)}`).join(', ')}`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const as of WHO) {
        const client = as === 'none' ? h.anonymous : await h.signIn({ role: as, ...(as === 'reviewer' ? { stage: 'tong-bien-tap' } : {}) });
        const { path, init } = await c.request({ client, as });
        const response = await client.request(path, init);
        await response.arrayBuffer();
        got[as] = response.status;
        want[as] = expected(c, as);
      }
      expect(got).toEqual(want);
    });
  }
});

function expected(c: Case, as: Who): number {
  if (c.except?.[as] !== undefined) return c.except[as]!;
  if (c.allowed === 'public' || c.allowed === 'signed') return c.status;
  if (as === 'none') return 401;
  return c.allowed.includes(as) ? c.status : 403;
}

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../shared/adapters/local/index.ts';
import type { Render } from '../../../shared/domain/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { makeWebHarness, PROJECT_ID, type WebHarness } from './web-harness.ts';

const P = `/api/projects/${PROJECT_ID}`;

/** A browser of one person over real HTTP: its cookie and CSRF token. */
interface Person {
  inviteId: string;
  cookie: string;
  csrf: string;
  call(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/**
 * Attacks on links over real HTTP (the app on 127.0.0.1 through @hono/node-server): a link
 * preview must not use an invite; a revoked invite's session, signed part URL and download URL
 * are refused at once, each with its code, and nothing is stored or served.
 */
describe('links over HTTP: previews and revocation', () => {
  let h: WebHarness;
  let server: ServerType;
  let base = '';
  let admin: Person;
  let approvedRender: Render;
  const programme = Buffer.from(`programme bytes ${randomUUID()}`);

  const url = (pathname: string) => new URL(pathname, base).href;
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
  const countRows = (sql: string, ...params: string[]) => {
    const db = openDatabase({ path: path.join(h.dir, 'reportage.db') });
    try {
      return (db.prepare(sql).get(...params) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const sessionsOf = (inviteId: string) => countRows('SELECT COUNT(*) AS n FROM sessions WHERE invite_id = ?', inviteId);
  const auditOf = async (action: string, projectId: string = PROJECT_ID) =>
    (await h.backend.workflow.audit.list({ projectId })).filter((e) => e.action === action);

  const makeInvite = async (role: 'contributor' | 'broadcaster' | 'admin', label = `${role} ${randomUUID().slice(0, 6)}`) =>
    createInvite({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project: role === 'admin' ? null : h.project,
      input: { role, label },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });

  /** Signs in as a person would: the link's page, then its button (a same-origin form POST). */
  const signIn = async (token: string): Promise<Person> => {
    const response = await fetch(url(`/i/${token}`), { method: 'POST', redirect: 'manual', headers: { origin: base.replace(/\/$/, '') } });
    expect(response.status).toBe(303);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^reportage_session=/);
    const { session } = (await (await fetch(url('/api/session'), { headers: { cookie } })).json()) as { session: { csrfToken: string; inviteId: string } };
    const call = (pathname: string, init: RequestInit & { json?: unknown } = {}) => {
      const { json, headers, ...rest } = init;
      const hs = new Headers(headers);
      hs.set('cookie', cookie);
      hs.set('x-csrf-token', session.csrfToken);
      if (json !== undefined) hs.set('content-type', 'application/json');
      return fetch(url(pathname), { ...rest, headers: hs, redirect: 'manual', ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    };
    return { inviteId: session.inviteId, cookie, csrf: session.csrfToken, call };
  };

  /** Starts a one-part upload of `size` bytes and returns its id and the signed part URL. */
  const startUpload = async (person: Person, size: number) => {
    const created = await person.call(`${P}/uploads`, {
      method: 'POST',
      json: { filename: 'phỏng vấn.mp4', sizeBytes: size, metadata: { kind: 'interview' } },
    });
    expect(created.status).toBe(201);
    const { uploadId } = (await created.json()) as { uploadId: string };
    const signed = await person.call(`${P}/uploads/${uploadId}/parts/1`);
    expect(signed.status).toBe(200);
    return { uploadId, partUrl: ((await signed.json()) as { url: string }).url };
  };
  const stagedFiles = async (uploadId: string) => {
    const dir = path.join(h.dir, 'uploads', uploadId);
    return existsSync(dir) ? readdir(dir) : [];
  };

  beforeAll(async () => {
    h = await makeWebHarness();
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    admin = await signIn((await makeInvite('admin', 'Quản trị A')).token);

    // An approved version with a delivered file, for download links.
    const { version } = await freezeCut({
      deps: { ...h.backend, clock: h.clock },
      cut: { schemaVersion: 1, projectId: PROJECT_ID, id: 'phong-su', title: 'Phóng sự', shots: [{ id: 't1', type: 'title', text: 'Đại hội', duration: 50 }] },
    });
    const key = `renders/links/${randomUUID()}.mp4`;
    await h.backend.blobs.putBytes({ key, body: programme, contentType: 'video/mp4' });
    const now = h.clock.now().toISOString();
    const file = {
      role: 'programme' as const,
      name: 'phong-su.mp4',
      key,
      contentType: 'video/mp4',
      sizeBytes: programme.length,
      sha256: createHash('sha256').update(programme).digest('hex'),
      md5: createHash('md5').update(programme).digest('hex'),
    };
    approvedRender = await h.backend.store.renders.create({
      render: {
        id: randomUUID(),
        projectId: PROJECT_ID,
        versionId: version.id,
        versionNumber: version.number,
        profile: 'broadcast',
        status: 'done',
        progress: { phase: 'done', segmentsDone: 1, segmentsTotal: 1, segmentsReused: 0 },
        files: [file],
        qc: { status: 'pass', failed: [], loudness: null },
        error: null,
        timings: {},
        createdAt: now,
        updatedAt: now,
        revision: 0,
      },
    });
    for (const [index, stage] of h.project.approvalChain.entries()) {
      await h.backend.workflow.decisions.append({
        decision: {
          id: randomUUID(),
          projectId: PROJECT_ID,
          versionId: version.id,
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
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  it("a link preview (GET or HEAD of /i/<token>) starts no session and is not a use; only the page's POST signs in", async () => {
    const { invite, token } = await makeInvite('contributor', 'Hội Tin học');
    for (const agent of ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'TelegramBot (like TwitterBot)', 'WhatsApp/2.23.20.0', 'Zalo']) {
      const preview = await fetch(url(`/i/${token}`), { headers: { 'user-agent': agent }, redirect: 'manual' });
      expect(preview.status).toBe(200);
      expect(preview.headers.get('set-cookie')).toBeNull();
      expect(preview.headers.get('cache-control')).toBe('no-store');
      expect(preview.headers.get('x-robots-tag')).toMatch(/noindex/);
      // same-origin: the button's POST keeps its Origin (no-referrer would send `Origin: null`); other sites get no Referer.
      expect(preview.headers.get('referrer-policy')).toBe('same-origin');
      const page = await preview.text();
      expect(page).toContain(`<form method="post" action="/i/${token}"`);
      expect(page).toContain('Đăng nhập');
    }
    const head = await fetch(url(`/i/${token}`), { method: 'HEAD', redirect: 'manual' });
    expect(head.headers.get('set-cookie')).toBeNull();
    expect(sessionsOf(invite.id)).toBe(0);
    expect((await h.backend.workflow.invites.get({ id: invite.id }))?.lastUsedAt).toBeNull();
    expect((await auditOf('session.start')).filter((e) => e.subject === invite.id)).toEqual([]);

    // The English page, and a page for a token that means nothing, look the same: the GET looks nothing up.
    expect(await (await fetch(url(`/i/${token}?lang=en`))).text()).toContain('Sign in');
    expect((await fetch(url(`/i/${'x'.repeat(43)}`))).status).toBe(200);

    // The button: a same-origin POST signs in, once, and counts as a use.
    const person = await signIn(token);
    expect((await person.call('/api/session')).status).toBe(200);
    expect(sessionsOf(invite.id)).toBe(1);
    expect((await h.backend.workflow.invites.get({ id: invite.id }))?.lastUsedAt).not.toBeNull();

    // A cross-site form POST (login CSRF into someone else's session) is refused.
    const foreign = await fetch(url(`/i/${token}`), { method: 'POST', redirect: 'manual', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await codeOf(foreign)).toBe('BAD_ORIGIN');
    expect(foreign.headers.get('set-cookie')).toBeNull();
    const opaque = await fetch(url(`/i/${token}`), { method: 'POST', redirect: 'manual', headers: { origin: 'null' } });
    expect(opaque.status).toBe(403);
    expect(sessionsOf(invite.id)).toBe(1);
  });

  it("a revoked contributor's session, signed part URL and sign-in link are refused at once, and no byte is stored", async () => {
    const control = await signIn((await makeInvite('contributor')).token);
    const { token } = await makeInvite('contributor', 'Hội Nhà báo');
    const contributor = await signIn(token);
    const bytes = Buffer.alloc(4096, 7);
    const { uploadId, partUrl } = await startUpload(contributor, bytes.length);
    const other = await startUpload(control, bytes.length);

    const revoke = await admin.call(`${P}/invites/${contributor.inviteId}`, { method: 'DELETE' });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toMatchObject({ invite: { id: contributor.inviteId, revokedAt: expect.any(String) }, sessionsEnded: 1, uploadsAborted: 1 });

    // The session: gone from the store, refused on the API.
    expect(sessionsOf(contributor.inviteId)).toBe(0);
    const session = await contributor.call('/api/session');
    expect(session.status).toBe(401);
    expect(await codeOf(session)).toBe('UNAUTHENTICATED');
    const write = await contributor.call(`${P}/uploads`, { method: 'POST', json: { filename: 'x.mp4', sizeBytes: 10, metadata: { kind: 'footage' } } });
    expect(write.status).toBe(401);

    // The signed part URL (still within its own expiry): refused with the invite's code, nothing staged.
    const put = await fetch(url(partUrl), { method: 'PUT', body: bytes });
    expect(put.status).toBe(401);
    expect(await codeOf(put)).toBe('INVITE_REVOKED');
    expect(put.headers.get('etag')).toBeNull();
    expect(await stagedFiles(uploadId)).toEqual([]);
    expect((await h.backend.workflow.uploads.get({ id: uploadId }))?.state).toBe('aborted');

    // The control: another contributor's part URL still works.
    const ok = await fetch(url(other.partUrl), { method: 'PUT', body: bytes });
    expect(ok.status).toBe(200);
    expect(await stagedFiles(other.uploadId)).not.toEqual([]);

    // The link itself: its page's button lands on the sign-in page with the reason, and sets no cookie.
    const again = await fetch(url(`/i/${token}`), { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/?signin=INVITE_REVOKED');
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(sessionsOf(contributor.inviteId)).toBe(0);

    // The audit log has the revocation (written with it), what it ended, and the refused sign-in.
    expect((await auditOf('invite.revoke')).find((e) => e.subject === contributor.inviteId)?.details).toMatchObject({ role: 'contributor' });
    expect((await auditOf('invite.revoke.cleanup')).find((e) => e.subject === contributor.inviteId)?.details).toMatchObject({
      sessionsEnded: 1,
      uploadsAborted: 1,
    });
    expect((await auditOf('session.refused')).find((e) => e.subject === contributor.inviteId)).toMatchObject({
      actor: { role: 'contributor', inviteId: contributor.inviteId },
      details: { code: 'INVITE_REVOKED' },
    });
  });

  it("a revoked broadcaster's download link is refused at once (401), serves no byte and logs no download", async () => {
    const broadcaster = await signIn((await makeInvite('broadcaster', 'Đài PT-TH Hải Phòng')).token);
    const deliveries = (await (await broadcaster.call(`${P}/deliveries`)).json()) as { deliveries: { files: { renderId: string; downloadUrl: string }[] }[] };
    const link = deliveries.deliveries.flatMap((d) => d.files).find((f) => f.renderId === approvedRender.id)!.downloadUrl;
    expect(new URL(link, base).searchParams.get('by')).toBe(broadcaster.inviteId);

    // Before: the link serves the file, with no cookie (a download manager).
    const before = await fetch(url(link), { headers: { range: 'bytes=0-9' } });
    expect(before.status).toBe(206);
    expect(Buffer.from(await before.arrayBuffer())).toEqual(programme.subarray(0, 10));
    const logged = (await h.backend.workflow.downloads.list({ projectId: PROJECT_ID })).length;

    expect((await admin.call(`${P}/invites/${broadcaster.inviteId}`, { method: 'DELETE' })).status).toBe(200);

    for (const range of [undefined, 'bytes=10-']) {
      const after = await fetch(url(link), { ...(range ? { headers: { range } } : {}) });
      expect(after.status).toBe(401);
      expect(after.headers.get('content-type')).toMatch(/application\/json/);
      const body = Buffer.from(await after.arrayBuffer());
      expect(body.includes(programme.subarray(0, 10))).toBe(false);
      expect(JSON.parse(body.toString('utf8')).error.code).toBe('INVITE_REVOKED');
    }
    expect((await h.backend.workflow.downloads.list({ projectId: PROJECT_ID })).length).toBe(logged);
    expect((await auditOf('download.refused')).find((e) => e.actor.inviteId === broadcaster.inviteId)).toMatchObject({
      subject: approvedRender.id,
      details: { code: 'INVITE_REVOKED' },
    });
  });

  it('an admin link is listed and revocable: its sessions and download links end at once; the project route does not reach it', async () => {
    const { invite: adminInvite, token } = await makeInvite('admin', 'Quản trị B');
    const otherAdmin = await signIn(token);
    const listed = (await (await admin.call('/api/invites')).json()) as { invites: { id: string; role: string; tokenHash?: string }[] };
    expect(listed.invites.map((i) => i.id)).toContain(adminInvite.id);
    expect(JSON.stringify(listed)).not.toContain('tokenHash');
    const deliveries = (await (await otherAdmin.call(`${P}/deliveries`)).json()) as { deliveries: { files: { renderId: string; downloadUrl: string }[] }[] };
    const link = deliveries.deliveries.flatMap((d) => d.files).find((f) => f.renderId === approvedRender.id)!.downloadUrl;
    expect((await fetch(url(link))).status).toBe(200);

    // An admin invite is no project's: the project route answers 404 and changes nothing.
    const wrongRoute = await admin.call(`${P}/invites/${adminInvite.id}`, { method: 'DELETE' });
    expect(wrongRoute.status).toBe(404);
    expect((await otherAdmin.call('/api/session')).status).toBe(200);

    const revoke = await admin.call(`/api/invites/${adminInvite.id}`, { method: 'DELETE' });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toMatchObject({ invite: { id: adminInvite.id, role: 'admin', revokedAt: expect.any(String) }, sessionsEnded: 1 });
    expect((await otherAdmin.call('/api/session')).status).toBe(401);
    expect(sessionsOf(adminInvite.id)).toBe(0);
    const download = await fetch(url(link));
    expect(download.status).toBe(401);
    expect(await codeOf(download)).toBe('INVITE_REVOKED');
    const relisted = (await (await admin.call('/api/invites')).json()) as { invites: { id: string; revokedAt: string | null }[] };
    expect(relisted.invites.find((i) => i.id === adminInvite.id)?.revokedAt).not.toBeNull();
    expect((await admin.call('/api/invites/no-such-invite', { method: 'DELETE' })).status).toBe(404);
  });
});

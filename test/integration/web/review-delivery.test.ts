import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Render, Version } from '../../../shared/domain/index.ts';
import { freezeCut } from '../../../shared/render/index.ts';
import { sendToReview } from '../../../shared/review/review-requests.ts';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const CHAIN = ['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu'] as const;
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** A title-only cut: freezes into a version without any media. */
const titleCut = (text: string) => ({
  schemaVersion: 1,
  projectId: PROJECT_ID,
  id: 'phong-su',
  title: 'Phóng sự Đại hội',
  shots: [{ id: 't1', type: 'title', text, duration: 100 }],
});

/** Review comments, the approval chain with QC gating, and delivery downloads, through the API. */
describe('review, approval and delivery API', () => {
  let h: WebHarness;
  let admin: Client;
  let editor: Client;
  let reviewers: Record<(typeof CHAIN)[number], Client>;
  let broadcaster: Client;
  let v1: Version;
  const programme = Buffer.alloc(300_000);
  for (let i = 0; i < programme.length; i++) programme[i] = (i * 7919 + (i >> 8)) % 256;

  const addRender = async ({ version, profile, qc }: { version: Version; profile: string; qc: 'pass' | 'warn' | 'fail' }): Promise<Render> => {
    h.clock.advance(1000);
    const key = `renders/test/${randomUUID()}/programme.mp4`;
    await h.backend.blobs.putBytes({ key, body: programme, contentType: 'video/mp4' });
    const qcKey = `renders/test/${randomUUID()}/report.html`;
    const html = '<html><body>QC</body></html>';
    await h.backend.blobs.putBytes({ key: qcKey, body: html, contentType: 'text/html; charset=utf-8' });
    const now = h.clock.now().toISOString();
    const file = (role: 'programme' | 'qc-html', name: string, k: string, bytes: Buffer | string, contentType: string) => ({
      role,
      name,
      key: k,
      contentType,
      sizeBytes: Buffer.byteLength(bytes),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
    });
    return h.backend.store.renders.create({
      render: {
        id: randomUUID(),
        projectId: PROJECT_ID,
        versionId: version.id,
        versionNumber: version.number,
        profile,
        status: 'done',
        progress: { phase: 'done', segmentsDone: 1, segmentsTotal: 1, segmentsReused: 0 },
        files: [
          file('programme', `phong-su_v${version.number}_${profile}.mp4`, key, programme, 'video/mp4'),
          file('qc-html', 'qc/report.html', qcKey, html, 'text/html; charset=utf-8'),
        ],
        qc: { status: qc, failed: qc === 'fail' ? ['loudness'] : [], loudness: null },
        error: null,
        timings: {},
        createdAt: now,
        updatedAt: now,
        revision: 0,
      },
    });
  };
  const decide = (client: Client, version: Version, body: Record<string, unknown>) =>
    client.request(`/api/projects/${PROJECT_ID}/versions/${version.id}/decisions`, { method: 'POST', json: body });
  /** What the editor's "render for review" records before the render starts: reviewers see the version from then on. */
  const send = async (version: Version) => {
    const project = (await h.backend.store.projects.get({ id: PROJECT_ID }))!;
    await sendToReview({
      deps: { workflow: h.backend.workflow, clock: h.clock },
      project,
      version,
      actor: { role: 'editor', label: 'Ban Thông tin', inviteId: editor.inviteId },
    });
  };
  const sequenceOf = async (version: Version) =>
    ((await (await editor.request(`/api/projects/${PROJECT_ID}/versions/${version.id}/approvals`)).json()) as { sequence: number }).sequence;

  /** Everyone signs in (again: a session left idle past REPORTAGE_SESSION_IDLE_MINUTES is over). */
  const signInEveryone = async () => {
    admin = await h.signIn({ role: 'admin' });
    editor = await h.signIn({ role: 'editor' });
    broadcaster = await h.signIn({ role: 'broadcaster', label: 'Đài PT-TH Hải Phòng' });
    reviewers = {
      'tong-bien-tap': await h.signIn({ role: 'reviewer', stage: 'tong-bien-tap' }),
      'tieu-ban-tuyen-truyen': await h.signIn({ role: 'reviewer', stage: 'tieu-ban-tuyen-truyen' }),
      'ban-thuong-vu': await h.signIn({ role: 'reviewer', stage: 'ban-thuong-vu' }),
    };
  };

  beforeAll(async () => {
    h = await makeWebHarness();
    await signInEveryone();
    ({ version: v1 } = await freezeCut({ deps: { ...h.backend, clock: h.clock }, cut: titleCut('Đại hội lần thứ I') }));
    await send(v1);
  });
  afterAll(async () => h.close());

  it('pins comments to a timecode or a range, threads replies, resolves them', async () => {
    const url = `/api/projects/${PROJECT_ID}/versions/${v1.id}/comments`;
    const point = await reviewers['tong-bien-tap'].request(url, { method: 'POST', json: { startFrame: 37, text: 'Chữ tiêu đề cần lớn hơn' } });
    expect(point.status).toBe(201);
    const { comment } = (await point.json()) as { comment: { id: string; timecode: string; author: { role: string } } };
    expect(comment).toMatchObject({ timecode: '00:00:01:12', author: { role: 'reviewer' } });
    expect((await editor.request(url, { method: 'POST', json: { startFrame: 37, text: 'Đã sửa ở bản sau', parentId: comment.id } })).status).toBe(201);
    expect((await reviewers['ban-thuong-vu'].request(url, { method: 'POST', json: { startFrame: 10, endFrame: 60, text: 'Đoạn này' } })).status).toBe(201);
    const outside = await editor.request(url, { method: 'POST', json: { startFrame: 100, text: 'sau khi hết' } });
    expect(await errorCode(outside)).toBe('COMMENT_OUT_OF_RANGE');
    const resolved = await editor.request(`/api/projects/${PROJECT_ID}/comments/${comment.id}`, { method: 'PATCH', json: { resolved: true } });
    expect(await resolved.json()).toMatchObject({ comment: { resolved: true, resolvedBy: { role: 'editor' } } });
    const list = (await (await reviewers['tieu-ban-tuyen-truyen'].request(url)).json()) as { comments: { parentId: string | null; endFrame: number | null }[] };
    expect(list.comments.map((c) => [c.parentId === comment.id, c.endFrame])).toEqual([
      [false, null],
      [true, null],
      [false, 60],
    ]);
  });

  it('blocks approval while the review render is missing or its QC failed; an admin overrides with a recorded reason', async () => {
    const noRender = await decide(reviewers['tong-bien-tap'], v1, { stage: 'tong-bien-tap', decision: 'approve', expectedSequence: 0 });
    expect(noRender.status).toBe(409);
    expect(await errorCode(noRender)).toBe('QC_BLOCKS_APPROVAL');
    await addRender({ version: v1, profile: 'review', qc: 'fail' });
    const blocked = await decide(reviewers['tong-bien-tap'], v1, { stage: 'tong-bien-tap', decision: 'approve', expectedSequence: 0 });
    expect(blocked.status).toBe(409);
    expect(await errorCode(blocked)).toBe('QC_BLOCKS_APPROVAL');
    const notAdmin = await decide(reviewers['tong-bien-tap'], v1, {
      stage: 'tong-bien-tap',
      decision: 'approve',
      expectedSequence: 0,
      qcOverrideReason: 'tôi thấy ổn',
    });
    expect(notAdmin.status).toBe(403);
    const override = await decide(admin, v1, {
      stage: 'tong-bien-tap',
      decision: 'approve',
      expectedSequence: 0,
      qcOverrideReason: 'Loa hội trường đã chỉnh; kỹ thuật viên xác nhận',
    });
    expect(override.status).toBe(201);
    const status = (await override.json()) as {
      sequence: number;
      nextStage: string;
      stages: { state: string; decision: { qcOverrideReason: string | null } | null }[];
      qc: { status: string };
    };
    expect(status).toMatchObject({ sequence: 1, nextStage: 'tieu-ban-tuyen-truyen', qc: { status: 'fail' } });
    expect(status.stages[0]).toMatchObject({ state: 'approved', decision: { qcOverrideReason: 'Loa hội trường đã chỉnh; kỹ thuật viên xác nhận' } });
    const audit = (await (await admin.request(`/api/projects/${PROJECT_ID}/audit`)).json()) as {
      entries: { action: string; details: Record<string, unknown> }[];
    };
    expect(audit.entries.find((e) => e.action === 'decision.approve-qc-override')?.details).toMatchObject({
      qcOverrideReason: 'Loa hội trường đã chỉnh; kỹ thuật viên xác nhận',
      stage: 'tong-bien-tap',
    });
  });

  it('signs stages in order, each reviewer only their own', async () => {
    await addRender({ version: v1, profile: 'review', qc: 'pass' });
    const early = await decide(reviewers['ban-thuong-vu'], v1, { stage: 'ban-thuong-vu', decision: 'approve', expectedSequence: 1 });
    expect(await errorCode(early)).toBe('STAGE_OUT_OF_ORDER');
    const other = await decide(reviewers['ban-thuong-vu'], v1, { stage: 'tieu-ban-tuyen-truyen', decision: 'approve', expectedSequence: 1 });
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('WRONG_STAGE');
  });

  it('keeps exactly one of two decisions made at the same moment on the same state; the other is told to reload', async () => {
    const second = await h.signIn({ role: 'reviewer', stage: 'tieu-ban-tuyen-truyen', label: 'Phó trưởng tiểu ban' });
    const [a, b] = await Promise.all([
      decide(reviewers['tieu-ban-tuyen-truyen'], v1, { stage: 'tieu-ban-tuyen-truyen', decision: 'approve', expectedSequence: 1 }),
      decide(second, v1, { stage: 'tieu-ban-tuyen-truyen', decision: 'request-changes', note: 'Sửa phụ đề', expectedSequence: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await errorCode([a, b].find((r) => r.status === 409)!)).toBe('CONFLICT');
    const status = (await (await editor.request(`/api/projects/${PROJECT_ID}/versions/${v1.id}/approvals`)).json()) as {
      sequence: number;
      decisions: unknown[];
      state: string;
    };
    expect(status.sequence).toBe(2);
    expect(status.decisions).toHaveLength(2);
    if (status.state === 'changes-requested') {
      // The request for changes won: the same stage may approve after talking it over.
      expect((await decide(reviewers['tieu-ban-tuyen-truyen'], v1, { stage: 'tieu-ban-tuyen-truyen', decision: 'approve', expectedSequence: 2 })).status).toBe(
        201,
      );
    }
  });

  it('lists only approved versions for the broadcaster', async () => {
    expect(((await (await broadcaster.request(`/api/projects/${PROJECT_ID}/deliveries`)).json()) as { deliveries: unknown[] }).deliveries).toEqual([]);
    const last = await decide(reviewers['ban-thuong-vu'], v1, { stage: 'ban-thuong-vu', decision: 'approve', expectedSequence: await sequenceOf(v1) });
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ state: 'approved', nextStage: null });
    const again = await decide(admin, v1, { stage: 'ban-thuong-vu', decision: 'approve', expectedSequence: await sequenceOf(v1) });
    expect(await errorCode(again)).toBe('VERSION_ALREADY_APPROVED');
  });

  it('serves a delivered file in ranges whose joined SHA-256 is the stored one, logs every request, and expires the link', async () => {
    const broadcast = await addRender({ version: v1, profile: 'broadcast', qc: 'pass' });
    const { deliveries } = (await (await broadcaster.request(`/api/projects/${PROJECT_ID}/deliveries`)).json()) as {
      deliveries: {
        version: { number: number };
        files: {
          renderId: string;
          role: string;
          sha256: string;
          md5: string;
          sizeBytes: number;
          durationFrames: number;
          downloadUrl: string;
          qcReportUrl: string;
          expiresAt: string;
          profile: string;
        }[];
      }[];
    };
    expect(deliveries).toHaveLength(1);
    const file = deliveries[0]!.files.find((f) => f.renderId === broadcast.id && f.role === 'programme')!;
    expect(file).toMatchObject({
      profile: 'broadcast',
      sizeBytes: programme.length,
      durationFrames: 100,
      md5: createHash('md5').update(programme).digest('hex'),
    });
    const chunks: Buffer[] = [];
    const size = file.sizeBytes;
    for (const [start, end] of [
      [0, 99_999],
      [100_000, 199_999],
      [200_000, size - 1],
    ] as const) {
      // No cookie: the signed link alone works (a download manager).
      const part = await h.app.request(file.downloadUrl, { headers: { range: `bytes=${start}-${end}`, 'x-forwarded-for': '10.7.0.1' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(part.headers.get('accept-ranges')).toBe('bytes');
      chunks.push(Buffer.from(await part.arrayBuffer()));
    }
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(file.sha256);
    const whole = await h.app.request(file.downloadUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toContain('attachment');
    expect(whole.headers.get('x-checksum-sha256')).toBe(file.sha256);
    expect(
      createHash('sha256')
        .update(Buffer.from(await whole.arrayBuffer()))
        .digest('hex'),
    ).toBe(file.sha256);
    expect((await h.app.request(file.downloadUrl, { headers: { range: `bytes=${size}-` } })).status).toBe(416);
    expect((await h.app.request(file.qcReportUrl)).status).toBe(200);

    const log = (await (await admin.request(`/api/projects/${PROJECT_ID}/downloads`)).json()) as {
      downloads: { range: string | null; bytes: number; by: string }[];
    };
    expect(log.downloads.filter((d) => d.by === broadcaster.inviteId).map((d) => d.range)).toEqual(
      expect.arrayContaining(['0-99999', '100000-199999', `200000-${size - 1}`, null]),
    );

    const tampered = file.downloadUrl.replace(/sig=([^&]+)/, 'sig=AAAA$1');
    expect(await errorCode(await h.app.request(tampered))).toBe('SIGNATURE_INVALID');
    const otherFile = file.downloadUrl.replace(/file=[^&]+/, 'file=qc%2Freport.html');
    expect((await h.app.request(otherFile)).status).toBe(403);
    h.clock.advance(24 * 3600_000 + 1000);
    const expired = await h.app.request(file.downloadUrl, { headers: { range: 'bytes=0-9' } });
    expect(expired.status).toBe(410);
    expect(await errorCode(expired)).toBe('LINK_EXPIRED');

    // A day without a request also ends every session (the idle timeout): people sign in again.
    const idle = await admin.request(`/api/projects/${PROJECT_ID}/downloads`);
    expect(idle.status).toBe(401);
    expect(await errorCode(idle)).toBe('UNAUTHENTICATED');
    await signInEveryone();
  });

  it("stops a revoked broadcaster's download links at once", async () => {
    const hall = await h.signIn({ role: 'broadcaster', label: 'Kỹ thuật hội trường' });
    const { deliveries } = (await (await hall.request(`/api/projects/${PROJECT_ID}/deliveries`)).json()) as {
      deliveries: { files: { downloadUrl: string }[] }[];
    };
    const link = deliveries[0]!.files[0]!.downloadUrl;
    expect((await h.app.request(link, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
    await admin.request(`/api/projects/${PROJECT_ID}/invites/${hall.inviteId}`, { method: 'DELETE' });
    const refused = await h.app.request(link, { headers: { range: 'bytes=0-0' } });
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe('INVITE_REVOKED');
  });

  it('starts the chain again for a new version, and refuses decisions on the older one', async () => {
    const { version: v2 } = await freezeCut({ deps: { ...h.backend, clock: h.clock }, cut: titleCut('Đại hội lần thứ I — bản sửa') });
    expect(v2.number).toBe(2);
    await send(v2);
    const status = (await (await reviewers['tong-bien-tap'].request(`/api/projects/${PROJECT_ID}/versions/${v2.id}/approvals`)).json()) as {
      state: string;
      nextStage: string;
      sequence: number;
    };
    expect(status).toMatchObject({ state: 'pending', nextStage: CHAIN[0], sequence: 0 });
    const detail = (await (await editor.request(`/api/projects/${PROJECT_ID}/versions/${v2.id}`)).json()) as {
      previous: { number: number };
      changedShots: string[];
    };
    expect(detail).toMatchObject({ previous: { number: 1 }, changedShots: ['t1'] });
    const stale = await decide(admin, v1, { stage: 'ban-thuong-vu', decision: 'request-changes', expectedSequence: await sequenceOf(v1) });
    expect(await errorCode(stale)).toBe('NOT_LATEST_VERSION');
  });
});

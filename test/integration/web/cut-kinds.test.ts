import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWebHarness, PROJECT_ID, type Client, type WebHarness } from './web-harness.ts';

const P = `/api/projects/${PROJECT_ID}`;

interface StartedCut {
  draft: {
    cutId: string;
    revision: number;
    cut: {
      kind: string;
      shots: { id: string; type: string; text?: string; subtitle?: string; duration: number }[];
      logo?: { assetId: string; overTitles: boolean };
    };
  };
  problems: { itemId: string; code: string }[];
  timing: { durationFrames: number; minFrames: number; maxFrames: number } | null;
}

/** Starting cuts of each kind through the API, and what the dashboard says of them. */
describe('cut kinds through the API', () => {
  let h: WebHarness;
  let editor: Client;

  beforeAll(async () => {
    h = await makeWebHarness();
    editor = await h.signIn({ role: 'editor' });
  });
  afterAll(async () => h.close());

  it("starts a news item from its template: opening card with today's date, closing card, 1–3 minutes", async () => {
    const response = await editor.request(`${P}/cuts`, { method: 'POST', json: { cutId: 'tin-khai-mac', title: 'Khai mạc Đại hội', kind: 'news' } });
    expect(response.status).toBe(201);
    const started = (await response.json()) as StartedCut;
    expect(started.draft.revision).toBe(1);
    expect(started.draft.cut.kind).toBe('news');
    expect(started.draft.cut.shots.map((shot) => [shot.id, shot.type, shot.text])).toEqual([
      ['mo-dau', 'title', 'Khai mạc Đại hội'],
      ['ket-thuc', 'title', 'Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng'],
    ]);
    expect(started.draft.cut.shots[0]!.subtitle).toMatch(/^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), \d{1,2}\/\d{1,2}\/20\d\d$/);
    expect(started.problems).toEqual([]);
    expect(started.timing).toMatchObject({ minFrames: 1500, maxFrames: 4500 });
    const again = await editor.request(`${P}/cuts`, { method: 'POST', json: { cutId: 'tin-khai-mac', title: 'Khai mạc', kind: 'news' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('starts a reportage empty, and refuses an unknown kind with the field named', async () => {
    const started = (await (
      await editor.request(`${P}/cuts`, { method: 'POST', json: { cutId: 'phong-su-2', title: 'Phóng sự', kind: 'reportage' } })
    ).json()) as StartedCut;
    expect(started.draft.cut.shots).toEqual([]);
    const bad = await editor.request(`${P}/cuts`, { method: 'POST', json: { cutId: 'x', title: 'X', kind: 'documentary' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'INVALID_BODY',
      message: expect.stringContaining('kind'),
    });
  });

  it('shows each cut on the dashboard with its kind, its length range and the day it is due', async () => {
    const dashboard = (await (await editor.request(`${P}/dashboard`)).json()) as {
      cuts: {
        cutId: string;
        kind: { id: string; label: { vi: string }; minFrames: number; maxFrames: number; stages: string[] };
        dueDate: string | null;
        daysLeft: number | null;
      }[];
    };
    const news = dashboard.cuts.find((cut) => cut.cutId === 'tin-khai-mac');
    expect(news).toMatchObject({ kind: { id: 'news', label: { vi: 'Tin' }, minFrames: 1500, maxFrames: 4500, stages: ['tong-bien-tap'] }, daysLeft: 0 });
    const reportage = dashboard.cuts.find((cut) => cut.cutId === 'phong-su-2');
    expect(reportage?.kind.stages).toEqual(['tong-bien-tap', 'tieu-ban-tuyen-truyen', 'ban-thuong-vu']);
  });

  it("takes an admin's rules for a kind as project data: the next news item is signed by two stages and may run 4 minutes", async () => {
    const admin = await h.signIn({ role: 'admin' });
    const { project } = (await (await admin.request(P)).json()) as { project: { revision: number } };
    const cutKinds = { news: { stages: ['tong-bien-tap', 'ban-thuong-vu'], maxFrames: 4 * 60 * 25 } };
    const patched = await admin.request(P, { method: 'PATCH', json: { expectedRevision: project.revision, cutKinds } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { project: { cutKinds: unknown } }).project.cutKinds).toEqual(cutKinds);
    const started = (await (
      await editor.request(`${P}/cuts`, { method: 'POST', json: { cutId: 'tin-be-mac', title: 'Bế mạc Đại hội', kind: 'news' } })
    ).json()) as StartedCut;
    expect(started.timing).toMatchObject({ minFrames: 1500, maxFrames: 6000 });
    const dashboard = (await (await editor.request(`${P}/dashboard`)).json()) as { cuts: { cutId: string; kind: { stages: string[] } }[] };
    expect(dashboard.cuts.find((cut) => cut.cutId === 'tin-be-mac')?.kind.stages).toEqual(['tong-bien-tap', 'ban-thuong-vu']);
    const refused = await admin.request(P, { method: 'PATCH', json: { expectedRevision: project.revision + 1, cutKinds: { news: { minFrames: 0 } } } });
    expect(refused.status).toBe(400);
  });
});

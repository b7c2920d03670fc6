/**
 * End to end, in a real headless Chromium (Debian's, driven by playwright-core) against a real
 * `reportage serve`: a contributor uploads three files (one rejected, with its reason), an editor
 * builds a cut and renders the review version from the cut editor, three reviewers comment and
 * approve their stages in order, and the broadcaster downloads a deliverable whose SHA-256 matches.
 * A screenshot of every page goes to test-output/screenshots/ for a person to look at.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openInviteLink } from './open-invite-link.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, vi } from '../../shared/web/i18n/index.ts';
import { makeHlsDisguisedAsMp4 } from '../helpers/make-media.ts';
import { makePhoto, makeShapeClip } from '../helpers/make-render-media.ts';
import { eventually } from './eventually.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { launchChromium } from './launch-chromium.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const PROJECT = 'dai-hoi-2026';

let server: RunningServer;
/** The contributor's invite link (an invite opens a session each time it is used, until it expires). */
let contributorLink = '';
let browser: Browser;
const pageErrors: string[] = [];
const consoleLines: string[] = [];
const openPages: Page[] = [];
const timings: string[] = [];
let stepStart = Date.now();
/** Notes how long the step that just ended took (printed at the end: the machine is shared, so this is for reading, not asserting). */
function mark(step: string): void {
  timings.push(`${step} ${((Date.now() - stepStart) / 1000).toFixed(1)} s`);
  stepStart = Date.now();
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser context (cookies of its own) for one person, Vietnamese, big enough for the pages. */
async function personContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN', acceptDownloads: true, baseURL: server.baseUrl });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => consoleLines.push(`${message.type()} ${page.url()}: ${message.text()}`));
  openPages.push(page);
  return { context, page };
}

/** Calls the JSON API with the context's session cookie and CSRF token (for steps the test does not drive through a page). */
async function callApi<T>(context: BrowserContext, method: string, apiPath: string, body?: unknown): Promise<T> {
  const sessionResponse = await context.request.get(`${server.baseUrl}/api/session`);
  const { session } = (await sessionResponse.json()) as { session: { csrfToken: string } };
  const response = await context.request.fetch(`${server.baseUrl}${apiPath}`, {
    method,
    headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  if (!response.ok()) throw new Error(`${method} ${apiPath}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('the page catalogs', () => {
  it('have the same keys in Vietnamese and English, NFC text and the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) {
      expect(text.length, key).toBeGreaterThan(0);
      expect(text, key).toBe(text.normalize('NFC'));
      const placeholders = (value: string) => [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
    // Vietnamese with its marks, not ASCII stand-ins.
    expect(vi['nav.upload']).toBe('Gửi tư liệu');
  });
});

describe('the web app in a real browser', () => {
  it('takes material from upload to a verified download', async () => {
    stepStart = Date.now();
    try {
      await runFlow();
      mark('a second version, English');
      console.log(timings.join('\n'));
    } catch (error) {
      // What the pages showed when it failed, for a person to look at.
      await Promise.all(
        openPages
          .filter((page) => !page.isClosed())
          .map((page, index) => page.screenshot({ path: path.join(SCREENSHOTS, `failure-${index}.png`), fullPage: true }).catch(() => undefined)),
      );
      console.error(`console:\n${consoleLines.slice(-40).join('\n')}\nserver:\n${server.logs().slice(-4000)}`);
      throw error;
    }
  }, 360_000);

  it('carries on after a dropped connection in the middle of a multipart upload', async () => {
    expect(contributorLink).toMatch(/\/i\//);
    const { context, page } = await personContext();
    await openInviteLink(page, contributorLink);
    await page.waitForURL('**/upload');
    // 12 MiB: two parts of 8 MiB and 4 MiB. The first attempt at part 2 loses its connection.
    const attempts: number[] = [];
    await page.route(/\/api\/uploads\/[^/]+\/parts\/\d+\?/, async (route) => {
      const part = Number(/\/parts\/(\d+)\?/.exec(route.request().url())?.[1]);
      attempts.push(part);
      if (part === 2 && attempts.filter((n) => n === 2).length === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    const bytes = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    await page
      .locator('.uppy-Dashboard-input')
      .first()
      .setInputFiles([{ name: 'the-nho-may-quay.mp4', mimeType: 'video/mp4', buffer: bytes }]);
    await page.locator('.uppy-StatusBar-actionBtn--upload').click();
    await eventually(async () => expect((await page.locator('#total-progress').textContent())?.trim()).toBe('100%'), { timeout: 60_000 });
    expect(attempts.filter((n) => n === 1)).toHaveLength(1);
    expect(attempts.filter((n) => n === 2)).toHaveLength(2);
    // The joined file reached ingest, which refuses it for what it is (zeros, not a video), in plain words.
    const row = page.locator('#uploads-table tr[data-name="the-nho-may-quay.mp4"]');
    await eventually(async () => expect(await row.getAttribute('data-state')).toBe('rejected'), { timeout: 60_000 });
    expect((await row.locator('.reason').textContent())?.length ?? 0).toBeGreaterThan(10);
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

async function runFlow(): Promise<void> {
  {
    // ── Sign-in landing: a bad link explains itself in Vietnamese ──
    const visitor = await personContext();
    await visitor.page.goto('/?signin=INVITE_EXPIRED');
    await eventually(async () => expect(await visitor.page.getByRole('alert').textContent()).toContain('Đường dẫn mời đã hết hạn'));
    await screenshot(visitor.page, '01-sign-in');
    await visitor.context.close();

    mark('sign-in landing');

    // ── Admin: signs in with the link `admin-token` made, sets the congress date, invites people ──
    const admin = await personContext();
    await openInviteLink(admin.page, server.adminLink);
    await admin.page.waitForURL('**/dashboard');
    const { project } = await callApi<{ project: { revision: number; approvalChain: { id: string }[] } }>(admin.context, 'GET', `/api/projects/${PROJECT}`);
    const congress = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await callApi(admin.context, 'PATCH', `/api/projects/${PROJECT}`, { expectedRevision: project.revision, congressDate: congress });

    await admin.page.goto('/admin/invites');
    await admin.page.locator('select[name=role]').selectOption('contributor');
    await admin.page.locator('input[name=label]').fill('Hội Tin học Hải Phòng');
    await admin.page.getByRole('button', { name: 'Tạo đường dẫn mời' }).click();
    contributorLink = (await admin.page.locator('#invite-url').textContent()) ?? '';
    expect(contributorLink).toMatch(/\/i\/[\w-]+$/);
    await eventually(async () => expect(await admin.page.locator('#invites tr[data-state=active]').count()).toBe(1));
    // The admin sign-in links are listed too, this session's own marked.
    await eventually(async () => expect(await admin.page.locator('#admin-invites tr[data-state=active]').count()).toBe(1));
    expect(await admin.page.locator('#admin-invites tr[data-state=active]').textContent()).toContain('phiên của bạn');
    await screenshot(admin.page, '02-invites');
    const invite = async (body: Record<string, unknown>) =>
      `${server.baseUrl}${(await callApi<{ url: string }>(admin.context, 'POST', `/api/projects/${PROJECT}/invites`, body)).url}`;
    const editorLink = await invite({ role: 'editor', label: 'Ban Thông tin' });
    const reviewerLinks = [];
    for (const stage of project.approvalChain)
      reviewerLinks.push({ stage: stage.id, link: await invite({ role: 'reviewer', stage: stage.id, label: `Người duyệt ${stage.id}` }) });
    const broadcasterLink = await invite({ role: 'broadcaster', label: 'Đài PT-TH Hải Phòng' });

    mark('admin');

    // ── Contributor: three files, one of them a playlist in disguise ──
    const contributor = await personContext();
    await openInviteLink(contributor.page, contributorLink);
    await contributor.page.waitForURL('**/upload');
    const [clip, photo, playlist] = await Promise.all([
      makeShapeClip({ width: 320, height: 180, seconds: 6 }),
      makePhoto({ width: 640, height: 360 }),
      makeHlsDisguisedAsMp4(),
    ]);
    await contributor.page
      .locator('.uppy-Dashboard-input')
      .first()
      .setInputFiles([
        { name: 'phong-van-chu-tich.mp4', mimeType: 'video/mp4', buffer: await readFile(clip) },
        { name: 'anh-hoi-nghi.jpg', mimeType: 'image/jpeg', buffer: await readFile(photo) },
        { name: 'ky-niem.mp4', mimeType: 'video/mp4', buffer: await readFile(playlist) },
      ]);
    const form = (name: string) => contributor.page.locator(`#file-meta fieldset[data-file-name="${name}"]`);
    await eventually(async () => expect(await contributor.page.locator('#file-meta fieldset').count()).toBe(3));
    await form('phong-van-chu-tich.mp4').locator('select[name=kind]').selectOption('interview');
    await form('phong-van-chu-tich.mp4').locator('select[name=theme]').selectOption('y-nghia-dai-hoi');
    await form('phong-van-chu-tich.mp4').locator('input[name=speakerName]').fill('Nguyễn Văn Anh');
    await form('phong-van-chu-tich.mp4').locator('input[name=speakerPosition]').fill('Chủ tịch Liên hiệp hội');
    await form('phong-van-chu-tich.mp4').locator('textarea[name=description]').fill('Phỏng vấn về ý nghĩa Đại hội');
    await eventually(async () => expect(await form('anh-hoi-nghi.jpg').locator('select[name=kind]').inputValue()).toBe('photo'));
    await form('anh-hoi-nghi.jpg').locator('select[name=theme]').selectOption('hoat-dong-xa-hoi');
    await contributor.page.locator('.uppy-StatusBar-actionBtn--upload').click();
    await eventually(async () => expect((await contributor.page.locator('#total-progress').textContent())?.trim()).toBe('100%'), { timeout: 30_000 });
    await eventually(async () => expect(await contributor.page.locator('#uploads-table tr[data-state=ready]').count()).toBe(2), { timeout: 60_000 });
    const rejected = contributor.page.locator('#uploads-table tr[data-state=rejected]');
    await eventually(async () => expect(await rejected.count()).toBe(1));
    await eventually(async () => expect(await rejected.getAttribute('data-name')).toBe('ky-niem.mp4'));
    await eventually(async () => expect(await rejected.locator('.reason').textContent()).toContain('danh sách phát'));
    await screenshot(contributor.page, '03-upload');

    mark('contributor');

    // ── Editor: the library, then a cut built and rendered from the cut editor ──
    const editor = await personContext();
    await openInviteLink(editor.page, editorLink);
    await editor.page.waitForURL('**/dashboard');
    await editor.page.goto('/library');
    await eventually(async () => expect(await editor.page.locator('.asset-card').count()).toBe(3));
    await editor.page.locator('.asset-card[data-name="phong-van-chu-tich.mp4"] img.poster').first().waitFor({ state: 'visible' });
    await editor.page.waitForFunction(() => [...document.querySelectorAll('img.poster')].every((img) => (img as HTMLImageElement).complete));
    await screenshot(editor.page, '04-library');
    await editor.page.locator('select[name=kind]').selectOption('photo');
    await eventually(async () => expect(await editor.page.locator('.asset-card').count()).toBe(1));
    expect(await editor.page.locator('.asset-card').getAttribute('data-name')).toBe('anh-hoi-nghi.jpg');

    await editor.page.goto('/cuts');
    await editor.page.locator('input[name=cutId]').fill('phong-su-thu');
    await editor.page.locator('input[name=title]').fill('Phóng sự thử nghiệm Đại hội');
    await editor.page.getByRole('button', { name: 'Tạo', exact: true }).click();
    await editor.page.waitForURL('**/cuts/phong-su-thu');

    await editor.page.locator('#add-title').click();
    const title = editor.page.locator('.shot[data-type=title]');
    await title.locator('input[name=text]').fill('Đại hội lần thứ I');
    await title.locator('input[name=duration]').fill('00:00:01:12');
    await title.locator('input[name=duration]').press('Tab');

    await editor.page.locator('#add-clip').click();
    const clipShot = editor.page.locator('.shot[data-type=clip]');
    await clipShot.locator('input[name=in]').fill('00:00:01:00');
    await clipShot.locator('input[name=in]').press('Tab');
    // The out point comes from the source viewer: seek the proxy to frame 125 and press "set out".
    await editor.page.waitForFunction(() => ((document.getElementById('source-player') as HTMLVideoElement | null)?.readyState ?? 0) >= 1);
    await editor.page.evaluate(async () => {
      const video = document.getElementById('source-player') as HTMLVideoElement;
      await new Promise((resolve) => {
        video.addEventListener('seeked', resolve, { once: true });
        video.currentTime = 125.5 / 25;
      });
    });
    await clipShot.locator('[data-action=set-out]').click();
    await eventually(async () => expect(await clipShot.locator('input[name=out]').inputValue()).toBe('00:00:05:00'));

    await editor.page.locator('#add-photo').click();
    const photoShot = editor.page.locator('.shot[data-type=photo]');
    await photoShot.locator('input[name=duration]').fill('00:00:01:12');
    await photoShot.locator('input[name=duration]').press('Tab');
    await eventually(async () => expect(await editor.page.locator('#running-total').textContent()).toContain('00:00:06:24'));

    await editor.page.locator('#add-subtitle').click();
    const cue = editor.page.locator('#subtitles .cue').first();
    await cue.locator('input[name=start]').fill('00:00:01:12');
    await cue.locator('input[name=end]').fill('00:00:04:12');
    await cue.locator('textarea[name=text]').fill('Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng');
    await cue.locator('.rule-warning[data-rule=line-length]').first().waitFor({ state: 'visible' });
    await cue.locator('textarea[name=text]').fill('Đại hội lần thứ I\nnhiệm kỳ 2026–2031');
    await eventually(async () => expect(await cue.locator('.rule-warning').count()).toBe(0));

    await editor.page.locator('#save').click();
    await eventually(async () => expect(await editor.page.locator('#cut-status').textContent()).toContain('Đã lưu bản nháp'));
    await editor.page.locator('#render').click();
    await editor.page.locator('#render-progress [data-render-status]').first().waitFor({ state: 'visible' });
    await editor.page.locator('#render-progress [data-render-status=done]').first().waitFor({ state: 'visible', timeout: 150_000 });
    const versionId = (await editor.page.locator('#render-progress [data-version-id]').getAttribute('data-version-id')) ?? '';
    expect(versionId).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(editor.page, '05-cut-editor');

    mark('editor');

    // ── Reviewers: each stage in order; the first comments at a frame-exact timecode ──
    for (const [index, { stage, link }] of reviewerLinks.entries()) {
      const reviewer = await personContext();
      await openInviteLink(reviewer.page, link);
      await reviewer.page.waitForURL('**/review');
      await reviewer.page.locator(`a[href="/review/${versionId}"]`).first().click();
      await reviewer.page.waitForURL(`**/review/${versionId}`);
      await reviewer.page.waitForFunction(() => ((document.getElementById('review-player') as HTMLVideoElement | null)?.readyState ?? 0) >= 1);
      if (index === 0) {
        await reviewer.page.evaluate(async () => {
          const video = document.getElementById('review-player') as HTMLVideoElement;
          await new Promise((resolve) => {
            video.addEventListener('seeked', resolve, { once: true });
            video.currentTime = 75.5 / 25;
          });
        });
        await reviewer.page.locator('h1').click();
        await reviewer.page.keyboard.press('ArrowRight');
        await reviewer.page.keyboard.press('ArrowRight');
        await reviewer.page.keyboard.press('ArrowLeft');
        await eventually(async () => expect((await reviewer.page.locator('#programme-tc').textContent())?.trim()).toBe('00:00:03:01'));
        await reviewer.page.locator('textarea[name=comment]').fill('Tên diễn giả cần viết đầy đủ chức danh.');
        await reviewer.page.locator('#post-comment').click();
        const posted = reviewer.page.locator('#comments .comment[data-frame="76"]');
        await eventually(async () => expect(await posted.textContent()).toContain('00:00:03:01'));
        await eventually(async () => expect(await posted.textContent()).toContain('Tên diễn giả cần viết đầy đủ chức danh.'));
        // A reply in the thread, then the comment resolved.
        await posted.getByRole('button', { name: 'Trả lời', exact: true }).click();
        await posted.locator('textarea[name=reply]').fill('Đã bổ sung chức danh ở bản sau.');
        await posted.getByRole('button', { name: 'Gửi trả lời', exact: true }).click();
        await eventually(async () =>
          expect(await reviewer.page.locator('#comments .comment[data-frame="76"] .replies').textContent()).toContain('Đã bổ sung chức danh'),
        );
        await reviewer.page.locator('#comments .comment[data-frame="76"]').getByRole('button', { name: 'Đã xử lý', exact: true }).click();
        await eventually(async () => expect(await reviewer.page.locator('#comments .comment.resolved[data-frame="76"]').count()).toBe(1));
      }
      await reviewer.page.locator('#approve').click();
      await eventually(async () =>
        expect(await reviewer.page.locator(`#approval-chain li[data-stage="${stage}"]`).getAttribute('data-state')).toBe('approved'),
      );
      if (index === 0) await screenshot(reviewer.page, '06-review');
      if (index === reviewerLinks.length - 1) {
        await eventually(async () => expect((await reviewer.page.locator('#approval-state').textContent())?.trim()).toBe('Đã duyệt đủ các cấp'));
        await reviewer.page.goto(`/approvals/${versionId}`);
        await eventually(async () => expect(await reviewer.page.locator('li[data-state=approved]').count()).toBe(reviewerLinks.length));
      }
      await reviewer.context.close();
    }

    // The editor's view of the chain: every stage signed, deliverables may now be rendered.
    await admin.page.goto(`/approvals/${versionId}`);
    await eventually(async () => expect(await admin.page.locator('li[data-state=approved]').count()).toBe(reviewerLinks.length));
    await admin.page.locator('.deliverables tr[data-profile=broadcast] button').first().waitFor({ state: 'visible' });
    await screenshot(admin.page, '07-approvals');

    mark('reviewers');

    // ── Broadcaster: downloads the programme; its bytes hash to the SHA-256 the page shows ──
    const broadcaster = await personContext();
    await openInviteLink(broadcaster.page, broadcasterLink);
    await broadcaster.page.waitForURL('**/delivery');
    const programme = broadcaster.page.locator('tr[data-role=programme]').first();
    await programme.first().waitFor({ state: 'visible' });
    await screenshot(broadcaster.page, '08-delivery');
    const shown = (await programme.getAttribute('data-sha256')) ?? '';
    await eventually(async () => expect(await programme.locator('.sha256').textContent()).toContain(shown));
    const [download] = await Promise.all([broadcaster.page.waitForEvent('download'), programme.locator('a.download').click()]);
    const downloaded = await download.path();
    const sha256 = createHash('sha256')
      .update(await readFile(downloaded))
      .digest('hex');
    expect(sha256).toBe(shown);

    mark('broadcaster');

    // ── Dashboard: deadline and what stands between the cut and delivery ──
    await admin.page.goto('/dashboard');
    await admin.page.locator('#dashboard-cuts tr[data-cut-id="phong-su-thu"]').first().waitFor({ state: 'visible' });
    await screenshot(admin.page, '09-dashboard');

    mark('dashboard');

    // ── A second version: the editor changes the title card; the reviewer sees v1 beside v2, the change marked ──
    await editor.page.goto('/cuts/phong-su-thu');
    const titleAgain = editor.page.locator('.shot[data-type=title] input[name=text]');
    await titleAgain.fill('Đại hội đại biểu lần thứ I');
    await titleAgain.press('Tab');
    await editor.page.locator('#render').click();
    await editor.page.locator('#render-progress [data-render-status=done]').first().waitFor({ state: 'visible', timeout: 150_000 });
    const secondId = (await editor.page.locator('#render-progress [data-version-id]').getAttribute('data-version-id')) ?? '';
    expect(secondId).not.toBe(versionId);
    const firstReviewer = await personContext();
    await openInviteLink(firstReviewer.page, reviewerLinks[0]!.link);
    await firstReviewer.page.waitForURL('**/review');
    await firstReviewer.page.goto(`/review/${secondId}`);
    await firstReviewer.page.locator('#previous video').first().waitFor({ state: 'visible' });
    await eventually(async () => expect(await firstReviewer.page.locator('#shot-list .shot.changed').count()).toBe(1));
    expect(await firstReviewer.page.locator('#shot-list .shot.changed').getAttribute('data-shot-id')).toBe('s1');
    await firstReviewer.page.waitForFunction(() => [...document.querySelectorAll('video')].every((video) => video.readyState >= 2));
    await screenshot(firstReviewer.page, '11-review-v2');
    await firstReviewer.context.close();

    // English on request, remembered by a cookie.
    await admin.page.goto('/dashboard?lang=en');
    await eventually(async () => expect((await admin.page.locator('h1').textContent())?.trim()).toBe('Project dashboard'));
    await admin.page.goto('/library');
    await eventually(async () => expect((await admin.page.locator('h1').first().textContent())?.trim()).toBe('Library'));
    await screenshot(admin.page, '10-library-en');

    expect(pageErrors).toEqual([]);
  }
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpublish } from '../../shared/delivery/index.ts';
import type { Publication } from '../../shared/domain/index.ts';
import { makePublishedFixture, PUBLISHER } from '../helpers/published-fixture.ts';
import type { RenderFixture } from '../helpers/render-fixture.ts';
import { eventually } from './eventually.ts';
import { launchChromium } from './launch-chromium.ts';
import { openInviteLink } from './open-invite-link.ts';
import { startServer, type RunningServer } from './start-server.ts';

/**
 * The public watch page in Debian's Chromium, as a viewer and the Union's website use it, served
 * by a `reportage serve` child process from a data folder with one published news item (see
 * makePublishedFixture): the HLS plays (hls.js: Chromium has Media Source Extensions), the
 * Vietnamese captions are on and can be switched, a chapter click lands on its frame, the embed
 * plays inside an `<iframe>` of another origin while the app's own pages refuse to be framed, an
 * admin unpublishes and publishes again from the delivery page, and a withdrawn item is gone,
 * its segments too.
 */
describe('the watch page in Chromium', () => {
  let fixture: RenderFixture;
  let publication: Publication;
  let server: RunningServer;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;

  /** The video's state as the page sees it. */
  const videoState = (page: Page) =>
    page.evaluate(() => {
      const video = document.querySelector('video')!;
      const track = video.textTracks[0];
      return {
        player: video.dataset.player ?? null,
        time: video.currentTime,
        paused: video.paused,
        readyState: video.readyState,
        captions: track ? { mode: track.mode, language: track.language, active: track.activeCues?.length ?? 0 } : null,
      };
    });

  beforeAll(async () => {
    ({ fixture, publication } = await makePublishedFixture());
    server = await startServer({ env: { REPORTAGE_DATA_DIR: fixture.dir } });
    browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required', '--mute-audio'] });
    // The Union's website: another origin (another port) whose page embeds the video and one of the app's own pages.
    site = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><title>Chuyên mục Đại hội</title>` +
          `<iframe id="video" src="${server.baseUrl}/watch/tin-khai-mac/embed" width="640" height="360"></iframe>` +
          `<iframe id="app" src="${server.baseUrl}/delivery" width="640" height="360"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.stop();
    await fixture?.close();
  });

  it('plays the HLS for a few seconds with the Vietnamese captions on, switches them off and on', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.baseUrl}/watch/tin-khai-mac`);
    expect(response?.status()).toBe(200);
    await eventually(async () => expect((await videoState(page)).player).toBe('hls.js'));
    await page.evaluate(() => document.querySelector('video')!.play());
    // Past the subtitle's start (1.2 s) and into it: the cue shows.
    await eventually(async () => expect((await videoState(page)).time).toBeGreaterThan(1.6), { timeout: 20_000 });
    const playing = await videoState(page);
    expect(playing.captions).toMatchObject({ mode: 'showing', language: 'vi' });
    expect(playing.captions!.active).toBe(1);
    await page.getByRole('button', { name: 'Tắt' }).click();
    expect((await videoState(page)).captions?.mode).toBe('disabled');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect((await videoState(page)).captions?.mode).toBe('showing');
    // hls.js fetched the ladder's segments from the public folder.
    const segments = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.ts')).length);
    expect(segments).toBeGreaterThan(0);
    await page.close();
  });

  it('jumps to a chapter and lands on its timecode', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/watch/tin-khai-mac`);
    await eventually(async () => expect((await videoState(page)).readyState).toBeGreaterThanOrEqual(1));
    const chapter = publication.chapters.at(-1)!;
    expect(chapter).toEqual({ title: 'Ý nghĩa Đại hội và dự thảo văn kiện', frame: 115 });
    await page.locator(`[data-chapter-frame="${chapter.frame}"]`).click();
    await eventually(async () => {
      const state = await videoState(page);
      expect(Math.floor(state.time * 25)).toBeGreaterThanOrEqual(chapter.frame);
      expect(Math.floor(state.time * 25)).toBeLessThan(chapter.frame + 25);
    });
    await eventually(async () => expect(await page.locator('[data-chapter-frame="115"]').getAttribute('aria-current')).not.toBeNull());
    expect(await page.locator('#position').textContent()).toMatch(/^00:00:0[45]$/);
    await page.close();
  });

  it('plays inside an iframe of another origin, where the app’s own pages refuse to load', async () => {
    const page = await browser.newPage();
    await page.goto(siteUrl);
    const embed = page.frames().find((f) => f.url().endsWith('/watch/tin-khai-mac/embed'));
    expect(embed).toBeDefined();
    await eventually(async () => expect(await embed!.evaluate(() => document.querySelector('video')?.dataset.player ?? null)).toBe('hls.js'));
    await embed!.evaluate(() => document.querySelector('video')!.play());
    await eventually(async () => expect(await embed!.evaluate(() => document.querySelector('video')!.currentTime)).toBeGreaterThan(0.5), { timeout: 20_000 });
    // The delivery page is not framable: Chromium shows its error page instead of the app.
    const app = await (await page.$('iframe#app'))!.contentFrame();
    expect(app?.url()).toBe('chrome-error://chromewebdata/');
    await page.close();
  });

  it('lets an admin unpublish and publish again from the delivery page', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await openInviteLink(page, server.adminLink);
    await page.goto(`${server.baseUrl}/delivery`);
    const panel = page.locator('.publish-panel');
    await eventually(async () => expect(await panel.locator('a[href="/watch/tin-khai-mac"]').count()).toBe(1));
    await panel.getByRole('button', { name: 'Gỡ xuống' }).click();
    await eventually(async () => expect(await panel.textContent()).toContain('Đã gỡ xuống'));
    expect((await fetch(`${server.baseUrl}/watch/tin-khai-mac`)).status).toBe(404);
    await panel.locator('input[name=slug]').fill('tin-khai-mac');
    await panel.getByRole('button', { name: 'Xuất bản' }).click();
    await eventually(async () => expect(await panel.locator('.badge', { hasText: 'Đang công khai' }).count()).toBe(1));
    expect((await fetch(`${server.baseUrl}/watch/tin-khai-mac`)).status).toBe(200);
    await page.close();
  });

  it('answers 404 for a withdrawn item, its segments included', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/watch/tin-khai-mac`);
    const segment = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('.m3u8'))?.name ?? null);
    await unpublish({ deps: { ...fixture.deps, workflow: fixture.backend.workflow }, actor: PUBLISHER, slug: 'tin-khai-mac' });
    const again = await page.goto(`${server.baseUrl}/watch/tin-khai-mac`);
    expect(again?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy video');
    const playlist = segment ?? `${server.baseUrl}/public/${publication.token}/hls/master.m3u8`;
    expect(await page.evaluate(async (url) => (await fetch(url)).status, playlist)).toBe(404);
    expect(await page.evaluate(async (url) => (await fetch(url)).status, `${server.baseUrl}/public/${publication.token}/hls/180p/seg-00000.ts`)).toBe(404);
    await page.close();
  });
});

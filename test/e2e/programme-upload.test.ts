/**
 * A partner studio hands in a finished programme through the upload page, in a real browser
 * (Debian's Chromium) against `reportage serve`: signed in with a contributor's invite, it picks
 * the kind "finished programme", types the cut id the editors gave it and declares the sound as
 * 5.1; the upload job makes the file the cut's next version, and the review page shows what every
 * profile will change about it (interlaced, 5.1 folded to stereo, scaled), in Vietnamese.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgramme, PROGRAMME_FRAMES } from '../helpers/make-programme-media.ts';
import { eventually } from './eventually.ts';
import { launchChromium } from './launch-chromium.ts';
import { openInviteLink } from './open-invite-link.ts';
import { startServer, type RunningServer } from './start-server.ts';

const PROJECT = 'dai-hoi-2026';
const CUT = 'phong-su-doi-tac';

let server: RunningServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(link: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN', baseURL: server.baseUrl });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openInviteLink(page, link);
  await page.waitForURL((url) => !url.pathname.startsWith('/i/'));
  return page;
}

/** Calls the JSON API as the person signed in on `page` (with the session's CSRF token). */
async function callApi<T>(page: Page, method: string, apiPath: string, data?: unknown): Promise<T> {
  const { session } = (await (await page.request.get('/api/session')).json()) as { session: { csrfToken: string } };
  const response = await page.request.fetch(apiPath, {
    method,
    ...(data === undefined ? {} : { data }),
    headers: { 'x-csrf-token': session.csrfToken, origin: server.baseUrl },
  });
  if (!response.ok()) throw new Error(`${method} ${apiPath} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe('a finished programme uploaded by a partner studio', () => {
  it('becomes the cut’s next version with the declared channel layout, and the review page says what each profile changes', async () => {
    const admin = await signedIn(server.adminLink);
    const { url } = await callApi<{ url: string }>(admin, 'POST', `/api/projects/${PROJECT}/invites`, {
      role: 'contributor',
      label: 'Đơn vị truyền thông đối tác',
    });
    const studio = await signedIn(`${server.baseUrl}${url}`);
    await studio.waitForURL('**/upload');

    await studio
      .locator('.uppy-Dashboard-input')
      .first()
      .setInputFiles([{ name: 'Phóng sự Đại hội - bản hoàn chỉnh.mov', mimeType: 'video/quicktime', buffer: await readFile(await makeProgramme()) }]);
    const form = studio.locator('#file-meta fieldset').first();
    await form.waitFor();
    await form.locator('select[name=kind]').selectOption('programme');
    // A contributor cannot list the project's cuts: it types the id the editors gave it.
    await form.locator('input[name=cutId]').fill(CUT);
    await form.locator('select[name=audioLayout]').selectOption('5.1');
    await studio.locator('.uppy-StatusBar-actionBtn--upload').click();
    const row = studio.locator('#uploads-table tr[data-name="Phóng sự Đại hội - bản hoàn chỉnh.mov"]');
    await eventually(async () => expect(await row.getAttribute('data-state')).toBe('ready'), { timeout: 90_000 });

    // The upload job made it version 1 of the cut, read as 5.1.
    let versionId = '';
    await eventually(
      async () => {
        const { versions } = await callApi<{ versions: { id: string; cutId: string }[] }>(admin, 'GET', `/api/projects/${PROJECT}/versions`);
        const made = versions.filter((version) => version.cutId === CUT);
        expect(made).toHaveLength(1);
        versionId = made[0]!.id;
      },
      { timeout: 30_000 },
    );
    const { version } = await callApi<{
      version: { number: number; durationFrames: number; origin: { type: string; audioLayout: string; warnings: { code: string }[] } };
    }>(admin, 'GET', `/api/projects/${PROJECT}/versions/${versionId}`);
    expect(version).toMatchObject({ number: 1, durationFrames: PROGRAMME_FRAMES, origin: { type: 'file', audioLayout: '5.1' } });

    // The review page shows the version as from file, with what each profile will change about it.
    await admin.goto(`/review/${versionId}`);
    const ranges = admin.locator('#changed-ranges');
    await ranges.waitFor();
    expect(await ranges.locator('[data-warning=PROGRAMME_INTERLACED]').textContent()).toContain('xen kẽ');
    expect(await ranges.locator('[data-warning=PROGRAMME_CHANNELS]').textContent()).toContain('5.1');
    expect(await ranges.locator('[data-warning=PROGRAMME_SCALED]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

/**
 * Uploads that stop and start again, in a real headless Chromium against a real `reportage serve`:
 * a contributor pauses a 24 MiB upload from Uppy's status bar while parts are in flight (no part
 * reaches the server while paused, and resuming finishes it), and closes the tab in the middle of
 * another one (Golden Retriever remembers it; picking the same file again on a new page sends only
 * the parts the server does not have yet).
 *
 * The file is random bytes, not a video: ingest rejects it later, which is not what these tests
 * look at. Parts are 8 MiB (shared/web/client/pages/upload.ts), so 24 MiB is three parts. On
 * 127.0.0.1 a part takes milliseconds, so the tests hold every part after the first in
 * `page.route` to have something in flight to pause or to lose with the tab (Uppy 6 sends one
 * file's parts one after another, so in practice part 2 is held and part 3 waits behind it).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { openInviteLink } from './open-invite-link.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { launchChromium } from './launch-chromium.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const PROJECT = 'dai-hoi-2026';
const MIB = 1024 * 1024;
const PART_PUT = /\/api\/uploads\/([^/?]+)\/parts\/(\d+)\?/;

let server: RunningServer;
let browser: Browser;
let contributorLink = '';
let fileDir = '';
const pageErrors: string[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  fileDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-upload-resume-'));
  server = await startServer();
  browser = await launchChromium();
  // The admin invites a contributor through the API (the invite page itself is tested in web-app.test.ts).
  const admin = await browser.newContext({ baseURL: server.baseUrl });
  const adminPage = await admin.newPage();
  await openInviteLink(adminPage, server.adminLink);
  await adminPage.waitForURL('**/dashboard');
  const { session } = (await (await admin.request.get(`${server.baseUrl}/api/session`)).json()) as { session: { csrfToken: string } };
  const response = await admin.request.post(`${server.baseUrl}/api/projects/${PROJECT}/invites`, {
    headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    data: JSON.stringify({ role: 'contributor', label: 'Hội Tin học Hải Phòng' }),
  });
  if (!response.ok()) throw new Error(`invite: ${response.status()} ${await response.text()}`);
  contributorLink = `${server.baseUrl}${((await response.json()) as { url: string }).url}`;
  await admin.close();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (fileDir) await rm(fileDir, { recursive: true, force: true });
});

/** A 24 MiB file of random bytes on disk: picked by path, so the browser gives it the file's own mtime every time (Uppy's file id includes it). */
async function makeFile(name: string): Promise<string> {
  const file = path.join(fileDir, name);
  await writeFile(file, randomBytes(24 * MIB));
  return file;
}

/** A contributor's context, signed in through the invite link, on the upload page. */
async function contributor(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN', baseURL: server.baseUrl });
  const page = await watchedPage(context);
  await openInviteLink(page, contributorLink);
  await page.waitForURL('**/upload');
  return { context, page };
}

async function watchedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => consoleLines.push(`${message.type()} ${page.url()}: ${message.text()}`));
  return page;
}

/** The part numbers the server has stored for an upload (the API's listParts). */
async function storedParts(context: BrowserContext, uploadId: string): Promise<number[]> {
  const response = await context.request.get(`${server.baseUrl}/api/projects/${PROJECT}/uploads/${encodeURIComponent(uploadId)}/parts`);
  if (!response.ok()) throw new Error(`list parts: ${response.status()} ${await response.text()}`);
  const { parts } = (await response.json()) as { parts: { partNumber: number }[] };
  return parts.map((part) => part.partNumber).sort((a, b) => a - b);
}

/** Everything Golden Retriever keeps in the page's origin (its IndexedDB stores and any `uppyState:` in localStorage), as text to search. */
async function rememberedState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const texts: string[] = Object.keys(localStorage)
      .filter((key) => key.startsWith('uppyState:'))
      .map((key) => localStorage.getItem(key) ?? '');
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const records = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        // Blobs stringify to {}: only the metadata records say anything.
        texts.push(...records.map((record) => JSON.stringify(record)));
      }
      db.close();
    }
    return texts.join('\n');
  });
}

/**
 * Holds the part PUTs the filter picks until `release()`; the others go through. Each attempt is
 * noted (upload id, part number) as it leaves the page.
 */
async function holdParts(
  page: Page,
  hold: (part: number) => boolean,
): Promise<{ attempts: { uploadId: string; part: number }[]; held: () => number[]; release: () => void }> {
  const attempts: { uploadId: string; part: number }[] = [];
  const held: number[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let released = false;
  await page.route(PART_PUT, async (route: Route) => {
    const match = PART_PUT.exec(route.request().url());
    const part = Number(match?.[2]);
    attempts.push({ uploadId: decodeURIComponent(match?.[1] ?? ''), part });
    if (!released && hold(part)) {
      held.push(part);
      await gate;
      // A request Uppy cancelled while held is gone from the page; answering it fails, harmlessly.
      await route.abort('aborted').catch(() => undefined);
      return;
    }
    await route.continue().catch(() => undefined);
  });
  return {
    attempts,
    held: () => [...held],
    release: () => {
      released = true;
      open();
    },
  };
}

async function failureReport(pages: Page[], name: string): Promise<void> {
  await Promise.all(
    pages
      .filter((page) => !page.isClosed())
      .map((page, index) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${index}.png`), fullPage: true }).catch(() => undefined)),
  );
  console.error(`console:\n${consoleLines.slice(-40).join('\n')}\nserver:\n${server.logs().slice(-4000)}`);
}

const progress = (page: Page) => page.locator('#total-progress');
const myUpload = (page: Page, name: string) => page.locator(`#uploads-table tr[data-name="${name}"]`);

describe('uploads that stop and start again', () => {
  it('pause from the status bar: nothing arrives while paused, resume finishes the upload', async () => {
    const { context, page } = await contributor();
    try {
      const name = 'tam-dung-roi-tiep-tuc.mp4';
      const file = await makeFile(name);
      // Part 1 goes through; the parts after it stay in flight until the test lets go of them.
      // (Uppy 6 sends one file's parts one after another, so that is part 2, and part 3 waits.)
      const parts = await holdParts(page, (part) => part !== 1);
      await page.locator('.uppy-Dashboard-input').first().setInputFiles(file);
      await page.locator('.uppy-StatusBar-actionBtn--upload').click();
      await eventually(() => expect(parts.held().length).toBeGreaterThan(0), { timeout: 30_000 });
      const uploadId = parts.attempts[0]?.uploadId ?? '';
      expect(uploadId).not.toBe('');
      await eventually(async () => expect(await storedParts(context, uploadId)).toEqual([1]), { timeout: 30_000 });
      await page.waitForTimeout(500);
      const inFlight = parts.held();

      // Pause while those parts are in flight: Uppy cancels them.
      const cancelled: string[] = [];
      page.on('requestfailed', (request) => {
        if (PART_PUT.test(request.url())) cancelled.push(request.url());
      });
      const toggle = page.locator('[data-cy=togglePauseResume]');
      await toggle.click();
      await eventually(() => expect(cancelled).toHaveLength(inFlight.length));
      // Let go of the held requests (gone already) and watch: no part leaves the page, none is stored.
      parts.release();
      const attemptsWhenPaused = parts.attempts.length;
      await page.waitForTimeout(2_500);
      expect(parts.attempts).toHaveLength(attemptsWhenPaused);
      expect(await storedParts(context, uploadId)).toEqual([1]);
      expect((await progress(page).textContent())?.trim()).not.toBe('100%');

      // Resume: the missing parts go up (the cancelled ones a second time), part 1 is not sent
      // again, and the upload completes with all three parts.
      await toggle.click();
      await eventually(async () => expect((await progress(page).textContent())?.trim()).toBe('100%'), { timeout: 60_000 });
      const sent = (part: number) => parts.attempts.filter((attempt) => attempt.part === part).length;
      expect(sent(1)).toBe(1);
      for (const part of [2, 3]) expect(sent(part), `part ${part}`).toBe(inFlight.includes(part) ? 2 : 1);
      expect(parts.attempts.length).toBe(3 + inFlight.length);
      expect(new Set(parts.attempts.map((attempt) => attempt.uploadId))).toEqual(new Set([uploadId]));
      await eventually(async () => expect(await myUpload(page, name).getAttribute('data-upload')).toBe(uploadId), { timeout: 30_000 });
      await eventually(async () => expect(await myUpload(page, name).getAttribute('data-state')).not.toBe('uploading'), { timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await failureReport([page], 'upload-pause-failure');
      throw error;
    } finally {
      await context.close();
    }
  }, 90_000);

  it('after a closed tab, the same file picked again on a new page sends only the missing parts', async () => {
    const { context, page } = await contributor();
    const pages = [page];
    try {
      const name = 'dong-tab-gui-tiep.mp4';
      const file = await makeFile(name);
      const first = await holdParts(page, (part) => part !== 1);
      await page.locator('.uppy-Dashboard-input').first().setInputFiles(file);
      await page.locator('.uppy-StatusBar-actionBtn--upload').click();
      await eventually(() => expect(first.held().length).toBeGreaterThan(0), { timeout: 30_000 });
      const uploadId = first.attempts[0]?.uploadId ?? '';
      await eventually(async () => expect(await storedParts(context, uploadId)).toEqual([1]), { timeout: 30_000 });
      // Golden Retriever writes Uppy's state (IndexedDB here) on a throttle: wait until it has this upload.
      await eventually(async () => expect(await rememberedState(page)).toContain(uploadId));
      await page.close();
      first.release();
      // A part the closed tab had already put on the wire may still land (the browser, not the
      // page, finishes a request in flight): wait until the stored parts stop changing, then the
      // new tab must send exactly the ones still missing.
      let stored = await storedParts(context, uploadId);
      await eventually(
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          const now = await storedParts(context, uploadId);
          const settled = JSON.stringify(now) === JSON.stringify(stored);
          stored = now;
          expect(settled).toBe(true);
        },
        { timeout: 15_000 },
      );
      expect(stored).toContain(1);
      expect(stored).not.toContain(3);
      const missing = [1, 2, 3].filter((part) => !stored.includes(part));

      // A new tab in the same browser: the upload page offers the file back; picking it again resumes.
      const again = await watchedPage(context);
      pages.push(again);
      const attempts: { uploadId: string; part: number }[] = [];
      again.on('request', (request) => {
        const match = PART_PUT.exec(request.url());
        if (match) attempts.push({ uploadId: decodeURIComponent(match[1] ?? ''), part: Number(match[2]) });
      });
      await again.goto('/upload');
      // Golden Retriever kept the upload's state but not a 24 MiB blob (its IndexedDB store takes
      // files up to 10 MiB): the file comes back as a "ghost" to pick again with "Chọn lại".
      const ghost = again.locator('.uppy-Dashboard-Item', { hasText: name });
      await eventually(async () => expect(await ghost.count()).toBe(1));
      await ghost.locator('.uppy-Dashboard-Item-reSelect').click();
      await again.locator('.uppy-Dashboard-input').first().setInputFiles(file);
      // Nothing is sent until the contributor says so: the restored file waits for the upload button.
      await again.waitForTimeout(1_000);
      expect(attempts).toEqual([]);
      await again.locator('.uppy-StatusBar-actionBtn--upload').click();
      await eventually(async () => expect((await progress(again).textContent())?.trim()).toBe('100%'), { timeout: 60_000 });
      expect(attempts.map((attempt) => attempt.part).sort()).toEqual(missing);
      expect(new Set(attempts.map((attempt) => attempt.uploadId))).toEqual(new Set([uploadId]));
      await eventually(async () => expect(await myUpload(again, name).count()).toBe(1), { timeout: 30_000 });
      expect(await myUpload(again, name).getAttribute('data-upload')).toBe(uploadId);
      await eventually(async () => expect(await myUpload(again, name).getAttribute('data-state')).not.toBe('uploading'), { timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    } catch (error) {
      await failureReport(pages, 'upload-closed-tab-failure');
      throw error;
    } finally {
      await context.close();
    }
  }, 90_000);
});

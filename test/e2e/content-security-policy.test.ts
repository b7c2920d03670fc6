import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createLocalBackend } from '../../shared/adapters/local/index.ts';
import { createInvite } from '../../shared/review/create-invite.ts';
import { startServeProcess, type ServeProcess } from '../integration/web/serve-process.ts';
import { launchChromium } from './launch-chromium.ts';

/**
 * The pages work under their Content-Security-Policy: a real browser opens each page a role can
 * see and the console shows no CSP violation and the page no script error (issue 14, item 6).
 */
describe('pages under the Content-Security-Policy', () => {
  let server: ServeProcess;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServeProcess();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws every page of an editor and of a contributor without a CSP violation or a script error', async () => {
    const backend = createLocalBackend({ dataDir: server.dataDir, maxAttempts: 3 });
    const project = await backend.store.projects.get({ id: 'dai-hoi-2026' });
    const problems: string[] = [];
    try {
      for (const [role, pages] of [
        ['editor', ['/', '/library', '/cuts', '/review', '/delivery', '/dashboard']],
        ['contributor', ['/', '/upload']],
      ] as const) {
        const { token } = await createInvite({
          deps: { workflow: backend.workflow, clock: { now: () => new Date() } },
          project,
          input: { role, label: `${role} csp` },
          actor: { role: 'admin', label: 'test', inviteId: null },
        });
        const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN' });
        const page = await context.newPage();
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`${role} ${page.url()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`${role} ${page.url()}: ${error.message}`));
        const signIn = await page.request.post('/api/session', { data: { token } });
        expect(signIn.status()).toBe(200);
        for (const path of pages) {
          await page.goto(path);
          await page.waitForLoadState('networkidle');
          // The script ran: the frame's "loading" text was replaced by the page's content.
          await page
            .waitForFunction(() => !document.querySelector('#app p.muted') || document.querySelector('#app')!.children.length > 1, undefined, {
              timeout: 10_000,
            })
            .catch(() => undefined);
          expect(await page.evaluate(() => document.querySelector('#who')?.textContent ?? '')).not.toBe('');
        }
        if ((pages as readonly string[]).includes('/upload'))
          expect(await page.locator('.uppy-Dashboard, .uppy-DragDrop, input[type=file]').count()).toBeGreaterThan(0);
        await context.close();
      }
    } finally {
      await backend.close();
    }
    expect(problems).toEqual([]);
  });

  it("signs in through an invite link page's button under the page's headers", async () => {
    const backend = createLocalBackend({ dataDir: server.dataDir, maxAttempts: 3 });
    const project = await backend.store.projects.get({ id: 'dai-hoi-2026' });
    const { token } = await createInvite({
      deps: { workflow: backend.workflow, clock: { now: () => new Date() } },
      project,
      input: { role: 'contributor', label: 'link csp' },
      actor: { role: 'admin', label: 'test', inviteId: null },
    });
    await backend.close();
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`/i/${token}`);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/i/')), page.locator('#invite-link-form button').click()]);
    const session = await page.request.get('/api/session');
    expect(session.status()).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });
});

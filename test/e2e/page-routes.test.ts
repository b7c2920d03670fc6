/**
 * The page routes on their own, through `app.request()` (no browser): every page answers with its
 * frame in Vietnamese, `?lang=en` switches and is remembered, the browser bundle builds and
 * revalidates, Uppy is served from node_modules, and nothing else under /static/ is.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/adapters/log/json-logger.ts';
import type { AppDeps } from '../../shared/web/index.ts';
import { createPageRoutes } from '../../shared/web/pages/index.ts';

// The pages read nothing but the logger from deps: the data comes from the API in the browser.
const app = createPageRoutes({ deps: { log: silentLogger } as unknown as AppDeps });

const PAGES = [
  '/',
  '/upload',
  '/library',
  '/cuts',
  '/cuts/phong-su',
  '/review',
  '/review/abc',
  '/approvals',
  '/approvals/abc',
  '/delivery',
  '/dashboard',
  '/admin/invites',
];

describe('page routes', () => {
  it('serve every page as a Vietnamese frame with its boot data and script', async () => {
    for (const page of PAGES) {
      const response = await app.request(page);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type'), page).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html, page).toMatch(/^<!doctype html><html lang="vi">/);
      expect(html, page).toContain('<script type="module" src="/static/app.js"></script>');
      const boot = JSON.parse(/<script type="application\/json" id="boot">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as {
        lang: string;
        messages: Record<string, string>;
      };
      expect(boot.lang).toBe('vi');
      expect(boot.messages['nav.upload']).toBe('Gửi tư liệu');
    }
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const first = await app.request('/library?lang=en');
    expect(await first.text()).toContain('<html lang="en">');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe('reportage_lang=en');
    const again = await app.request('/dashboard', { headers: { cookie } });
    const html = await again.text();
    expect(html).toContain('<title>Project dashboard · Reportage</title>');
  });

  it('keeps text from the address out of the markup', async () => {
    const response = await app.request('/cuts/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('\\u003cscript>alert(1)\\u003c/script>');
  });

  it('builds the browser bundle once, gzipped, and answers 304 to a browser that has it', async () => {
    const response = await app.request('/static/app.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const plain = await app.request('/static/app.js');
    const code = await plain.text();
    expect(code).toContain('/static/uppy.min.mjs');
    expect(code).toContain('x-csrf-token');
    // The pages import the domain's zod-free modules: zod alone would add ~380 KB (issue 16).
    expect(code).not.toContain('ZodError');
    expect(code.length).toBeLessThan(200_000);
    const again = await app.request('/static/app.js', { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('serves Uppy from node_modules and nothing else under /static/', async () => {
    const uppy = await app.request('/static/uppy.min.mjs');
    expect(uppy.status).toBe(200);
    expect(uppy.headers.get('content-type')).toMatch(/javascript/);
    expect(await uppy.text()).toContain('AwsS3');
    expect((await app.request('/static/uppy.min.css')).status).toBe(200);
    expect((await app.request('/static/package.json')).status).toBe(404);
    expect((await app.request('/static/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

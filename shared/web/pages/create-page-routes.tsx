import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { AppDeps } from '../app-deps.ts';
import type { WebEnv } from '../session.ts';
import { catalogFor, LANG_COOKIE, pickLang, type MessageKey } from '../i18n/index.ts';
import { APP_CSS } from './app-css.ts';
import { loadClientBundle } from './client-bundle.ts';
import { Layout, type PageBoot } from './layout.tsx';
import { HOME_BY_ROLE, PAGES, type PageId } from './page-list.ts';
import { isVendorFile, readVendorFile } from './static-files.ts';

/** A route of a page: its path pattern, page id, title and the navigation entry it highlights. */
const PAGE_ROUTES: { pattern: string; page: PageId; title: MessageKey; current: PageId }[] = [
  { pattern: '/', page: 'home', title: 'signin.title', current: 'home' },
  { pattern: '/upload', page: 'upload', title: 'upload.title', current: 'upload' },
  { pattern: '/library', page: 'library', title: 'library.title', current: 'library' },
  { pattern: '/cuts', page: 'cuts', title: 'cuts.title', current: 'cuts' },
  { pattern: '/cuts/:cutId', page: 'cut', title: 'cuts.title', current: 'cuts' },
  { pattern: '/review', page: 'review-list', title: 'review.title', current: 'review-list' },
  { pattern: '/review/:versionId', page: 'review', title: 'review.title', current: 'review-list' },
  { pattern: '/approvals', page: 'approvals', title: 'approvals.title', current: 'approvals' },
  { pattern: '/approvals/:versionId', page: 'approvals', title: 'approvals.title', current: 'approvals' },
  { pattern: '/delivery', page: 'delivery', title: 'delivery.title', current: 'delivery' },
  { pattern: '/dashboard', page: 'dashboard', title: 'dashboard.title', current: 'dashboard' },
  { pattern: '/admin/invites', page: 'invites', title: 'invites.title', current: 'invites' },
];

/**
 * The pages: server-rendered frames (header, navigation, language) whose content the browser
 * script draws from the JSON API, which checks every role; plus the static files they need.
 * Vietnamese by default; `?lang=en` switches to English and is remembered in a cookie.
 */
export function createPageRoutes({ deps }: { deps: AppDeps }): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/static/app.js', async (c) => {
    try {
      const { code, gzip, etag } = await loadClientBundle();
      const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', vary: 'accept-encoding', etag };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(gzip, 200, { ...headers, 'content-encoding': 'gzip' });
      return c.body(code, 200, headers);
    } catch (error) {
      deps.log.error('client bundle failed to build', { error });
      return c.text('// the page script could not be built; see the server log', 500, { 'content-type': 'text/javascript; charset=utf-8' });
    }
  });
  app.get('/static/app.css', (c) => c.body(APP_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/static/:name', async (c) => {
    const name = c.req.param('name');
    if (!isVendorFile(name)) return c.notFound();
    const { body, contentType } = await readVendorFile({ name });
    return c.body(new Uint8Array(body), 200, { 'content-type': contentType, 'cache-control': 'public, max-age=86400' });
  });

  for (const route of PAGE_ROUTES) {
    app.get(route.pattern, (c) => renderPage({ c, route }));
  }
  app.get('/i/:token', (c) => renderInviteLinkPage({ c }));
  return app;
}

/**
 * The page an invite link opens. Only its button (a POST to the same address) signs in: chat apps
 * and mail scanners fetch links to preview them, and that GET must neither start a session nor
 * count as a use. The page looks nothing up, so it says nothing about the token either; it keeps
 * the token out of caches, search engines and the Referer sent to other sites.
 */
function renderInviteLinkPage({ c }: { c: Context<WebEnv> }) {
  const token = c.req.param('token') ?? '';
  const lang = pickLang({ query: c.req.query('lang'), cookie: getCookie(c, LANG_COOKIE) });
  const messages = catalogFor({ lang });
  const boot: PageBoot = {
    page: 'invite-link',
    params: {},
    lang,
    messages,
    homeByRole: HOME_BY_ROLE,
    pages: PAGES.map(({ id, path, roles }) => ({ id, path, roles })),
  };
  c.header('cache-control', 'no-store');
  // same-origin, not no-referrer: with no-referrer the button's POST would carry `Origin: null`, which the origin check refuses.
  c.header('referrer-policy', 'same-origin');
  c.header('x-robots-tag', 'noindex, nofollow');
  const action = `/i/${encodeURIComponent(token)}`;
  return c.html(
    html`<!doctype html>${(
      <Layout boot={boot} title="signin.link.title" current="home" path={c.req.path}>
        <div class="card signin">
          <h1>{messages['signin.link.title']}</h1>
          <p class="lead">{messages['signin.link.intro']}</p>
          <form method="post" action={action} id="invite-link-form">
            <button type="submit">{messages['signin.link.button']}</button>
          </form>
          <p class="small muted">{messages['signin.link.note']}</p>
        </div>
      </Layout>
    )}`,
  );
}

function renderPage({ c, route }: { c: Context<WebEnv>; route: (typeof PAGE_ROUTES)[number] }) {
  const query = c.req.query('lang');
  const lang = pickLang({ query, cookie: getCookie(c, LANG_COOKIE) });
  if (query === 'en' || query === 'vi') {
    setCookie(c, LANG_COOKIE, query, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
  }
  const boot: PageBoot = {
    page: route.page,
    params: c.req.param() as Record<string, string>,
    lang,
    messages: catalogFor({ lang }),
    homeByRole: HOME_BY_ROLE,
    pages: PAGES.map(({ id, path, roles }) => ({ id, path, roles })),
  };
  c.header('cache-control', 'no-store');
  return c.html(html`<!doctype html>${<Layout boot={boot} title={route.title} current={route.current} path={c.req.path} />}`);
}

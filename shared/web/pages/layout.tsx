import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Lang, MessageKey } from '../i18n/index.ts';
import { PAGES, type PageId } from './page-list.ts';

/** What the browser script needs to draw a page: its id, the route parameters, the language and its catalog. */
export interface PageBoot {
  page: PageId;
  params: Record<string, string>;
  lang: Lang;
  messages: Readonly<Record<MessageKey, string>>;
  homeByRole: Record<string, string>;
  pages: { id: string; path: string; roles: readonly string[] }[];
}

/** JSON safe inside a <script> element (no "</script>", no U+2028). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The frame of every page: the header with the navigation (links a role may not open are hidden
 * by the script once it knows the session), the language switch, and `<main>`, which the page's
 * script fills from the API.
 */
export function Layout({ boot, title, current, path, children }: { boot: PageBoot; title: MessageKey; current: PageId; path: string; children?: Child }) {
  const t = boot.messages;
  const other = boot.lang === 'vi' ? 'en' : 'vi';
  return (
    <html lang={boot.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t[title]} · ${t['app.name']}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/app.css" />
        {boot.page === 'upload' ? <link rel="stylesheet" href="/static/uppy.min.css" /> : null}
      </head>
      <body data-page={boot.page}>
        <header class="top">
          <a class="brand" href="/">
            {t['app.name']}
            <small>{t['app.tagline']}</small>
          </a>
          <nav id="nav" aria-label="menu">
            {PAGES.map((page) => (
              <a href={page.path} data-roles={page.roles.join(' ')} class={page.id === current ? 'current' : undefined} hidden>
                {t[page.nav]}
              </a>
            ))}
          </nav>
          <div class="who">
            <span id="who"></span>
            <a id="lang-switch" href={`${path}?lang=${other}`} lang={other}>
              {t['lang.switch']}
            </a>
            <button id="sign-out" type="button" hidden>
              {t['nav.signOut']}
            </button>
          </div>
        </header>
        <main id="app">{children ?? <p class="muted">{t['common.loading']}</p>}</main>
        <script type="application/json" id="boot">
          {raw(scriptJson(boot))}
        </script>
        <script type="module" src="/static/app.js"></script>
      </body>
    </html>
  );
}

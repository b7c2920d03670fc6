/// <reference lib="dom" />
/**
 * The pages' browser script: loads the session, shows the navigation the role may use, then
 * draws the page named by the server (`boot.page`) from the JSON API.
 */
import { api, errorText, loadSession, resolveProjectId, type Session } from './api.ts';
import { boot, t, tDynamic } from './boot.ts';
import { h, replace } from './dom.ts';
import type { PageContext } from './page-context.ts';
import { showApprovalsPage } from './pages/approvals.ts';
import { showCutEditorPage } from './pages/cut-editor/index.ts';
import { showCutsPage } from './pages/cuts.ts';
import { showDashboardPage } from './pages/dashboard.ts';
import { showDeliveryPage } from './pages/delivery.ts';
import { showHomePage } from './pages/home.ts';
import { showInvitesPage } from './pages/invites.ts';
import { showLibraryPage } from './pages/library.ts';
import { showReviewListPage, showReviewPage } from './pages/review.ts';
import { showUploadPage } from './pages/upload.ts';

const PAGE_SCRIPTS: Record<string, { roles: readonly string[] | null; show: (context: PageContext) => Promise<void> }> = {
  upload: { roles: ['contributor', 'editor', 'admin'], show: showUploadPage },
  library: { roles: ['editor', 'admin'], show: showLibraryPage },
  cuts: { roles: ['editor', 'admin'], show: showCutsPage },
  cut: { roles: ['editor', 'admin'], show: showCutEditorPage },
  'review-list': { roles: ['reviewer', 'editor', 'admin'], show: showReviewListPage },
  review: { roles: ['reviewer', 'editor', 'admin'], show: showReviewPage },
  approvals: { roles: ['reviewer', 'editor', 'admin', 'broadcaster'], show: showApprovalsPage },
  delivery: { roles: ['broadcaster', 'editor', 'admin'], show: showDeliveryPage },
  dashboard: { roles: ['admin', 'editor'], show: showDashboardPage },
  invites: { roles: ['admin'], show: showInvitesPage },
};

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  fixLanguageLink();
  let session: Session | null;
  try {
    session = await loadSession();
  } catch (error) {
    replace(root, h('div', { class: 'notice error' }, errorText(error)));
    return;
  }
  showHeader(session);
  if (boot.page === 'home') {
    await showHomePage({ root, session });
    return;
  }
  const script = PAGE_SCRIPTS[boot.page];
  if (!script) return;
  if (!session) {
    replace(root, h('div', { class: 'notice warn' }, t('common.notSignedIn')), h('p', null, h('a', { href: '/' }, t('signin.title'))));
    return;
  }
  if (script.roles && !script.roles.includes(session.role)) {
    replace(root, h('div', { class: 'notice error' }, t('common.forbidden')));
    return;
  }
  try {
    const projectId = await resolveProjectId();
    await script.show({ root, session, projectId, params: boot.params });
  } catch (error) {
    replace(root, h('div', { class: 'notice error', role: 'alert' }, errorText(error)));
  }
}

/** The navigation links the role may open, who is signed in, and the sign-out button. */
function showHeader(session: Session | null): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    const roles = (link.dataset.roles ?? '').split(' ');
    link.hidden = session === null || !roles.includes(session.role);
  }
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out') as HTMLButtonElement | null;
  if (!session || !who || !signOut) return;
  who.textContent = t('common.signedInAs', { label: session.label, role: tDynamic(`role.${session.role}`, session.role) });
  signOut.hidden = false;
  signOut.addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/session');
    } finally {
      location.href = '/';
    }
  });
}

/** The language switch keeps the page's other query parameters. */
function fixLanguageLink(): void {
  const link = document.getElementById('lang-switch') as HTMLAnchorElement | null;
  if (!link) return;
  const url = new URL(location.href);
  url.searchParams.set('lang', boot.lang === 'vi' ? 'en' : 'vi');
  link.href = url.pathname + url.search;
}

void start();

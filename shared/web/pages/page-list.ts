import type { MessageKey } from '../i18n/index.ts';

/** The roles of the API (shared/web/API.md). */
export type PageRole = 'admin' | 'editor' | 'contributor' | 'reviewer' | 'broadcaster';

/** A page of the app: where it lives, its navigation label, who may open it. */
export interface PageInfo {
  id: PageId;
  path: string;
  nav: MessageKey;
  roles: readonly PageRole[];
}

export const PAGE_IDS = [
  'home',
  'invite-link',
  'upload',
  'library',
  'cuts',
  'cut',
  'review-list',
  'review',
  'approvals',
  'delivery',
  'dashboard',
  'invites',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

/** Pages in navigation order (the cut editor and one review sit under their lists). */
export const PAGES: readonly PageInfo[] = [
  { id: 'dashboard', path: '/dashboard', nav: 'nav.dashboard', roles: ['admin', 'editor'] },
  { id: 'upload', path: '/upload', nav: 'nav.upload', roles: ['contributor', 'editor', 'admin'] },
  { id: 'library', path: '/library', nav: 'nav.library', roles: ['editor', 'admin'] },
  { id: 'cuts', path: '/cuts', nav: 'nav.cuts', roles: ['editor', 'admin'] },
  { id: 'review-list', path: '/review', nav: 'nav.review', roles: ['reviewer', 'editor', 'admin'] },
  { id: 'approvals', path: '/approvals', nav: 'nav.approvals', roles: ['reviewer', 'editor', 'admin', 'broadcaster'] },
  { id: 'delivery', path: '/delivery', nav: 'nav.delivery', roles: ['broadcaster', 'editor', 'admin'] },
  { id: 'invites', path: '/admin/invites', nav: 'nav.invites', roles: ['admin'] },
];

/** Where a role starts after signing in. */
export const HOME_BY_ROLE: Record<PageRole, string> = {
  admin: '/dashboard',
  editor: '/dashboard',
  contributor: '/upload',
  reviewer: '/review',
  broadcaster: '/delivery',
};

import type { Context } from 'hono';
import { isHttps, type WebEnv } from './session.ts';

/**
 * The pages' Content-Security-Policy: scripts only from the app's own files (the page data is a
 * `<script type="application/json">` block, which is not run), no plugins, no `<base>`, forms only
 * to the app, and no framing. Inline styles stay allowed (the page scripts and Uppy set `style`).
 * On AWS, media, posters and upload parts go to presigned S3 URLs, so those fetches may use https.
 */
export function contentSecurityPolicy({ backend }: { backend: 'local' | 'aws' }): string {
  const remote = backend === 'aws' ? ' https:' : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${remote}`,
    `media-src 'self' blob:${remote}`,
    `connect-src 'self'${remote}`,
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every answer gets, errors included: its request id; no type sniffing (uploaded bytes are
 * served back); no Referer (page and link URLs carry tokens); the CSP unless the route set its own
 * (the QC report's sandbox); HSTS over HTTPS; and `no-store` on the API and invite links unless
 * the route chose its caching (media). Signed routes force `no-store` themselves (define-route.ts).
 */
export function setSecurityHeaders({ c, csp }: { c: Context<WebEnv>; csp: string }): void {
  c.header('X-Request-Id', c.var.requestId);
  c.header('X-Content-Type-Options', 'nosniff');
  // A route may loosen it to same-origin (the invite link's page: with no-referrer its button's POST would carry `Origin: null`).
  if (!c.res.headers.has('referrer-policy')) c.header('Referrer-Policy', 'no-referrer');
  // The watch pages, and only they, may be framed by other sites: their own CSP names who (watch-pages.tsx).
  const framable = (c.req.path === '/watch' || c.req.path.startsWith('/watch/')) && c.res.headers.has('content-security-policy');
  if (!framable) c.header('X-Frame-Options', 'DENY');
  if (!c.res.headers.has('content-security-policy')) c.header('Content-Security-Policy', csp);
  if (isHttps(c)) c.header('Strict-Transport-Security', 'max-age=31536000');
  const path = c.req.path;
  if ((path.startsWith('/api/') || path.startsWith('/i/')) && !c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
}

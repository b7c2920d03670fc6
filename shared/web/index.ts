export * from './create-app.ts';
export type { SessionView } from './session.ts';
export { SESSION_COOKIE, CSRF_HEADER } from './session.ts';

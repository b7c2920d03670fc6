/**
 * The server-rendered pages of the web app (Vietnamese first, English with `?lang=en`).
 * Mounted by createApp with `app.route('/', createPageRoutes({ deps }))`.
 */
export { createPageRoutes } from './create-page-routes.tsx';

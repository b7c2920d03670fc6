export type { RenderLauncher } from './render-launcher.ts';
export { createLocalRenderLauncher, type LocalRenderLauncher } from './create-local-render-launcher.ts';
export { createQueuedRenderLauncher, isOnItsWay } from './create-queued-render-launcher.ts';
export { createDeferredRenderLauncher } from './create-deferred-render-launcher.ts';
export { launchRender, checkPlatformLength } from './launch-render.ts';

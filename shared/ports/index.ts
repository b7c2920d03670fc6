export type * from './blob-store.ts';
export type * from './store.ts';
export type * from './job-queue.ts';
export { defaultRetryDelaySeconds, VISIBILITY_EXPIRED } from './job-queue.ts';
export type * from './multipart-uploads.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export type { Logger } from './logger.ts';
export type * from './workflow-store.ts';

export * from './run-worker.ts';
export * from './run-job.ts';
export * from './create-job-handlers.ts';
export * from './create-render-job-handlers.ts';
export * from './open-render-worker-deps.ts';

export * from './run-worker.ts';
export * from './create-job-handlers.ts';

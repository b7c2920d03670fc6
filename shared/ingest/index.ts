export * from './ingest-deps.ts';
export * from './submit-upload.ts';
export * from './process-ingest.ts';
export * from './store-completed-upload.ts';
export * from './check-upload-quota.ts';

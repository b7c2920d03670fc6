export * from './distributed-render-deps.ts';
export * from './distributed-render-error.ts';
export * from './load-render-job.ts';
export * from './record-finished-part.ts';
export * from './render-counters.ts';
export * from './run-distributed-segment.ts';
export * from './run-distributed-audio.ts';
export * from './run-distributed-assembly.ts';
export * from './update-render.ts';
export * from './fail-render-on-fatal.ts';
export {
  fanOutNewRender,
  fanOutRender,
  queueRenderStart,
  recordQueuedRender,
  renderStartDedupeKey,
  sendRenderStart,
  startDistributedRender,
  type StartDistributedRenderInput,
} from '../start-distributed-render.ts';
export * from './run-render-start.ts';
export * from './fail-render-of-dead-job.ts';
export * from './localise-media-inputs.ts';

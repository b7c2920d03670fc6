export * from './render-spec.ts';
export * from './render-deps.ts';
export * from './render-error.ts';
export * from './plan-render.ts';
export * from './freeze-cut.ts';
export * from './source-for-profile.ts';
export * from './render-version.ts';
export { resolveTimeline } from './resolve-timeline.ts';
export { sourceResolver, limitedMixKeyOf } from './run-render-jobs.ts';

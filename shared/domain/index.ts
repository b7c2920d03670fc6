export * from './errors.ts';
export * from './text.ts';
export * from './media-facts.ts';
export * from './asset.ts';
export * from './project.ts';
export * from './job.ts';

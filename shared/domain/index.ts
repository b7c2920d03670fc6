export * from './errors.ts';
export * from './text.ts';
export * from './media-facts.ts';
export * from './asset.ts';
export * from './project.ts';
export * from './job.ts';
export * from './render.ts';
export * from './hls-index.ts';
export * from './timecode.ts';
export * from './cut/index.ts';
export {
  CutKindOverridesSchema,
  CutKindRulesSchema,
  DEFAULT_CUT_KIND_RULES,
  EDITOR_IN_CHIEF_STAGE,
  type CutKindOverrides,
  type CutKindRules,
} from './cut-kinds.ts';
export * from './version.ts';
export * from './programme-audio-layout.ts';
export * from './programme-changes.ts';
export * from './programme-warnings.ts';
export * from './access.ts';
export * from './upload-quotas.ts';
export * from './review.ts';
export * from './approval.ts';
export * from './signing-keys.ts';
export * from './publication.ts';

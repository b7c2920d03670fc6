/**
 * What an uploaded file is, as a plain list: the asset schema (asset.ts) builds its enum from it
 * and the upload page offers it, without bundling zod.
 */
export const ASSET_KINDS = ['footage', 'interview', 'photo', 'voiceover', 'music', 'subtitle'] as const;

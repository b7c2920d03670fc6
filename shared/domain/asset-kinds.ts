/**
 * What an uploaded file is, as a plain list: the asset schema (asset.ts) builds its enum from it
 * and the upload page offers it, without bundling zod.
 */
/** `programme`: a finished programme from a partner studio, made the next version of a cut (a version from file). */
export const ASSET_KINDS = ['footage', 'interview', 'photo', 'voiceover', 'music', 'subtitle', 'programme'] as const;

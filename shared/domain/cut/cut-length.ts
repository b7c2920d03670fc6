/** How long a cut of each kind must be. */
import { FPS, type Project } from '../project.ts';
import type { CutKind } from './cut-schema.ts';

/** Allowed programme length, in frames at 25 fps (both ends included). */
export interface LengthLimits {
  minFrames: number;
  maxFrames: number;
}

/** Teaser 0:15–1:30 and highlights 1:00–5:00; a reportage uses the project's target length. */
export const CUT_LENGTH_LIMITS: Record<Exclude<CutKind, 'reportage'>, LengthLimits> = {
  teaser: { minFrames: 15 * FPS, maxFrames: 90 * FPS },
  highlights: { minFrames: 60 * FPS, maxFrames: 300 * FPS },
};

/** The length a cut of this kind must have, in frames. */
export function cutLengthLimits({ kind, project }: { kind: CutKind; project: Pick<Project, 'targetLength'> }): LengthLimits {
  if (kind === 'reportage') return { minFrames: project.targetLength.minFrames, maxFrames: project.targetLength.maxFrames };
  return { ...CUT_LENGTH_LIMITS[kind] };
}

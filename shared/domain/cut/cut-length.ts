/** How long a cut of each kind must be: the kind's rules in the project (shared/domain/cut-kinds.ts). */
import { kindRuleValues, type Project } from '../project.ts';
import type { CutKind } from './cut-schema.ts';

/** Allowed programme length, in frames at 25 fps (both ends included). */
export interface LengthLimits {
  minFrames: number;
  maxFrames: number;
}

/** The length a cut of this kind must have in this project, in frames. */
export function cutLengthLimits({ kind, project }: { kind: CutKind; project: Pick<Project, 'targetLength' | 'cutKinds'> }): LengthLimits {
  const { minFrames, maxFrames } = kindRuleValues({ project, kind });
  return { minFrames, maxFrames };
}

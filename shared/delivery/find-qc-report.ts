import { NotFoundError, type DeliveredFile, type Project, type Role } from '../domain/index.ts';
import type { ReviewDeps } from '../review/review-deps.ts';
import { isSentToReview } from '../review/review-requests.ts';

/**
 * A render's QC report (its `qc-html` file) as `role` may see it: a reviewer only for versions
 * sent to review; to anyone else it does not exist.
 *
 * @throws NotFoundError (no such render or report in the project, or hidden from a reviewer)
 */
export async function findQcReport({
  deps,
  project,
  renderId,
  role,
}: {
  deps: Pick<ReviewDeps, 'store' | 'workflow'>;
  project: Project;
  renderId: string;
  role: Role;
}): Promise<DeliveredFile> {
  const render = await deps.store.renders.get({ id: renderId });
  const file = render?.projectId === project.id ? render.files.find((f) => f.role === 'qc-html') : undefined;
  if (file === undefined) throw new NotFoundError({ entity: 'QC report', id: renderId });
  if (role === 'reviewer') {
    const version = await deps.store.versions.get({ id: render!.versionId });
    if (version === null || !(await isSentToReview({ deps, version }))) throw new NotFoundError({ entity: 'QC report', id: renderId });
  }
  return file;
}

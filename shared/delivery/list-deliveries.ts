import type { Project, Render, Version } from '../domain/index.ts';
import { readApprovalStatus } from '../review/decisions.ts';
import type { ReviewDeps } from '../review/review-deps.ts';

/** An approved version with its finished renders: what the broadcaster may download. */
export interface Delivery {
  version: Version;
  /** When the last stage approved it. */
  approvedAt: string | null;
  /** Its renders that are done, in the store's order. */
  renders: Render[];
}

/**
 * The project's deliveries: every version approved by every stage, with its finished renders.
 * A version is judged by the chain frozen when it was sent to review, not the project's current one.
 */
export async function listDeliveries({ deps, project }: { deps: ReviewDeps; project: Project }): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const version of await deps.store.versions.list({ projectId: project.id })) {
    const status = await readApprovalStatus({ deps, project, version });
    if (status.state !== 'approved') continue;
    const renders = (await deps.store.renders.list({ projectId: project.id, versionId: version.id })).filter((r) => r.status === 'done');
    deliveries.push({ version, approvedAt: status.decisions.at(-1)?.at ?? null, renders });
  }
  return deliveries;
}

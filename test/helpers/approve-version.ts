import type { Version } from '../../shared/domain/index.ts';
import type { Clock, Store, WorkflowStore } from '../../shared/ports/index.ts';
import { readApprovalStatus, recordDecision } from '../../shared/review/decisions.ts';
import { approvalChainOf, sendToReview } from '../../shared/review/review-requests.ts';

const ADMIN = { role: 'admin' as const, label: 'Quản trị (kiểm thử)', inviteId: null };

/**
 * Sends a version to review and has the admin approve it at every stage of its chain, through
 * the review use cases (the admin's documented override stands in for a review render's QC the
 * test does not make). For tests whose subject comes after approval (delivery, publishing).
 */
export async function approveVersion({ deps, version }: { deps: { store: Store; workflow: WorkflowStore; clock: Clock }; version: Version }): Promise<void> {
  const project = (await deps.store.projects.get({ id: version.projectId }))!;
  await sendToReview({ deps, project, version, actor: ADMIN });
  for (const stage of await approvalChainOf({ deps, project, version })) {
    const { sequence } = await readApprovalStatus({ deps, project, version });
    await recordDecision({
      deps,
      project,
      version,
      actor: ADMIN,
      actorStage: null,
      input: { stage: stage.id, decision: 'approve', expectedSequence: sequence, qcOverrideReason: 'Kiểm thử: bản duyệt không dựng trong bài kiểm tra này.' },
    });
  }
}

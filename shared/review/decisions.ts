import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NewDecisionSchema,
  ReviewError,
  checkDecision,
  computeApprovalStatus,
  type Actor,
  type ApprovalStatus,
  type NewDecision,
  type Project,
  type QcState,
  type Render,
  type Role,
  type Version,
} from '../domain/index.ts';
import { auditEntry } from './record-audit.ts';
import { approvalChainOf, isSentToReview, versionsSentToReview, type JudgedVersion } from './review-requests.ts';
import type { ReviewDeps } from './review-deps.ts';

/** The review render a version is judged on: the newest finished one. */
export async function findReviewRender({ deps, version }: { deps: Pick<ReviewDeps, 'store'>; version: Version }): Promise<Render | null> {
  const renders = await deps.store.renders.list({ projectId: version.projectId, versionId: version.id });
  return renders.filter((r) => r.profile === 'review' && r.status === 'done').at(-1) ?? null;
}

/** The QC state that gates approval: the review render's QC status, or `missing`. */
export async function qcStateOf({ deps, version }: { deps: Pick<ReviewDeps, 'store'>; version: Version }): Promise<{ state: QcState; render: Render | null }> {
  const render = await findReviewRender({ deps, version });
  return { state: render?.qc?.status ?? 'missing', render };
}

/**
 * Where the version stands in its approval chain: the chain frozen when it was sent to review
 * (`approvalChainOf`), so editing the project's chain later never changes a version's state.
 */
export async function readApprovalStatus({
  deps,
  project,
  version,
}: {
  deps: Pick<ReviewDeps, 'workflow'>;
  project: Project;
  version: JudgedVersion;
}): Promise<ApprovalStatus> {
  const decisions = await deps.workflow.decisions.list({ versionId: version.id });
  return computeApprovalStatus({ versionId: version.id, chain: await approvalChainOf({ deps, project, version }), decisions });
}

/**
 * True when no newer version of the same cut was sent to review: decisions go to the newest
 * version the reviewers were given (a newer draft version they cannot see does not stop them).
 */
export async function isLatestVersion({ deps, version }: { deps: Pick<ReviewDeps, 'store' | 'workflow'>; version: Version }): Promise<boolean> {
  const versions = await deps.store.versions.list({ projectId: version.projectId, cutId: version.cutId });
  const sent = await versionsSentToReview({ deps, projectId: version.projectId });
  return versions.every((v) => v.number <= version.number || !sent.has(v.id));
}

/**
 * Records an approval decision for one stage of the chain. The rules (`checkDecision`) run on the
 * state the reviewer saw: if any decision was recorded since (`expectedSequence` is behind), the
 * decision is refused with a conflict and nothing is written, so two reviewers acting at once
 * never lose a decision silently — the second is told to reload. An admin's approval over a
 * failing QC report carries its reason into the decision and the audit log. The decision and its
 * audit entry are one write. Stages are those of the chain frozen when the version was sent.
 *
 * @throws ReviewError `NOT_SENT_TO_REVIEW` and those of `checkDecision`, ConflictError `CONFLICT`
 */
export async function recordDecision({
  deps,
  project,
  version,
  actor,
  actorStage,
  input,
}: {
  deps: ReviewDeps;
  project: Project;
  version: Version;
  actor: Actor & { role: Role };
  actorStage: string | null;
  input: NewDecision;
}): Promise<ApprovalStatus> {
  const parsed = NewDecisionSchema.parse(input);
  if (!(await isSentToReview({ deps, version }))) {
    throw new ReviewError({
      code: 'NOT_SENT_TO_REVIEW',
      message: 'This version has not been sent to review: render it for review first, then decide.',
      messageVi: 'Phiên bản này chưa được gửi duyệt; hãy dựng bản duyệt trước rồi mới duyệt.',
    });
  }
  const chain = await approvalChainOf({ deps, project, version });
  const status = await readApprovalStatus({ deps, project, version });
  if (parsed.expectedSequence !== status.sequence) {
    throw new ConflictError({ entity: 'approval', id: version.id, expected: parsed.expectedSequence, found: status.sequence });
  }
  const qc = await qcStateOf({ deps, version });
  checkDecision({
    status,
    chain,
    stage: parsed.stage,
    decision: parsed.decision,
    actor: { role: actor.role, stage: actorStage },
    qc: qc.state,
    qcOverrideReason: parsed.qcOverrideReason,
    isLatestVersion: await isLatestVersion({ deps, version }),
  });
  const overriding = parsed.decision === 'approve' && parsed.qcOverrideReason !== undefined && (qc.state === 'fail' || qc.state === 'missing');
  const id = randomUUID();
  await deps.workflow.decisions.append({
    decision: {
      id,
      projectId: project.id,
      versionId: version.id,
      sequence: status.sequence + 1,
      stage: parsed.stage,
      decision: parsed.decision,
      note: parsed.note,
      reviewer: actor,
      qcOverrideReason: overriding ? parsed.qcOverrideReason! : null,
      at: deps.clock.now().toISOString(),
    },
    audit: auditEntry({
      deps,
      projectId: project.id,
      actor,
      action: overriding ? 'decision.approve-qc-override' : `decision.${parsed.decision}`,
      subject: version.id,
      details: {
        decisionId: id,
        stage: parsed.stage,
        versionNumber: version.number,
        note: parsed.note,
        ...(overriding
          ? { qcOverrideReason: parsed.qcOverrideReason, qc: qc.state, qcFailed: qc.render?.qc?.failed ?? [], renderId: qc.render?.id ?? null }
          : {}),
      },
    }),
  });
  return readApprovalStatus({ deps, project, version });
}

/** Turns a lost race on the decision log into the same conflict the sequence check gives. */
export function isDecisionConflict(error: unknown): boolean {
  return error instanceof ConflictError || (error instanceof ReviewError && error.kind === 'conflict');
}

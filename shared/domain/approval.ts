/**
 * The approval chain: the project's stages sign a version in order (default: the Information
 * Board's editor-in-chief, the Programme–Propaganda subcommittee, the Standing Committee). A
 * decision names a version id (a content hash), so a new version starts the chain again. Decisions
 * are appended, never overwritten, each with the sequence number the reviewer saw, so two
 * reviewers acting at once cannot silently replace each other's decision.
 */
import { z } from 'zod';
import { ActorSchema, ReviewError } from './review.ts';
import type { Role } from './access.ts';
import { ApprovalStageSchema, type ApprovalStage } from './project.ts';

/**
 * A version sent to review (its review render was started), with the approval chain frozen at
 * that moment: decisions on the version are judged against this chain, so a later edit of the
 * project's chain never changes where a version already sent stands. Reviewers see only versions
 * that have one.
 */
export const ReviewRequestSchema = z.object({
  versionId: z.string().min(1),
  projectId: z.string(),
  cutId: z.string(),
  chain: z.array(ApprovalStageSchema).min(1),
  sentAt: z.string(),
  sentBy: ActorSchema,
});
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

export const DecisionKindSchema = z.enum(['approve', 'request-changes']);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

export const DecisionSchema = z.object({
  id: z.string().min(1),
  projectId: z.string(),
  versionId: z.string(),
  /** 1, 2, 3 … per version: the n-th decision recorded on it. */
  sequence: z.int().positive(),
  stage: z.string(),
  decision: DecisionKindSchema,
  note: z.string().max(5000),
  reviewer: ActorSchema,
  /** Set when an admin approved despite a failing or missing QC report: why. */
  qcOverrideReason: z.string().nullable(),
  at: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** A decision as the reviewer's page sends it. */
export const NewDecisionSchema = z.object({
  stage: z.string().regex(/^[a-z0-9-]+$/),
  decision: DecisionKindSchema,
  note: z.string().normalize('NFC').trim().max(5000).default(''),
  /** The `sequence` of the approval status the page showed. */
  expectedSequence: z.int().nonnegative(),
  qcOverrideReason: z.string().normalize('NFC').trim().min(3).max(2000).optional(),
});
export type NewDecision = z.input<typeof NewDecisionSchema>;

export type QcState = 'pass' | 'warn' | 'fail' | 'missing';
export type StageState = 'waiting' | 'open' | 'approved' | 'changes-requested';
export type ApprovalState = 'pending' | 'changes-requested' | 'approved';

export interface StageStatus {
  id: string;
  label: ApprovalStage['label'];
  state: StageState;
  /** The stage's current decision (its latest). */
  decision: Decision | null;
}

export interface ApprovalStatus {
  versionId: string;
  state: ApprovalState;
  /** Decisions recorded so far; the next one must say it saw this many. */
  sequence: number;
  nextStage: string | null;
  stages: StageStatus[];
  decisions: Decision[];
}

/**
 * Where a version stands in the chain. Each stage's current decision is its latest one; stages are
 * walked in order: the first without an approval is open (or stops the chain when it asked for
 * changes), and the ones after it wait.
 */
export function computeApprovalStatus({
  versionId,
  chain,
  decisions,
}: {
  versionId: string;
  chain: readonly ApprovalStage[];
  decisions: readonly Decision[];
}): ApprovalStatus {
  const sorted = [...decisions].sort((a, b) => a.sequence - b.sequence);
  const latest = new Map<string, Decision>();
  for (const decision of sorted) latest.set(decision.stage, decision);
  let state: ApprovalState = 'approved';
  let nextStage: string | null = null;
  const stages = chain.map((stage): StageStatus => {
    const decision = latest.get(stage.id) ?? null;
    if (state !== 'approved') return { id: stage.id, label: stage.label, state: 'waiting', decision };
    if (decision?.decision === 'approve') return { id: stage.id, label: stage.label, state: 'approved', decision };
    if (decision?.decision === 'request-changes') {
      state = 'changes-requested';
      nextStage = stage.id;
      return { id: stage.id, label: stage.label, state: 'changes-requested', decision };
    }
    state = 'pending';
    nextStage = stage.id;
    return { id: stage.id, label: stage.label, state: 'open', decision: null };
  });
  return { versionId, state, sequence: sorted.length, nextStage, stages, decisions: sorted };
}

export interface DecisionCheck {
  status: ApprovalStatus;
  chain: readonly ApprovalStage[];
  stage: string;
  decision: DecisionKind;
  actor: { role: Role; stage: string | null };
  /** The review render's QC result for this version. */
  qc: QcState;
  qcOverrideReason?: string | undefined;
  /** False when the cut has a newer version: decisions go to the newest. */
  isLatestVersion: boolean;
}

/**
 * The rules a decision must pass before it is recorded (pure; the use case adds the optimistic
 * sequence check when it stores it).
 *
 * @throws ReviewError `UNKNOWN_STAGE`, `WRONG_STAGE`, `NOT_LATEST_VERSION`, `VERSION_ALREADY_APPROVED`,
 *   `STAGE_OUT_OF_ORDER`, `QC_BLOCKS_APPROVAL`, `QC_OVERRIDE_NOT_ALLOWED`
 */
export function checkDecision({ status, chain, stage, decision, actor, qc, qcOverrideReason, isLatestVersion }: DecisionCheck): void {
  const index = chain.findIndex((s) => s.id === stage);
  if (index < 0) {
    throw new ReviewError({
      code: 'UNKNOWN_STAGE',
      message: `"${stage}" is not a stage of this project's approval chain (${chain.map((s) => s.id).join(', ')}).`,
      messageVi: `"${stage}" không phải một cấp duyệt của dự án.`,
      details: { stage },
    });
  }
  const label = chain[index]!.label;
  if (actor.role !== 'admin' && !(actor.role === 'reviewer' && actor.stage === stage)) {
    throw new ReviewError({
      code: 'WRONG_STAGE',
      message: `Your link signs for stage "${actor.stage ?? 'none'}", not "${stage}".`,
      messageVi: `Đường dẫn của bạn chỉ được duyệt ở cấp của mình, không phải cấp "${label.vi}".`,
      details: { stage, yours: actor.stage },
    });
  }
  if (qcOverrideReason !== undefined && actor.role !== 'admin') {
    throw new ReviewError({
      code: 'QC_OVERRIDE_NOT_ALLOWED',
      message: 'Only an admin may approve over a failing QC report.',
      messageVi: 'Chỉ quản trị viên mới được duyệt vượt khi báo cáo kiểm tra kỹ thuật không đạt.',
    });
  }
  if (!isLatestVersion) {
    throw new ReviewError({
      code: 'NOT_LATEST_VERSION',
      message: 'A newer version of this cut exists: decisions go to the newest version.',
      messageVi: 'Bản dựng này đã có phiên bản mới hơn; hãy duyệt phiên bản mới nhất.',
    });
  }
  if (status.state === 'approved') {
    throw new ReviewError({
      code: 'VERSION_ALREADY_APPROVED',
      message: 'Every stage has approved this version already.',
      messageVi: 'Phiên bản này đã được duyệt đủ các cấp.',
    });
  }
  const previous = chain.slice(0, index).find((s) => status.stages.find((x) => x.id === s.id)?.state !== 'approved');
  if (previous !== undefined) {
    throw new ReviewError({
      code: 'STAGE_OUT_OF_ORDER',
      message: `Stage "${stage}" signs after "${previous.id}", which has not approved this version yet.`,
      messageVi: `Cấp "${label.vi}" chỉ duyệt sau khi cấp "${previous.label.vi}" đã duyệt phiên bản này.`,
      details: { stage, waitingFor: previous.id },
    });
  }
  if (decision === 'approve' && (qc === 'fail' || qc === 'missing') && qcOverrideReason === undefined) {
    throw new ReviewError({
      code: 'QC_BLOCKS_APPROVAL',
      message:
        qc === 'fail'
          ? 'The QC report of this version failed: it cannot be approved. Fix the cut and render a new version, or an admin may approve with a recorded reason.'
          : 'This version has no finished review render with a QC report yet: wait for the render, then approve.',
      messageVi:
        qc === 'fail'
          ? 'Báo cáo kiểm tra kỹ thuật của phiên bản này không đạt nên chưa thể duyệt. Hãy sửa bản dựng và dựng phiên bản mới, hoặc quản trị viên duyệt vượt kèm lý do.'
          : 'Phiên bản này chưa có bản dựng duyệt và báo cáo kiểm tra kỹ thuật; hãy chờ dựng xong rồi duyệt.',
      details: { qc },
    });
  }
}

import { NotFoundError, ReportageError, ReviewError, type Actor, type Project, type Render, type Version } from '../domain/index.ts';
import type { ProfileId } from '../domain/delivery-profiles.ts';
import { freezeCut, type FreezeCutDeps } from '../render/index.ts';
import { launchRender, type RenderLauncher } from '../render/launch/index.ts';
import { readApprovalStatus } from './decisions.ts';
import { auditEntry } from './record-audit.ts';
import type { ReviewDeps } from './review-deps.ts';
import { sendToReview } from './review-requests.ts';

/** What starting a render needs: the records, the blobs (to freeze a cut), and a launcher if this server renders. */
export type StartRenderDeps = ReviewDeps & FreezeCutDeps & { renders?: RenderLauncher | undefined };

/**
 * Starts a render of a version with a profile, for the person `actor`: a review render sends the
 * version to review (its approval chain frozen into it); a delivery profile needs the version
 * approved by every stage (`NOT_APPROVED`, 409). The render's audit entry (`version.render`) is
 * written with its record. A server that cannot render answers `RENDER_UNAVAILABLE`.
 *
 * `skipApproval` is the admin's override (`reportage render --skip-approval`, the demo): a
 * delivery profile rendered before the approvals, the audit entry saying so (`approvalSkipped`).
 * Nobody else may pass it (`APPROVAL_SKIP_FORBIDDEN`, 403).
 *
 * @throws ReviewError `NOT_APPROVED`, `APPROVAL_SKIP_FORBIDDEN`; ReportageError `RENDER_UNAVAILABLE`
 */
export async function startRender({
  deps,
  project,
  version,
  profile,
  actor,
  skipApproval = false,
}: {
  deps: StartRenderDeps;
  project: Project;
  version: Version;
  profile: ProfileId;
  actor: Actor;
  skipApproval?: boolean;
}): Promise<Render> {
  if (skipApproval && actor.role !== 'admin') {
    throw new ReviewError({
      code: 'APPROVAL_SKIP_FORBIDDEN',
      message: 'Only an admin may render a delivery profile without the approvals.',
      messageVi: 'Chỉ quản trị viên được dựng bản giao nộp khi chưa được duyệt.',
    });
  }
  const skipped = profile !== 'review' && skipApproval;
  if (profile === 'review') await sendToReview({ deps, project, version, actor });
  else if (!skipped) {
    const status = await readApprovalStatus({ deps, project, version });
    if (status.state !== 'approved') {
      throw new ReviewError({
        code: 'NOT_APPROVED',
        message: 'Delivery files are rendered only for a version every stage approved.',
        messageVi: 'Chỉ dựng bản giao nộp cho phiên bản đã được duyệt đủ các cấp.',
      });
    }
  }
  return launchRender({
    deps,
    renders: launcherOf({ deps }),
    version,
    profile,
    audit: (started) => {
      const details = { profile, renderId: started.id, ...(skipped ? { approvalSkipped: true } : {}) };
      return auditEntry({ deps, projectId: project.id, actor, action: 'version.render', subject: version.id, details });
    },
  });
}

/**
 * The editor's "render for review": freezes the cut's saved draft into a version (the same cut
 * gives the same version), sends it to review and starts its review render, audited as one step.
 *
 * @throws NotFoundError (no such draft); ReportageError `RENDER_UNAVAILABLE`; the cut's own problems (`CutError`)
 */
export async function renderDraftForReview({
  deps,
  project,
  cutId,
  actor,
}: {
  deps: StartRenderDeps;
  project: Project;
  cutId: string;
  actor: Actor;
}): Promise<{ version: Version; render: Render }> {
  const draft = await deps.workflow.cuts.get({ projectId: project.id, cutId });
  if (draft === null) throw new NotFoundError({ entity: 'cut', id: cutId });
  const renders = launcherOf({ deps });
  const { version, created } = await freezeCut({ deps, cut: draft.cut });
  await sendToReview({ deps, project, version, actor });
  const render = await launchRender({
    deps,
    renders,
    version,
    profile: 'review',
    audit: (started) => {
      const details = { cutId: version.cutId, number: version.number, created, profile: 'review', renderId: started.id };
      return auditEntry({ deps, projectId: project.id, actor, action: 'version.render', subject: version.id, details });
    },
  });
  return { version, render };
}

function launcherOf({ deps }: { deps: StartRenderDeps }): RenderLauncher {
  if (deps.renders !== undefined) return deps.renders;
  throw new ReportageError({
    code: 'RENDER_UNAVAILABLE',
    message: 'Rendering is not available on this server.',
    messageVi: 'Máy chủ này không dựng được video.',
  });
}

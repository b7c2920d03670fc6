import { kindRules, NotFoundError, type Actor, type ApprovalStage, type Project, type ReviewRequest, type Role, type Version } from '../domain/index.ts';
import { auditEntry } from './record-audit.ts';
import type { ReviewDeps } from './review-deps.ts';

/**
 * Sends a version to review: records it with the approval chain of its cut's kind as the project
 * states it now (a news item: the editor-in-chief alone, by default), and the audit entry, in one write. Sending a version again keeps the first record and its chain (so an
 * edit of the project's chain never changes a version already sent) and writes no entry.
 */
export async function sendToReview({
  deps,
  project,
  version,
  actor,
}: {
  deps: Pick<ReviewDeps, 'workflow' | 'clock'>;
  project: Project;
  version: Version;
  actor: Actor;
}): Promise<{ review: ReviewRequest; created: boolean }> {
  const { chain } = kindRules({ project, kind: version.cut.kind });
  return deps.workflow.reviews.create({
    review: { versionId: version.id, projectId: project.id, cutId: version.cutId, chain, sentAt: deps.clock.now().toISOString(), sentBy: actor },
    audit: auditEntry({
      deps,
      projectId: project.id,
      actor,
      action: 'version.send-to-review',
      subject: version.id,
      details: { cutId: version.cutId, number: version.number, chain: chain.map((s) => s.id) },
    }),
  });
}

/**
 * Whether a version was sent to review: it has a review request, or (recorded before review
 * requests existed) a review render.
 */
export async function isSentToReview({ deps, version }: { deps: Pick<ReviewDeps, 'workflow' | 'store'>; version: Version }): Promise<boolean> {
  if ((await deps.workflow.reviews.get({ versionId: version.id })) !== null) return true;
  const renders = await deps.store.renders.list({ projectId: version.projectId, versionId: version.id });
  return renders.some((r) => r.profile === 'review');
}

/** What judging a version's approval needs of it: its id, and its cut's kind (for a version never sent to review). */
export type JudgedVersion = Pick<Version, 'id'> & { cut: Pick<Version['cut'], 'kind'> };

/**
 * The approval chain a version is judged by: the one frozen when it was sent to review; the
 * project's current chain for its cut's kind only for a version without a review request (not
 * sent yet, or sent before requests were recorded).
 */
export async function approvalChainOf({
  deps,
  project,
  version,
}: {
  deps: Pick<ReviewDeps, 'workflow'>;
  project: Project;
  version: JudgedVersion;
}): Promise<readonly ApprovalStage[]> {
  return (await deps.workflow.reviews.get({ versionId: version.id }))?.chain ?? kindRules({ project, kind: version.cut.kind }).chain;
}

/**
 * A version of the project as `role` may see it: a reviewer sees only versions sent to review;
 * any other version (another project's, unknown, or not sent) is the same 404, so nothing tells
 * a reviewer that it exists.
 *
 * @throws NotFoundError
 */
export async function loadVersionFor({
  deps,
  projectId,
  versionId,
  role,
}: {
  deps: Pick<ReviewDeps, 'workflow' | 'store'>;
  projectId: string;
  versionId: string;
  role: Role;
}): Promise<Version> {
  const version = await deps.store.versions.get({ id: versionId });
  if (version === null || version.projectId !== projectId) throw new NotFoundError({ entity: 'version', id: versionId });
  if (role === 'reviewer' && !(await isSentToReview({ deps, version }))) throw new NotFoundError({ entity: 'version', id: versionId });
  return version;
}

/** The ids of a project's versions sent to review (review requests, and the review renders of older ones). */
export async function versionsSentToReview({ deps, projectId }: { deps: Pick<ReviewDeps, 'workflow' | 'store'>; projectId: string }): Promise<Set<string>> {
  const sent = new Set((await deps.workflow.reviews.list({ projectId })).map((r) => r.versionId));
  for (const render of await deps.store.renders.list({ projectId })) if (render.profile === 'review') sent.add(render.versionId);
  return sent;
}

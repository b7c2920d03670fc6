import type { Actor, Project, Version } from '../domain/index.ts';
import { saveCutDraft } from '../review/cut-drafts.ts';
import type { ReviewDeps } from '../review/review-deps.ts';
import { sendToReview } from '../review/review-requests.ts';

/**
 * What `reportage serve` shows after the demo: the cut saved as the editor's draft (over the
 * current revision when the demo runs again) and its version sent to review, so the dashboard,
 * the editor and the review page have real content at once.
 */
export async function seedWebApp({
  deps,
  project,
  cut,
  version,
  actor,
}: {
  deps: ReviewDeps;
  project: Project;
  cut: Record<string, unknown> & { id: string };
  version: Version;
  actor: Actor;
}): Promise<void> {
  const existing = await deps.workflow.cuts.get({ projectId: project.id, cutId: cut.id });
  await saveCutDraft({ deps, project, cutId: cut.id, cut, expectedRevision: existing?.revision ?? 0, actor });
  await sendToReview({ deps, project, version, actor });
}

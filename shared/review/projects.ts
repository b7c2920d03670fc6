import { createProject, nfc, ProjectSchema, type Actor, type Project } from '../domain/index.ts';
import { auditEntry } from './record-audit.ts';
import type { ReviewDeps } from './review-deps.ts';

/** A project's fields as the audit log keeps them. */
const auditView = (project: Project) => ({
  title: project.title,
  congressDate: project.congressDate,
  approvalChain: project.approvalChain,
  cutKinds: project.cutKinds,
  uploadLimits: project.uploadLimits,
});
const pickFields = (project: Project, fields: readonly string[]) =>
  Object.fromEntries(fields.map((field) => [field, (project as Record<string, unknown>)[field] ?? null]));

/** What an admin may change of a project. */
export type ProjectChanges = { [K in 'title' | 'congressDate' | 'approvalChain' | 'cutKinds' | 'uploadLimits']?: Project[K] | undefined };

/**
 * Creates a project (the congress themes, the default approval chain and cut kinds) with its
 * `project.create` audit entry, in one write.
 *
 * @throws ProjectError `INVALID_PROJECT`, `INVALID_CONGRESS_DATE`; StoreError `ALREADY_EXISTS`
 */
export async function startProject({
  deps,
  id,
  title,
  congressDate,
  actor,
}: {
  deps: Pick<ReviewDeps, 'store' | 'clock'>;
  id: string;
  title?: string | undefined;
  congressDate: string | null;
  actor: Actor;
}): Promise<Project> {
  const made = createProject({ id, ...(title ? { title } : {}), congressDate, now: deps.clock.now() });
  return deps.store.projects.create({
    project: made,
    audit: auditEntry({ deps, projectId: made.id, actor, action: 'project.create', subject: made.id, details: { after: auditView(made) } }),
  });
}

/**
 * Changes a project (optimistic: `expectedRevision` is the revision the admin loaded). The entry
 * (which fields, before and after) is written with the change or not at all.
 *
 * @throws ConflictError when someone saved first; ZodError when the result is not a valid project
 */
export async function updateProject({
  deps,
  project,
  changes,
  expectedRevision,
  actor,
}: {
  deps: Pick<ReviewDeps, 'store' | 'clock'>;
  project: Project;
  changes: ProjectChanges;
  expectedRevision: number;
  actor: Actor;
}): Promise<Project> {
  const next = ProjectSchema.parse({
    ...project,
    ...(changes.title !== undefined ? { title: nfc(changes.title) } : {}),
    ...(changes.congressDate !== undefined ? { congressDate: changes.congressDate } : {}),
    ...(changes.approvalChain !== undefined ? { approvalChain: changes.approvalChain } : {}),
    ...(changes.cutKinds !== undefined ? { cutKinds: changes.cutKinds } : {}),
    ...(changes.uploadLimits !== undefined ? { uploadLimits: changes.uploadLimits } : {}),
    updatedAt: deps.clock.now().toISOString(),
  });
  const fields = Object.keys(changes);
  return deps.store.projects.update({
    project: next,
    expectedRevision,
    audit: auditEntry({
      deps,
      projectId: project.id,
      actor,
      action: 'project.update',
      subject: project.id,
      details: { fields, revision: expectedRevision + 1, before: pickFields(project, fields), after: pickFields(next, fields) },
    }),
  });
}

import { ConflictError, NotFoundError, type Actor, type Invite } from '../domain/index.ts';
import type { Clock, MultipartUploads, Store, WorkflowStore } from '../ports/index.ts';
import { auditEntry, recordAudit } from './record-audit.ts';

/** What revoking needs: the records, the clock, the uploads to abort, the projects (for an admin invite's uploads). */
export interface RevokeInviteDeps {
  workflow: WorkflowStore;
  clock: Clock;
  uploads: MultipartUploads;
  store: Pick<Store, 'projects'>;
}

/**
 * Revokes an invite link and everything it handed out, at once:
 * - the invite is marked revoked (a second revocation keeps the first time),
 * - every session it started is deleted,
 * - its uploads in progress are aborted, so their signed part URLs stop working on both backends
 *   (an S3 presigned part URL cannot be recalled; the multipart upload it points at can),
 * - its download links are refused from then on (the download route checks the invite named in
 *   the signed link).
 * Audit: `invite.revoke` (who revoked it) is written with the revocation; `invite.revoke.cleanup`
 * then says what ended (sessions, uploads). `projectId` (from a project route) must
 * match the invite's; null revokes an invite of any project or an admin one.
 *
 * @throws NotFoundError no such invite (or not of that project)
 * @example await revokeInvite({ deps, inviteId, projectId: null, actor: { role: 'admin', label: 'reportage CLI', inviteId: null } })
 */
export async function revokeInvite({
  deps,
  inviteId,
  projectId,
  actor,
}: {
  deps: RevokeInviteDeps;
  inviteId: string;
  projectId: string | null;
  actor: Actor;
}): Promise<{ invite: Invite; sessionsEnded: number; uploadsAborted: number }> {
  const existing = await deps.workflow.invites.get({ id: inviteId });
  if (existing === null || (projectId !== null && existing.projectId !== projectId)) throw new NotFoundError({ entity: 'invite', id: inviteId });
  // Two entries, each written by the write it records. `invite.revoke` rides in the revocation
  // itself (it is written only by the revocation that changed the invite), so the log cannot miss
  // the moment a link stopped working. What the clean-up ended is known only afterwards, and it
  // belongs in the project's audit log, not in the process log that people reading the audit never
  // see: `invite.revoke.cleanup` records it. A clean-up cut short (a crash) is finished, and
  // recorded, by revoking again.
  const revoked = await deps.workflow.invites.revoke({
    id: existing.id,
    at: deps.clock.now().toISOString(),
    audit: auditEntry({
      deps,
      projectId: existing.projectId,
      actor,
      action: 'invite.revoke',
      subject: existing.id,
      details: { role: existing.role, label: existing.label },
    }),
  });
  const invite = revoked ?? existing;
  const sessionsEnded = await deps.workflow.sessions.deleteByInvite({ inviteId: invite.id });
  const uploadsAborted = await abortUploadsOf({ deps, invite });
  await recordAudit({
    deps,
    projectId: invite.projectId,
    actor,
    action: 'invite.revoke.cleanup',
    subject: invite.id,
    details: { revokedAt: invite.revokedAt, sessionsEnded, uploadsAborted },
  });
  return { invite, sessionsEnded, uploadsAborted };
}

/** Aborts the invite's uploads still in progress (an admin invite's, in every project). */
async function abortUploadsOf({ deps, invite }: { deps: RevokeInviteDeps; invite: Invite }): Promise<number> {
  const projectIds = invite.projectId !== null ? [invite.projectId] : (await deps.store.projects.list()).map((p) => p.id);
  let aborted = 0;
  for (const projectId of projectIds) {
    for (const upload of await deps.workflow.uploads.list({ projectId, inviteId: invite.id })) {
      if (upload.state !== 'uploading') continue;
      await deps.uploads.abort({ key: upload.key, uploadId: upload.id });
      try {
        await deps.workflow.uploads.update({
          upload: { ...upload, state: 'aborted', updatedAt: deps.clock.now().toISOString() },
          expectedRevision: upload.revision,
        });
      } catch (error) {
        // Completed or cancelled meanwhile: its parts are gone either way.
        if (!(error instanceof ConflictError)) throw error;
      }
      aborted += 1;
    }
  }
  return aborted;
}

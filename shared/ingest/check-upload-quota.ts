import {
  DEFAULT_UPLOAD_ABANDON_SECONDS,
  DEFAULT_UPLOAD_QUOTAS,
  findQuotaBreach,
  quotaExceededError,
  type Actor,
  type UploadQuotas,
  type UploadRecord,
} from '../domain/index.ts';
import type { Clock, WorkflowStore } from '../ports/index.ts';
import { recordAudit } from '../review/record-audit.ts';

/**
 * Refuses an upload that would break the project's or the contributor's quota (bytes in flight,
 * bytes stored, uploads open), recording the refusal in the audit log (`upload.refused`).
 *
 * Called twice when an upload starts: before anything is made (`candidate` not yet stored: it is
 * counted as if it were), and again once its record is written (`candidate` among the project's
 * uploads). Two uploads started at the same moment then see each other on the second check, so
 * they cannot both slip under a limit; the caller drops a candidate refused the second time.
 *
 * @throws UploadError `UPLOAD_QUOTA_EXCEEDED` (413)
 */
export async function checkUploadQuota({
  deps,
  candidate,
  actor,
}: {
  deps: {
    workflow: WorkflowStore;
    clock: Clock;
    /** Default `DEFAULT_UPLOAD_QUOTAS`. */
    uploadQuotas?: UploadQuotas | undefined;
    /** An upload in progress for longer stops holding quota (default `DEFAULT_UPLOAD_ABANDON_SECONDS`). */
    uploadAbandonSeconds?: number | undefined;
  };
  candidate: UploadRecord;
  actor: Actor;
}): Promise<void> {
  const stored = await deps.workflow.uploads.list({ projectId: candidate.projectId });
  const uploads = stored.some((u) => u.id === candidate.id) ? stored : [...stored, candidate];
  const breach = findQuotaBreach({
    quotas: deps.uploadQuotas ?? DEFAULT_UPLOAD_QUOTAS,
    uploads,
    inviteId: candidate.inviteId,
    now: deps.clock.now(),
    abandonAfterSeconds: deps.uploadAbandonSeconds ?? DEFAULT_UPLOAD_ABANDON_SECONDS,
  });
  if (breach === null) return;
  await recordAudit({
    deps,
    projectId: candidate.projectId,
    actor,
    action: 'upload.refused',
    subject: candidate.id === '' ? `upload of ${candidate.filename}` : candidate.id,
    details: { code: 'UPLOAD_QUOTA_EXCEEDED', filename: candidate.filename, sizeBytes: candidate.sizeBytes, ...breach },
  });
  throw quotaExceededError({ breach });
}

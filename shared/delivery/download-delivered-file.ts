import { randomUUID } from 'node:crypto';
import { AccessError, NotFoundError, inviteError, type DeliveredFile, type Project, type Render } from '../domain/index.ts';
import { readApprovalStatus } from '../review/decisions.ts';
import { recordAudit } from '../review/record-audit.ts';
import type { ReviewDeps } from '../review/review-deps.ts';

/**
 * One download of a delivered file through a link whose signature the caller checked: the link's
 * invite must still stand (a revoked invite's links stop working at once, not when they expire;
 * the refusal is audited as `download.refused`), the file must belong to a render of the project,
 * and its version must be approved by every stage. `send` answers with the file; what it sent
 * (the range, the bytes) is appended to the download log.
 *
 * @example
 * const sent = await downloadDeliveredFile({ deps, project, renderId, fileName, by, ip, send: ({ file }) => answerBlob({ c, key: file.key, … }) });
 * @throws AccessError `INVITE_REVOKED` (401), `NOT_APPROVED` (403); NotFoundError (no such file)
 */
export async function downloadDeliveredFile<Sent extends { range: string | null; bytes: number }>({
  deps,
  project,
  renderId,
  fileName,
  by,
  ip,
  send,
}: {
  deps: ReviewDeps;
  project: Project;
  renderId: string;
  fileName: string;
  /** The invite the link was issued to, or `admin`. */
  by: string;
  ip: string | null;
  send: (args: { render: Render; file: DeliveredFile }) => Promise<Sent>;
}): Promise<Sent> {
  if (by !== 'admin') {
    const invite = await deps.workflow.invites.get({ id: by });
    if (invite === null || invite.revokedAt !== null) {
      if (invite !== null) {
        await recordAudit({
          deps,
          projectId: project.id,
          actor: { role: invite.role, label: invite.label, inviteId: invite.id },
          action: 'download.refused',
          subject: renderId,
          details: { code: 'INVITE_REVOKED', file: fileName, ip },
        });
      }
      throw inviteError({ code: 'INVITE_REVOKED' });
    }
  }
  const render = await deps.store.renders.get({ id: renderId });
  const file = render?.projectId === project.id ? render.files.find((f) => f.name === fileName) : undefined;
  if (render === null || file === undefined) throw new NotFoundError({ entity: 'file', id: fileName });
  const version = await deps.store.versions.get({ id: render.versionId });
  if (version === null || (await readApprovalStatus({ deps, project, version })).state !== 'approved') {
    throw new AccessError({
      code: 'NOT_APPROVED',
      message: 'This version is not approved for delivery.',
      messageVi: 'Phiên bản này chưa được duyệt để giao nộp.',
    });
  }
  const sent = await send({ render, file });
  await deps.workflow.downloads.append({
    entry: {
      id: randomUUID(),
      projectId: project.id,
      at: deps.clock.now().toISOString(),
      renderId: render.id,
      profile: render.profile,
      file: file.name,
      by,
      range: sent.range,
      bytes: sent.bytes,
      ip,
    },
  });
  return sent;
}

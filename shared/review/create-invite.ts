import { randomUUID } from 'node:crypto';
import {
  ADMIN_LINK_DEFAULT_HOURS,
  ADMIN_LINK_MAX_HOURS,
  AccessError,
  NewInviteSchema,
  hashSecret,
  newSecretToken,
  type Actor,
  type Invite,
  type NewInvite,
  type Project,
} from '../domain/index.ts';
import type { Clock, WorkflowStore } from '../ports/index.ts';
import { auditEntry } from './record-audit.ts';

/**
 * Makes an invite link's token and stores only its hash. A reviewer's invite must name a stage of
 * the project's approval chain. `project: null` makes an admin invite (the CLI's admin token).
 * The token is returned once and cannot be recovered.
 */
export async function createInvite({
  deps,
  project,
  input,
  actor,
}: {
  deps: { workflow: WorkflowStore; clock: Clock };
  project: Project | null;
  input: NewInvite;
  actor: Actor;
}): Promise<{ invite: Invite; token: string }> {
  // An admin link opens every project: it gets the admin default (24 h), not an invite's 30 days.
  const parsed = NewInviteSchema.parse(
    input.role === 'admin' && input.expiresInHours === undefined ? { ...input, expiresInHours: ADMIN_LINK_DEFAULT_HOURS } : input,
  );
  if (project === null && parsed.role !== 'admin') throw new Error('only admin invites are made without a project');
  if (parsed.role === 'admin' && parsed.expiresInHours > ADMIN_LINK_MAX_HOURS) {
    throw new AccessError({
      code: 'ADMIN_LINK_TOO_LONG',
      message: `An admin sign-in link opens every project, so it is valid for at most ${ADMIN_LINK_MAX_HOURS} hours (${ADMIN_LINK_MAX_HOURS / 24} days); ${parsed.expiresInHours} were asked. Make a new link when this one runs out.`,
      messageVi: `Đường dẫn quản trị chỉ có hiệu lực tối đa ${ADMIN_LINK_MAX_HOURS} giờ (${ADMIN_LINK_MAX_HOURS / 24} ngày). Hãy tạo đường dẫn mới khi hết hạn.`,
      details: { field: 'expiresInHours', max: ADMIN_LINK_MAX_HOURS },
    });
  }
  if (parsed.stage !== undefined && !project?.approvalChain.some((s) => s.id === parsed.stage)) {
    throw new AccessError({
      code: 'UNKNOWN_STAGE',
      message: `"${parsed.stage}" is not a stage of the project's approval chain (${project?.approvalChain.map((s) => s.id).join(', ')}).`,
      messageVi: `"${parsed.stage}" không phải một cấp duyệt của dự án.`,
      details: { field: 'stage' },
    });
  }
  const now = deps.clock.now();
  const token = newSecretToken();
  const made: Invite = {
    id: randomUUID(),
    projectId: project?.id ?? null,
    role: parsed.role,
    stage: parsed.stage ?? null,
    label: parsed.label,
    tokenHash: hashSecret({ secret: token }),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + parsed.expiresInHours * 3600_000).toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  };
  // The invite and its audit entry are one write: both or neither.
  const invite = await deps.workflow.invites.create({
    invite: made,
    audit: auditEntry({
      deps,
      projectId: made.projectId,
      actor,
      action: 'invite.create',
      subject: made.id,
      details: { role: made.role, stage: made.stage, label: made.label, expiresAt: made.expiresAt },
    }),
  });
  return { invite, token };
}

/** What the API shows of an invite: never its hash. */
export function inviteView(invite: Invite) {
  const { tokenHash: _hash, ...rest } = invite;
  return rest;
}

import { randomUUID } from 'node:crypto';
import { AccessError, NewInviteSchema, hashSecret, newSecretToken, type Actor, type Invite, type NewInvite, type Project } from '../domain/index.ts';
import type { Clock, WorkflowStore } from '../ports/index.ts';
import { recordAudit } from '../review/record-audit.ts';

/**
 * Makes an invite link's token and stores only its hash. A reviewer's invite must name a stage of
 * the project's approval chain. `project: null` makes an admin invite (the CLI's admin token).
 * The token is returned once and cannot be recovered.
 */
export async function createInvite({ deps, project, input, actor }: { deps: { workflow: WorkflowStore; clock: Clock }; project: Project | null; input: NewInvite; actor: Actor }): Promise<{ invite: Invite; token: string }> {
  const parsed = NewInviteSchema.parse(input);
  if (project === null && parsed.role !== 'admin') throw new Error('only admin invites are made without a project');
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
  const invite = await deps.workflow.invites.create({
    invite: {
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
    },
  });
  await recordAudit({ deps, projectId: invite.projectId, actor, action: 'invite.create', subject: invite.id, details: { role: invite.role, stage: invite.stage, label: invite.label, expiresAt: invite.expiresAt } });
  return { invite, token };
}

/** What the API shows of an invite: never its hash. */
export function inviteView(invite: Invite) {
  const { tokenHash: _hash, ...rest } = invite;
  return rest;
}

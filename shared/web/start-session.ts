import { randomBytes } from 'node:crypto';
import { hashSecret, inviteError, inviteProblem, sessionExpiry, type Session } from '../domain/index.ts';
import type { Clock, WorkflowStore } from '../ports/index.ts';

/**
 * Exchanges an invite token for a new session: looks the invite up by the token's hash, refuses
 * an unknown, revoked or expired one (401 with a plain reason), and stores the new session under
 * the hash of its random id. Returns the id (the cookie value) once; it is never stored.
 */
export async function startSession({ deps, token }: { deps: { workflow: WorkflowStore; clock: Clock }; token: string }): Promise<{ session: Session; secret: string }> {
  const now = deps.clock.now();
  const invite = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await deps.workflow.invites.findByTokenHash({ tokenHash: hashSecret({ secret: token }) }) : null;
  const problem = inviteProblem({ invite, now });
  if (problem !== null || invite === null) throw inviteError({ code: problem ?? 'INVITE_UNKNOWN' });
  const secret = randomBytes(32).toString('base64url');
  const session = await deps.workflow.sessions.create({
    session: {
      idHash: hashSecret({ secret }),
      inviteId: invite.id,
      projectId: invite.projectId,
      role: invite.role,
      stage: invite.stage,
      label: invite.label,
      createdAt: now.toISOString(),
      expiresAt: sessionExpiry({ invite, now }),
    },
  });
  await deps.workflow.invites.touch({ id: invite.id, at: now.toISOString() });
  return { session, secret };
}

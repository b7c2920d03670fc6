import { randomBytes } from 'node:crypto';
import { SESSION_HOURS, hashSecret, inviteError, inviteProblem, sessionExpiry, type Session } from '../domain/index.ts';
import type { Clock, WorkflowStore } from '../ports/index.ts';
import { auditEntry } from '../review/record-audit.ts';
import { actorOf } from './views.ts';

/**
 * Exchanges an invite token for a new session: looks the invite up by the token's hash, refuses
 * an unknown, revoked or expired one (401 with a plain reason), and stores the new session under
 * the hash of its random id, with its `session.start` audit entry in the same write. Returns the
 * id (the cookie value) once; it is never stored.
 * The session lasts `lifetimeHours` at most, never past its invite's expiry.
 *
 * @throws AccessError `INVITE_UNKNOWN`, `INVITE_REVOKED`, `INVITE_EXPIRED` (401); the error's
 *   `details.inviteId` names the invite when one was found.
 */
export async function startSession({
  deps,
  token,
  lifetimeHours = SESSION_HOURS,
  auditDetails = {},
}: {
  deps: { workflow: WorkflowStore; clock: Clock };
  token: string;
  lifetimeHours?: number;
  /** Added to the `session.start` audit entry (the sign-in's address). */
  auditDetails?: Record<string, unknown>;
}): Promise<{ session: Session; secret: string }> {
  const now = deps.clock.now();
  const invite = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await deps.workflow.invites.findByTokenHash({ tokenHash: hashSecret({ secret: token }) }) : null;
  const problem = inviteProblem({ invite, now });
  if (problem !== null || invite === null) throw inviteError({ code: problem ?? 'INVITE_UNKNOWN', invite });
  const secret = randomBytes(32).toString('base64url');
  const started: Session = {
    idHash: hashSecret({ secret }),
    inviteId: invite.id,
    projectId: invite.projectId,
    role: invite.role,
    stage: invite.stage,
    label: invite.label,
    createdAt: now.toISOString(),
    expiresAt: sessionExpiry({ invite, now, lifetimeHours }),
  };
  const session = await deps.workflow.sessions.create({
    session: started,
    audit: auditEntry({
      deps,
      projectId: started.projectId,
      actor: actorOf(started),
      action: 'session.start',
      subject: started.inviteId ?? 'admin',
      details: auditDetails,
    }),
  });
  // A revocation that ran between the check above and the insert could not see this session: look again.
  if ((await deps.workflow.invites.get({ id: invite.id }))?.revokedAt !== null) {
    await deps.workflow.sessions.delete({ idHash: session.idHash });
    throw inviteError({ code: 'INVITE_REVOKED', invite });
  }
  await deps.workflow.invites.touch({ id: invite.id, at: now.toISOString() });
  return { session, secret };
}

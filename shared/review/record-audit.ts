import { randomUUID } from 'node:crypto';
import type { Actor, AuditEntry } from '../domain/index.ts';
import type { ReviewDeps } from './review-deps.ts';

/**
 * One line of the audit log: who did what to what, when. Hand it to the store method that makes
 * the change (`{ …, audit }`): the store writes both together or neither.
 */
export function auditEntry({
  deps,
  projectId,
  actor,
  action,
  subject,
  details = {},
}: {
  deps: Pick<ReviewDeps, 'clock'>;
  projectId: string | null;
  actor: Actor;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}): AuditEntry {
  return { id: randomUUID(), projectId, at: deps.clock.now().toISOString(), actor, action, subject, details };
}

/**
 * Appends a line for an event that changes no record (a failed sign-in, a refused upload). A
 * change records its line through its own store write (`auditEntry`), never with this.
 */
export async function recordAudit({
  deps,
  projectId,
  actor,
  action,
  subject,
  details = {},
}: {
  deps: Pick<ReviewDeps, 'workflow' | 'clock'>;
  projectId: string | null;
  actor: Actor;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await deps.workflow.audit.append({ entry: auditEntry({ deps, projectId, actor, action, subject, details }) });
}

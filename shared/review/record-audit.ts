import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/index.ts';
import type { ReviewDeps } from './review-deps.ts';

/** Appends one line to the audit log: who did what to what, when. */
export async function recordAudit({ deps, projectId, actor, action, subject, details = {} }: { deps: Pick<ReviewDeps, 'workflow' | 'clock'>; projectId: string | null; actor: Actor; action: string; subject: string; details?: Record<string, unknown> }): Promise<void> {
  await deps.workflow.audit.append({ entry: { id: randomUUID(), projectId, at: deps.clock.now().toISOString(), actor, action, subject, details } });
}

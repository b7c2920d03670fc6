import { ADMIN_LINK_DEFAULT_HOURS, ADMIN_LINK_MAX_HOURS, type Actor } from '../../domain/index.ts';
import type { Clock, MultipartUploads, Store, WorkflowStore } from '../../ports/index.ts';
import { createInvite } from '../../review/create-invite.ts';
import { revokeInvite } from '../../review/revoke-invite.ts';

/** Who the CLI's changes are recorded as in the audit log. */
export const CLI_ACTOR: Actor = { role: 'admin', label: 'reportage CLI', inviteId: null };

/** Makes an admin sign-in link (an admin invite, stored hashed, valid `hours` ≤ 7 days) and returns its URL and invite id. */
export async function makeAdminLink({
  deps,
  baseUrl,
  hours = ADMIN_LINK_DEFAULT_HOURS,
}: {
  deps: { workflow: WorkflowStore; clock: Clock };
  baseUrl: string;
  hours?: number;
}): Promise<{ url: string; token: string; inviteId: string; expiresAt: string }> {
  const { invite, token } = await createInvite({
    deps,
    project: null,
    input: { role: 'admin', label: 'Quản trị (CLI)', expiresInHours: hours },
    actor: CLI_ACTOR,
  });
  return { url: `${baseUrl.replace(/\/$/, '')}/i/${token}`, token, inviteId: invite.id, expiresAt: invite.expiresAt };
}

/**
 * What `serve` prints about admin sign-in. A link is a secret that opens every project, so it is
 * printed only to a terminal, and only on the first run (no admin link exists yet): stdout sent
 * to a file, a pipe or a service's journal would keep it. Otherwise it says how to get one.
 */
export async function printFirstAdminLink({
  deps,
  baseUrl,
  out,
}: {
  deps: { workflow: WorkflowStore; clock: Clock };
  baseUrl: string;
  out: { isTTY?: boolean; write(text: string): unknown };
}): Promise<void> {
  const how = `run \`reportage admin-token\` in a terminal for a sign-in link (valid ${ADMIN_LINK_DEFAULT_HOURS} h; --hours up to ${ADMIN_LINK_MAX_HOURS}).`;
  if (out.isTTY !== true) {
    out.write(`Admin sign-in: no link is printed when stdout is not a terminal; ${how}\n`);
    return;
  }
  if ((await deps.workflow.invites.list({ projectId: null })).length > 0) {
    out.write(`Admin sign-in: ${how}\n`);
    return;
  }
  const link = await makeAdminLink({ deps, baseUrl });
  out.write(`Admin sign-in link (valid ${ADMIN_LINK_DEFAULT_HOURS} h, shown once; keep it secret): ${link.url}\n`);
}

/** Revokes every admin sign-in link not revoked yet, with their sessions and uploads in progress. */
export async function revokeAllAdminLinks({
  deps,
}: {
  deps: { workflow: WorkflowStore; clock: Clock; uploads: MultipartUploads; store: Pick<Store, 'projects'> };
}): Promise<{ revoked: string[]; sessionsEnded: number }> {
  const revoked: string[] = [];
  let sessionsEnded = 0;
  for (const invite of await deps.workflow.invites.list({ projectId: null })) {
    if (invite.revokedAt !== null) continue;
    const result = await revokeInvite({ deps, inviteId: invite.id, projectId: null, actor: CLI_ACTOR });
    revoked.push(invite.id);
    sessionsEnded += result.sessionsEnded;
  }
  return { revoked, sessionsEnded };
}

import type { Invite } from '../../domain/index.ts';
import type { Store, WorkflowStore } from '../../ports/index.ts';
import { inviteView } from '../../review/create-invite.ts';
import { revokeInvite } from '../../review/revoke-invite.ts';
import { EXIT } from '../exit-codes.ts';
import { withRuntime } from '../with-runtime.ts';
import { CLI_ACTOR } from './admin-links.ts';
import { openWebBackend } from './serve.ts';

/** An invite as listed: never its hash; `state` says whether it can still sign in. */
export type ListedInvite = ReturnType<typeof inviteView> & { state: 'active' | 'expired' | 'revoked' };

/** Every invite link: the admin ones first, then each project's, newest first within each. */
export async function listAllInvites({ deps, now }: { deps: { workflow: WorkflowStore; store: Pick<Store, 'projects'> }; now: Date }): Promise<ListedInvite[]> {
  const invites: Invite[] = [...(await deps.workflow.invites.list({ projectId: null }))];
  for (const project of await deps.store.projects.list()) invites.push(...(await deps.workflow.invites.list({ projectId: project.id })));
  return invites.map((invite) => ({
    ...inviteView(invite),
    state: invite.revokedAt !== null ? 'revoked' : Date.parse(invite.expiresAt) <= now.getTime() ? 'expired' : 'active',
  }));
}

/** `reportage invites [--json] [--active]`: every invite link, admin ones included, with its state. */
export async function runInvitesCommand({ options }: { options: { json?: boolean; active?: boolean } }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const web = openWebBackend({ runtime });
    try {
      const listed = await listAllInvites({ deps: { workflow: web.workflow, store: runtime.deps.store }, now: runtime.deps.clock.now() });
      const invites = options.active ? listed.filter((invite) => invite.state === 'active') : listed;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(invites)}\n`);
        return EXIT.ok;
      }
      for (const i of invites) {
        const used = i.lastUsedAt === null ? 'never used' : `last used ${i.lastUsedAt}`;
        process.stdout.write(
          `${i.id}  ${i.state.padEnd(7)}  ${(i.projectId ?? '(admin)').padEnd(16)}  ${i.role}${i.stage ? `/${i.stage}` : ''}  "${i.label}"  expires ${i.expiresAt}  ${used}\n`,
        );
      }
      if (invites.length === 0) process.stdout.write(options.active ? 'no active invites\n' : 'no invites\n');
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

/** `reportage invites revoke <id> [--json]`: revokes one invite link (admin ones too); its sessions, part URLs and download links end at once. */
export async function runInvitesRevokeCommand({ inviteId, options }: { inviteId: string; options: { json?: boolean } }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const web = openWebBackend({ runtime });
    try {
      const deps = { workflow: web.workflow, clock: runtime.deps.clock, uploads: web.uploads, store: runtime.deps.store };
      const { invite, sessionsEnded, uploadsAborted } = await revokeInvite({ deps, inviteId, projectId: null, actor: CLI_ACTOR });
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ invite: inviteView(invite), sessionsEnded, uploadsAborted })}\n`
          : `Revoked ${invite.id} (${invite.role}, "${invite.label}") at ${invite.revokedAt}; ${sessionsEnded} session(s) ended, ${uploadsAborted} upload(s) aborted.\n`,
      );
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

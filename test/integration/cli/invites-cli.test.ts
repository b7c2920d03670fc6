import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { printFirstAdminLink } from '../../../shared/cli/commands/admin-links.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';
import { startSession } from '../../../shared/web/start-session.ts';
import { makeTempDir, runCli } from './cli-helpers.ts';

/** `reportage invites`, `invites revoke <id>`, `admin-token --revoke-all`, `--hours` bounds, and what `serve` prints. */
describe('reportage invites and admin-token', () => {
  let cleanup: () => Promise<void>;
  let dataDir: string;
  const clock = { now: () => new Date() };
  const env = () => ({ REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' });
  /** Opens the data folder in-process for a moment (the CLI runs in its own processes). */
  const withBackend = async <T>(run: (backend: ReturnType<typeof createLocalBackend>) => Promise<T>): Promise<T> => {
    const backend = createLocalBackend({ dataDir, maxAttempts: 3 });
    try {
      return await run(backend);
    } finally {
      await backend.close();
    }
  };

  beforeAll(async () => {
    const temp = await makeTempDir('invites');
    cleanup = temp.cleanup;
    dataDir = path.join(temp.dir, 'data');
  });
  afterAll(async () => cleanup());

  it('prints the first admin link only to a terminal; otherwise it says how to get one', async () => {
    await withBackend(async (backend) => {
      const lines: string[] = [];
      const pipe = { isTTY: false, write: (text: string) => lines.push(text) };
      await printFirstAdminLink({ deps: { workflow: backend.workflow, clock }, baseUrl: 'http://127.0.0.1:8080', out: pipe });
      expect(lines.join('')).toMatch(/not a terminal.*reportage admin-token/);
      expect(lines.join('')).not.toContain('/i/');
      expect(await backend.workflow.invites.list({ projectId: null })).toEqual([]);

      const terminal = { isTTY: true, write: (text: string) => lines.push(text) };
      await printFirstAdminLink({ deps: { workflow: backend.workflow, clock }, baseUrl: 'http://127.0.0.1:8080', out: terminal });
      expect(lines.at(-1)).toMatch(/^Admin sign-in link \(valid 24 h, shown once; keep it secret\): http:\/\/127\.0\.0\.1:8080\/i\/[A-Za-z0-9_-]{43}\n$/);
      const [made] = await backend.workflow.invites.list({ projectId: null });
      expect(Date.parse(made!.expiresAt) - Date.parse(made!.createdAt)).toBe(24 * 3600_000);
      // The second run prints no link: the first one exists.
      await printFirstAdminLink({ deps: { workflow: backend.workflow, clock }, baseUrl: 'http://127.0.0.1:8080', out: terminal });
      expect(lines.at(-1)).not.toContain('/i/');
      expect(await backend.workflow.invites.list({ projectId: null })).toHaveLength(1);
    });
  });

  it('refuses an admin link longer than 7 days, and makes a 24-hour one by default', async () => {
    const long = await runCli({ args: ['admin-token', '--hours', '200'], env: env() });
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/1 to 168/);
    expect(long.stdout).toBe('');
    const made = await runCli({ args: ['admin-token', '--json'], env: env() });
    expect(made.code).toBe(0);
    const link = JSON.parse(made.stdout) as { url: string; token: string; inviteId: string; expiresAt: string; expiresInHours: number };
    expect(link.expiresInHours).toBe(24);
    expect(Math.abs(Date.parse(link.expiresAt) - Date.now() - 24 * 3600_000)).toBeLessThan(60_000);
  });

  it('lists every invite, admin ones included, and revokes one by id, ending its sessions', async () => {
    const { contributorId, adminId } = await withBackend(async (backend) => {
      const project = await backend.store.projects.create({ project: createProject({ id: 'dai-hoi-2026', congressDate: '2026-12-20', now: new Date() }) });
      const deps = { workflow: backend.workflow, clock: { now: () => new Date() } };
      const { invite: contributor, token } = await createInvite({
        deps,
        project,
        input: { role: 'contributor', label: 'Hội Tin học' },
        actor: { role: 'admin', label: 'test', inviteId: null },
      });
      await startSession({ deps, token });
      await startSession({ deps, token });
      const [admin] = await backend.workflow.invites.list({ projectId: null });
      return { contributorId: contributor.id, adminId: admin!.id };
    });

    const listed = await runCli({ args: ['invites', '--json'], env: env() });
    expect(listed.code).toBe(0);
    const invites = JSON.parse(listed.stdout) as { id: string; projectId: string | null; role: string; state: string; tokenHash?: string }[];
    expect(invites.filter((i) => i.role === 'admin')).toHaveLength(2);
    expect(invites.find((i) => i.id === contributorId)).toMatchObject({ projectId: 'dai-hoi-2026', role: 'contributor', state: 'active' });
    expect(invites.find((i) => i.id === adminId)).toMatchObject({ projectId: null, role: 'admin', state: 'active' });
    expect(listed.stdout).not.toContain('tokenHash');

    const text = await runCli({ args: ['invites'], env: env() });
    expect(text.stdout).toContain(contributorId);
    expect(text.stdout).toContain('(admin)');

    const revoked = await runCli({ args: ['invites', 'revoke', contributorId, '--json'], env: env() });
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ invite: { id: contributorId, revokedAt: expect.any(String) }, sessionsEnded: 2, uploadsAborted: 0 });
    const revokedAdmin = await runCli({ args: ['invites', 'revoke', adminId], env: env() });
    expect(revokedAdmin.code).toBe(0);
    expect(revokedAdmin.stdout).toMatch(/^Revoked .*admin/);

    const after = JSON.parse((await runCli({ args: ['invites', '--json'], env: env() })).stdout) as { id: string; state: string }[];
    expect(after.find((i) => i.id === contributorId)?.state).toBe('revoked');
    expect(after.find((i) => i.id === adminId)?.state).toBe('revoked');
    const active = JSON.parse((await runCli({ args: ['invites', '--json', '--active'], env: env() })).stdout) as { id: string }[];
    expect(active.map((i) => i.id)).not.toContain(contributorId);

    await withBackend(async (backend) => {
      const audit = await backend.workflow.audit.list({ projectId: 'dai-hoi-2026' });
      expect(audit.find((e) => e.action === 'invite.revoke' && e.subject === contributorId)).toMatchObject({
        actor: { role: 'admin', label: 'reportage CLI' },
      });
      expect(audit.find((e) => e.action === 'invite.revoke.cleanup' && e.subject === contributorId)).toMatchObject({
        actor: { role: 'admin', label: 'reportage CLI' },
        details: { sessionsEnded: 2 },
      });
    });

    const unknown = await runCli({ args: ['invites', 'revoke', 'no-such-invite', '--json'], env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('NOT_FOUND');
  });

  it('admin-token --revoke-all revokes every admin link still active and ends their sessions', async () => {
    const token = JSON.parse((await runCli({ args: ['admin-token', '--json'], env: env() })).stdout).token as string;
    await withBackend(async (backend) => startSession({ deps: { workflow: backend.workflow, clock: { now: () => new Date() } }, token }));
    const result = await runCli({ args: ['admin-token', '--revoke-all', '--json'], env: env() });
    expect(result.code).toBe(0);
    const { revoked, sessionsEnded } = JSON.parse(result.stdout) as { revoked: string[]; sessionsEnded: number };
    expect(revoked).toHaveLength(2);
    expect(sessionsEnded).toBe(1);
    const admins = (JSON.parse((await runCli({ args: ['invites', '--json'], env: env() })).stdout) as { role: string; state: string }[]).filter(
      (i) => i.role === 'admin',
    );
    expect(admins.every((i) => i.state === 'revoked')).toBe(true);
  });
});

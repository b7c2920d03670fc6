import { EXIT } from '../exit-codes.ts';
import { readServeAddress } from '../serve-address.ts';
import { withRuntime } from '../with-runtime.ts';

/** Where `serve` listens by default (`--port 8080 --host 127.0.0.1`). */
const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';
import { makeAdminLink, revokeAllAdminLinks } from './admin-links.ts';
import { openWebBackend } from './serve.ts';

/**
 * `reportage admin-token [--base-url URL] [--hours N] [--json]`: makes a new admin sign-in link for
 * `--base-url`, else the address the running `serve` of this data folder listens on, else
 * http://127.0.0.1:8080
 * (stored only as a hash; valid 24 h by default, 7 days at most; earlier links stay valid until
 * they expire or are revoked) and prints it once. `--revoke-all` instead revokes every admin link
 * and ends the sessions opened with them.
 */
export async function runAdminTokenCommand({
  options,
}: {
  options: { baseUrl?: string; hours: number; json?: boolean; revokeAll?: boolean };
}): Promise<number> {
  return withRuntime({}, async (runtime) => {
    // The link points where `serve` listens on this data folder, unless told otherwise.
    const baseUrl = options.baseUrl ?? readServeAddress({ dataDir: runtime.config.dataDir })?.url ?? DEFAULT_BASE_URL;
    const web = openWebBackend({ runtime });
    try {
      const deps = { workflow: web.workflow, clock: runtime.deps.clock, uploads: web.uploads, store: runtime.deps.store };
      if (options.revokeAll) {
        const { revoked, sessionsEnded } = await revokeAllAdminLinks({ deps });
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ revoked, sessionsEnded })}\n`
            : `Revoked ${revoked.length} admin sign-in link(s); ${sessionsEnded} session(s) ended.\n`,
        );
        return EXIT.ok;
      }
      const link = await makeAdminLink({ deps, baseUrl, hours: options.hours });
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ url: link.url, token: link.token, inviteId: link.inviteId, expiresAt: link.expiresAt, expiresInHours: options.hours })}\n`
          : `Admin sign-in link (valid ${options.hours} h, until ${link.expiresAt}; keep it secret):\n${link.url}\nRevoke it with: reportage invites revoke ${link.inviteId}\n`,
      );
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

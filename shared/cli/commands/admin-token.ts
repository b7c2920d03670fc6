import { EXIT } from '../exit-codes.ts';
import { withRuntime } from '../with-runtime.ts';
import { makeAdminLink, openWebBackend } from './serve.ts';

/**
 * `reportage admin-token [--base-url URL] [--hours N] [--json]`: makes a new admin sign-in link
 * (stored only as a hash; earlier links stay valid until they expire) and prints it once.
 */
export async function runAdminTokenCommand({ options }: { options: { baseUrl: string; hours: number; json?: boolean } }): Promise<number> {
  return withRuntime({}, async (runtime) => {
    const web = openWebBackend({ runtime });
    try {
      const link = await makeAdminLink({ runtime, workflow: web.workflow, baseUrl: options.baseUrl, hours: options.hours });
      const token = link.slice(link.lastIndexOf('/') + 1);
      process.stdout.write(options.json ? `${JSON.stringify({ url: link, token, expiresInHours: options.hours })}\n` : `Admin sign-in link (valid ${options.hours} h; keep it secret):\n${link}\n`);
      return EXIT.ok;
    } finally {
      web.close();
    }
  });
}

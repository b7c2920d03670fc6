import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The bundle, and the same bytes gzipped once (no zod in it: the pages import the domain's zod-free modules). */
export interface ClientBundle {
  code: string;
  gzip: Uint8Array<ArrayBuffer>;
  /** A strong ETag of the code: browsers revalidate and get 304 instead of the whole bundle again. */
  etag: string;
}

/** The browser scripts: the app's pages (`app`), and the public watch page (`watch`: no sign-in, no app code). */
export const CLIENT_ENTRIES = {
  app: { source: '../client/main.ts', prebuilt: 'client-app.js' },
  watch: { source: '../client/watch/main.ts', prebuilt: 'client-watch.js' },
} as const;
export type ClientEntry = keyof typeof CLIENT_ENTRIES;

const bundles = new Map<ClientEntry, Promise<ClientBundle>>();

/**
 * A browser script (shared/web/client/main.ts or client/watch/main.ts and what it imports),
 * bundled by esbuild on first request and kept in memory: no build step before `npm test` or
 * `reportage serve`. Uppy and hls.js are not in the bundles; the browser loads them from /static/.
 */
export function loadClientBundle({ entry = 'app' }: { entry?: ClientEntry } = {}): Promise<ClientBundle> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = buildClientBundle({ entry }).catch((error: unknown) => {
      // A failed build (a syntax error while someone edits) must not stick: the next request tries again.
      bundles.delete(entry);
      throw error;
    });
    bundles.set(entry, bundle);
  }
  return bundle;
}

async function buildClientBundle({ entry }: { entry: ClientEntry }): Promise<ClientBundle> {
  // A bundle built ahead of time beside the server's own code (the Lambda package: the api
  // function's bundling step writes it, infra/lib/constructs/api-function.ts) is served as it is.
  const prebuilt = await readFile(new URL(`./${CLIENT_ENTRIES[entry].prebuilt}`, import.meta.url)).catch(() => null);
  if (prebuilt) return bundleOf({ contents: new Uint8Array(prebuilt) });
  // Imported when first needed: the API alone runs without esbuild installed.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL(CLIENT_ENTRIES[entry].source, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    external: ['/static/*'],
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for the ${entry} bundle`);
  return bundleOf({ contents: output.contents });
}

function bundleOf({ contents }: { contents: Uint8Array }): ClientBundle {
  return {
    code: new TextDecoder().decode(contents),
    etag: `"${createHash('sha256').update(contents).digest('base64url').slice(0, 27)}"`,
    gzip: new Uint8Array(gzipSync(contents, { level: 9 })) as Uint8Array<ArrayBuffer>,
  };
}

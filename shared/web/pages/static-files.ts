import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Files served under /static/ straight from node_modules (no CDN: the app works without internet). */
const VENDOR_FILES = {
  'uppy.min.mjs': { specifier: 'uppy/dist/uppy.min.mjs', contentType: 'text/javascript; charset=utf-8' },
  'uppy.min.css': { specifier: 'uppy/dist/uppy.min.css', contentType: 'text/css; charset=utf-8' },
  'hls.min.js': { specifier: 'hls.js/dist/hls.min.js', contentType: 'text/javascript; charset=utf-8' },
} as const;

export type VendorFileName = keyof typeof VENDOR_FILES;

const cache = new Map<string, Promise<Buffer>>();

/** True for a name `readVendorFile` serves. */
export function isVendorFile(name: string): name is VendorFileName {
  return Object.hasOwn(VENDOR_FILES, name);
}

/** The bytes and content type of a vendor file, read once and kept in memory. */
export async function readVendorFile({ name }: { name: VendorFileName }): Promise<{ body: Buffer; contentType: string }> {
  const file = VENDOR_FILES[name];
  let body = cache.get(name);
  if (!body) {
    body = readFile(fileURLToPath(import.meta.resolve(file.specifier)));
    body.catch(() => cache.delete(name));
    cache.set(name, body);
  }
  return { body: await body, contentType: file.contentType };
}

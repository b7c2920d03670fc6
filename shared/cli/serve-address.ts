import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** Where `serve` writes the address it listens on, in the data folder, for `admin-token` to read. */
const FILE = 'serve-address.json';

const ServeAddressSchema = z.object({ url: z.url(), pid: z.number().int().positive(), startedAt: z.string() });
export type ServeAddress = z.infer<typeof ServeAddressSchema>;

/** Writes the address `serve` listens on (written whole: a reader never sees half of it). */
export async function writeServeAddress({ dataDir, url, now }: { dataDir: string; url: string; now: Date }): Promise<void> {
  const file = path.join(dataDir, FILE);
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify({ url, pid: process.pid, startedAt: now.toISOString() })}\n`, 'utf8');
  await rename(partial, file);
}

/** Removes the address when `serve` stops (only if it is still this process's). */
export async function clearServeAddress({ dataDir }: { dataDir: string }): Promise<void> {
  if (readServeAddress({ dataDir })?.pid === process.pid) await rm(path.join(dataDir, FILE), { force: true });
}

/**
 * The address of the `serve` that runs on this data folder: null when none has written one, or
 * when the process that wrote it is gone.
 */
export function readServeAddress({ dataDir }: { dataDir: string }): ServeAddress | null {
  let parsed: ServeAddress;
  try {
    parsed = ServeAddressSchema.parse(JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')));
  } catch {
    return null;
  }
  try {
    process.kill(parsed.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  return parsed;
}

/**
 * The cache behind the test media helpers: a generated file is made once, under the OS temp dir,
 * named by a hash of its recipe, so test files that need the same clip share it and a second run
 * starts at once. Generation writes to a temporary name and renames; a lock file keeps two test
 * workers from making the same file at the same time.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_MEDIA_DIR = process.env.REPORTAGE_TEST_MEDIA_DIR ?? path.join(os.tmpdir(), 'reportage-test-media');

/** A 1 kHz stereo tone peaking at −23 dBFS: EBU Tech 3341 reads it at −23.0 LUFS. */
export const TONE_23 = (seconds: number) => `aevalsrc='0.0707946*sin(2*PI*1000*t)|0.0707946*sin(2*PI*1000*t)':s=48000:d=${seconds}`;

/** ffmpeg for test inputs, directly: test media must not depend on the code under test. */
export async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

/** Makes `name` once: `build` writes to the path it is given. `namespace` + `recipe` make the cache key. */
export async function cached({
  namespace,
  name,
  recipe,
  build,
}: {
  namespace: string;
  name: string;
  recipe: unknown;
  build: (out: string) => Promise<void>;
}): Promise<string> {
  const hash = createHash('sha256')
    .update(JSON.stringify([namespace, name, recipe]))
    .digest('hex')
    .slice(0, 12);
  const file = path.join(TEST_MEDIA_DIR, `${name}-${hash}`);
  if (existsSync(file)) return file;
  await mkdir(TEST_MEDIA_DIR, { recursive: true });
  const lock = `${file}.lock`;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch {
      if (existsSync(file)) return file;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 5 * 60_000) await rm(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (existsSync(file)) return file;
    const partial = `${file}.partial-${process.pid}`;
    await build(partial);
    await rename(partial, file);
    return file;
  } finally {
    await rm(lock, { force: true });
  }
}

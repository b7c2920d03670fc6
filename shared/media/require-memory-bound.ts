import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { MemoryBoundUnavailableError } from './errors.ts';

/**
 * Stops start-up when ffmpeg could not run under its memory bound: `prlimit` (util-linux) must be
 * on `PATH`. Called by every process that runs ffmpeg (the CLI's runtime, the worker function)
 * before it takes a job; `spawnTool` refuses to run without it too, so the check only makes the
 * failure early and plain. Returns the program's path.
 *
 * @throws MemoryBoundUnavailableError `MEMORY_BOUND_UNAVAILABLE`
 * @example requireMemoryBound({ memoryMb: config.ffmpeg.memoryMb })
 */
export function requireMemoryBound({ memoryMb, pathEnv = process.env.PATH ?? '' }: { memoryMb?: number; pathEnv?: string } = {}): string {
  for (const dir of pathEnv.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'prlimit');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  throw new MemoryBoundUnavailableError(memoryMb === undefined ? {} : { memoryMb });
}

import { stat } from 'node:fs/promises';
import { runFfprobe } from './run-ffprobe.ts';
import type { MediaTools } from './media-tools.ts';

const cached = new Map<string, Promise<string>>();

/**
 * What identifies the tools that make rendered bytes: ffmpeg's version line and the font file
 * (path and size). Part of every render cache key, so a different ffmpeg or font never reuses
 * a segment made by another. Computed once per process.
 */
export function describeToolchain({ tools, fontFile }: { tools: MediaTools; fontFile: string }): Promise<string> {
  const key = `${tools.ffprobePath}\u0000${fontFile}`;
  const known = cached.get(key);
  if (known) return known;
  const description = (async () => {
    let version = 'ffmpeg unknown';
    // ffprobe and ffmpeg come from one build (Debian's package): its version line names both.
    await runFfprobe({ tools, args: ['-version'] }).then(
      (result) => {
        version = (result.stdout.split('\n').find((line) => line.includes('version')) ?? version).trim();
      },
      () => {},
    );
    const font = await stat(fontFile).then(
      (s) => `${fontFile}:${s.size}`,
      () => fontFile,
    );
    return `${version} | ${font}`;
  })();
  cached.set(key, description);
  return description;
}

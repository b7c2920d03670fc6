import type { MediaTools } from './media-tools.ts';

export type MediaTool = 'ffmpeg' | 'ffprobe';

const MIB = 1024 * 1024;

/**
 * The exact program and argument vector of one ffmpeg/ffprobe run, with the safety flags every
 * run gets. Pure: the door (`runFfmpeg`, `runFfprobe`) spawns what this returns, without a shell.
 *
 * - ffmpeg: `-hide_banner -nostdin -y -loglevel level+info -max_alloc <n> -progress pipe:1 -nostats`;
 *   the level prefix lets failures be classified by severity, the progress goes to stdout.
 * - ffprobe: `-hide_banner -loglevel level+error -max_alloc <n>` (ffprobe knows neither `-nostdin`
 *   nor `-y`; it never reads stdin, which is closed anyway, and writes no file).
 * - When `prlimitPath` is given the program runs as `prlimit --as=<bytes> -- <tool> …`, bounding the
 *   address space of the whole process; `-max_alloc` bounds any single allocation below it.
 * - When `setprivPath` is given the whole chain starts as `setpriv --pdeathsig KILL -- …`: if the
 *   Node process dies (kill -9, out-of-memory killer), the kernel kills ffmpeg too, so a crashed
 *   worker never leaves an orphan encoding for nobody. The mark survives the exec of prlimit and ffmpeg.
 *
 * @example buildToolCommand({ tool: 'ffmpeg', args: ['-i', 'file:/a', '-f', 'null', '-'], toolPath: '/usr/bin/ffmpeg', tools, prlimitPath: '/usr/bin/prlimit' })
 */
export function buildToolCommand({
  tool,
  args,
  toolPath,
  tools,
  prlimitPath,
  setprivPath,
}: {
  tool: MediaTool;
  args: readonly string[];
  /** The resolved program path. */
  toolPath: string;
  tools: Pick<MediaTools, 'memoryMb'>;
  prlimitPath?: string | null;
  setprivPath?: string | null;
}): { file: string; args: string[] } {
  const maxAlloc = String(maxAllocBytes({ memoryMb: tools.memoryMb }));
  const safety =
    tool === 'ffmpeg'
      ? ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+info', '-max_alloc', maxAlloc, '-progress', 'pipe:1', '-nostats']
      : ['-hide_banner', '-loglevel', 'level+error', '-max_alloc', maxAlloc];
  const toolArgs = [...safety, ...args];
  const bounded = prlimitPath ? [prlimitPath, `--as=${tools.memoryMb * MIB}`, '--', toolPath, ...toolArgs] : [toolPath, ...toolArgs];
  const chain = setprivPath ? [setprivPath, '--pdeathsig', 'KILL', '--', ...bounded] : bounded;
  const [file, ...rest] = chain as [string, ...string[]];
  return { file, args: rest };
}

/** The largest single allocation: a quarter of the address-space bound, at most 2 GiB − 1. */
export function maxAllocBytes({ memoryMb }: { memoryMb: number }): number {
  return Math.min(Math.floor(memoryMb / 4) * MIB, 2 ** 31 - 1);
}

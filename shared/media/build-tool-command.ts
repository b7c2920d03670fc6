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
 * - The environment is the caller's `env` without AWS credentials (`isWithheldFromTools`), with
 *   glibc's malloc told to back large allocations with transparent huge pages (`toolEnvironment`).
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
  env = {},
}: {
  tool: MediaTool;
  args: readonly string[];
  /** The resolved program path. */
  toolPath: string;
  tools: Pick<MediaTools, 'memoryMb'>;
  prlimitPath?: string | null;
  setprivPath?: string | null;
  /** The environment to start from (the Node process's own); none by default. */
  env?: ToolEnvironment;
}): { file: string; args: string[]; env: ToolEnvironment } {
  const maxAlloc = String(maxAllocBytes({ memoryMb: tools.memoryMb }));
  const safety =
    tool === 'ffmpeg'
      ? ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+info', '-max_alloc', maxAlloc, '-progress', 'pipe:1', '-nostats']
      : ['-hide_banner', '-loglevel', 'level+error', '-max_alloc', maxAlloc];
  const toolArgs = [...safety, ...args];
  const bounded = prlimitPath ? [prlimitPath, `--as=${tools.memoryMb * MIB}`, '--', toolPath, ...toolArgs] : [toolPath, ...toolArgs];
  const chain = setprivPath ? [setprivPath, '--pdeathsig', 'KILL', '--', ...bounded] : bounded;
  const [file, ...rest] = chain as [string, ...string[]];
  return { file, args: rest, env: toolEnvironment({ env }) };
}

export type ToolEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The glibc tunable every tool runs with: malloc asks for transparent huge pages
 * (`madvise(MADV_HUGEPAGE)`) on the memory it takes from the kernel. An ffmpeg run allocates its
 * frame pools, decoders and encoders afresh, and a review batch of eight 960×540 segments
 * first-touches ~200 MB: ~49 000 page faults of 4 KiB, each a trip through the kernel (and the
 * hypervisor in a VM). With huge pages, ~15 000. Measured on 2 vCPUs: that batch alone 3.2 → 2.7
 * CPU-s; the 13-minute review render 55 → 50 s run after run; a 1080p master segment unchanged
 * (its encode dwarfs the faults). Where THP is off (`never`), or glibc is older than 2.35, the
 * tunable is ignored: the bytes written never depend on it.
 */
export const TOOL_MALLOC_TUNABLES = 'glibc.malloc.hugetlb=1';

/**
 * Variables a tool never gets: AWS credentials and everything that leads to them (`AWS_*`: keys,
 * session token, profile and credential files, the container credential endpoint, the Lambda
 * runtime API; `_X_AMZN_*`). ffmpeg and ffprobe parse hostile media and reach stored media only
 * through presigned URLs, so a compromised decoder holds nothing it could sign a request with.
 */
export function isWithheldFromTools(name: string): boolean {
  return name.startsWith('AWS_') || name.startsWith('_X_AMZN_');
}

/**
 * `env` without the variables `isWithheldFromTools` names, with `TOOL_MALLOC_TUNABLES` added to
 * `GLIBC_TUNABLES` (kept as given when it already says what malloc does with huge pages).
 */
export function toolEnvironment({ env }: { env: ToolEnvironment }): ToolEnvironment {
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !isWithheldFromTools(name)));
  const existing = kept.GLIBC_TUNABLES;
  if (existing?.includes('glibc.malloc.hugetlb=')) return kept;
  return { ...kept, GLIBC_TUNABLES: existing ? `${existing}:${TOOL_MALLOC_TUNABLES}` : TOOL_MALLOC_TUNABLES };
}

/** The largest single allocation: a quarter of the address-space bound, at most 2 GiB − 1. */
export function maxAllocBytes({ memoryMb }: { memoryMb: number }): number {
  return Math.min(Math.floor(memoryMb / 4) * MIB, 2 ** 31 - 1);
}

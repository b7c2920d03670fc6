import type { MediaTools } from './media-tools.ts';
import { spawnTool } from './spawn-tool.ts';

export interface RunFfmpegOptions {
  /** Inputs, filters and outputs; build them with the pure `build*Args` functions. */
  args: readonly string[];
  tools: MediaTools;
  /** Wall-time bound of this run; defaults to `tools.timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Called with the output position as ffmpeg reports it (`out_time_us`), a few times a second. */
  onProgress?: (progress: { seconds: number }) => void;
  /** Every stderr line as it arrives (`[level]`-prefixed), for callers that watch decode errors live. */
  onStderrLine?: (line: string) => void;
  /** Aborting kills the run (`FFMPEG_KILLED`, retryable). */
  signal?: AbortSignal;
}

export interface RunFfmpegResult {
  /** stderr with `[level]` prefixes (its tail only, when a run logged megabytes). */
  stderr: string;
  /** The last output position ffmpeg reported: how far it really got. */
  outTimeSeconds: number | null;
}

/**
 * The one door to ffmpeg. Spawns it directly with `node:child_process` (no shell), adds the safety
 * flags (`-hide_banner -nostdin -y -progress pipe:1 -nostats`, `-max_alloc`), runs it under
 * `prlimit --as` (never without it: `MEMORY_BOUND_UNAVAILABLE`), kills its process group after the timeout, parses
 * progress, and classifies failures: `FFMPEG_NOT_FOUND` (fatal), `FFMPEG_TIMEOUT` /
 * `FFMPEG_KILLED` (retryable), `FFMPEG_FAILED` (fatal, last stderr lines in `details`).
 *
 * fluent-ffmpeg is deliberately not used: it splits option strings on spaces (a path or filter
 * with a space breaks, or worse, becomes two options), reads ffprobe's output lossily, and offers
 * no way to wrap the process in `prlimit` or kill its process group.
 *
 * @example
 * await runFfmpeg({
 *   args: [...buildInputArgs({ source }), '-map', '0:a:0', '-f', 'null', '-'],
 *   tools: config.ffmpeg,
 *   onProgress: ({ seconds }) => bar.update(seconds),
 * });
 */
export async function runFfmpeg({ args, tools, timeoutSeconds, onProgress, onStderrLine, signal }: RunFfmpegOptions): Promise<RunFfmpegResult> {
  let outTimeSeconds: number | null = null;
  let pending = '';
  const { stderr } = await spawnTool({
    tool: 'ffmpeg',
    args,
    tools,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(signal ? { signal } : {}),
    ...(onStderrLine ? { onStderrLine } : {}),
    onStdout: (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const seconds = parseProgressLine({ line });
        if (seconds === null) continue;
        outTimeSeconds = seconds;
        onProgress?.({ seconds });
      }
    },
  });
  const last = parseProgressLine({ line: pending });
  if (last !== null) outTimeSeconds = last;
  return { stderr, outTimeSeconds };
}

/**
 * Reads the output position from one line of `-progress` output (`out_time_us=2040000` → 2.04).
 * Returns null for other keys and for `N/A`.
 */
export function parseProgressLine({ line }: { line: string }): number | null {
  const match = /^out_time_us=(-?\d+)\s*$/.exec(line.trim());
  if (!match) return null;
  const micros = Number(match[1]);
  return Number.isFinite(micros) && micros >= 0 ? micros / 1_000_000 : null;
}

import type { MediaTools } from './media-tools.ts';
import { spawnTool } from './spawn-tool.ts';

/**
 * The one door to ffprobe: same bounds and failure classes as `runFfmpeg` (see there), returns
 * what ffprobe printed. Callers ask for JSON (`-print_format json`) and parse it with zod.
 */
export async function runFfprobe({
  args,
  tools,
  timeoutSeconds,
  signal,
}: {
  args: readonly string[];
  tools: MediaTools;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}): Promise<{ stdout: string; stderr: string }> {
  return spawnTool({
    tool: 'ffprobe',
    args,
    tools,
    keepStdout: true,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(signal ? { signal } : {}),
  });
}

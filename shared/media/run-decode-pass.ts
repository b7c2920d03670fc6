import { FfmpegFailedError, MediaRejectedError } from './errors.ts';
import { findDecodeProblem, isErrorLine } from './find-decode-problem.ts';
import type { MediaTools } from './media-tools.ts';
import { runFfmpeg } from './run-ffmpeg.ts';

const KEPT_ERROR_LINES = 50;

/**
 * Runs an ffmpeg pass that decodes a whole original and judges how the decoding went: the file is
 * `TRUNCATED` or `UNDECODABLE` (fatal `MediaRejectedError`) when its data ends early or the decoders
 * logged errors, even if ffmpeg itself exited cleanly. Returns the stderr (for summaries such as
 * ebur128's) otherwise.
 */
export async function runDecodePass({
  args,
  tools,
  expectedSeconds,
  onProgress,
  signal,
}: {
  args: string[];
  tools: MediaTools;
  expectedSeconds: number | null;
  onProgress?: (progress: { seconds: number }) => void;
  signal?: AbortSignal;
}): Promise<{ stderr: string }> {
  const errorLines: string[] = [];
  let errorCount = 0;
  const onStderrLine = (line: string) => {
    if (!isErrorLine({ line })) return;
    errorCount++;
    if (errorLines.length < KEPT_ERROR_LINES) errorLines.push(line);
  };
  try {
    const { stderr, outTimeSeconds } = await runFfmpeg({
      args,
      tools,
      onStderrLine,
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
    });
    const problem = findDecodeProblem({ errorLines, errorCount, decodedSeconds: outTimeSeconds, expectedSeconds });
    if (problem) throw problem;
    return { stderr };
  } catch (error) {
    // ffmpeg gave up on the file: blame the file only when its decoders or demuxer complained.
    if (error instanceof FfmpegFailedError && errorCount > 0) {
      const problem = findDecodeProblem({ errorLines, errorCount, decodedSeconds: null, expectedSeconds: null });
      if (problem instanceof MediaRejectedError && looksLikeInputFault(errorLines)) throw problem;
    }
    throw error;
  }
}

/** Error lines from decoders and demuxers, as opposed to our own outputs or filters. */
function looksLikeInputFault(lines: readonly string[]): boolean {
  return lines.some((line) => /Invalid data|error while decoding|Error while decoding|partial file|corrupt|Invalid NAL|missing picture|moov atom/i.test(line));
}

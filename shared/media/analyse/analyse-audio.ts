import { z } from 'zod';
import { LoudnessSchema } from '../../domain/media-facts.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { parseEbur128Summary } from '../parse-ebur128.ts';
import { FfmpegFailedError } from '../errors.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildAudioAnalysisArgs, type FrameRange, type SoundTracks } from './build-analysis-args.ts';
import { MediaAnalysisError } from './errors.ts';
import { createAudioLogReader, LoudnessPointSchema } from './parse-audio-log.ts';
import { SpanSchema } from './span.ts';
import { FPS } from '../../domain/project.ts';

/** The sound checks of QC for one file (the whole programme: sound is never checked per segment). */
export const AudioAnalysisSchema = z.object({
  fps: z.number().positive(),
  /** How much sound was decoded, in seconds. */
  durationSeconds: z.number().nonnegative(),
  /** EBU R128: integrated loudness, loudness range, true peak (4× oversampled). */
  loudness: LoudnessSchema,
  /** Runs below −60 dB lasting 2 s or more, in frames at `fps` (end exclusive). */
  silence: z.array(SpanSchema),
  /** Short-term loudness once a second, for the loudness-over-time plot. */
  shortTerm: z.array(LoudnessPointSchema),
});
export type AudioAnalysis = z.infer<typeof AudioAnalysisSchema>;

/**
 * Measures the programme's sound in one ffmpeg pass: EBU R128 loudness (`ebur128=peak=true`),
 * short-term loudness once a second, and silences (`silencedetect`, −60 dB, 2 s).
 *
 * - `tracks`: the first audio stream (stereo), or the programme's left and right mono tracks
 *   measured together (XDCAM MXF) — never one track alone.
 * - `range`: only the programme's frames (a broadcast file's line-up tone would lift the reading:
 *   EBU R128 measures the programme). Silences and the plot's times stay in file time.
 * Throws `ANALYSIS_OUTPUT_MISSING` when the file has no sound (no audio stream, or nothing
 * decoded): QC then reports `audio: null`, which fails loudness and durations.
 *
 * @example
 * const { loudness, silence } = await analyseAudio({ source, tools: config.ffmpeg });
 * loudness.integratedLufs // -23.0
 */
export async function analyseAudio({
  source,
  tools,
  tracks,
  range,
  fps = FPS,
  signal,
  onProgress,
}: {
  source: MediaSource;
  tools: MediaTools;
  tracks?: SoundTracks;
  range?: FrameRange;
  /** Frame rate that silence spans are counted in. */
  fps?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { seconds: number }) => void;
}): Promise<AudioAnalysis> {
  const reader = createAudioLogReader({ fps, startSeconds: range ? range.startFrame / fps : 0 });
  const noSound = () =>
    new MediaAnalysisError({
      code: 'ANALYSIS_OUTPUT_MISSING',
      message: 'The loudness meter printed no summary: the file has no readable sound.',
      messageVi: 'Không đo được độ lớn âm thanh: tệp không có tiếng đọc được.',
    });
  let result: Awaited<ReturnType<typeof runFfmpeg>>;
  try {
    result = await runFfmpeg({
      args: buildAudioAnalysisArgs({ source, ...(tracks ? { tracks } : {}), ...(range ? { range } : {}) }),
      tools,
      onStderrLine: (line) => reader.push({ line }),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (error) {
    if (error instanceof FfmpegFailedError && error.stderrTail.some((line) => /matches no streams/.test(line))) throw noSound();
    throw error;
  }
  const { stderr, outTimeSeconds } = result;
  const loudness = parseEbur128Summary({ stderr });
  if (!loudness) throw noSound();
  const { silence, shortTerm } = reader.finish({ endSeconds: outTimeSeconds });
  return { fps, durationSeconds: outTimeSeconds ?? 0, loudness, silence, shortTerm };
}

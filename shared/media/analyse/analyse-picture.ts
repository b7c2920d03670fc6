import type { MediaSource, MediaTools } from '../media-tools.ts';
import { FfmpegFailedError } from '../errors.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildPictureAnalysisArgs } from './build-analysis-args.ts';
import { MediaAnalysisError } from './errors.ts';
import { createPictureLogReader } from './parse-picture-log.ts';
import { toPictureAnalysis, type PictureAnalysis } from './picture-analysis.ts';
import { FPS } from '../../domain/project.ts';

/**
 * The picture checks of QC in one ffmpeg pass: black runs, frozen runs, large luminance flashes
 * (see `FLASH_RULE`) and the per-frame luma they were counted from. Meant to run on one rendered
 * segment (a few seconds) and be cached with it; `offsetPictureAnalysis` and
 * `mergePictureAnalyses` turn segment results into the programme's. Works on a whole file too.
 *
 * The log is read line by line as ffmpeg prints it, so a long file costs no more memory than its
 * result. Throws `ANALYSIS_OUTPUT_MISSING` when no frame went through (no picture stream), and the
 * media layer's errors when ffmpeg fails otherwise.
 *
 * @example
 * const qc = await analysePicture({ source: { url: segmentPath, protocols: 'file' }, tools: config.ffmpeg });
 * qc.black // [{ start: 50, end: 126 }]  (frames of this segment, end exclusive)
 */
export async function analysePicture({
  source,
  tools,
  fps = FPS,
  signal,
  onProgress,
}: {
  source: MediaSource;
  tools: MediaTools;
  /** The frame rate frame numbers are counted in (the programme's, 25). */
  fps?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { seconds: number }) => void;
}): Promise<PictureAnalysis> {
  const reader = createPictureLogReader({ fps });
  const noPicture = () =>
    new MediaAnalysisError({
      code: 'ANALYSIS_OUTPUT_MISSING',
      message: 'The picture checks saw no frame: the file has no readable picture.',
      messageVi: 'Không kiểm tra được hình: tệp không có hình đọc được.',
    });
  try {
    await runFfmpeg({
      args: buildPictureAnalysisArgs({ source, fps }),
      tools,
      onStderrLine: (line) => reader.push({ line }),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (error) {
    if (error instanceof FfmpegFailedError && error.stderrTail.some((line) => /matches no streams/.test(line))) throw noPicture();
    throw error;
  }
  const reading = reader.finish();
  if (reading.frames === 0) throw noPicture();
  return toPictureAnalysis({ reading, fps });
}

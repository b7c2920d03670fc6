import type { MediaInput } from '../domain/media-facts.ts';

/** Where the tools are and how far one run may go. Same shape as `Config['ffmpeg']`. */
export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  /** Upper bound of one run's wall time; the process group is killed after it. */
  timeoutSeconds: number;
  /** Upper bound of one process's address space, in MiB. */
  memoryMb: number;
}

/**
 * An input as ffmpeg should open it. `demuxer` is the container ingest found (the first name of
 * ffprobe's `format_name`); once known, every read forces it with `-f`, so a file cannot be
 * re-detected as something else (a playlist) later.
 */
export type MediaSource = MediaInput & { demuxer?: string };

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildInputArgs, toOutputUrl } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';

/** Pictures per ffmpeg run: each one opens the input once more. */
const BATCH = 8;

/** One picture to take: the frame at `timeSeconds`, written as a JPEG to `output`. */
export interface ThumbnailShot {
  timeSeconds: number;
  output: string;
}

/**
 * One ffmpeg run taking a JPEG at each time: an input per picture, opened with an accurate seek
 * (`-ss` before `-i` decodes from the keyframe before and drops frames up to the time), scaled to
 * `width` (interlaced frames deinterlaced first, so the picture shows no combing).
 *
 * @example buildThumbnailArgs({ source, shots: [{ timeSeconds: 12.4, output: '/qc/thumb-000012400ms.jpg' }] })
 */
export function buildThumbnailArgs({ source, shots, width = 320 }: { source: MediaSource; shots: readonly ThumbnailShot[]; width?: number }): string[] {
  const inputs = shots.flatMap((shot) => buildInputArgs({ source, seekSeconds: shot.timeSeconds }));
  const outputs = shots.flatMap((shot, index) => [
    '-map',
    `${index}:v:0`,
    '-frames:v',
    '1',
    '-vf',
    `yadif=deint=interlaced,scale=${width}:-2,setsar=1`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '4',
    '-pix_fmt',
    'yuvj420p',
    '-map_metadata',
    '-1',
    '-f',
    'image2',
    '-update',
    '1',
    toOutputUrl({ path: shot.output }),
  ]);
  return [...inputs, ...outputs];
}

/** The file name of the thumbnail at a time: `thumb-000012400ms.jpg`, sortable. */
export function thumbnailFileName({ timeSeconds }: { timeSeconds: number }): string {
  return `thumb-${String(Math.round(timeSeconds * 1000)).padStart(9, '0')}ms.jpg`;
}

/**
 * JPEG thumbnails (320 px wide) of a file at the given times, for the QC report: one per flagged
 * timecode. Writes into `outDir` (created if needed) and returns the pictures that were made, in
 * time order; a time past the end of the file gives none.
 *
 * @example
 * const thumbs = await extractThumbnails({ source, timesSeconds: [2, 7.5], outDir: 'qc/thumbs', tools: config.ffmpeg });
 * thumbs[0] // { timeSeconds: 2, fileName: 'thumb-000002000ms.jpg', path: 'qc/thumbs/thumb-000002000ms.jpg' }
 */
export async function extractThumbnails({
  source,
  timesSeconds,
  outDir,
  tools,
  width = 320,
  signal,
}: {
  source: MediaSource;
  timesSeconds: readonly number[];
  outDir: string;
  tools: MediaTools;
  width?: number;
  signal?: AbortSignal;
}): Promise<{ timeSeconds: number; fileName: string; path: string }[]> {
  const times = [...new Set(timesSeconds.filter((t) => Number.isFinite(t) && t >= 0).map((t) => Math.round(t * 1000) / 1000))].sort((a, b) => a - b);
  if (times.length === 0) return [];
  await mkdir(outDir, { recursive: true });
  const shots = times.map((timeSeconds) => ({
    timeSeconds,
    fileName: thumbnailFileName({ timeSeconds }),
    path: path.join(outDir, thumbnailFileName({ timeSeconds })),
  }));
  for (let i = 0; i < shots.length; i += BATCH) {
    const batch = shots.slice(i, i + BATCH);
    await runFfmpeg({
      args: buildThumbnailArgs({ source, shots: batch.map((shot) => ({ timeSeconds: shot.timeSeconds, output: shot.path })), width }),
      tools,
      ...(signal ? { signal } : {}),
    });
  }
  const made = await Promise.all(shots.map(async (shot) => ((await stat(shot.path).catch(() => null))?.isFile() ? shot : null)));
  return made.filter((shot): shot is NonNullable<typeof shot> => shot !== null);
}

import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildInputArgs, toOutputUrl } from '../build-input-args.ts';
import type { MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { readVideoFrameCount } from './probe-output.ts';
import { FrameCountMismatchError, InvalidRenderInputError } from './render-errors.ts';
import { FPS } from '../../domain/project.ts';

/** One file to join and its exact length. */
export interface JoinPart {
  path: string;
  frames: number;
}

/**
 * The concat demuxer's list for `parts`, which the caller has linked into one folder under the
 * names `part-00001.mp4`, … Each entry carries its exact `duration` (frames / 25), so the joined
 * timestamps are exact whatever the container says about a part's length.
 *
 * Plain names in the list's own folder keep the concat demuxer in its `safe` mode (no absolute
 * paths, no protocols), and the names are ours: nothing in a list ever comes from a user.
 */
export function formatConcatList({ parts }: { parts: readonly JoinPart[] }): string {
  return ['ffconcat version 1.0', ...parts.flatMap((part, i) => [`file ${partName(i)}`, `duration ${(part.frames / FPS).toFixed(2)}`]), ''].join('\n');
}

/** The arguments that join the listed parts' video by stream copy into an MP4 (`faststart` for deliverables). */
export function buildJoinArgs({ listPath, outPath, faststart = false }: { listPath: string; outPath: string; faststart?: boolean }): string[] {
  return [
    ...concatListInput({ listPath }),
    '-map',
    '0:v:0',
    '-c',
    'copy',
    ...buildCleanOutputArgs(),
    ...(faststart ? ['-movflags', '+faststart'] : []),
    '-f',
    'mp4',
    toOutputUrl({ path: outPath }),
  ];
}

/**
 * Links `parts` into `dir` under plain names and writes the concat demuxer's list there
 * (`formatConcatList`); returns the list's path. `dir` must be a folder of the caller's own.
 */
export async function writeConcatList({ parts, dir }: { parts: readonly JoinPart[]; dir: string }): Promise<string> {
  for (const [i, part] of parts.entries()) await symlink(path.resolve(part.path), path.join(dir, partName(i)));
  const listPath = path.join(dir, 'list.ffconcat');
  await writeFile(listPath, formatConcatList({ parts }), 'utf8');
  return listPath;
}

/** The concat demuxer's input arguments for a list we wrote (`writeConcatList`): only local MP4 parts. */
export function concatListInput({ listPath }: { listPath: string }): string[] {
  // The concat demuxer reads a list we wrote, naming files we rendered (renderSegment): it is
  // never used on user input. Its whitelists let it open only local MP4 parts.
  return buildInputArgs({ source: { url: listPath, protocols: 'file', demuxer: 'concat' }, formatWhitelist: ['concat', 'mov'] });
}

/** `part-00001.mp4` for index 0. */
export function partName(index: number): string {
  return `part-${String(index + 1).padStart(5, '0')}.mp4`;
}

/**
 * Joins rendered segments (or line-up parts and a joined programme: anything rendered with the
 * same encoder settings) by stream copy into one MP4 of video, and checks that it has exactly the
 * sum of their frames (`FRAME_COUNT_MISMATCH` otherwise). Seconds for a 15-minute programme: no
 * picture is decoded or encoded.
 *
 * `segmentPaths` with their frame counts; `segmentFrames` may be omitted when each part's own
 * frame count (from its MP4 sample table) is to be trusted.
 *
 * @example await joinSegments({ segmentPaths: plan.segments.map((s) => s.path), segmentFrames: plan.segments.map((s) => s.spec.frames), outPath, tools })
 */
export async function joinSegments({
  segmentPaths,
  segmentFrames,
  outPath,
  tools,
  faststart = false,
  signal,
}: {
  segmentPaths: readonly string[];
  segmentFrames?: readonly number[];
  outPath: string;
  tools: MediaTools;
  faststart?: boolean;
  signal?: AbortSignal;
}): Promise<{ path: string; frames: number }> {
  if (segmentPaths.length === 0) throw new InvalidRenderInputError({ reason: 'nothing to join' });
  if (segmentFrames && segmentFrames.length !== segmentPaths.length) {
    throw new InvalidRenderInputError({ reason: `${segmentPaths.length} segments but ${segmentFrames.length} frame counts` });
  }
  const parts: JoinPart[] = [];
  for (const [i, file] of segmentPaths.entries()) {
    const frames = segmentFrames?.[i] ?? (await readVideoFrameCount({ path: file, tools }));
    if (frames === null || frames === undefined || frames <= 0)
      throw new FrameCountMismatchError({ what: `part ${i + 1} to join`, expected: segmentFrames?.[i] ?? 1, found: frames ?? null });
    parts.push({ path: path.resolve(file), frames });
  }
  const expected = parts.reduce((sum, part) => sum + part.frames, 0);
  await mkdir(path.dirname(outPath), { recursive: true });
  const workDir = await mkdtemp(path.join(path.dirname(path.resolve(outPath)), '.join-'));
  const partial = `${outPath}.partial-${process.pid}`;
  try {
    const listPath = await writeConcatList({ parts, dir: workDir });
    await runFfmpeg({ args: buildJoinArgs({ listPath, outPath: partial, faststart }), tools, ...(signal ? { signal } : {}) });
    const found = await readVideoFrameCount({ path: partial, tools });
    if (found !== expected) throw new FrameCountMismatchError({ what: 'joined video', expected, found });
    await rename(partial, outPath);
    return { path: outPath, frames: expected };
  } finally {
    await rm(partial, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

import { access, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { SegmentSpec, SourceRef } from './render-spec.ts';
import { createPictureLogReader } from '../analyse/parse-picture-log.ts';
import { toPictureAnalysis, type PictureAnalysis } from '../analyse/picture-analysis.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildSegmentArgs, type FileToWrite, type SegmentArgs } from './build-segment-args.ts';
import { mergeSegmentArgs } from './merge-segment-args.ts';
import { readMp4VideoSampleCount } from '../analyse/read-mp4-sample-count.ts';
import { describeCharacter, findMissingCharacters, readFontInfo } from './read-font-info.ts';
import { FrameCountMismatchError, MissingGlyphError } from './render-errors.ts';
import { FPS } from '../../domain/project.ts';

/** How the renderer opens a stored asset: a local path or a presigned URL, with its demuxer. */
export type ResolveSource = (ref: SourceRef) => Promise<MediaSource>;

export interface RenderSegmentOptions {
  spec: SegmentSpec;
  profile: DeliveryProfile;
  resolveSource: ResolveSource;
  /** The regular burn-in font (`findFontFile`). */
  fontFile: string;
  /** Bold face for names and titles; by default `…-Bold.ttf` beside `fontFile`, else `fontFile`. */
  boldFontFile?: string;
  versionNumber: number;
  /** Frame number the programme's first frame shows on the burned-in timecode (review). */
  programmeStartFrame: number;
  tools: MediaTools;
  outPath: string;
  onProgress?: (progress: { frames: number; totalFrames: number }) => void;
  signal?: AbortSignal;
  /** Encoder threads; keep the default (`SEGMENT_ENCODER_THREADS`) unless the cache key says otherwise. */
  threads?: number;
  /**
   * Decoder and filter-graph threads (`SEGMENT_PIPELINE_THREADS` when other runs share the cores);
   * ffmpeg's defaults when absent. Same bytes either way.
   */
  pipelineThreads?: number;
  /** Also run QC's picture checks in the encoding pass and return them (`picture`). */
  analysePicture?: boolean;
}

/**
 * libass names a character it has no glyph for: `Glyph 0x1EAD not found, selecting one more font
 * for (…)` when the style's font lacks it, `fontselect: failed to find any fallback with glyph
 * 0x…` when no font has it. Either way the burn-in font does not cover the text.
 */
const LIBASS_MISSING_GLYPH = /Glyph 0x([0-9A-Fa-f]+) not found|failed to find any fallback with glyph 0x([0-9A-Fa-f]+)/;

/**
 * Renders one segment (`buildSegmentArgs`) to `outPath`: exactly `spec.frames` frames of the
 * profile's picture, video only, closed GOPs from an IDR, byte-identical when rendered again.
 *
 * Before ffmpeg runs, every text to burn in (titles, lower thirds, watermark, subtitles) is checked
 * against the fonts' character maps; while it runs, libass's warnings are watched. A missing glyph
 * fails the render (`FONT_MISSING_GLYPH`) instead of delivering boxes where letters should be.
 * After it runs, the frame count in the file is checked (`FRAME_COUNT_MISMATCH`). The file
 * appears at `outPath` only when complete and checked (written beside it, then renamed).
 *
 * @example await renderSegment({ spec, profile, resolveSource, fontFile, versionNumber: 2, programmeStartFrame: 0, tools, outPath })
 */
export async function renderSegment({ spec, outPath, onProgress, ...common }: RenderSegmentOptions): Promise<RenderedSegment> {
  const [rendered] = await renderSegments({
    ...common,
    segments: [{ spec, outPath }],
    ...(onProgress
      ? { onProgress: ({ seconds }: { seconds: number }) => onProgress({ frames: Math.min(spec.frames, Math.round(seconds * FPS)), totalFrames: spec.frames }) }
      : {}),
  });
  onProgress?.({ frames: spec.frames, totalFrames: spec.frames });
  return rendered!;
}

/** A rendered segment: its file, its frame count, and its picture checks when asked for. */
export interface RenderedSegment {
  path: string;
  frames: number;
  picture: PictureAnalysis | null;
}

/**
 * Renders several segments in one ffmpeg run (`mergeSegmentArgs`): the same filter chains and
 * encoder settings as one at a time, so the same bytes, one output file each, with the same checks
 * as `renderSegment` (fonts before, libass's warnings during, each file's frame count after) and
 * each file renamed into place only when it is complete. Why: starting ffmpeg and setting up its
 * decoders, encoder and libass costs about 0.35 CPU-seconds here, as much as encoding 100 frames
 * at 960×540 — for the review's short small segments, most of the work. A failure fails them all.
 */
export async function renderSegments({
  segments,
  profile,
  resolveSource,
  fontFile,
  boldFontFile,
  versionNumber,
  programmeStartFrame,
  tools,
  signal,
  threads,
  pipelineThreads,
  analysePicture = false,
  onProgress,
}: Omit<RenderSegmentOptions, 'spec' | 'outPath' | 'onProgress'> & {
  segments: readonly { spec: SegmentSpec; outPath: string }[];
  onProgress?: (progress: { seconds: number }) => void;
}): Promise<RenderedSegment[]> {
  const bold = boldFontFile ?? (await findBoldSibling({ fontFile }));
  const [regularInfo, boldInfo] = await Promise.all([readFontInfo({ fontFile }), readFontInfo({ fontFile: bold })]);
  const jobs: { spec: SegmentSpec; outPath: string; partial: string; workDir: string; built: SegmentArgs }[] = [];
  const made: { partial: string; workDir: string }[] = [];
  try {
    for (const { spec, outPath } of segments) {
      const sources = await Promise.all(spec.layers.map((layer) => ('source' in layer.visual ? resolveSource(layer.visual.source) : Promise.resolve(null))));
      const logoSource = spec.logo ? await resolveSource(spec.logo.source) : null;
      const workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-segment-'));
      const partial = `${outPath}.partial-${process.pid}`;
      made.push({ partial, workDir });
      const built = buildSegmentArgs({
        spec,
        profile,
        sources,
        logoSource,
        fontFile,
        boldFontFile: bold,
        fontFamily: regularInfo.family,
        versionNumber,
        programmeStartFrame,
        workDir,
        outPath: partial,
        ...(threads !== undefined ? { threads } : {}),
        ...(pipelineThreads !== undefined ? { pipelineThreads } : {}),
        analysePicture,
      });
      jobs.push({ spec, outPath, partial, workDir, built });
    }
    const missing = new Set<string>();
    for (const text of jobs.flatMap((job) => job.built.texts)) {
      for (const char of findMissingCharacters({ text, info: regularInfo })) missing.add(char);
      for (const char of findMissingCharacters({ text, info: boldInfo })) missing.add(char);
    }
    if (missing.size > 0) throw new MissingGlyphError({ characters: [...missing].map(describeCharacter), fontFile });

    for (const { built, outPath } of jobs) {
      await writeFiles({ files: built.files });
      for (const link of built.links) {
        await mkdir(path.dirname(link.path), { recursive: true });
        await symlink(link.target, link.path);
      }
      await mkdir(path.dirname(outPath), { recursive: true });
    }
    const args =
      jobs.length === 1
        ? jobs[0]!.built.args
        : (() => {
            const merged = mergeSegmentArgs({ segments: jobs.map((job) => job.built) });
            return [...merged.inputs, ...merged.graphOptions, '-filter_complex', merged.graph, ...merged.outputs.flat()];
          })();
    const reported = new Set<string>();
    await runFfmpeg({
      args,
      tools,
      ...(signal ? { signal } : {}),
      onStderrLine: (line) => {
        const char = parseMissingGlyph({ line });
        if (char) reported.add(char);
      },
      ...(onProgress ? { onProgress } : {}),
    });
    if (reported.size > 0) throw new MissingGlyphError({ characters: [...reported].map(describeCharacter), fontFile });
    const results: RenderedSegment[] = [];
    for (const { spec, partial, built } of jobs) {
      const found = await readMp4VideoSampleCount({ path: partial });
      if (found !== spec.frames) throw new FrameCountMismatchError({ what: `segment ${spec.id}`, expected: spec.frames, found });
      results.push({ path: partial, frames: spec.frames, picture: analysePicture ? await readPictureLogs({ files: built.pictureLogs, spec }) : null });
    }
    for (const [i, job] of jobs.entries()) {
      await rename(job.partial, job.outPath);
      results[i] = { ...results[i]!, path: job.outPath };
    }
    return results;
  } finally {
    for (const { partial, workDir } of made) {
      await rm(partial, { force: true });
      await rm(workDir, { recursive: true, force: true });
    }
  }
}

/** The picture checks a segment's pass wrote (`pictureLogs`), checked to cover every frame. */
async function readPictureLogs({ files, spec }: { files: string[]; spec: SegmentSpec }): Promise<PictureAnalysis> {
  const reader = createPictureLogReader({ fps: FPS });
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) reader.push({ line });
  }
  const reading = reader.finish();
  if (reading.frames !== spec.frames)
    throw new FrameCountMismatchError({ what: `picture checks of segment ${spec.id}`, expected: spec.frames, found: reading.frames });
  return toPictureAnalysis({ reading, fps: FPS });
}

/** The character a libass missing-glyph warning names, or null for any other line. */
export function parseMissingGlyph({ line }: { line: string }): string | null {
  const match = LIBASS_MISSING_GLYPH.exec(line);
  const hex = match?.[1] ?? match?.[2];
  return hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : null;
}

/** `NotoSans-Regular.ttf` → `NotoSans-Bold.ttf` when it exists; else the regular face itself. */
export async function findBoldSibling({ fontFile }: { fontFile: string }): Promise<string> {
  const candidate = fontFile.replace(/-(Regular|Book)(\.[ot]tf)$/i, '-Bold$2').replace(/^(.*\/DejaVuSans)(\.ttf)$/, '$1-Bold$2');
  if (candidate === fontFile) return fontFile;
  try {
    await access(candidate);
    return candidate;
  } catch {
    return fontFile;
  }
}

/** Writes the files a builder asked for (text for drawtext, ASS scripts), UTF-8, folders made. */
export async function writeFiles({ files }: { files: FileToWrite[] }): Promise<void> {
  for (const file of files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content, 'utf8');
  }
}

import path from 'node:path';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { nfc } from '../../domain/text.ts';
import type { SegmentLayer, SegmentSpec } from './render-spec.ts';
import type { Cue } from '../../subtitles/cue.ts';
import { formatAss } from '../../subtitles/format-ass.ts';
import { buildPictureAnalysisFilter } from '../analyse/build-analysis-args.ts';
import { buildInputArgs, toOutputUrl, withDemuxer } from '../build-input-args.ts';
import type { MediaSource } from '../media-tools.ts';
import { buildCleanOutputArgs, buildVideoEncoderArgs, SEGMENT_ENCODER_THREADS } from './build-encoder-args.ts';
import { buildClipLayer, buildPhotoLayer, buildTitleLayer, layoutTitleCard, type LayerTarget } from './build-layer-filters.ts';
import { buildLogoOverlay, logoBox } from './build-logo-overlay.ts';
import {
  buildFadeFilters,
  buildLowerThirdFilters,
  buildSubtitlesFilter,
  buildTimecodeFilter,
  buildWatermarkFilter,
  layoutLowerThird,
} from './build-overlay-filters.ts';
import { reframesShots } from './plan-reframe.ts';
import { planSubtitleLayout, wrapCueLines } from './plan-text-layout.ts';
import { textSafeRect } from './text-geometry.ts';
import { DEFAULT_REFRAME } from '../../domain/cut/reframe.ts';
import { InvalidRenderInputError } from './render-errors.ts';
import { formatTimecode } from '../../domain/timecode.ts';
import { FPS } from '../../domain/project.ts';
import { buildKeyframeGridArgs, keyframeGridOf } from './keyframe-grid.ts';

/** Milliseconds per programme frame. */
const MS_PER_FRAME = 1000 / FPS;

/** A file the caller writes before running the arguments (text for drawtext, the ASS script). */
export interface FileToWrite {
  path: string;
  content: string;
}

export interface SegmentArgs {
  args: string[];
  files: FileToWrite[];
  /** Symbolic links to make (`path` → `target`): the fonts folder libass reads. */
  links: { path: string; target: string }[];
  /** Every text burned into the picture, for the font coverage check. */
  texts: string[];
  /** Whether libass renders subtitles in this segment (its missing-glyph warnings must be watched). */
  burnsSubtitles: boolean;
  /** Where the picture checks are written when `analysePicture` (read them with `createPictureLogReader`). */
  pictureLogs: string[];
}

export interface BuildSegmentArgsOptions {
  spec: SegmentSpec;
  profile: Pick<DeliveryProfile, 'video' | 'source' | 'subtitles' | 'extras' | 'platform' | 'ladder'>;
  /** The input of each layer, in layer order; null for a title card. */
  sources: (MediaSource | null)[];
  /** The input of `spec.logo` (required when the segment shows the logo). */
  logoSource?: MediaSource | null;
  fontFile: string;
  boldFontFile: string;
  /** Family name of `fontFile`, for the ASS style. */
  fontFamily: string;
  versionNumber: number;
  /** Frame number of the programme's first frame on the burned-in timecode (review). */
  programmeStartFrame: number;
  /** A private folder for the text files, the ASS script and the fonts link. */
  workDir: string;
  outPath: string;
  threads?: number;
  /**
   * Threads of each input's decoder and of the filter graph (`SEGMENT_PIPELINE_THREADS` when runs
   * share the machine's cores); ffmpeg's defaults when absent. The bytes are the same either way.
   */
  pipelineThreads?: number;
  /**
   * Run QC's picture checks (`buildPictureAnalysisFilter`) on the frames as they go to the encoder,
   * in this same pass, writing per-frame metadata for `createPictureLogReader` to `pictureLogs` in
   * `workDir`: the segment is then never decoded again just to be analysed.
   */
  analysePicture?: boolean;
}

/**
 * The ffmpeg arguments that render one segment: its layers conformed to the profile's picture,
 * combined (a dissolve over the whole segment when there are two: `xfade`), with the segment's
 * lower thirds, burned-in subtitles, fades and review marks, encoded with the profile's settings
 * into exactly `spec.frames` frames of MP4 (video only). Pure: it also returns the files to write
 * and the links to make before ffmpeg runs (`renderSegment` does both).
 *
 * Why MP4 for segments (rather than MPEG-TS): the moov holds exact frame durations and the codec
 * headers, so the concat demuxer joins segments by stream copy frame-exactly; a segment whose
 * render was cut off has no moov and cannot be read at all, where a cut MPEG-TS would still play
 * and could be joined short without anyone noticing; and there is no TS packet overhead.
 *
 * @example buildSegmentArgs({ spec, profile: DEFAULT_PROFILES.review, sources: [source], fontFile, boldFontFile, fontFamily: 'Noto Sans', versionNumber: 3, programmeStartFrame: 0, workDir, outPath })
 */
export function buildSegmentArgs({
  spec,
  profile,
  sources,
  logoSource = null,
  fontFile,
  boldFontFile,
  fontFamily,
  versionNumber,
  programmeStartFrame,
  workDir,
  outPath,
  threads = SEGMENT_ENCODER_THREADS,
  pipelineThreads,
  analysePicture = false,
}: BuildSegmentArgsOptions): SegmentArgs {
  checkSpec({ spec, sources });
  const { frames } = spec;
  const video = profile.video;
  const target: LayerTarget = { width: video.width, height: video.height, pixelFormat: video.pixelFormat, interlaced: video.scan === 'interlaced-tff' };
  // A vertical or square frame: each 16:9 shot is framed as its `reframe` says, text goes inside the platform's safe area.
  const reframes = reframesShots(video);
  const area = profile.platform ? textSafeRect({ width: video.width, height: video.height, safeArea: profile.platform.safeArea }) : null;
  const files: FileToWrite[] = [];
  const texts: string[] = [];
  const textFile = (name: string, text: string) => {
    const file = path.join(workDir, `${name}.txt`);
    const content = nfc(text).replace(/\r\n?/g, '\n');
    files.push({ path: file, content });
    texts.push(content);
    return file;
  };

  const inputArgs: string[] = [];
  const statements: string[] = [];
  let inputIndex = 0;
  spec.layers.forEach((layer, i) => {
    const output = `l${i}`;
    const source = sources[i] ?? null;
    const visual = layer.visual;
    if (visual.type === 'title') {
      const card = layoutTitleCard({ title: nfc(visual.title), subtitle: nfc(visual.subtitle), width: video.width, height: video.height, area });
      statements.push(
        ...buildTitleLayer({
          output,
          target,
          frames,
          fontFile,
          boldFontFile,
          files: {
            titleLines: card.titleLines.map((line, n) => textFile(`layer${i}-title${n}`, line)),
            // The first subtitle line keeps the file name a one-line subtitle always had.
            subtitleLines: card.subtitleLines.map((line, n) => textFile(n === 0 ? `layer${i}-subtitle` : `layer${i}-subtitle${n}`, line)),
          },
          layout: card.layout,
        }),
      );
      return;
    }
    const reframe = reframes ? (visual.reframe ?? DEFAULT_REFRAME) : null;
    if (!source) throw new InvalidRenderInputError({ reason: `layer ${i} of segment ${spec.id} has no source` });
    const read = withDemuxer({ source, facts: { demuxer: visual.source.demuxer } });
    if (visual.type === 'clip') {
      // Whole milliseconds, rounded down: `-ss` prints three decimals, and rounding up could land
      // just after the in frame (29.97 fps frame 40 is at 1.33467 s, "1.335" would skip it).
      // Frames are far more than 1 ms apart, so the first frame at or after the seek is the in frame.
      const seekSeconds = Math.floor((visual.inSeconds.num * 1000) / visual.inSeconds.den) / 1000;
      inputArgs.push(...buildInputArgs({ source: read, seekSeconds, decoderThreads: pipelineThreads }));
      statements.push(
        ...buildClipLayer({
          input: `${inputIndex}:V:0`,
          output,
          facts: visual.source.facts,
          target,
          frames,
          readsOriginal: profile.source === 'original',
          reframe,
        }),
      );
    } else {
      inputArgs.push(...buildInputArgs({ source: read, decoderThreads: pipelineThreads }));
      statements.push(
        ...buildPhotoLayer({
          input: `${inputIndex}:V:0`,
          output,
          facts: visual.source.facts,
          target,
          frames,
          motion: visual.motion,
          holdFrames: visual.holdFrames,
          holdOffsetFrames: visual.holdOffsetFrames,
          reframe,
        }),
      );
    }
    inputIndex += 1;
  });

  // A dissolve runs over the whole segment: the first layer fades out while the second fades in.
  if (spec.layers.length === 2) statements.push(`[l0][l1]xfade=transition=fade:duration=${(frames / FPS).toFixed(2)}:offset=0[mix]`);
  let mixed = spec.layers.length === 2 ? 'mix' : 'l0';

  // The logo goes on under everything else (lower thirds, subtitles, fades, review marks).
  if (spec.logo) {
    if (!logoSource) throw new InvalidRenderInputError({ reason: `segment ${spec.id} shows a logo but has no logo source` });
    inputArgs.push(
      ...buildInputArgs({ source: withDemuxer({ source: logoSource, facts: { demuxer: spec.logo.source.demuxer } }), decoderThreads: pipelineThreads }),
    );
    statements.push(
      ...buildLogoOverlay({
        base: mixed,
        input: `${inputIndex}:V:0`,
        output: 'logo',
        logo: spec.logo,
        width: video.width,
        height: video.height,
        pixelFormat: video.pixelFormat,
        area,
      }),
    );
    inputIndex += 1;
    mixed = 'logo';
  }

  const chain: string[] = [];
  const burnSubtitles = profile.subtitles.burnIn;
  spec.lowerThirds.forEach((lowerThird, n) => {
    const start = Math.max(0, lowerThird.startFrame);
    const end = Math.min(frames, lowerThird.endFrame);
    if (end <= start || nfc(lowerThird.name).trim() === '') return;
    const { layout, nameLines, positionLines } = layoutLowerThird({
      name: nfc(lowerThird.name).trim(),
      position: nfc(lowerThird.position).trim(),
      width: video.width,
      height: video.height,
      subtitleSizePercent: burnSubtitles ? profile.subtitles.sizePercentOfHeight : null,
      area,
    });
    chain.push(
      ...buildLowerThirdFilters({
        layout,
        startFrame: start,
        endFrame: end,
        fontFile,
        boldFontFile,
        nameFile: textFile(`lower-third${n}-name`, nameLines.join('\n')),
        positionFile: positionLines.length > 0 ? textFile(`lower-third${n}-position`, positionLines.join('\n')) : null,
      }),
    );
  });

  const links: { path: string; target: string }[] = [];
  // In a safe area, lines are broken to its width here, so the text box QC checks is the one drawn.
  const subtitleLayout =
    burnSubtitles && profile.platform
      ? planSubtitleLayout({
          width: video.width,
          height: video.height,
          sizePercentOfHeight: profile.subtitles.sizePercentOfHeight,
          safeArea: profile.platform.safeArea,
        })
      : null;
  const cues = (burnSubtitles ? segmentCues({ spec }) : []).map((cue) =>
    subtitleLayout ? { ...cue, lines: wrapCueLines({ lines: cue.lines, maxChars: subtitleLayout.maxChars }) } : cue,
  );
  if (cues.length > 0) {
    const fontsDir = path.join(workDir, 'fonts');
    links.push({ path: path.join(fontsDir, path.basename(fontFile)), target: fontFile });
    const assFile = path.join(workDir, 'subtitles.ass');
    files.push({
      path: assFile,
      content: formatAss({
        cues,
        width: video.width,
        height: video.height,
        fontName: fontFamily,
        sizePercentOfHeight: profile.subtitles.sizePercentOfHeight,
        ...(subtitleLayout ? { margins: subtitleLayout.margins } : {}),
      }),
    });
    texts.push(...cues.flatMap((cue) => cue.lines.map((line) => nfc(line))));
    chain.push(buildSubtitlesFilter({ assFile, fontsDir }));
  }

  chain.push(...buildFadeFilters({ frames, fadeInFrames: spec.fadeInFrames, fadeOutFrames: spec.fadeOutFrames }));

  // Review marks go on after the fades: they stay readable through a fade to black. A logo in a
  // top corner pushes the mark of that corner below it (the watermark is never hidden under it).
  const logo = spec.logo ? logoBox({ logo: spec.logo, width: video.width, height: video.height, area }) : null;
  const below = (corner: 'top-left' | 'top-right') => (logo?.corner === corner ? { top: logo.bottom + Math.round(video.height * 0.01) } : {});
  if (profile.extras.timecodeBurn) {
    chain.push(
      buildTimecodeFilter({
        timecode: formatTimecode({ frame: programmeStartFrame + spec.startFrame }),
        width: video.width,
        height: video.height,
        fontFile,
        ...below('top-left'),
      }),
    );
  }
  if (profile.extras.watermark) {
    const watermark = profile.extras.watermark.replaceAll('{n}', String(versionNumber));
    chain.push(buildWatermarkFilter({ textFile: textFile('watermark', watermark), height: video.height, fontFile: boldFontFile, ...below('top-right') }));
  }
  if (target.interlaced) chain.push('setfield=tff');
  chain.push(`format=${video.pixelFormat}`, 'setsar=1', `settb=1/${FPS}`, 'setpts=N');
  const pictureLogs = analysePicture ? { checks: path.join(workDir, 'picture-checks.log'), luma: path.join(workDir, 'picture-luma.log') } : null;
  if (pictureLogs) {
    statements.push(`[${mixed}]${chain.join(',')},split=2[vout][qc]`, `[qc]${buildPictureAnalysisFilter({ fps: FPS, logFiles: pictureLogs })},nullsink`);
  } else {
    statements.push(`[${mixed}]${chain.join(',')}[vout]`);
  }
  // A ladder profile's master has a keyframe on every frame of the programme's segment grid.
  const grid = keyframeGridOf({ profile });

  return {
    args: [
      ...inputArgs,
      ...(pipelineThreads !== undefined ? ['-filter_complex_threads', String(pipelineThreads)] : []),
      '-filter_complex',
      statements.join(';'),
      '-map',
      '[vout]',
      '-frames:v',
      String(frames),
      '-fps_mode',
      'passthrough',
      ...buildVideoEncoderArgs({ video, threads }),
      ...(grid === null ? [] : buildKeyframeGridArgs({ startFrame: spec.startFrame, everyFrames: grid })),
      ...buildCleanOutputArgs(),
      '-f',
      'mp4',
      toOutputUrl({ path: outPath }),
    ],
    files,
    links,
    texts,
    burnsSubtitles: cues.length > 0,
    pictureLogs: pictureLogs ? [pictureLogs.checks, pictureLogs.luma] : [],
  };
}

/** The segment's cues as `Cue`s in segment time (ms), clipped to the segment; empty ones dropped. */
export function segmentCues({ spec }: { spec: Pick<SegmentSpec, 'cues' | 'frames'> }): Cue[] {
  const cues: Cue[] = [];
  for (const cue of spec.cues) {
    const start = Math.max(0, cue.startFrame);
    const end = Math.min(spec.frames, cue.endFrame);
    const lines = cue.lines.map((line) => line.trim()).filter((line) => line.length > 0);
    if (end <= start || lines.length === 0) continue;
    cues.push({
      index: cues.length + 1,
      startMs: Math.round(start * MS_PER_FRAME),
      endMs: Math.round(end * MS_PER_FRAME),
      lines,
      ...(cue.placement === 'top' ? { placement: 'top' as const } : {}),
    });
  }
  return cues;
}

function checkSpec({ spec, sources }: { spec: SegmentSpec; sources: (MediaSource | null)[] }): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(spec.frames) || spec.frames <= 0) problems.push(`frames must be a positive integer (found ${spec.frames})`);
  if (spec.layers.length < 1 || spec.layers.length > 2) problems.push(`a segment has one or two layers (found ${spec.layers.length})`);
  if (sources.length !== spec.layers.length) problems.push(`${spec.layers.length} layers but ${sources.length} sources`);
  for (const [name, value] of [
    ['fadeInFrames', spec.fadeInFrames],
    ['fadeOutFrames', spec.fadeOutFrames],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} must be a non-negative integer (found ${value})`);
  }
  spec.layers.forEach((layer: SegmentLayer, i) => {
    const visual = layer.visual;
    if (visual.type === 'clip' && (visual.inSeconds.den <= 0 || visual.inSeconds.num < 0))
      problems.push(`layer ${i}: in point must be a non-negative rational`);
    if (visual.type === 'photo' && (!Number.isSafeInteger(visual.holdFrames) || visual.holdFrames <= 0 || visual.holdOffsetFrames < 0)) {
      problems.push(`layer ${i}: photo hold must be positive and its offset non-negative`);
    }
    if (visual.type !== 'title' && !visual.source.facts.video) problems.push(`layer ${i}: the source has no picture`);
  });
  if (problems.length > 0) throw new InvalidRenderInputError({ reason: `segment ${spec.id}: ${problems.join('; ')}` });
}

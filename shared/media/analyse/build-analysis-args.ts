import { buildInputArgs } from '../build-input-args.ts';
import { escapeFilterValue } from '../render/escape-filter-value.ts';
import type { MediaSource } from '../media-tools.ts';
import { FPS } from '../../domain/project.ts';

/**
 * Thresholds of the QC detectors (SPECS.md, "Automated QC"). The picture detectors report runs
 * of any length, because segments are analysed one by one and a run may continue in the next;
 * the 2-second rule is applied to the programme once they are merged (`buildQcReport`). Sound is
 * analysed over the whole programme, so silencedetect applies its 2 s itself.
 */
export const QC_DETECTORS = Object.freeze({
  /** blackdetect: a pixel is black below 10 % of the luma range; the picture when 98 % of it is. */
  blackPixelThreshold: 0.1,
  blackPictureRatio: 0.98,
  /** freezedetect: mean absolute difference under 0.001 of full range (−60 dB). */
  freezeNoise: 0.001,
  /** silencedetect: below −60 dBFS for 2 s. */
  silenceNoiseDb: -60,
  silenceMinSeconds: 2,
  /** Flagging rule applied after merging: runs of at least this long. */
  minFlaggedSeconds: 2,
});

/** Size of the copy signalstats measures: an area downscale keeps the average and cuts the cost. */
const LUMA_PROBE_SIZE = '64:36';

/**
 * The filter chain of the picture checks, printing per-frame metadata that
 * `createPictureLogReader` reads:
 *
 * - `blackdetect=d=2` keeps the SPECS value for ffmpeg's own log line; the per-frame
 *   `lavfi.black_start`/`black_end` marks, which the reader uses, are set for runs of any length.
 * - `freezedetect` gets `d` = 1.5 frames: the shortest freeze it can report is two frames (below
 *   one frame, ffmpeg 5.1 reports every frame that changes as a freeze of its own).
 * - The luma meter (signalstats YAVG) runs on a 64×36 area-averaged 8-bit copy: the average is the
 *   same, and 10-bit or 4:2:2 input is read on the same 0–255 scale.
 *
 * Exported on its own so a segment render can run the checks in its encoding pass
 * (`[v]split[enc][qc];[qc]<chain>,nullsink`). With `logFiles` the two metadata printers write to
 * those files instead of stderr (the same lines), so several segments rendered by one ffmpeg run
 * each keep their own reading.
 */
export function buildPictureAnalysisFilter({ fps = FPS, logFiles }: { fps?: number; logFiles?: { checks: string; luma: string } } = {}): string {
  const to = (file: string | undefined) => (file === undefined ? '' : `:file=${escapeFilterValue({ value: file })}`);
  const freezeMinSeconds = (1.5 / fps).toFixed(4);
  return [
    `blackdetect=d=2:pix_th=${QC_DETECTORS.blackPixelThreshold.toFixed(2)}:pic_th=${QC_DETECTORS.blackPictureRatio}`,
    `freezedetect=n=${QC_DETECTORS.freezeNoise}:d=${freezeMinSeconds}`,
    `metadata=mode=print${to(logFiles?.checks)}`,
    `scale=${LUMA_PROBE_SIZE}:flags=area`,
    'format=yuv420p',
    'signalstats',
    `metadata=mode=print:key=lavfi.signalstats.YAVG${to(logFiles?.luma)}`,
  ].join(',');
}

/**
 * The picture pass: one decode of the first video stream through `buildPictureAnalysisFilter`.
 *
 * @example buildPictureAnalysisArgs({ source, fps: 25 })
 * // [..input.., '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', 'blackdetect=d=2:pix_th=0.10:pic_th=0.98,freezedetect=…', '-f', 'null', '-']
 */
export function buildPictureAnalysisArgs({ source, fps = FPS }: { source: MediaSource; fps?: number }): string[] {
  return [...buildInputArgs({ source }), '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', buildPictureAnalysisFilter({ fps }), '-f', 'null', '-'];
}

/**
 * How a file carries the programme's two channels, as QC reads them: one stereo stream, or one
 * mono track per channel (XDCAM HD422 MXF: 2, 4 or 8 tracks) with the tracks of the programme's
 * left and right named (0-based). The shape of a delivery profile's `audio.tracks`, declared here
 * so the media layer does not import the delivery use case above it.
 */
export type SoundTracks = { kind: 'stereo' } | { kind: 'mono-tracks'; count: number; left: number; right: number };

/** A stretch of a file in frames at 25 fps (48 kHz sound: 1920 samples a frame). */
export interface FrameRange {
  startFrame: number;
  frames: number;
}

const SAMPLES_PER_FRAME = 1920;

/**
 * The filter statements that give the programme's stereo sound of a file as `[output]`: its first
 * audio stream, or its left and right mono tracks joined (`join`, laid out as FL and FR so the
 * meter weighs them as the front pair), cut to `range` when given. The cut keeps the file's
 * timestamps: what the filters after it log (silences, ebur128's `t:`) reads in file time.
 */
export function buildProgrammeSoundInput({ tracks = { kind: 'stereo' }, range, output }: { tracks?: SoundTracks; range?: FrameRange; output: string }): string {
  const trim = range
    ? `atrim=start_sample=${range.startFrame * SAMPLES_PER_FRAME}:end_sample=${(range.startFrame + range.frames) * SAMPLES_PER_FRAME}`
    : 'anull';
  if (tracks.kind === 'stereo') return `[0:a:0]${trim}[${output}]`;
  return `[0:a:${tracks.left}][0:a:${tracks.right}]join=inputs=2:channel_layout=stereo:map=0.0-FL|1.0-FR,${trim}[${output}]`;
}

/**
 * The sound pass: one decode of the programme's sound (`buildProgrammeSoundInput`: the first audio
 * stream, or the left and right mono tracks together; only `range` when given, e.g. the programme
 * after a line-up) through `ebur128` (true peak, a line every 100 ms logged at info level for the
 * loudness-over-time plot) and `silencedetect` (−60 dB, 2 s).
 * `aresample` after the meter keeps format negotiation from converting what it measures.
 */
export function buildAudioAnalysisArgs({ source, tracks, range }: { source: MediaSource; tracks?: SoundTracks; range?: FrameRange }): string[] {
  const graph = [
    buildProgrammeSoundInput({ ...(tracks ? { tracks } : {}), ...(range ? { range } : {}), output: 'programme' }),
    `[programme]ebur128=peak=true:framelog=info,aresample,silencedetect=n=${QC_DETECTORS.silenceNoiseDb}dB:d=${QC_DETECTORS.silenceMinSeconds}[measured]`,
  ].join(';');
  return [...buildInputArgs({ source }), '-filter_complex', graph, '-map', '[measured]', '-vn', '-sn', '-dn', '-f', 'null', '-'];
}

/**
 * The decode test's pass: every picture and sound stream decoded to nothing (`picture: 'decode'`),
 * or the picture read packet by packet without decoding (`picture: 'packets'`: for a file whose
 * picture was joined by stream copy from segments that were each decoded in full when rendered).
 * `range` limits the pass to part of the file (input seeking, then a duration).
 */
export function buildDecodeTestArgs({
  source,
  picture = 'decode',
  range,
}: {
  source: MediaSource;
  picture?: 'decode' | 'packets';
  range?: { startSeconds: number; durationSeconds?: number };
}): string[] {
  const input = buildInputArgs({ source, ...(range && range.startSeconds > 0 ? { seekSeconds: range.startSeconds } : {}) });
  const duration = range?.durationSeconds === undefined ? [] : ['-t', range.durationSeconds.toFixed(3)];
  const copy = picture === 'packets' ? ['-c:v', 'copy'] : [];
  return [...input, ...duration, '-map', '0:v?', '-map', '0:a?', ...copy, '-sn', '-dn', '-f', 'null', '-'];
}

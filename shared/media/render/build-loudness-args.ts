/**
 * The loudness normalisation of the programme mix (SPECS.md, "Loudness"): two passes, linear.
 * Pure argument builders and parsers; `mixProgrammeAudio` runs them.
 *
 * Pass 1 is the measurement taken while the mix is written (`ebur128=peak=true` in the mix graph:
 * the same BS.1770 meter loudnorm uses, without loudnorm's dynamic processing, which would cost a
 * third of the audio time for a reading we then throw away). Pass 2 is `loudnorm` in linear mode
 * with all four measured values: one fixed gain for the whole programme, no compression, the
 * mix's dynamics kept. It is measured again on the way out: that reading is the result.
 */
import type { Loudness } from '../../domain/media-facts.ts';
import { toOutputUrl } from '../build-input-args.ts';
import { parseEbur128Summary } from '../parse-ebur128.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { SAMPLE_RATE } from './build-mix-args.ts';

/** A pass-1 reading: what loudnorm's linear mode needs. */
export interface LoudnessMeasurement extends Loudness {
  /** The relative gating threshold (integrated − 10 LU) of the reading. */
  thresholdLufs: number;
}

export interface LoudnessTarget {
  integratedLufs: number;
  truePeakDbtp: number;
}

/**
 * Headroom kept under the true-peak ceiling when deciding whether a linear gain is safe. Pass 1
 * reads true peak with ebur128 (4× oversampling); loudnorm checks it on its 192 kHz signal and the
 * result is read again after resampling back to 48 kHz: the readings differ by a tenth of a dB or two.
 */
export const TRUE_PEAK_MARGIN_DB = 0.3;
/** Loudness range loudnorm is told to aim for at least (EBU R 128 s1 suggests ~7–20 LU for programmes). */
const MIN_TARGET_LRA = 7;

/** Reads an `ebur128` summary with its integrated threshold. Null when there is none. */
export function parseLoudnessMeasurement({ stderr }: { stderr: string }): LoudnessMeasurement | null {
  const loudness = parseEbur128Summary({ stderr });
  if (!loudness) return null;
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const threshold = /Integrated loudness:[\s\S]*?Threshold:\s+(-?[\d.]+)\s+LUFS/.exec(summary)?.[1];
  return { ...loudness, thresholdLufs: threshold === undefined ? -70 : Number(threshold) };
}

/** What to do with a measured mix to reach `target` linearly. */
export type LoudnessPlan =
  | { kind: 'silent' }
  | { kind: 'linear'; gainDb: number }
  /** The gain would push peaks over the ceiling: limit first (after this gain, at `ceilingDbtp`), then measure again. */
  | { kind: 'limit'; gainDb: number; ceilingDbtp: number };

/**
 * Decides between a plain linear gain and a limiter pass first. `attempt` (0, 1, 2 …) lowers the
 * limiter's ceiling by another 0.5 dB each time the previous pass was not enough (limiting lowers
 * the loudness a little, so the gain after it is a little larger).
 */
export function planLoudness({ measured, target, attempt = 0 }: { measured: LoudnessMeasurement; target: LoudnessTarget; attempt?: number }): LoudnessPlan {
  // Below the absolute gate (−70 LUFS) there is nothing to measure: silence stays silence.
  if (measured.integratedLufs <= -69.9) return { kind: 'silent' };
  const gainDb = round2(target.integratedLufs - measured.integratedLufs);
  if (measured.truePeakDbtp + gainDb <= target.truePeakDbtp - TRUE_PEAK_MARGIN_DB) return { kind: 'linear', gainDb };
  return { kind: 'limit', gainDb, ceilingDbtp: round2(target.truePeakDbtp - TRUE_PEAK_MARGIN_DB - 0.5 * (attempt + 1)) };
}

/**
 * The limiter pass used when a linear gain alone would break the true-peak ceiling (a quiet mix
 * with loud transients): the gain, then a look-ahead peak limiter run at 192 kHz (4× oversampled,
 * so it catches the peaks between samples that a true-peak meter sees) with its delay compensated
 * (`latency=1`: the sound does not move against the picture), back to 48 kHz, exactly as long as
 * before, float WAV, measured on the way out.
 */
export function buildLimiterArgs({ inPath, outPath, gainDb, ceilingDbtp, durationSamples }: {
  inPath: string;
  outPath: string;
  gainDb: number;
  ceilingDbtp: number;
  durationSamples: number;
}): string[] {
  const limit = Math.min(1, Math.max(0.0625, 10 ** (ceilingDbtp / 20))).toFixed(6);
  const graph = [
    `[0:a:0]aresample=${SAMPLE_RATE * 4},volume=${gainDb}dB:precision=double,`,
    `alimiter=limit=${limit}:attack=5:release=80:level=0:latency=1,`,
    `aresample=${SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=stereo,`,
    `atrim=end_sample=${durationSamples},apad=whole_len=${durationSamples},asplit=2[out][meter];`,
    '[meter]ebur128=peak=true:framelog=verbose,anullsink',
  ].join('');
  return [
    ...ownWavInput({ path: inPath }),
    '-filter_complex', graph,
    '-map', '[out]', '-c:a', 'pcm_f32le',
    ...buildCleanOutputArgs(),
    '-rf64', 'auto', '-f', 'wav', toOutputUrl({ path: outPath }),
  ];
}

/**
 * Pass 2: `loudnorm` in linear mode with the four measured values and a loudness-range target at
 * least the measured range (loudnorm falls back to dynamic processing otherwise), back to 48 kHz
 * (loudnorm works at 192 kHz), exactly `durationSamples` long, 24-bit PCM WAV, and measured on
 * the way out. loudnorm prints its own report (JSON) to say it stayed linear.
 */
export function buildNormaliseArgs({ inPath, outPath, measured, target, durationSamples }: {
  inPath: string;
  outPath: string;
  measured: LoudnessMeasurement;
  target: LoudnessTarget;
  durationSamples: number;
}): string[] {
  // loudnorm treats a measured LRA of exactly 0 as "not measured"; a steady mix reads 0.0 (to 0.1 LU).
  const measuredLra = Math.max(0.1, measured.loudnessRangeLu);
  const targetLra = Math.min(50, Math.max(MIN_TARGET_LRA, Math.ceil(measuredLra + 1)));
  const loudnorm = [
    `I=${target.integratedLufs}`,
    `TP=${target.truePeakDbtp}`,
    `LRA=${targetLra}`,
    `measured_I=${measured.integratedLufs}`,
    `measured_TP=${measured.truePeakDbtp}`,
    `measured_LRA=${measuredLra}`,
    `measured_thresh=${measured.thresholdLufs}`,
    'linear=true',
    'print_format=json',
  ].join(':');
  const graph = [
    `[0:a:0]loudnorm=${loudnorm},`,
    `aresample=${SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=stereo,`,
    `atrim=end_sample=${durationSamples},apad=whole_len=${durationSamples},asplit=2[out][meter];`,
    '[meter]ebur128=peak=true:framelog=verbose,anullsink',
  ].join('');
  return [
    ...ownWavInput({ path: inPath }),
    '-filter_complex', graph,
    '-map', '[out]', '-c:a', 'pcm_s24le',
    ...buildCleanOutputArgs(),
    '-rf64', 'auto', '-f', 'wav', toOutputUrl({ path: outPath }),
  ];
}

/** Copies a silent (or otherwise final) float mix to the 24-bit result, measuring it. */
export function buildCopyAndMeasureArgs({ inPath, outPath }: { inPath: string; outPath: string }): string[] {
  return [
    ...ownWavInput({ path: inPath }),
    '-filter_complex', '[0:a:0]asplit=2[out][meter];[meter]ebur128=peak=true:framelog=verbose,anullsink',
    '-map', '[out]', '-c:a', 'pcm_s24le',
    ...buildCleanOutputArgs(),
    '-rf64', 'auto', '-f', 'wav', toOutputUrl({ path: outPath }),
  ];
}

/** loudnorm's JSON report (the last one in stderr), or null. */
export function parseLoudnormReport({ stderr }: { stderr: string }): { normalizationType: string; inputI: number; outputI: number } | null {
  const at = stderr.lastIndexOf('"input_i"');
  if (at < 0) return null;
  const start = stderr.lastIndexOf('{', at);
  const end = stderr.indexOf('}', at);
  if (start < 0 || end < 0) return null;
  try {
    const report = JSON.parse(stderr.slice(start, end + 1).replace(/^\[[^\]]*\]\s*/gm, '')) as Record<string, string>;
    return { normalizationType: String(report['normalization_type']), inputI: Number(report['input_i']), outputI: Number(report['output_i']) };
  } catch {
    return null;
  }
}

/** A WAV the renderer wrote itself: read with `-f wav`, only `file:`. */
function ownWavInput({ path }: { path: string }): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', 'wav', '-f', 'wav', '-i', toOutputUrl({ path })];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

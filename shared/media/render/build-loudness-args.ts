/**
 * The loudness normalisation of the programme mix (SPECS.md, "Loudness"): two passes, linear.
 * Pure argument builders and parsers; `mixProgrammeAudio` and the render's audio job run them.
 *
 * Pass 1 is the measurement taken while each window of the mix is written (`ebur128=peak=true`
 * in the mix graph, every 100 ms step logged): the steps of all windows are combined into one
 * reading of the whole programme (`combineLoudnessSteps`, the BS.1770 gating ebur128 itself
 * applies). Pass 2 applies one fixed gain, target − measured, to the whole programme: exactly
 * what `loudnorm` does in linear mode with the four measured values (af_loudnorm.c: `offset =
 * target_i - measured_i`, no compression), done here with `volume` at 48 kHz instead of
 * loudnorm's round trip through 192 kHz, and in the same pass as the encode. If that gain would
 * push the true peak over the ceiling, a limiter pass comes first and is measured again.
 */
import type { Loudness } from '../../domain/media-facts.ts';
import { toOutputUrl } from '../build-input-args.ts';
import { parseEbur128Summary } from '../parse-ebur128.ts';
import { buildCleanOutputArgs } from './build-encoder-args.ts';
import { SAMPLE_RATE } from '../../domain/project.ts';

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
export function buildLimiterArgs({
  inPaths,
  outPath,
  gainDb,
  ceilingDbtp,
  durationSamples,
}: {
  /** The mix: its windows in order, or one file. */
  inPaths: readonly string[];
  outPath: string;
  gainDb: number;
  ceilingDbtp: number;
  durationSamples: number;
}): string[] {
  const limit = Math.min(1, Math.max(0.0625, 10 ** (ceilingDbtp / 20))).toFixed(6);
  const { args: inputs, head } = ownWavInputs({ paths: inPaths });
  const graph = [
    `${head}aresample=${SAMPLE_RATE * 4},volume=${gainDb}dB:precision=double,`,
    `alimiter=limit=${limit}:attack=5:release=80:level=0:latency=1,`,
    `aresample=${SAMPLE_RATE},aformat=sample_fmts=flt:channel_layouts=stereo,`,
    `atrim=end_sample=${durationSamples},apad=whole_len=${durationSamples},asplit=2[out][meter];`,
    '[meter]ebur128=peak=true:framelog=verbose,anullsink',
  ].join('');
  return [
    ...inputs,
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-c:a',
    'pcm_f32le',
    ...buildCleanOutputArgs(),
    '-rf64',
    'auto',
    '-f',
    'wav',
    toOutputUrl({ path: outPath }),
  ];
}

/**
 * Pass 2 as a file: the mix (its windows in order, or the limited mix) with one gain
 * (`volume`, double precision), exactly `durationSamples` long, 24-bit PCM WAV, measured on the
 * way out. The render itself applies the same gain in the encode (`buildProgrammeAudioArgs`).
 */
export function buildGainArgs({
  inPaths,
  outPath,
  gainDb,
  durationSamples,
}: {
  inPaths: readonly string[];
  outPath: string;
  gainDb: number;
  durationSamples: number;
}): string[] {
  const { args: inputs, head } = ownWavInputs({ paths: inPaths });
  const graph = [
    `${head}volume=${gainDb}dB:precision=double,`,
    `aformat=sample_fmts=flt:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo,`,
    `atrim=end_sample=${durationSamples},apad=whole_len=${durationSamples},asplit=2[out][meter];`,
    '[meter]ebur128=peak=true:framelog=verbose,anullsink',
  ].join('');
  return [
    ...inputs,
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-c:a',
    'pcm_s24le',
    ...buildCleanOutputArgs(),
    '-rf64',
    'auto',
    '-f',
    'wav',
    toOutputUrl({ path: outPath }),
  ];
}

/** The 100 ms steps of one window's meter (`ebur128` with `framelog`): momentary and short-term loudness. */
export interface LoudnessSteps {
  /** Momentary loudness (400 ms) of each step, LUFS; −120 where the window was not yet full or silent. */
  momentary: number[];
  /** Short-term loudness (3 s) of each step, LUFS; −120 where the window was not yet full or silent. */
  shortTerm: number[];
}

/** One window's reading: its steps and its true peak. */
export interface WindowLoudness extends LoudnessSteps {
  truePeakDbtp: number;
}

const STEP_LINE = /\bt:\s*[\d.]+\s+TARGET:.*?\bM:\s*(-?(?:inf|nan|[\d.]+))\s+S:\s*(-?(?:inf|nan|[\d.]+))/g;

/**
 * Reads every 100 ms step an `ebur128=…:framelog=info` filter logged:
 * `t: 0.399979   TARGET:-23 LUFS    M: -41.1 S:-120.7     I: -41.1 LUFS …`.
 * Placeholders (ebur128 prints −120.7 until its window is full) and silence read −120.
 */
export function parseLoudnessSteps({ stderr }: { stderr: string }): LoudnessSteps {
  const momentary: number[] = [];
  const shortTerm: number[] = [];
  const read = (text: string | undefined) => {
    const value = Number(text);
    return Number.isFinite(value) ? Math.max(-120, value) : -120;
  };
  for (const match of stderr.matchAll(STEP_LINE)) {
    momentary.push(read(match[1]));
    shortTerm.push(read(match[2]));
  }
  return { momentary, shortTerm };
}

/** BS.1770's absolute gate; its relative gates are −10 LU (integrated) and −20 LU (range). */
const ABSOLUTE_GATE_LUFS = -70;

/**
 * One reading of the whole programme from the readings of its windows, with the gating of
 * ITU-R BS.1770-4 / EBU Tech 3341–3342 that `ebur128` applies to one file:
 *
 * - integrated: the 400 ms blocks (one per 100 ms step) above −70 LUFS, then above their own
 *   power mean − 10 LU; the threshold is that relative gate;
 * - loudness range: the short-term (3 s) values above −70 LUFS and above their power mean − 20 LU,
 *   from the 10th to the 95th percentile;
 * - true peak: the highest of the windows'.
 *
 * Each window's meter hears the 3 s before it too (`windowWithLeadIn`), so the steps that end in
 * a window are measured over the same samples as by one meter over the whole programme, and
 * together the windows' steps are the programme's. (A first window has no lead-in: neither has
 * the programme.) The delivered file is measured again by QC in one piece.
 */
export function combineLoudnessSteps({ windows }: { windows: readonly WindowLoudness[] }): LoudnessMeasurement {
  const toPower = (lufs: number) => 10 ** ((lufs + 0.691) / 10);
  const toLufs = (power: number) => -0.691 + 10 * Math.log10(power);
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + toPower(v), 0) / values.length;
  const blocks = windows.flatMap((w) => w.momentary).filter((m) => m > ABSOLUTE_GATE_LUFS);
  const truePeakDbtp = windows.reduce((peak, w) => Math.max(peak, w.truePeakDbtp), -120);
  if (blocks.length === 0) return { integratedLufs: -70, loudnessRangeLu: 0, truePeakDbtp, thresholdLufs: -70 };
  const thresholdLufs = toLufs(mean(blocks)) - 10;
  const gated = blocks.filter((m) => m > thresholdLufs);
  const integratedLufs = toLufs(mean(gated));
  const shortTerm = windows.flatMap((w) => w.shortTerm).filter((s) => s > ABSOLUTE_GATE_LUFS);
  let loudnessRangeLu = 0;
  if (shortTerm.length > 0) {
    const rangeGate = toLufs(mean(shortTerm)) - 20;
    const kept = shortTerm.filter((s) => s > rangeGate).sort((a, b) => a - b);
    const at = (q: number) => kept[Math.min(kept.length - 1, Math.round(q * (kept.length - 1)))]!;
    loudnessRangeLu = kept.length > 0 ? at(0.95) - at(0.1) : 0;
  }
  return { integratedLufs: round1(integratedLufs), loudnessRangeLu: round1(loudnessRangeLu), truePeakDbtp, thresholdLufs: round1(thresholdLufs) };
}

/**
 * The mix as one stream from its windows (our own WAVs, `concat`ed sample for sample), or from one
 * file: input arguments and the head of a graph chain (`[0:a:0]` or `[0:a:0][1:a:0]concat=…,`).
 */
export function ownWavInputs({ paths, firstInput = 0 }: { paths: readonly string[]; firstInput?: number }): { args: string[]; head: string } {
  if (paths.length === 0) throw new TypeError('no mix to read');
  const args = paths.flatMap((path) => ownWavInput({ path }));
  const labels = paths.map((_, i) => `[${firstInput + i}:a:0]`).join('');
  return { args, head: paths.length === 1 ? labels : `${labels}concat=n=${paths.length}:v=0:a=1,` };
}

/** A WAV the renderer wrote itself: read with `-f wav`, only `file:`. */
function ownWavInput({ path }: { path: string }): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', 'wav', '-f', 'wav', '-i', toOutputUrl({ path })];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

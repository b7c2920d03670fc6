import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Loudness } from '../../domain/media-facts.ts';
import type { AudioProgramme } from './render-spec.ts';
import type { MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildMixArgs } from './build-mix-args.ts';
import {
  buildGainArgs,
  buildLimiterArgs,
  combineLoudnessSteps,
  parseLoudnessMeasurement,
  parseLoudnessSteps,
  planLoudness,
  type LoudnessMeasurement,
  type LoudnessTarget,
  type WindowLoudness,
} from './build-loudness-args.ts';
import { planAudioChunks, windowProgramme, windowWithLeadIn } from './plan-audio-chunks.ts';
import { InvalidRenderInputError, LoudnessUnreachableError } from './render-errors.ts';
import type { ResolveSource } from './render-segment.ts';

/** ebur128 logs a step every 100 ms. */
const METER_STEP_SAMPLES = 4_800;

/** Limiter passes tried before giving up on a linear normalisation. */
const MAX_LIMITER_PASSES = 3;

export interface MixedProgrammeAudio {
  /** 48 kHz stereo 24-bit PCM WAV, exactly `durationSamples` long. */
  path: string;
  /** The normalised file as `ebur128=peak=true` read it: the reading, not the target. */
  loudness: Loudness;
  durationSamples: number;
  /** How the target was reached: the first reading, the limiter passes and the gain. */
  normalisation: { measured: LoudnessMeasurement; limiterPasses: number; gainDb: number | null };
}

/** One window of the mix as written: 32-bit float WAV, and its meter's steps and true peak. */
export interface MixedWindow {
  path: string;
  reading: WindowLoudness;
}

/**
 * Mixes one window of the programme in one pass (`buildMixArgs`: every item at its sample, clip
 * sound and narration on the dialogue bus, music ducked under the `duck` spans) at 48 kHz stereo,
 * 32-bit float (a mix can exceed full scale before normalisation; float does not clip), measured
 * on the way out every 100 ms (pass 1 of the normalisation, combined over the windows by
 * `combineLoudnessSteps`).
 *
 * `programme` is `windowProgramme` of the window with its lead-in (`windowWithLeadIn`); the file
 * holds what follows the lead-in, and the reading the steps that end there.
 *
 * @example
 * const metered = windowWithLeadIn({ window });
 * await mixAudioWindow({ programme: windowProgramme({ programme, window: metered }), leadInSamples: metered.leadInSamples, resolveSource, tools, outPath })
 */
export async function mixAudioWindow({
  programme,
  leadInSamples = 0,
  resolveSource,
  tools,
  outPath,
  signal,
}: {
  programme: AudioProgramme;
  /** Samples at the start for the meter only (a multiple of its 100 ms step). */
  leadInSamples?: number;
  resolveSource: ResolveSource;
  tools: MediaTools;
  outPath: string;
  signal?: AbortSignal;
}): Promise<MixedWindow> {
  checkProgramme({ programme });
  if (leadInSamples % METER_STEP_SAMPLES !== 0 || leadInSamples < 0 || leadInSamples >= programme.durationSamples) {
    throw new InvalidRenderInputError({ reason: `lead-in of ${leadInSamples} samples: must be a multiple of ${METER_STEP_SAMPLES} shorter than the window` });
  }
  const sources = await Promise.all(programme.items.map((item) => resolveSource(item.source)));
  await mkdir(path.dirname(outPath), { recursive: true });
  const partial = `${outPath}.partial-${process.pid}`;
  const graphPath = `${outPath}.graph-${process.pid}`;
  try {
    const mix = buildMixArgs({ programme, sources, graphPath, outPath: partial, leadInSamples });
    await writeFile(graphPath, mix.graph, 'utf8');
    const { stderr } = await runFfmpeg({ args: mix.args, tools, ...(signal ? { signal } : {}), timeoutSeconds: Math.max(tools.timeoutSeconds, 600) });
    // The true peak of the lead-in is the window before's, which has it too: the maximum over all windows is unchanged.
    const summary = readingOf({ stderr, pass: 'mix' });
    const steps = parseLoudnessSteps({ stderr });
    const skip = leadInSamples / METER_STEP_SAMPLES;
    await rename(partial, outPath);
    return { path: outPath, reading: { momentary: steps.momentary.slice(skip), shortTerm: steps.shortTerm.slice(skip), truePeakDbtp: summary.truePeakDbtp } };
  } finally {
    await rm(partial, { force: true });
    await rm(graphPath, { force: true });
  }
}

/** How to bring a measured mix to the target: the files to read (the mix, or its limited version) and the gain to apply. */
export interface ProgrammeGain {
  /** Read these in order; then apply `gainDb`. */
  inPaths: string[];
  gainDb: number;
  /** The reading of `inPaths` before the gain. */
  measured: LoudnessMeasurement;
  /** The first reading, before any limiting. */
  first: LoudnessMeasurement;
  limiterPasses: number;
  /** The expected reading after the gain (a linear gain moves I and TP by the gain, LRA not at all). */
  loudness: Loudness;
  /** False for a silent programme, which is left as it is. */
  normalised: boolean;
}

/**
 * Decides the second pass of the normalisation: one linear gain to the target (`planLoudness`),
 * or, when that gain would push the true peak over the ceiling, a limiter pass first
 * (`buildLimiterArgs`: the gain, a 4× oversampled look-ahead limiter with its delay compensated,
 * measured again), up to three times with a lower ceiling each time, written to `workDir`.
 * Fails with `LOUDNESS_UNREACHABLE` rather than deliver a mix squashed further.
 */
export async function settleProgrammeGain({
  inPaths,
  measured,
  target,
  durationSamples,
  tools,
  workDir,
  signal,
  onLimit,
}: {
  inPaths: readonly string[];
  measured: LoudnessMeasurement;
  target: LoudnessTarget;
  durationSamples: number;
  tools: MediaTools;
  /** Where limited mixes are written (the last one is returned in `inPaths`). */
  workDir: string;
  signal?: AbortSignal;
  onLimit?: () => void;
}): Promise<ProgrammeGain> {
  let current = { paths: [...inPaths], measured };
  for (let limiterPasses = 0; ; limiterPasses += 1) {
    const plan = planLoudness({ measured: current.measured, target, attempt: limiterPasses });
    const result = (gainDb: number, normalised: boolean): ProgrammeGain => ({
      inPaths: current.paths,
      gainDb,
      measured: current.measured,
      first: measured,
      limiterPasses,
      normalised,
      loudness: publicReading({
        ...current.measured,
        integratedLufs: round2(current.measured.integratedLufs + gainDb),
        truePeakDbtp: round2(current.measured.truePeakDbtp + gainDb),
      }),
    });
    if (plan.kind === 'silent') return result(0, false);
    if (plan.kind === 'linear') return result(plan.gainDb, true);
    if (limiterPasses === MAX_LIMITER_PASSES) {
      throw new LoudnessUnreachableError({
        reason: 'peaks stay above the true-peak ceiling after limiting',
        details: { first: measured, last: current.measured, target },
      });
    }
    onLimit?.();
    await mkdir(workDir, { recursive: true });
    const limitedPath = path.join(workDir, `limited-${limiterPasses + 1}.wav`);
    const { stderr } = await runFfmpeg({
      args: buildLimiterArgs({ inPaths: current.paths, outPath: limitedPath, gainDb: plan.gainDb, ceilingDbtp: plan.ceilingDbtp, durationSamples }),
      tools,
      ...(signal ? { signal } : {}),
      timeoutSeconds: Math.max(tools.timeoutSeconds, 600),
    });
    current = { paths: [limitedPath], measured: readingOf({ stderr, pass: 'limiter' }) };
  }
}

/**
 * Mixes the whole programme's sound and normalises its loudness, with no seams, into one file:
 *
 * 1. Mix window by window (`mixAudioWindow`, windows of `planAudioChunks`), each measured.
 * 2. One reading of the programme from the windows' (`combineLoudnessSteps`), and the gain to
 *    the target, with limiter passes first if the gain alone would break the true-peak ceiling
 *    (`settleProgrammeGain`).
 * 3. The gain applied, 24-bit WAV, measured again on the way out: that reading is the result.
 *
 * The render does the same steps with each window cached and the gain applied in the encode
 * (`encodeProgrammeAudio`), so a change to one shot mixes one window again; this is the one-file
 * form for tools and tests.
 *
 * @example await mixProgrammeAudio({ programme: spec.audio, resolveSource, target: profile.loudness, tools, outPath })
 */
export async function mixProgrammeAudio({
  programme,
  resolveSource,
  target,
  tools,
  outPath,
  signal,
  onPhase,
}: {
  programme: AudioProgramme;
  resolveSource: ResolveSource;
  target: LoudnessTarget;
  tools: MediaTools;
  outPath: string;
  signal?: AbortSignal;
  /** Told when each pass starts. */
  onPhase?: (phase: 'mix' | 'limit' | 'normalise') => void;
}): Promise<MixedProgrammeAudio> {
  checkProgramme({ programme });
  const total = programme.durationSamples;
  await mkdir(path.dirname(outPath), { recursive: true });
  const workDir = await mkdtemp(path.join(path.dirname(path.resolve(outPath)), '.audio-'));
  const partial = `${outPath}.partial-${process.pid}`;
  try {
    onPhase?.('mix');
    const windows: MixedWindow[] = [];
    for (const [index, window] of planAudioChunks({ durationSamples: total }).entries()) {
      const metered = windowWithLeadIn({ window });
      windows.push(
        await mixAudioWindow({
          programme: windowProgramme({ programme, window: metered }),
          leadInSamples: metered.leadInSamples,
          resolveSource,
          tools,
          outPath: path.join(workDir, `window-${index}.wav`),
          ...(signal ? { signal } : {}),
        }),
      );
    }
    const measured = combineLoudnessSteps({ windows: windows.map((w) => w.reading) });
    const gain = await settleProgrammeGain({
      inPaths: windows.map((w) => w.path),
      measured,
      target,
      durationSamples: total,
      tools,
      workDir,
      ...(signal ? { signal } : {}),
      onLimit: () => onPhase?.('limit'),
    });
    onPhase?.('normalise');
    const { stderr } = await runFfmpeg({
      args: buildGainArgs({ inPaths: gain.inPaths, outPath: partial, gainDb: gain.gainDb, durationSamples: total }),
      tools,
      ...(signal ? { signal } : {}),
      timeoutSeconds: Math.max(tools.timeoutSeconds, 600),
    });
    const loudness = publicReading(readingOf({ stderr, pass: 'normalise' }));
    await rename(partial, outPath);
    return {
      path: outPath,
      loudness,
      durationSamples: total,
      normalisation: { measured: gain.first, limiterPasses: gain.limiterPasses, gainDb: gain.normalised ? gain.gainDb : null },
    };
  } finally {
    await rm(partial, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

function readingOf({ stderr, pass }: { stderr: string; pass: string }): LoudnessMeasurement {
  const reading = parseLoudnessMeasurement({ stderr });
  if (!reading) throw new LoudnessUnreachableError({ reason: `the ${pass} pass printed no loudness reading`, details: {} });
  return reading;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function publicReading({ integratedLufs, loudnessRangeLu, truePeakDbtp }: LoudnessMeasurement): Loudness {
  return { integratedLufs, loudnessRangeLu, truePeakDbtp };
}

function checkProgramme({ programme }: { programme: AudioProgramme }): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(programme.durationSamples) || programme.durationSamples <= 0)
    problems.push(`durationSamples must be a positive integer (found ${programme.durationSamples})`);
  programme.items.forEach((item, i) => {
    if (!Number.isSafeInteger(item.startSample)) problems.push(`item ${i}: startSample must be an integer (found ${item.startSample})`);
    for (const key of ['durationSamples', 'fadeInSamples', 'fadeOutSamples'] as const) {
      if (!Number.isSafeInteger(item[key]) || item[key] < 0) problems.push(`item ${i}: ${key} must be a non-negative integer (found ${item[key]})`);
    }
    if (item.inSeconds.den <= 0 || item.inSeconds.num < 0) problems.push(`item ${i}: in point must be a non-negative rational`);
  });
  if (problems.length > 0) throw new InvalidRenderInputError({ reason: `audio programme: ${problems.join('; ')}` });
}

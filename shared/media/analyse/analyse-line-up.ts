import { z } from 'zod';
import { buildInputArgs } from '../build-input-args.ts';
import type { MediaSource, MediaTools } from '../media-tools.ts';
import { runFfmpeg } from '../run-ffmpeg.ts';
import { buildProgrammeSoundInput, type FrameRange, type SoundTracks } from './build-analysis-args.ts';
import { SAMPLE_RATE } from '../../domain/project.ts';

/** The parts of a line-up, in file frames (`planProgrammeLayout`'s lead: bars and tone, slate, black). */
export interface LineUpParts {
  bars: FrameRange | null;
  slate: FrameRange | null;
  black: FrameRange | null;
}

/** What the picture of one part of the line-up reads, over all its frames (8-bit levels of a 64×36 area-averaged copy). */
export const LineUpPictureSchema = z.object({
  kind: z.enum(['bars', 'slate', 'black']),
  startFrame: z.number().int().nonnegative(),
  frames: z.number().int().nonnegative(),
  /** Frames of the part the meter saw (fewer than `frames` when the file is short). */
  framesRead: z.number().int().nonnegative(),
  /** Lowest and highest average luma of a frame of the part. */
  lumaAverageMin: z.number().nullable(),
  lumaAverageMax: z.number().nullable(),
  /** Lowest and highest peak luma of a frame of the part. */
  lumaPeakMin: z.number().nullable(),
  lumaPeakMax: z.number().nullable(),
  /** Lowest and highest average saturation of a frame of the part. */
  saturationMin: z.number().nullable(),
  saturationMax: z.number().nullable(),
});
export type LineUpPicture = z.infer<typeof LineUpPictureSchema>;

/** The line-up tone on one channel of the programme's pair. */
export const ToneReadingSchema = z.object({
  channel: z.enum(['left', 'right']),
  /** Level in dBFS as AES17 states a sine's (sample RMS + 3.01 dB: a full-scale sine reads 0). */
  levelDbfs: z.number(),
  peakDbfs: z.number(),
  /** From the zero-crossing rate. */
  frequencyHz: z.number(),
});
export type ToneReading = z.infer<typeof ToneReadingSchema>;

export const LineUpAnalysisSchema = z.object({
  pictures: z.array(LineUpPictureSchema),
  /** The tone under the bars, per channel; empty when the file has no sound there. */
  tone: z.array(ToneReadingSchema),
  /** The loudest sample under the slate and the black (dBFS); null when there is no such part. */
  quietPeakDbfs: z.number().nullable(),
});
export type LineUpAnalysis = z.infer<typeof LineUpAnalysisSchema>;

/** Frames left out at each edge of the tone and after it: an AAC frame smears the cut from tone to silence. */
const EDGE_FRAMES = 2;
const SAMPLES_PER_FRAME = 1920;
/** AES17: a sine's level is its RMS plus 3.01 dB (10·log10 2), so a full-scale sine reads 0 dBFS. */
const SINE_RMS_TO_LEVEL_DB = 10 * Math.log10(2);
const FLOOR_DB = -144;

/**
 * The arguments of the line-up pass: the file's first `leadFrames` decoded once; the picture
 * through signalstats (average and peak luma, average saturation of each frame), the programme's
 * sound pair (`buildProgrammeSoundInput`) split into the tone under the bars (level, peak and
 * zero-crossing rate per channel, `astats@tone`) and the rest of the line-up (peak, `astats@quiet`).
 */
export function buildLineUpAnalysisArgs({
  source,
  tracks,
  parts,
  leadFrames,
}: {
  source: MediaSource;
  tracks?: SoundTracks;
  parts: LineUpParts;
  leadFrames: number;
}): string[] {
  const statements = [
    '[0:v:0]scale=64:36:flags=area,format=yuv444p,signalstats,' +
      ['YAVG', 'YMAX', 'SATAVG'].map((key) => `metadata=mode=print:key=lavfi.signalstats.${key}`).join(',') +
      '[picture]',
  ];
  const maps = ['-map', '[picture]'];
  const tone = parts.bars ? inner({ range: parts.bars }) : null;
  const quietStart = parts.bars ? parts.bars.startFrame + parts.bars.frames + EDGE_FRAMES : 0;
  const quiet = leadFrames - quietStart > 0 && (parts.slate || parts.black) ? { startFrame: quietStart, frames: leadFrames - quietStart } : null;
  const sounds = [tone ? 'tone' : null, quiet ? 'quiet' : null].filter((name): name is string => name !== null);
  if (sounds.length > 0) {
    statements.push(buildProgrammeSoundInput({ ...(tracks ? { tracks } : {}), output: 'lead' }));
    statements.push(sounds.length === 2 ? '[lead]asplit=2[tone_in][quiet_in]' : `[lead]anull[${sounds[0]}_in]`);
    const trim = (range: FrameRange) =>
      `atrim=start_sample=${range.startFrame * SAMPLES_PER_FRAME}:end_sample=${(range.startFrame + range.frames) * SAMPLES_PER_FRAME}`;
    if (tone) statements.push(`[tone_in]${trim(tone)},astats@tone=measure_overall=none:measure_perchannel=RMS_level+Peak_level+Zero_crossings_rate[tone]`);
    if (quiet) statements.push(`[quiet_in]${trim(quiet)},astats@quiet=measure_overall=none:measure_perchannel=Peak_level[quiet]`);
    for (const name of sounds) maps.push('-map', `[${name}]`);
  }
  return [...buildInputArgs({ source }), '-filter_complex', statements.join(';'), ...maps, '-t', (leadFrames / 25).toFixed(3), '-f', 'null', '-'];
}

/** A range without `EDGE_FRAMES` at each end, when it is long enough to spare them. */
function inner({ range }: { range: FrameRange }): FrameRange {
  return range.frames > 4 * EDGE_FRAMES ? { startFrame: range.startFrame + EDGE_FRAMES, frames: range.frames - 2 * EDGE_FRAMES } : range;
}

const FRAME_HEADER = /(?:^|[\s\]])frame:\s*(\d+)\s+pts:/;
const STAT = /(?:^|[\s\]])lavfi\.signalstats\.(YAVG|YMAX|SATAVG)=(-?[\d.]+)/;
const ASTATS = /\[astats@(tone|quiet) @ [^\]]*\](?:\s*\[\w+\])?\s*([A-Za-z ]+):\s*(-?(?:inf|[\d.]+(?:e-?\d+)?))\s*$/;

/**
 * Reads the line-up pass's stderr into per-part picture readings and the tone's per-channel level
 * and frequency. Pure.
 */
export function parseLineUpLog({ stderr, parts }: { stderr: readonly string[]; parts: LineUpParts }): LineUpAnalysis {
  const frames = new Map<number, { YAVG?: number; YMAX?: number; SATAVG?: number }>();
  let frame = -1;
  const channels: Record<'tone' | 'quiet', Record<string, number>[]> = { tone: [], quiet: [] };
  for (const line of stderr) {
    const header = FRAME_HEADER.exec(line);
    if (header) {
      frame = Number(header[1]);
      continue;
    }
    const stat = STAT.exec(line);
    if (stat && frame >= 0) {
      const entry = frames.get(frame) ?? {};
      entry[stat[1] as 'YAVG' | 'YMAX' | 'SATAVG'] = Number(stat[2]);
      frames.set(frame, entry);
      continue;
    }
    const astats = ASTATS.exec(line);
    if (astats) {
      const list = channels[astats[1] as 'tone' | 'quiet'];
      const name = astats[2]!.trim();
      const value = astats[3] === '-inf' ? FLOOR_DB : Number(astats[3]);
      if (name === 'Channel') list.push({});
      else if (list.length > 0) list[list.length - 1]![name] = value;
    }
  }

  const pictures: LineUpPicture[] = [];
  for (const kind of ['bars', 'slate', 'black'] as const) {
    const range = parts[kind];
    if (!range) continue;
    const readings = [...frames.entries()].filter(([n]) => n >= range.startFrame && n < range.startFrame + range.frames).map(([, r]) => r);
    const values = (key: 'YAVG' | 'YMAX' | 'SATAVG') => readings.map((r) => r[key]).filter((v): v is number => v !== undefined);
    const min = (key: 'YAVG' | 'YMAX' | 'SATAVG') => (values(key).length > 0 ? Math.min(...values(key)) : null);
    const max = (key: 'YAVG' | 'YMAX' | 'SATAVG') => (values(key).length > 0 ? Math.max(...values(key)) : null);
    pictures.push({
      kind,
      startFrame: range.startFrame,
      frames: range.frames,
      framesRead: readings.length,
      lumaAverageMin: min('YAVG'),
      lumaAverageMax: max('YAVG'),
      lumaPeakMin: min('YMAX'),
      lumaPeakMax: max('YMAX'),
      saturationMin: min('SATAVG'),
      saturationMax: max('SATAVG'),
    });
  }
  const tone: ToneReading[] = channels.tone.slice(0, 2).map((stats, index) => ({
    channel: index === 0 ? 'left' : 'right',
    levelDbfs: round((stats['RMS level dB'] ?? FLOOR_DB) + SINE_RMS_TO_LEVEL_DB),
    peakDbfs: round(stats['Peak level dB'] ?? FLOOR_DB),
    frequencyHz: round(((stats['Zero crossings rate'] ?? 0) * SAMPLE_RATE) / 2),
  }));
  const quietPeaks = channels.quiet.map((stats) => stats['Peak level dB'] ?? FLOOR_DB);
  return { pictures, tone, quietPeakDbfs: quietPeaks.length > 0 ? round(Math.max(...quietPeaks)) : null };
}

/**
 * Reads a delivered file's line-up on its own (EBU R128 measures the programme; the line-up is
 * checked apart): per part, what its picture shows (bars, slate, black), the tone's level and
 * frequency per channel of the programme's pair, and the loudest sample under slate and black.
 * One decode of the line-up only; the judgement is the QC report's (`buildQcReport`).
 *
 * @example
 * const lineUp = await analyseLineUp({ source, tools, parts: { bars: { startFrame: 0, frames: 750 }, slate: …, black: … }, leadFrames: 1500 });
 * lineUp.tone // [{ channel: 'left', levelDbfs: -18.0, peakDbfs: -18.0, frequencyHz: 1000 }, …]
 */
export async function analyseLineUp({
  source,
  tools,
  tracks,
  parts,
  leadFrames,
  signal,
}: {
  source: MediaSource;
  tools: MediaTools;
  tracks?: SoundTracks;
  parts: LineUpParts;
  leadFrames: number;
  signal?: AbortSignal;
}): Promise<LineUpAnalysis> {
  // Lines are kept as they arrive: a 60-second line-up prints some ten thousand.
  const stderr: string[] = [];
  await runFfmpeg({
    args: buildLineUpAnalysisArgs({ source, ...(tracks ? { tracks } : {}), parts, leadFrames }),
    tools,
    onStderrLine: (line) => {
      if (line.includes('frame:') || line.includes('lavfi.signalstats') || line.includes('astats@')) stderr.push(line);
    },
    ...(signal ? { signal } : {}),
  });
  return parseLineUpLog({ stderr, parts });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

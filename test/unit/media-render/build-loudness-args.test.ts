import { describe, expect, it } from 'vitest';
import {
  buildGainArgs,
  buildLimiterArgs,
  combineLoudnessSteps,
  parseLoudnessMeasurement,
  parseLoudnessSteps,
  planLoudness,
  TRUE_PEAK_MARGIN_DB,
} from '../../../shared/media/index.ts';

/** What ffmpeg 5.1 prints (with `-loglevel level+info`) when a graph holds loudnorm and ebur128. */
const STDERR = `[Parsed_ebur128_1 @ 0x5613] [info] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS
[info] size=N/A time=00:00:12.00 bitrate=N/A speed=80.9x
[Parsed_loudnorm_3 @ 0x5613] [info]
{
	"input_i" : "-22.97",
	"input_tp" : "-1.47",
	"input_lra" : "4.90",
	"input_thresh" : "-33.09",
	"output_i" : "-22.97",
	"output_tp" : "-1.47",
	"output_lra" : "4.90",
	"output_thresh" : "-33.09",
	"normalization_type" : "linear",
	"target_offset" : "-0.03"
}
[Parsed_ebur128_1 @ 0x5613] [info] Summary:

  Integrated loudness:
    I:         -23.0 LUFS
    Threshold: -33.1 LUFS

  Loudness range:
    LRA:         6.0 LU
    Threshold: -44.6 LUFS
    LRA low:   -28.0 LUFS
    LRA high:  -22.0 LUFS

  True peak:
    Peak:       -1.5 dBFS
`;

const measured = { integratedLufs: -30, loudnessRangeLu: 8, truePeakDbtp: -12, thresholdLufs: -40.2 };
const target = { integratedLufs: -23, truePeakDbtp: -1 };

describe('parseLoudnessMeasurement', () => {
  it('reads the last ebur128 summary with its integrated gating threshold', () => {
    expect(parseLoudnessMeasurement({ stderr: STDERR })).toEqual({ integratedLufs: -23, loudnessRangeLu: 6, truePeakDbtp: -1.5, thresholdLufs: -33.1 });
  });

  it('returns null without a summary', () => {
    expect(parseLoudnessMeasurement({ stderr: '[info] nothing' })).toBeNull();
  });
});

describe('planLoudness', () => {
  it('applies a plain linear gain when the peaks stay under the ceiling', () => {
    expect(planLoudness({ measured, target })).toEqual({ kind: 'linear', gainDb: 7 });
  });

  it('limits first when the gain would push the true peak over the ceiling, with margin', () => {
    expect(planLoudness({ measured: { ...measured, truePeakDbtp: -8 + 0.1 - TRUE_PEAK_MARGIN_DB }, target })).toMatchObject({ kind: 'limit', gainDb: 7 });
    const plan = planLoudness({ measured: { ...measured, truePeakDbtp: -3 }, target: { integratedLufs: -16, truePeakDbtp: -1 } });
    expect(plan).toEqual({ kind: 'limit', gainDb: 14, ceilingDbtp: -1.8 });
  });

  it('lowers the limiter ceiling on each further attempt', () => {
    const first = planLoudness({ measured: { ...measured, truePeakDbtp: -3 }, target, attempt: 0 });
    const second = planLoudness({ measured: { ...measured, truePeakDbtp: -3 }, target, attempt: 1 });
    expect(first.kind === 'limit' && second.kind === 'limit' && second.ceilingDbtp < first.ceilingDbtp).toBe(true);
  });

  it('leaves silence alone', () => {
    expect(planLoudness({ measured: { integratedLufs: -70, loudnessRangeLu: 0, truePeakDbtp: -120, thresholdLufs: -70 }, target })).toEqual({ kind: 'silent' });
  });
});

describe('buildGainArgs', () => {
  const args = buildGainArgs({ inPaths: ['/w/window-0.wav', '/w/window-1.wav'], outPath: '/w/out.wav', gainDb: 7, durationSamples: 48_000 });
  const graph = args[args.indexOf('-filter_complex') + 1]!;

  it('joins the windows sample for sample and applies one linear gain in double precision', () => {
    expect(graph.startsWith('[0:a:0][1:a:0]concat=n=2:v=0:a=1,volume=7dB:precision=double,')).toBe(true);
  });

  it('writes exactly the programme length in 24-bit PCM and measures it on the way out', () => {
    expect(graph).toContain('atrim=end_sample=48000,apad=whole_len=48000,asplit=2[out][meter]');
    expect(graph).toContain('[meter]ebur128=peak=true');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'pcm_s24le']));
  });

  it('reads its own WAVs with whitelists and the forced demuxer', () => {
    expect(args.slice(0, 16)).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'wav',
      '-f',
      'wav',
      '-i',
      'file:/w/window-0.wav',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'wav',
      '-f',
      'wav',
      '-i',
      'file:/w/window-1.wav',
    ]);
  });
});

describe('parseLoudnessSteps', () => {
  it('reads momentary and short-term loudness of every 100 ms step, placeholders and silence as −120', () => {
    const stderr = [
      '[Parsed_ebur128_1 @ 0x1] [info] t: 0.0999792  TARGET:-23 LUFS    M:-120.7 S:-120.7     I: -70.0 LUFS       LRA:   0.0 LU  FTPK: -41.1 -41.1 dBFS  TPK: -41.1 -41.1 dBFS',
      '[Parsed_ebur128_1 @ 0x1] [info] t: 0.399979   TARGET:-23 LUFS    M: -23.4 S:-120.7     I: -23.4 LUFS       LRA:   0.0 LU  FTPK: -20.1 -20.1 dBFS  TPK: -20.1 -20.1 dBFS',
      '[Parsed_ebur128_1 @ 0x1] [info] t: 3.09998    TARGET:-23 LUFS    M: -inf S: -22.9     I: -23.1 LUFS       LRA:   1.0 LU  FTPK: -20.1 -20.1 dBFS  TPK: -20.1 -20.1 dBFS',
      '[info] size=N/A time=00:00:03.10',
    ].join('\n');
    expect(parseLoudnessSteps({ stderr })).toEqual({ momentary: [-120, -23.4, -120], shortTerm: [-120, -120, -22.9] });
  });
});

describe('combineLoudnessSteps', () => {
  it('gates blocks below −70 LUFS and then below the power mean − 10 LU, across windows', () => {
    // Two windows at −23 and one quiet stretch at −40 (below the relative gate of ~−31 LUFS).
    const combined = combineLoudnessSteps({
      windows: [
        { momentary: [-120, -23, -23, -40, -40], shortTerm: [-23, -23, -23], truePeakDbtp: -5 },
        { momentary: [-23, -23, -90], shortTerm: [-23, -23], truePeakDbtp: -3.2 },
      ],
    });
    expect(combined.integratedLufs).toBe(-23);
    expect(combined.truePeakDbtp).toBe(-3.2);
    expect(combined.thresholdLufs).toBe(Math.round((-23 + 10 * Math.log10(4 / 6 + (2 / 6) * 10 ** (-17 / 10)) - 10) * 10) / 10);
  });

  it('averages powers, not decibels', () => {
    const combined = combineLoudnessSteps({ windows: [{ momentary: [-20, -26], shortTerm: [], truePeakDbtp: -1 }] });
    expect(combined.integratedLufs).toBeCloseTo(-0.691 + 10 * Math.log10((10 ** ((-20 + 0.691) / 10) + 10 ** ((-26 + 0.691) / 10)) / 2), 1);
  });

  it('takes the loudness range from the short-term values between the 10th and 95th percentile', () => {
    const shortTerm = Array.from({ length: 101 }, (_, i) => -30 + i * 0.1);
    expect(combineLoudnessSteps({ windows: [{ momentary: [-23], shortTerm, truePeakDbtp: -1 }] }).loudnessRangeLu).toBeCloseTo(8.5, 1);
  });

  it('reads silence as −70 LUFS, which planLoudness leaves alone', () => {
    const silent = combineLoudnessSteps({ windows: [{ momentary: [-120, -120], shortTerm: [-120], truePeakDbtp: -120 }] });
    expect(silent.integratedLufs).toBe(-70);
    expect(planLoudness({ measured: silent, target })).toEqual({ kind: 'silent' });
  });
});

describe('buildLimiterArgs', () => {
  it('limits oversampled at 192 kHz with the look-ahead delay compensated, after the gain, at the ceiling', () => {
    const args = buildLimiterArgs({ inPaths: ['/w/a.wav'], outPath: '/w/b.wav', gainDb: 14, ceilingDbtp: -2, durationSamples: 96_000 });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('aresample=192000,volume=14dB:precision=double,alimiter=limit=0.794328:attack=5:release=80:level=0:latency=1,aresample=48000');
    expect(graph).toContain('atrim=end_sample=96000,apad=whole_len=96000');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'pcm_f32le']));
  });
});

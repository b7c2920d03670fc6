import { describe, expect, it } from 'vitest';
import {
  buildLimiterArgs,
  buildNormaliseArgs,
  parseLoudnessMeasurement,
  parseLoudnormReport,
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

describe('parseLoudnormReport', () => {
  it('reads whether loudnorm stayed linear', () => {
    expect(parseLoudnormReport({ stderr: STDERR })).toEqual({ normalizationType: 'linear', inputI: -22.97, outputI: -22.97 });
    expect(parseLoudnormReport({ stderr: STDERR.replace('"linear"', '"dynamic"') })?.normalizationType).toBe('dynamic');
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

describe('buildNormaliseArgs', () => {
  const args = buildNormaliseArgs({ inPath: '/w/mix.wav', outPath: '/w/out.wav', measured, target, durationSamples: 48_000 });
  const graph = args[args.indexOf('-filter_complex') + 1]!;

  it('runs loudnorm linearly with all four measured values', () => {
    expect(graph).toContain('loudnorm=I=-23:TP=-1:LRA=9:measured_I=-30:measured_TP=-12:measured_LRA=8:measured_thresh=-40.2:linear=true:print_format=json');
  });

  it('aims for a loudness range at least the measured one (+1 LU), never below 7', () => {
    const wide = buildNormaliseArgs({ inPath: 'a', outPath: 'b', measured: { ...measured, loudnessRangeLu: 14.2 }, target, durationSamples: 1 });
    expect(wide.join(' ')).toContain('LRA=16:');
    const steady = buildNormaliseArgs({ inPath: 'a', outPath: 'b', measured: { ...measured, loudnessRangeLu: 0 }, target, durationSamples: 1 });
    expect(steady.join(' ')).toContain('LRA=7:');
    // loudnorm reads a measured LRA of 0 as "not measured" and would go dynamic.
    expect(steady.join(' ')).toContain('measured_LRA=0.1:');
  });

  it('comes back to 48 kHz (loudnorm works at 192 kHz), exactly as long, 24-bit, measured again', () => {
    expect(graph).toContain('aresample=48000,aformat=sample_fmts=flt:channel_layouts=stereo,atrim=end_sample=48000,apad=whole_len=48000,asplit=2[out][meter]');
    expect(graph).toContain('[meter]ebur128=peak=true');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'pcm_s24le']));
  });

  it('reads its own WAV with whitelists and the forced demuxer', () => {
    expect(args.slice(0, 8)).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', 'wav', '-f', 'wav', '-i', 'file:/w/mix.wav']);
  });
});

describe('buildLimiterArgs', () => {
  it('limits oversampled at 192 kHz with the look-ahead delay compensated, after the gain, at the ceiling', () => {
    const args = buildLimiterArgs({ inPath: '/w/a.wav', outPath: '/w/b.wav', gainDb: 14, ceilingDbtp: -2, durationSamples: 96_000 });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('aresample=192000,volume=14dB:precision=double,alimiter=limit=0.794328:attack=5:release=80:level=0:latency=1,aresample=48000');
    expect(graph).toContain('atrim=end_sample=96000,apad=whole_len=96000');
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'pcm_f32le']));
  });
});

import { describe, expect, it } from 'vitest';
import { LINE_UP_RULES, type QcCheck } from '../../../shared/delivery/index.ts';
import { buildLineUpAnalysisArgs, parseLineUpLog, type LineUpAnalysis, type LineUpParts } from '../../../shared/media/index.ts';
import { report } from './qc-inputs.ts';

const source = { url: '/data/renders/ab/master', protocols: 'file', demuxer: 'mxf' };
/** A 60-second line-up: 30 s bars and tone, 20 s slate, 10 s black. */
const PARTS: LineUpParts = { bars: { startFrame: 0, frames: 750 }, slate: { startFrame: 750, frames: 500 }, black: { startFrame: 1250, frames: 250 } };

/** What the line-up pass prints for a frame (three metadata printers after signalstats). */
function frameLines(frame: number, { yavg, ymax, sat }: { yavg: number; ymax: number; sat: number }): string[] {
  return [
    `[Parsed_metadata_4 @ 0x55] [info] frame:${frame}   pts:${frame * 40}   pts_time:${frame * 0.04}`,
    `[Parsed_metadata_4 @ 0x55] [info] lavfi.signalstats.YAVG=${yavg}`,
    `[Parsed_metadata_5 @ 0x55] [info] frame:${frame}   pts:${frame * 40}   pts_time:${frame * 0.04}`,
    `[Parsed_metadata_5 @ 0x55] [info] lavfi.signalstats.YMAX=${ymax}`,
    `[Parsed_metadata_6 @ 0x55] [info] frame:${frame}   pts:${frame * 40}   pts_time:${frame * 0.04}`,
    `[Parsed_metadata_6 @ 0x55] [info] lavfi.signalstats.SATAVG=${sat}`,
  ];
}

function astatsLines(name: 'tone' | 'quiet', channels: Record<string, string>[]): string[] {
  return channels.flatMap((stats, i) => [
    `[astats@${name} @ 0x56] [info] Channel: ${i + 1}`,
    ...Object.entries(stats).map(([key, value]) => `[astats@${name} @ 0x56] [info] ${key}: ${value}`),
  ]);
}

/** The log of a right line-up, with any part of it changed. */
function lineUpLog({ toneRms = ['-21.010300', '-21.010300'], zcr = '0.041667', quietPeak = '-inf', barsSat = 38.5, blackMax = 16 } = {}): string[] {
  const lines: string[] = [];
  for (const frame of [0, 400, 749]) lines.push(...frameLines(frame, { yavg: 104.3, ymax: 247, sat: barsSat }));
  for (const frame of [750, 1000, 1249]) lines.push(...frameLines(frame, { yavg: 45, ymax: 180, sat: 20 }));
  for (const frame of [1250, 1499]) lines.push(...frameLines(frame, { yavg: 16, ymax: blackMax, sat: 0 }));
  lines.push(
    ...astatsLines(
      'tone',
      toneRms.map((rms) => ({ 'Peak level dB': '-18.000100', 'RMS level dB': rms, 'Zero crossings rate': zcr })),
    ),
  );
  lines.push(...astatsLines('quiet', [{ 'Peak level dB': quietPeak }, { 'Peak level dB': quietPeak }]));
  return lines;
}

const lineUpCheck = (analysis: LineUpAnalysis): QcCheck => report({ lineUp: analysis }).checks.find((check) => check.id === 'line-up')!;

describe('the line-up pass', () => {
  it('decodes the line-up only: signalstats on the picture, the tone inside its edges, the rest for its peak, left and right tracks joined', () => {
    const args = buildLineUpAnalysisArgs({ source, tracks: { kind: 'mono-tracks', count: 2, left: 0, right: 1 }, parts: PARTS, leadFrames: 1500 });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[0:v:0]scale=64:36:flags=area,format=yuv444p,signalstats,');
    expect(graph).toContain('[0:a:0][0:a:1]join=inputs=2:channel_layout=stereo:map=0.0-FL|1.0-FR,anull[lead]');
    expect(graph).toContain('[tone_in]atrim=start_sample=3840:end_sample=1436160,astats@tone=');
    expect(graph).toContain('[quiet_in]atrim=start_sample=1443840:end_sample=2880000,astats@quiet=');
    expect(args.slice(-5)).toEqual(['-t', '60.000', '-f', 'null', '-']);
  });

  it("reads each part's picture, the tone's AES17 level and frequency per channel, and the peak under slate and black", () => {
    const analysis = parseLineUpLog({ stderr: lineUpLog(), parts: PARTS });
    expect(analysis.pictures.map((p) => [p.kind, p.framesRead, p.saturationMin, p.lumaPeakMax])).toEqual([
      ['bars', 3, 38.5, 247],
      ['slate', 3, 20, 180],
      ['black', 2, 0, 16],
    ]);
    expect(analysis.tone).toEqual([
      { channel: 'left', levelDbfs: -18, peakDbfs: -18, frequencyHz: 1000.008 },
      { channel: 'right', levelDbfs: -18, peakDbfs: -18, frequencyHz: 1000.008 },
    ]);
    expect(analysis.quietPeakDbfs).toBe(-144);
  });
});

describe("the QC report's line-up row", () => {
  it('passes a right line-up, and leaves the row out of a file without one', () => {
    const check = lineUpCheck(parseLineUpLog({ stderr: lineUpLog(), parts: PARTS }));
    expect(check.status).toBe('pass');
    expect(check.details.table!.rows.map((row) => row.cells[0])).toEqual([
      'Sọc màu / Colour bars',
      'Tone kênh trái / left',
      'Tone kênh phải / right',
      'Slate',
      'Hình đen trước chương trình / Black before the programme',
      'Im lặng dưới slate và đen / Silence under slate and black',
    ]);
    expect(check.details.table!.rows.every((row) => row.frame === null)).toBe(true);
    expect(report().checks.some((c) => c.id === 'line-up')).toBe(false);
  });

  it('fails a tone 0.3 dB low on one channel, naming the channel and its level', () => {
    const check = lineUpCheck(parseLineUpLog({ stderr: lineUpLog({ toneRms: ['-21.010300', '-21.310300'] }), parts: PARTS }));
    expect(check.status).toBe('fail');
    expect(check.details.summary.en).toContain('right tone at -18.30 dBFS');
    expect(check.details.values).toMatchObject({ toneLeftDbfs: -18, toneRightDbfs: -18.3 });
    expect(report({ lineUp: parseLineUpLog({ stderr: lineUpLog({ toneRms: ['-21.010300', '-21.310300'] }), parts: PARTS }) }).status).toBe('fail');
  });

  it(`fails a tone off ${LINE_UP_RULES.toneFrequencyHz} Hz, missing bars, grey "black" and sound under the slate`, () => {
    const wrong = parseLineUpLog({ stderr: lineUpLog({ zcr: '0.083333', barsSat: 2, blackMax: 90, quietPeak: '-30.5' }), parts: PARTS });
    const check = lineUpCheck(wrong);
    expect(check.status).toBe('fail');
    expect(check.details.summary.en).toContain('left tone at 2000.0 Hz');
    expect(check.details.summary.en).toContain('no colour bars at the head');
    expect(check.details.summary.en).toContain('the black before the programme is not black');
    expect(check.details.summary.en).toContain('sound under the slate or black (-30.5 dBFS)');
    // Failed rows get a thumbnail at the part's start (10:00:00:00 is the programme, so the file starts 60 s before).
    expect(report({ lineUp: wrong, programmeStartFrame: 1500 }).flagged.map((f) => f.timecode)).toEqual(expect.arrayContaining(['09:59:00:00', '09:59:50:00']));
  });
});

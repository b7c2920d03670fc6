import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQcReport, ProfileIdSchema, type DeliveryProfile, type ProfileId, type QcReport } from '../../../shared/delivery/index.ts';
import type { Asset, CutInput, Render, Version } from '../../../shared/domain/index.ts';
import { decodeTest, layoutFor, probeConformance } from '../../../shared/media/index.ts';
import { exportRenderFiles, freezeCut, measureDeliveredSound, renderVersion, type RenderDeps } from '../../../shared/render/index.ts';
import { probeFile } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { makeRenderFixture, type RenderFixture } from '../../helpers/render-fixture.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);

/**
 * QC of every delivery profile, rendered from one short cut. The broadcast profiles get a line-up
 * that matters: 2 s of bars with the −18 dBFS tone, 1 s slate, 1 s black before a 5.8 s programme,
 * so a meter that heard the tone would read some 2 LU too loud. Every report must pass, measured
 * over the programme; the figures are checked against ffmpeg's own meter run here.
 */
const LINE_UP = { barsSeconds: 2, slateSeconds: 1, blackSeconds: 1 };
const LEAD_FRAMES = 100;

function profileFor(id: ProfileId): DeliveryProfile {
  const profile = testProfile(id);
  return profile.extras.lineUp ? { ...profile, extras: { ...profile.extras, lineUp: LINE_UP } } : profile;
}

/** Integrated loudness of a stretch of a file by ffmpeg's meter, the programme's left and right merged from wherever they are. */
async function ebur128({
  file,
  startFrame,
  frames,
  monoTracks,
  pair = [0, 1],
}: {
  file: string;
  startFrame: number;
  frames: number;
  monoTracks: boolean;
  pair?: [number, number];
}): Promise<number> {
  const input = monoTracks ? `[0:a:${pair[0]}][0:a:${pair[1]}]amerge=inputs=2,pan=stereo|c0=c0|c1=c1` : '[0:a:0]anull';
  const graph = `${input},atrim=start=${startFrame / 25}:end=${(startFrame + frames) / 25},ebur128=peak=true[out]`;
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-filter_complex', graph, '-map', '[out]', '-f', 'null', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))?.[1]);
}

describe('QC of every profile, measured over the programme', () => {
  let fixture: RenderFixture;
  let dir: string;
  let deps: RenderDeps;
  let toolchain: string;
  let version: Version;
  const assets: Record<string, Asset> = {};
  const renders = new Map<ProfileId, { render: Render; report: QcReport; file: string }>();

  const cut = (): CutInput => ({
    schemaVersion: 1,
    projectId: 'dai-hoi-2026',
    id: 'kiem-tra-qc',
    title: 'Kiểm tra QC',
    kind: 'reportage',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', subtitle: 'Hải Phòng', duration: 25, transitionIn: { type: 'fade-from-black', frames: 10 } },
      { id: 'canh-1', type: 'clip', assetId: assets.camera!.id, in: 0, out: 2 },
      { id: 'canh-2', type: 'clip', assetId: assets.silent!.id, in: 0, out: 1.6, transitionIn: { type: 'dissolve', frames: 10 } },
      { id: 'anh-1', type: 'photo', assetId: assets.photo!.id, duration: 40, motion: 'zoom-in' },
    ],
    narration: [{ id: 'loi-binh', assetId: assets.narration!.id, at: '00:00:01:00', in: 0, out: 3 }],
    music: [
      { id: 'nhac', assetId: assets.music!.id, from: 0, to: 70, fadeInFrames: 10, fadeOutFrames: 10 },
      { id: 'nhac-2', assetId: assets.music!.id, from: 70, to: 145, fadeInFrames: 10, fadeOutFrames: 10 },
    ],
    subtitles: [{ id: 'c1', start: '00:00:01:05', end: '00:00:03:00', text: 'Liên hiệp hội hợp nhất\nậ ệ ộ ặ ẫ ỗ' }],
  });

  beforeAll(async () => {
    fixture = await makeRenderFixture({ prefix: 'reportage-qc-profiles-' });
    ({ dir, deps, toolchain } = fixture);
    Object.assign(assets, fixture.assets);
    ({ version } = await freezeCut({ deps, cut: cut() }));
    for (const id of ProfileIdSchema.options) {
      const render = await renderVersion({ deps, version, profile: profileFor(id), toolchain });
      const out = path.join(dir, 'out', id);
      await exportRenderFiles({ deps, render, outDir: out });
      const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as QcReport;
      const programme = render.files.find((f) => f.role === 'programme')!;
      renders.set(id, { render, report, file: path.join(out, programme.name) });
    }
  }, 600_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it.each(ProfileIdSchema.options)('passes QC on the %s profile, its loudness read over the programme only', async (id) => {
    const { render, report, file } = renders.get(id)!;
    const profile = profileFor(id);
    expect(version.durationFrames).toBe(145);
    expect(render.status).toBe('done');
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => [check.id, check.details.summary.en])).toEqual([]);
    expect(render.qc?.failed).toEqual([]);
    const lead = layoutFor({ profile, programmeFrames: version.durationFrames }).leadFrames;
    expect(report.programme.startFrame).toBe(lead);
    const mono = profile.audio.tracks.kind === 'mono-tracks';
    const measured = await ebur128({ file, startFrame: lead, frames: version.durationFrames, monoTracks: mono });
    expect(Math.abs(measured - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(report.loudness.measured!.integratedLufs - measured)).toBeLessThanOrEqual(0.1);
  });

  it('checks the broadcast line-up on its own row: bars, the tone at −18 dBFS on both channels, slate, black', () => {
    for (const id of ['broadcast', 'broadcast-mxf'] as const) {
      const { report } = renders.get(id)!;
      const lineUp = report.checks.find((check) => check.id === 'line-up')!;
      expect(lineUp.status).toBe('pass');
      expect(lineUp.details.table!.rows).toHaveLength(6);
      for (const key of ['toneLeftDbfs', 'toneRightDbfs']) expect(Math.abs(Number(lineUp.details.values[key]) + 18)).toBeLessThanOrEqual(0.2);
      for (const key of ['toneLeftHz', 'toneRightHz']) expect(Math.abs(Number(lineUp.details.values[key]) - 1000)).toBeLessThanOrEqual(10);
      expect(report.startTimecode).toBe('09:59:56:00');
      expect(report.programme.startTimecode).toBe('10:00:00:00');
    }
    for (const id of ['review', 'screening', 'web'] as const) expect(renders.get(id)!.report.checks.some((check) => check.id === 'line-up')).toBe(false);
  });

  it('reads the MXF as two mono tracks and measures them together, not the first alone', async () => {
    const { report, file } = renders.get('broadcast-mxf')!;
    const channels = report.checks.find((check) => check.id === 'conformance')!.details.values['audio-channels'];
    expect(channels).toBe('2 × mono');
    const audio = (await probeFile(file)).streams.filter((stream) => stream.codec_type === 'audio');
    expect(audio.map((stream) => stream.channels)).toEqual([1, 1]);
    // The first track alone reads ~3 LU low: the report's figure is the pair's.
    const pair = await ebur128({ file, startFrame: LEAD_FRAMES, frames: version.durationFrames, monoTracks: true });
    const { stderr } = await run('ffmpeg', [
      '-hide_banner',
      '-nostats',
      '-i',
      file,
      '-filter_complex',
      `[0:a:0]atrim=start=4,ebur128[out]`,
      '-map',
      '[out]',
      '-f',
      'null',
      '-',
    ]);
    const firstAlone = Number(/I:\s+(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))?.[1]);
    expect(pair - firstAlone).toBeGreaterThan(2);
    expect(Math.abs(report.loudness.measured!.integratedLufs - pair)).toBeLessThanOrEqual(0.1);
  });

  it('writes and measures an XDCAM file of four mono tracks with the programme on tracks 3 and 4', async () => {
    const base = profileFor('broadcast-mxf');
    const profile: DeliveryProfile = { ...base, audio: { ...base.audio, tracks: { kind: 'mono-tracks', count: 4, left: 2, right: 3 } } };
    const render = await renderVersion({ deps, version, profile, toolchain });
    const out = path.join(dir, 'out', 'mxf-4');
    await exportRenderFiles({ deps, render, outDir: out });
    const file = path.join(out, render.files.find((f) => f.role === 'programme')!.name);
    expect(render.qc?.failed).toEqual([]);
    const audio = (await probeFile(file)).streams.filter((stream) => stream.codec_type === 'audio');
    expect(audio.map((stream) => stream.channels)).toEqual([1, 1, 1, 1]);
    const peak = async (track: number) => {
      const { stderr } = await run('ffmpeg', [
        '-hide_banner',
        '-nostats',
        '-i',
        file,
        '-map',
        `0:a:${track}`,
        '-af',
        'astats=measure_overall=Peak_level:measure_perchannel=none',
        '-f',
        'null',
        '-',
      ]);
      return /Peak level dB:\s*(-?(?:inf|[\d.]+))/.exec(stderr)?.[1];
    };
    expect(await peak(0)).toBe('-inf');
    expect(await peak(1)).toBe('-inf');
    expect(Number(await peak(2))).toBeGreaterThan(-30);
    const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as QcReport;
    expect(report.checks.find((check) => check.id === 'conformance')!.details.values['audio-channels']).toBe('4 × mono');
    const measured = await ebur128({ file, startFrame: LEAD_FRAMES, frames: version.durationFrames, monoTracks: true, pair: [2, 3] });
    expect(Math.abs(measured - -23)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(report.loudness.measured!.integratedLufs - measured)).toBeLessThanOrEqual(0.1);
  });

  it("fails a programme mixed 3 dB hot behind a correct line-up, with the programme's own figure", async () => {
    const { file } = renders.get('broadcast')!;
    const profile = profileFor('broadcast');
    const hot = path.join(dir, 'hot.mp4');
    // The sound after the line-up raised by 3 dB; the line-up (first 4 s) untouched, the picture copied.
    await run('ffmpeg', [
      '-hide_banner',
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0',
      '-c:v',
      'copy',
      '-af',
      "volume=volume=3dB:enable='gte(t,4)'",
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-f',
      'mp4',
      hot,
    ]);
    const source = { url: hot, protocols: 'file', demuxer: 'mov' };
    const layout = layoutFor({ profile, programmeFrames: version.durationFrames });
    const { audio, lineUp } = await measureDeliveredSound({ source, tools: TEST_TOOLS, profile, layout });
    const conformance = await probeConformance({ source, tools: TEST_TOOLS, profile });
    const report = buildQcReport({
      file: { name: 'hot.mp4' },
      profile,
      conformance,
      durations: {
        programmeFrames: version.durationFrames,
        videoSeconds: conformance.readings.videoSeconds,
        audioSeconds: conformance.readings.audioSeconds,
        limits: { minFrames: 100, maxFrames: 500 },
      },
      picture: { fps: 25, startFrame: 0, frames: layout.totalFrames, black: [], freeze: [], flashes: [], flashRisk: [], luma: [] },
      audio,
      decode: await decodeTest({ source, tools: TEST_TOOLS }),
      subtitleViolations: [],
      lineUp,
      programmeStartFrame: layout.leadFrames,
    });
    const loudness = report.checks.find((check) => check.id === 'loudness')!;
    expect(loudness.status).toBe('fail');
    const expected = await ebur128({ file: hot, startFrame: LEAD_FRAMES, frames: version.durationFrames, monoTracks: false });
    expect(Math.abs(expected - -20)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(Number(loudness.details.values.integratedLufs) - expected)).toBeLessThanOrEqual(0.1);
    expect(loudness.details.summary.en).toContain(`Integrated ${Number(loudness.details.values.integratedLufs).toFixed(1)} LUFS is outside -23.0 ± 0.5`);
    // The line-up itself is still right, and the whole file (tone included) would read otherwise.
    expect(report.checks.find((check) => check.id === 'line-up')!.status).toBe('pass');
    const wholeFile = await ebur128({ file: hot, startFrame: 0, frames: layout.totalFrames, monoTracks: false });
    expect(Math.abs(wholeFile - expected)).toBeGreaterThan(0.3);
  });
});

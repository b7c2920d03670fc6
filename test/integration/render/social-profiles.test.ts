import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import type { DeliveryProfile, QcReport } from '../../../shared/delivery/index.ts';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { createProject, type Asset, type CutInput, type Project, type Render, type Version } from '../../../shared/domain/index.ts';
import { processIngest, submitUpload } from '../../../shared/ingest/index.ts';
import { describeToolchain, findFontFile, textSafeRect } from '../../../shared/media/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { createLocalRenderLauncher } from '../../../shared/render/launch/index.ts';
import { exportRenderFiles, freezeCut, renderVersion, type RenderDeps } from '../../../shared/render/index.ts';
import { startRender } from '../../../shared/review/start-render.ts';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { measureLoudness, regionLuma, testProfile } from '../../helpers/make-render-media.ts';
import { cached, ffmpeg } from '../../helpers/media-cache.ts';

/**
 * A 320×180 picture with two marks a crop can be told by: a white bar centred at 20 % of the
 * width and a light grey one at 80 %, on dark grey; a quiet 440 Hz tone. 3 s, 25p.
 */
function makeTwoBarsClip(): Promise<string> {
  const video =
    'color=c=0x303030:s=320x180:r=25:d=3,' + 'drawbox=x=48:y=0:w=32:h=180:color=white:t=fill,' + 'drawbox=x=240:y=0:w=32:h=180:color=0x909090:t=fill';
  const audio = 'sine=f=440:sample_rate=48000:d=3';
  const output = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '10', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'mp4'];
  return cached({
    namespace: 'social-profiles-v1',
    name: 'two-bars',
    recipe: { video, audio, output },
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio, ...output, out]),
  });
}

/** A black 320×180 clip with a tone: bright pixels on it can only be burned-in text. */
function makeDarkClip(): Promise<string> {
  const video = 'color=c=black:s=320x180:r=25:d=3';
  const audio = 'sine=f=330:sample_rate=48000:d=3';
  const output = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '10', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'mp4'];
  return cached({
    namespace: 'social-profiles-v1',
    name: 'dark',
    recipe: { video, audio, output },
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', audio, ...output, out]),
  });
}

/** The brightest luma in a band of rows (shares of the height) of one frame. */
function bandMaxLuma({ file, frame, top, bottom }: { file: string; frame: number; top: number; bottom: number }): Promise<number> {
  return regionLuma({ file, frame, x: 0, y: top, w: 1, h: bottom - top, stat: 'YMAX' });
}

/** The vertical profile at 180×320 (9:16), with bitrate enough that thin bars and text stay sharp. */
function smallSocialProfile(id: 'vertical' | 'square'): DeliveryProfile {
  const profile = testProfile(id);
  return { ...profile, video: { ...profile.video, bitrateKbps: 1500, maxrateKbps: 2000, bufsizeKbps: 4000 } };
}

/**
 * The social profiles end to end on the real local backend: a cut whose shots are framed for 9:16
 * (a still crop at 20 % and at 80 % of the width, a moving crop, a blurred fill), a title card and
 * a subtitle, rendered at 180×320 and 180×180. Where the bars land, where the subtitle's pixels
 * are, and the loudness are read back from the delivered file with ffmpeg, never from the code.
 */
describe('vertical and square delivery profiles', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let deps: RenderDeps;
  let toolchain: string;
  let project: Project;
  let version: Version;
  const assets: Record<string, Asset> = {};
  const vertical = smallSocialProfile('vertical');
  const square = smallSocialProfile('square');
  const renders: Record<'vertical' | 'square', { render: Render; file: string; report: QcReport; out: string }> = {} as never;

  // Programme frames: title 0–24, left crop 25–49, right crop 50–74, moving crop 75–124, blur fill 125–149, dark 150–174.
  const cut = (): CutInput => ({
    schemaVersion: 1,
    projectId: 'dai-hoi-2026',
    id: 'ban-doc',
    title: 'Bản dọc',
    kind: 'reportage',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật', subtitle: 'Hải Phòng, nhiệm kỳ 2026–2031', duration: 25 },
      { id: 'trai', type: 'clip', assetId: assets.bars!.id, in: 0, out: 1, reframe: { mode: 'crop', centre: [{ frame: 0, x: 0.2 }] } },
      { id: 'phai', type: 'clip', assetId: assets.bars!.id, in: 1, out: 2, reframe: { mode: 'crop', centre: [{ frame: 0, x: 0.8 }] } },
      {
        id: 'lia',
        type: 'clip',
        assetId: assets.bars!.id,
        in: 0,
        out: 2,
        reframe: {
          mode: 'crop',
          centre: [
            { frame: 0, x: 0.2 },
            { frame: 49, x: 0.8 },
          ],
        },
      },
      { id: 'mo-nen', type: 'clip', assetId: assets.bars!.id, in: 2, out: 3, reframe: { mode: 'blur-fill' } },
      { id: 'toi', type: 'clip', assetId: assets.dark!.id, in: 0, out: 1 },
    ],
    subtitles: [{ id: 'c1', start: 152, end: 172, text: 'Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng' }],
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-social-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    const fontFile = await findFontFile();
    deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 2 };
    toolchain = await describeToolchain({ tools: TEST_TOOLS, fontFile });
    project = { ...createProject({ now: new Date() }), targetLength: { minFrames: 100, maxFrames: 500 } };
    await backend.store.projects.create({ project });
    const files = { bars: await makeTwoBarsClip(), dark: await makeDarkClip() };
    for (const [name, file] of Object.entries(files)) {
      const { asset } = await submitUpload({
        deps: { ...deps, queue: backend.queue },
        projectId: 'dai-hoi-2026',
        body: createReadStream(file),
        originalName: `${name}.mp4`,
        metadata: { kind: 'footage' },
      });
      assets[name] = await processIngest({ deps: { ...deps, queue: backend.queue }, assetId: asset.id, attempt: 1, maxAttempts: 1 });
      expect(assets[name]?.status).toBe('ready');
    }
    ({ version } = await freezeCut({ deps, cut: cut() }));
    for (const profile of [vertical, square]) {
      const render = await renderVersion({ deps, version, profile, toolchain });
      const out = path.join(dir, 'out', profile.id);
      await exportRenderFiles({ deps, render, outDir: out });
      const programme = render.files.find((f) => f.role === 'programme')!;
      const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as QcReport;
      renders[profile.id as 'vertical' | 'square'] = { render, file: path.join(out, programme.name), report, out };
    }
  }, 300_000);
  afterAll(async () => {
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['vertical', 180, 320],
    ['square', 180, 180],
  ] as const)('delivers the %s version as %i×%i 25p H.264 High with AAC, every frame of the version, an SRT, and QC passing', async (id, width, height) => {
    const { render, file, report } = renders[id];
    expect(render.status).toBe('done');
    const probed = await probeFile(file);
    const video = videoStreamOf(probed)!;
    expect(video).toMatchObject({ codec_name: 'h264', profile: 'High', width, height, pix_fmt: 'yuv420p', r_frame_rate: '25/1' });
    expect(Number(video.nb_frames)).toBe(version.durationFrames);
    expect(audioStreamOf(probed)).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(render.files.map((f) => f.name)).toContain(`ban-doc_v${version.number}_${id}.srt`);
    // The sidecar keeps the cue as written: wrapping is for the burned picture only.
    expect(await readFile(path.join(renders[id].out, `ban-doc_v${version.number}_${id}.srt`), 'utf8')).toContain(
      'Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng',
    );
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => [check.id, check.details.summary.en])).toEqual([]);
  });

  it('frames each shot around the crop centre set for it, following a moving centre', async () => {
    const { file } = renders.vertical;
    // The middle column of the 9:16 frame shows what is at the crop's centre in the 16:9 source.
    const middle = (frame: number) => regionLuma({ file, frame, x: 0.42, y: 0.3, w: 0.16, h: 0.4 });
    const edges = async (frame: number) =>
      Math.max(await regionLuma({ file, frame, x: 0, y: 0.3, w: 0.15, h: 0.4 }), await regionLuma({ file, frame, x: 0.85, y: 0.3, w: 0.15, h: 0.4 }));
    // Centre at 20 %: the white bar fills the middle; at 80 %: the grey bar does.
    expect(await middle(37)).toBeGreaterThan(200);
    expect(await middle(62)).toBeGreaterThan(115);
    expect(await middle(62)).toBeLessThan(165);
    for (const frame of [37, 62]) expect(await edges(frame)).toBeLessThan(80);
    // The moving crop: white bar at its first frame, the background half way, the grey bar at its end.
    expect(await middle(75)).toBeGreaterThan(200);
    expect(await middle(100)).toBeLessThan(80);
    const end = await middle(124);
    expect(end).toBeGreaterThan(115);
    expect(end).toBeLessThan(165);
  });

  it('shows the whole picture across the width over a blurred fill that is not black', async () => {
    const { file } = renders.vertical;
    // The 16:9 picture is 180×102 in the middle of the frame (rows 108–210 of 320): both bars in view at their own places.
    expect(await regionLuma({ file, frame: 137, x: 0.16, y: 0.45, w: 0.08, h: 0.1 })).toBeGreaterThan(180);
    expect(await regionLuma({ file, frame: 137, x: 0.76, y: 0.45, w: 0.08, h: 0.1 })).toBeGreaterThan(110);
    expect(await regionLuma({ file, frame: 137, x: 0.4, y: 0.45, w: 0.2, h: 0.1 })).toBeLessThan(80);
    // Above and below it, the blurred copy: dimmed, but not black (16).
    expect(await regionLuma({ file, frame: 137, x: 0, y: 0.02, w: 1, h: 0.2 })).toBeGreaterThan(28);
    expect(await regionLuma({ file, frame: 137, x: 0, y: 0.78, w: 1, h: 0.2 })).toBeGreaterThan(28);
  });

  it('burns the subtitle inside the safe area: QC checked every text box the layout placed, and the pixels agree', async () => {
    const { file, report } = renders.vertical;
    const safeArea = report.checks.find((check) => check.id === 'safe-area')!;
    expect(safeArea.status).toBe('pass');
    // The title card and the subtitle were laid out and checked.
    expect(safeArea.details.values).toMatchObject({ boxes: 2, outside: 0 });
    const area = textSafeRect({ width: 180, height: 320, safeArea: DEFAULT_PROFILES.vertical.platform!.safeArea });
    expect(safeArea.details.values).toMatchObject({ left: area.left, top: area.top, right: area.right, bottom: area.bottom });
    // On the black shot, bright pixels are the subtitle's: between the top 14 % and the bottom 35 % only.
    const frame = 160;
    expect(await bandMaxLuma({ file, frame, top: 0.14, bottom: 0.65 })).toBeGreaterThan(200);
    expect(await bandMaxLuma({ file, frame, top: 0, bottom: 0.13 })).toBeLessThan(60);
    expect(await bandMaxLuma({ file, frame, top: 0.66, bottom: 1 })).toBeLessThan(60);
    // And clear of the 6 % at each side.
    expect(await regionLuma({ file, frame, x: 0, y: 0.14, w: 0.05, h: 0.51 })).toBeLessThan(20);
    expect(await regionLuma({ file, frame, x: 0.95, y: 0.14, w: 0.05, h: 0.51 })).toBeLessThan(20);
    // The title card's text stays inside the safe area too (its background is dark blue, the text white).
    expect(await bandMaxLuma({ file, frame: 12, top: 0.14, bottom: 0.65 })).toBeGreaterThan(200);
    expect(await bandMaxLuma({ file, frame: 12, top: 0.66, bottom: 1 })).toBeLessThan(100);
  });

  it('delivers the social loudness: −16 LUFS within 0.5 LU, true peak at or below −1 dBTP', async () => {
    const { integrated, truePeak } = await measureLoudness(renders.vertical.file);
    expect(Math.abs(integrated - -16)).toBeLessThanOrEqual(0.5);
    expect(truePeak).toBeLessThanOrEqual(-1);
  });

  it('refuses a version longer than the platform takes, naming both lengths, before any render is recorded', async () => {
    const profiles = { ...DEFAULT_PROFILES, vertical: { ...vertical, platform: { ...vertical.platform!, maxSeconds: 5 } } };
    const launcher = createLocalRenderLauncher({ deps, toolchain, profiles });
    const before = await backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: version.id });
    const admin = { role: 'admin' as const, label: 'reportage CLI', inviteId: null };
    const attempt = startRender({
      deps: { ...deps, workflow: backend.workflow, renders: launcher },
      project,
      version,
      profile: 'vertical',
      actor: admin,
      skipApproval: true,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'TOO_LONG_FOR_PLATFORM', status: 409 });
    await expect(attempt).rejects.toMatchObject({ messageVi: expect.stringContaining('tối đa 0:05; phiên bản v1 dài 0:07') });
    expect(await backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: version.id })).toHaveLength(before.length);
    await launcher.idle();
  });
});

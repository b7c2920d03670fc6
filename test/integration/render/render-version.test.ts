import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { framesToTimecode, type Asset, type CutInput, type Version } from '../../../shared/domain/index.ts';
import { exportRenderFiles, freezeCut, planRender, renderVersion, resolveVersion, type RenderDeps } from '../../../shared/render/index.ts';
import { probeFile, videoStreamOf, audioStreamOf } from '../../helpers/ffprobe.ts';
import { makeRenderFixture, type RenderFixture } from '../../helpers/render-fixture.ts';
import { measureLoudness, testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);

/**
 * The render use case end to end on the real local backend: ingest → cut → version → segments,
 * audio, join, mux → QC → package. Profiles at 320×180 keep it fast; the frame counts, durations,
 * loudness and checksums are read back with ffprobe and coreutils, never from the code under test.
 */
describe('renderVersion', () => {
  let fixture: RenderFixture;
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let deps: RenderDeps;
  let toolchain: string;
  const assets: Record<string, Asset> = {};
  const profile = testProfile('web');

  const cutWith = ({ photoFrames }: { photoFrames: number }): CutInput => ({
    schemaVersion: 1,
    projectId: 'dai-hoi-2026',
    id: 'thu-nghiem',
    title: 'Thử nghiệm',
    kind: 'highlights',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', subtitle: 'Hải Phòng', duration: 25, transitionIn: { type: 'fade-from-black', frames: 10 } },
      { id: 'canh-1', type: 'clip', assetId: assets.camera!.id, in: 0, out: 1.6 },
      { id: 'canh-2', type: 'clip', assetId: assets.silent!.id, in: 0, out: 1.6, transitionIn: { type: 'dissolve', frames: 10 } },
      { id: 'anh-1', type: 'photo', assetId: assets.photo!.id, duration: photoFrames, motion: 'zoom-in', fadeOutFrames: 10 },
    ],
    narration: [{ id: 'loi-binh', assetId: assets.narration!.id, at: '00:00:01:00', in: 0, out: 2 }],
    music: [
      { id: 'nhac', assetId: assets.music!.id, from: 0, to: 70, fadeInFrames: 10, fadeOutFrames: 10 },
      { id: 'nhac-2', assetId: assets.music!.id, from: 70, to: 25 + 70 + photoFrames, fadeInFrames: 10, fadeOutFrames: 10 },
    ],
    subtitles: [{ id: 'c1', start: '00:00:01:05', end: '00:00:03:00', text: 'Liên hiệp hội hợp nhất\nậ ệ ộ ặ ẫ ỗ' }],
  });

  beforeAll(async () => {
    fixture = await makeRenderFixture({ prefix: 'reportage-render-', targetLength: null });
    ({ dir, backend, deps, toolchain } = fixture);
    Object.assign(assets, fixture.assets);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('renders exactly the version’s frames, with sound as long as the picture, at the profile’s loudness', async () => {
    const { version } = await freezeCut({ deps, cut: cutWith({ photoFrames: 40 }) });
    expect(version.durationFrames).toBe(25 + 40 + 40 - 10 + 40);
    const render = await renderVersion({ deps, version, profile, toolchain });
    expect(render.status).toBe('done');

    const programme = render.files.find((f) => f.role === 'programme')!;
    const located = await backend.blobs.locate({ key: programme.key });
    const probed = await probeFile(located.path!);
    const video = videoStreamOf(probed)!;
    const audio = audioStreamOf(probed)!;
    expect(Number(video.nb_frames)).toBe(version.durationFrames);
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(Math.abs(Number(video.duration) - Number(audio.duration))).toBeLessThanOrEqual(0.04);

    // Loudness as ffmpeg's own meter reads the delivered file, not as the renderer says.
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', located.path!, '-map', '0:a', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
    const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))?.[1]);
    const peak = Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))?.[1]);
    expect(Math.abs(integrated - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
    expect(peak).toBeLessThanOrEqual(-1);
    // A 5-second highlights cut is far below its 1:00 minimum: QC must say so, and nothing else may fail.
    expect(render.qc?.failed).toEqual(['programme-length']);
    // Ingest wrote every sounding asset's sound beside its proxy: the render extracted none.
    for (const name of ['camera', 'narration', 'music']) expect(Object.keys(assets[name]!.derivatives)).toContain('sound');
    expect(assets.silent!.derivatives.sound).toBeUndefined();
    expect(await readdir(path.join(dir, 'blobs', 'cache', 'audio-sources')).catch(() => [])).toEqual([]);
  });

  it('extracts once the sound of a clip ingested before ingest wrote it, to the bytes ingest writes', async () => {
    const camera = (await backend.store.assets.get({ id: assets.camera!.id }))!;
    const { sound, ...others } = camera.derivatives;
    const older = await backend.store.assets.update({ asset: { ...camera, derivatives: others }, expectedRevision: camera.revision });
    try {
      // A cut no earlier test rendered, so its sound windows are mixed, not found in the cache.
      const { version } = await freezeCut({ deps, cut: { ...cutWith({ photoFrames: 44 }), id: 'tu-lieu-cu' } });
      expect((await renderVersion({ deps, version, profile, toolchain })).status).toBe('done');
      const extracted = await readdir(path.join(dir, 'blobs', 'cache', 'audio-sources'));
      expect(extracted).toHaveLength(1);
      const sha256 = async (file: string) => (await run('sha256sum', [file])).stdout.split(' ')[0];
      expect(await sha256(path.join(dir, 'blobs', 'cache', 'audio-sources', extracted[0]!))).toBe(
        await sha256((await backend.blobs.locate({ key: sound!.key })).path!),
      );
    } finally {
      await backend.store.assets.update({ asset: { ...older, derivatives: camera.derivatives }, expectedRevision: older.revision });
    }
  });

  it('delivers sidecars, a QC report and checksum files that verify with sha256sum and md5sum', async () => {
    const { version } = await freezeCut({ deps, cut: cutWith({ photoFrames: 40 }) });
    const [render] = await backend.store.renders.list({ projectId: 'dai-hoi-2026', versionId: version.id });
    const out = path.join(dir, 'out');
    await exportRenderFiles({ deps, render: render!, outDir: out });
    await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    await run('md5sum', ['-c', 'MD5SUMS'], { cwd: out });
    const vtt = await readFile(path.join(out, 'thu-nghiem_v1_web.vtt'), 'utf8');
    expect(vtt).toContain('ậ ệ ộ ặ ẫ ỗ');
    expect(vtt).toContain('00:00:01.200 --> 00:00:03.000');
    const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as { status: string; checks: { id: string }[] };
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['conformance', 'decode', 'loudness']));
    expect(await readFile(path.join(out, 'qc/report.html'), 'utf8')).toContain('<svg');
  });

  it('after one shot changes, renders that segment again and reuses the others byte for byte', async () => {
    const first = await freezeCut({ deps, cut: cutWith({ photoFrames: 40 }) });
    const second = await freezeCut({ deps, cut: cutWith({ photoFrames: 50 }) });
    expect(second.version.id).not.toBe(first.version.id);
    expect(second.version.number).toBe(first.version.number + 1);

    const planOf = async (version: typeof first.version) =>
      planRender({ spec: await resolveVersion({ deps, version, profile }), profile, versionNumber: version.number, toolchain });
    const before = await planOf(first.version);
    const hashes = new Map<string, string>();
    for (const segment of before.segments)
      hashes.set(segment.key, (await run('sha256sum', [(await backend.blobs.locate({ key: segment.key })).path!])).stdout.split(' ')[0]!);

    const render = await renderVersion({ deps, version: second.version, profile, toolchain });
    const after = await planOf(second.version);
    const unchanged = after.segments.filter((s) => hashes.has(s.key));
    expect(after.segments).toHaveLength(before.segments.length);
    expect(unchanged).toHaveLength(before.segments.length - 1);
    expect(render.progress.segmentsReused).toBe(before.segments.length - 1);
    for (const segment of unchanged) {
      const now = (await run('sha256sum', [(await backend.blobs.locate({ key: segment.key })).path!])).stdout.split(' ')[0];
      expect(now).toBe(hashes.get(segment.key));
    }
    const programme = render.files.find((f) => f.role === 'programme')!;
    const video = videoStreamOf(await probeFile((await backend.blobs.locate({ key: programme.key })).path!))!;
    expect(Number(video.nb_frames)).toBe(second.version.durationFrames);
  });

  it('after one shot changes, mixes again only the sound window that shot sounds in', async () => {
    // 63.4 s: a title, a photo held 60.8 s (one whole sound window), then a clip in the second window.
    const longCut = (clipIn: number): CutInput => ({
      ...cutWith({ photoFrames: 40 }),
      id: 'hai-cua-so',
      shots: [
        { id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', duration: 25 },
        { id: 'anh-dai', type: 'photo', assetId: assets.photo!.id, duration: 1520, motion: 'zoom-in' },
        { id: 'canh-cuoi', type: 'clip', assetId: assets.camera!.id, in: clipIn, out: clipIn + 1.6 },
      ],
      // The narration (1–3 s) sounds in the first window, the clip's own sound in the second.
      music: [],
      subtitles: [],
    });
    const windowFiles = async () => {
      const dirOf = path.join(dir, 'blobs', 'cache', 'audio-windows');
      const names = (await readdir(dirOf).catch(() => [])).filter((name) => !name.endsWith('.json'));
      return new Map(await Promise.all(names.map(async (name) => [name, (await run('sha256sum', [path.join(dirOf, name)])).stdout.split(' ')[0]!] as const)));
    };
    const planOf = async (version: Version) =>
      planRender({ spec: await resolveVersion({ deps, version, profile }), profile, versionNumber: version.number, toolchain });

    const first = (await freezeCut({ deps, cut: longCut(0) })).version;
    await renderVersion({ deps, version: first, profile, toolchain });
    const before = await windowFiles();
    const second = (await freezeCut({ deps, cut: longCut(0.4) })).version;
    const render = await renderVersion({ deps, version: second, profile, toolchain });
    const after = await windowFiles();

    const [planBefore, planAfter] = [await planOf(first), await planOf(second)];
    expect(planAfter.audioWindows).toHaveLength(2);
    expect(planAfter.audioWindows[0]!.key).toBe(planBefore.audioWindows[0]!.key);
    expect(planAfter.audioWindows[1]!.key).not.toBe(planBefore.audioWindows[1]!.key);
    // One window mixed again; the first is the same file, untouched.
    expect([...after.keys()].filter((name) => !before.has(name))).toHaveLength(1);
    const firstWindow = path.basename(planAfter.audioWindows[0]!.key);
    expect(after.get(firstWindow)).toBe(before.get(firstWindow));
    // And the programme is still at the profile's loudness, measured on the delivered file.
    const programme = render.files.find((f) => f.role === 'programme')!;
    const reading = await measureLoudness((await backend.blobs.locate({ key: programme.key })).path!);
    expect(Math.abs(reading.integrated - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
    expect(reading.truePeak).toBeLessThanOrEqual(profile.loudness.truePeakDbtp);
  });

  it('fails the decode test when a cached segment is damaged, naming where that segment starts', async () => {
    const { version } = await freezeCut({ deps, cut: cutWith({ photoFrames: 45 }) });
    const clean = await renderVersion({ deps, version, profile, toolchain });
    expect(clean.qc?.failed).not.toContain('decode');

    // Damage the clip's segment in the cache (as a torn write would) and drop what was made from it.
    const plan = planRender({ spec: await resolveVersion({ deps, version, profile }), profile, versionNumber: version.number, toolchain });
    const damaged = plan.segments.find((s) => s.spec.layers[0]?.visual.type === 'clip')!;
    const segmentPath = (await backend.blobs.locate({ key: damaged.key })).path!;
    // The second half of the first picture's slice data: the file's structure stays intact, its picture does not.
    const [pos, size] = (
      await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pos,size', '-of', 'csv=p=0', segmentPath])
    ).stdout
      .split('\n')[0]!
      .split(',')
      .map(Number) as [number, number];
    const bytes = await readFile(segmentPath);
    for (let i = pos + Math.floor(size / 2); i < pos + size - 16; i++) bytes[i] = (i * 7919) % 251;
    await writeFile(segmentPath, bytes);
    await backend.blobs.delete({ key: `${damaged.key}.decode.json` });
    const programmeDir = path.dirname((await backend.blobs.locate({ key: plan.programmeKey })).path!);
    for (const name of await readdir(programmeDir)) if (name.startsWith(path.basename(plan.programmeKey))) await rm(path.join(programmeDir, name));

    const again = await renderVersion({ deps, version, profile, toolchain });
    expect(again.qc?.failed).toContain('decode');
    const out = path.join(dir, 'damaged');
    await exportRenderFiles({ deps, render: again, outDir: out });
    const report = JSON.parse(await readFile(path.join(out, 'qc/report.json'), 'utf8')) as {
      checks: { id: string; details: { table: { rows: { cells: string[] }[] } | null } }[];
    };
    const lines = report.checks.find((c) => c.id === 'decode')?.details.table?.rows.map((r) => r.cells[0]) ?? [];
    expect(lines.some((line) => line?.startsWith(`segment at ${framesToTimecode({ frames: damaged.spec.startFrame })}`))).toBe(true);
  });

  it('refuses a cut naming an unknown asset, listing the shot', async () => {
    const cut = cutWith({ photoFrames: 40 });
    cut.shots![1] = { id: 'canh-1', type: 'clip', assetId: 'khong-co', in: 0, out: 1 };
    await expect(freezeCut({ deps, cut })).rejects.toMatchObject({ code: 'INVALID_CUT', message: expect.stringContaining('canh-1') });
  });
});

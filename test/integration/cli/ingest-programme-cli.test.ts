import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { describeToolchain, findFontFile } from '../../../shared/media/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { renderVersion } from '../../../shared/render/index.ts';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS, makeHlsDisguisedAsMp4, makeRandomBytes } from '../../helpers/make-media.ts';
import { PROGRAMME_FRAMES, PROGRAMME_SRT, REVISED_RANGE, makeProgramme } from '../../helpers/make-programme-media.ts';
import { measureLoudness, testProfile } from '../../helpers/make-render-media.ts';
import { jsonLines, makeTempDir, runCli } from './cli-helpers.ts';

/**
 * `reportage ingest FILE --kind programme --cut C`: a partner studio's finished programme (here
 * 320×180 flagged interlaced TFF, 5.1 in six channels, with an SRT) becomes the cut's next version,
 * is conformed by a delivery profile like any version, and a revised programme gets exactly the
 * range that differs marked changed.
 */
describe('reportage ingest --kind programme (versions from file)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  const files: Record<string, string> = {};
  const CUT = 'phong-su-doi-tac';

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('programme'));
    env = { REPORTAGE_DATA_DIR: path.join(dir, 'data') };
    files.first = path.join(dir, 'Phóng sự Đại hội - bản 1.mov');
    files.revised = path.join(dir, 'Phóng sự Đại hội - bản 2.mov');
    files.srt = path.join(dir, 'phụ đề.srt');
    files.random = path.join(dir, 'ban-cuoi.mxf');
    files.playlist = path.join(dir, 'ban-cuoi.mp4');
    await copyFile(await makeProgramme(), files.first);
    await copyFile(await makeProgramme({ revised: true }), files.revised);
    await writeFile(files.srt, PROGRAMME_SRT);
    await copyFile(await makeRandomBytes(), files.random);
    await copyFile(await makeHlsDisguisedAsMp4(), files.playlist);
  });
  afterAll(async () => {
    await cleanup();
  });

  it('makes the finished programme the cut’s next version and prints it as render does', async () => {
    const result = await runCli({ args: ['ingest', files.first!, '--kind', 'programme', '--cut', CUT, '--subtitles', files.srt!, '--json'], env });
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(1);
    const { version } = lines[0]!;
    expect(version).toMatchObject({ number: 1, cutId: CUT, durationFrames: PROGRAMME_FRAMES, duration: '00:00:08:00', lengthOk: false, changedRanges: null });
    expect(version.id).toMatch(/^[0-9a-f]{64}$/);
    expect(version.origin).toMatchObject({ type: 'file', assetId: lines[0]!.asset.id, subtitleAssetId: lines[0]!.subtitles.id, audioLayout: '5.1' });
    expect(version.origin.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['PROGRAMME_INTERLACED', 'PROGRAMME_CHANNELS', 'PROGRAMME_SCALED']),
    );
  });

  it('is conformed by the web profile: its size, 25p progressive, stereo at −16 LUFS, the SRT’s subtitles', async () => {
    const backend = createLocalBackend({ dataDir: env.REPORTAGE_DATA_DIR!, maxAttempts: 1 });
    try {
      const [version] = await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: CUT });
      expect(version?.origin?.type).toBe('file');
      const fontFile = await findFontFile();
      const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 1 };
      const profile = testProfile('web');
      const render = await renderVersion({ deps, version: version!, profile, toolchain: await describeToolchain({ tools: TEST_TOOLS, fontFile }) });
      expect(render.status).toBe('done');
      // An 8-second programme is far from a reportage's 12–15 minutes: QC says so, and nothing else fails.
      expect(render.qc?.failed).toEqual(['programme-length']);

      const pathOf = async (role: string) => (await backend.blobs.locate({ key: render.files.find((f) => f.role === role)!.key })).path!;
      const programme = await pathOf('programme');
      const probed = await probeFile(programme);
      const video = videoStreamOf(probed)!;
      const audio = audioStreamOf(probed)!;
      expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180, r_frame_rate: '25/1' });
      expect(video.field_order ?? 'progressive').toBe('progressive');
      expect(Number(video.nb_frames)).toBe(PROGRAMME_FRAMES);
      expect(audio).toMatchObject({ channels: 2 });
      const loudness = await measureLoudness(programme);
      expect(Math.abs(loudness.integrated - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
      // The SRT given with the programme: its cues beside the file (and burned in, as every web render burns the version's cues).
      expect(await readFile(await pathOf('srt'), 'utf8')).toContain('Chương trình hoàn chỉnh');
      expect(await readFile(await pathOf('vtt'), 'utf8')).toContain('Từ đối tác sản xuất');
    } finally {
      await backend.close();
    }
  });

  it('is conformed by the broadcast profile: interlaced TFF kept field by field, a line-up before 10:00:00:00, stereo at −23 LUFS', async () => {
    const backend = createLocalBackend({ dataDir: env.REPORTAGE_DATA_DIR!, maxAttempts: 1 });
    try {
      const [version] = await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: CUT });
      const fontFile = await findFontFile();
      const deps = { ...backend, clock: systemClock, log: silentLogger, tools: TEST_TOOLS, scratchDir: path.join(dir, 'scratch'), fontFile, concurrency: 1 };
      const base = testProfile('broadcast');
      const lineUp = { barsSeconds: 2, slateSeconds: 1, blackSeconds: 1 };
      const profile = { ...base, extras: { ...base.extras, lineUp } };
      const render = await renderVersion({ deps, version: version!, profile, toolchain: await describeToolchain({ tools: TEST_TOOLS, fontFile }) });
      expect(render.status).toBe('done');
      expect(render.qc?.failed).toEqual(['programme-length']);
      const programme = (await backend.blobs.locate({ key: render.files.find((f) => f.role === 'programme')!.key })).path!;
      const probed = await probeFile(programme);
      const video = videoStreamOf(probed)!;
      expect(video).toMatchObject({ width: 320, height: 180, r_frame_rate: '25/1', field_order: 'tt' });
      expect(Number(video.nb_frames)).toBe(4 * 25 + PROGRAMME_FRAMES);
      expect(audioStreamOf(probed)).toMatchObject({ channels: 2 });
      expect(render.qc?.loudness?.integratedLufs).toBeCloseTo(-23, 0);
      expect(render.files.map((f) => f.role)).toContain('srt');
    } finally {
      await backend.close();
    }
  });

  it('marks exactly the range a revised programme changed, and nothing else', async () => {
    // The SRT given as a second file this time, as an editor drags both in.
    const result = await runCli({ args: ['ingest', files.revised!, files.srt!, '--kind', 'programme', '--cut', CUT, '--json'], env });
    expect(result.code, result.stderr).toBe(0);
    const { version } = jsonLines(result.stdout)[0]!;
    expect(version.number).toBe(2);
    expect(version.changedRanges).toHaveLength(1);
    const [range] = version.changedRanges;
    expect(Math.abs(range.startFrame - REVISED_RANGE.startFrame)).toBeLessThanOrEqual(25);
    expect(Math.abs(range.endFrame - REVISED_RANGE.endFrame)).toBeLessThanOrEqual(25);
  });

  it('refuses a hostile file with its stable code and makes no version of it', async () => {
    for (const [file, code] of [
      [files.random!, 'NOT_MEDIA'],
      [files.playlist!, 'PLAYLIST_REJECTED'],
    ] as const) {
      const result = await runCli({ args: ['ingest', file, '--kind', 'programme', '--cut', CUT, '--json'], env });
      expect(result.code).toBe(2);
      const [line] = jsonLines(result.stdout);
      expect(line?.error.code).toBe(code);
      expect(line?.version).toBeUndefined();
    }
    const backend = createLocalBackend({ dataDir: env.REPORTAGE_DATA_DIR!, maxAttempts: 1 });
    try {
      expect((await backend.store.versions.list({ projectId: 'dai-hoi-2026', cutId: CUT })).map((v) => v.number).sort()).toEqual([1, 2]);
    } finally {
      await backend.close();
    }
  });

  it('asks for the cut when a programme is ingested without one', async () => {
    const result = await runCli({ args: ['ingest', files.first!, '--kind', 'programme', '--json'], env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PROGRAMME_NEEDS_CUT');
  });
});

import { copyFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCameraClip, makeEmptyFile, makeHlsDisguisedAsMp4, makePhoneClip, makeWav, PLAYLIST_TARGET } from '../../helpers/make-media.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { encodeWindows1258 } from '../../helpers/windows-1258.ts';
import { jsonLines, makeTempDir, runCli } from './cli-helpers.ts';

/** The `reportage ingest` contract that scripts rely on: JSON lines, exit codes, duplicates. */
describe('reportage ingest (CLI contract)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('cli'));
    env = { REPORTAGE_DATA_DIR: path.join(dir, 'data') };
    // Names as contributors send them: Vietnamese, one typed in NFD (as macOS writes names).
    files.camera = path.join(dir, 'Lễ khai mạc.mp4');
    files.phone = path.join(dir, 'Phỏng vấn điện thoại.mov'.normalize('NFD'));
    files.playlist = path.join(dir, 'holiday.mp4');
    files.empty = path.join(dir, 'trống.mp4');
    files.subtitles = path.join(dir, 'phụ đề.srt');
    files.wav = path.join(dir, 'lời bình.wav');
    await copyFile(await makeCameraClip(), files.camera);
    await copyFile(await makePhoneClip(), files.phone);
    await copyFile(await makeHlsDisguisedAsMp4(), files.playlist);
    await copyFile(await makeEmptyFile(), files.empty);
    await copyFile(await makeWav(), files.wav);
    const srt = '1\r\n00:00:01,000 --> 00:00:03,500\r\nLiên hiệp các Hội Khoa học và Kỹ thuật\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\nậ ệ ộ ặ ẫ ỗ\r\n';
    await writeFile(files.subtitles, encodeWindows1258(srt));
  });
  afterAll(async () => cleanup());

  it('prints one JSON object per file, in order, and exits 2 when any file is rejected', async () => {
    const result = await runCli({
      args: ['ingest', files.camera!, files.phone!, files.playlist!, files.empty!, files.subtitles!, '--json', '--organisation', 'Hội Tin học'],
      env,
    });
    expect(result.code, result.stderr).toBe(2);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.file)).toEqual([files.camera, files.phone, files.playlist, files.empty, files.subtitles]);

    const [camera, phone, playlist, empty, subtitles] = lines;
    expect(camera?.asset).toMatchObject({ kind: 'footage', status: 'ready', organisation: 'Hội Tin học' });
    expect(camera?.asset.probe.video).toMatchObject({ width: 1920, height: 1080 });
    const proxy = await probeFile(camera?.asset.derivatives.proxy.path);
    expect(videoStreamOf(proxy)).toMatchObject({ codec_name: 'h264', width: 960, height: 540 });
    expect((await stat(camera?.asset.derivatives.poster.path)).size).toBeGreaterThan(0);
    expect(camera?.asset.loudness.integratedLufs).toBeLessThan(-10);

    // The name is display text, normalised to NFC; the upright phone clip stays upright.
    expect(phone?.asset.originalName).toBe('Phỏng vấn điện thoại.mov'.normalize('NFC'));
    const phoneProxy = videoStreamOf(await probeFile(phone?.asset.derivatives.proxy.path));
    expect(phoneProxy?.height ?? 0).toBeGreaterThan(phoneProxy?.width ?? Infinity);

    expect(playlist?.error.code).toBe('PLAYLIST_REJECTED');
    expect(JSON.stringify(playlist)).not.toContain(PLAYLIST_TARGET);
    expect(empty?.error.code).toBe('EMPTY_FILE');
    expect(empty?.error.messageVi.length).toBeGreaterThan(0);

    expect(subtitles?.asset).toMatchObject({ kind: 'subtitle', status: 'ready' });
    expect(subtitles?.asset.warnings.map((w: { code: string }) => w.code)).toContain('SUBTITLE_LEGACY_ENCODING');
  });

  it('reports the same bytes again as the existing asset, stored once, and exits 0', async () => {
    const first = JSON.parse((await runCli({ args: ['assets', '--json'], env })).stdout) as { id: string; originalName: string }[];
    const camera = first.find((a) => a.originalName === 'Lễ khai mạc.mp4');
    const copy = path.join(dir, 'bản sao.mp4');
    await copyFile(files.camera!, copy);
    const result = await runCli({ args: ['ingest', copy, '--json'], env });
    expect(result.code, result.stderr).toBe(0);
    const [line] = jsonLines(result.stdout);
    expect(line?.duplicate).toBe(true);
    expect(line?.asset.id).toBe(camera?.id);
  });

  it('decodes a Windows-1258 subtitle file to NFC and stores clean UTF-8 SRT', async () => {
    const assets = JSON.parse((await runCli({ args: ['assets', '--json', '--kind', 'subtitle'], env })).stdout) as { derivatives: { srt: { path: string } } }[];
    expect(assets).toHaveLength(1);
    const { readFile } = await import('node:fs/promises');
    const srt = await readFile(assets[0]!.derivatives.srt.path, 'utf8');
    expect(srt).toContain('Liên hiệp các Hội Khoa học và Kỹ thuật'.normalize('NFC'));
    expect(srt).toContain('ậ ệ ộ ặ ẫ ỗ'.normalize('NFC'));
    expect(srt).toBe(srt.normalize('NFC'));
  });

  it('refuses a narration file offered as an interview, with KIND_MISMATCH', async () => {
    const result = await runCli({ args: ['ingest', files.wav!, '--kind', 'interview', '--json'], env });
    expect(result.code).toBe(2);
    expect(jsonLines(result.stdout)[0]?.error.code).toBe('KIND_MISMATCH');
  });

  it('reports a file that does not exist without stopping the others', async () => {
    const result = await runCli({ args: ['ingest', path.join(dir, 'không có.mp4'), files.camera!, '--json'], env });
    expect(result.code).toBe(2);
    const lines = jsonLines(result.stdout);
    expect(lines[0]?.error.code).toBe('FILE_NOT_READABLE');
    expect(lines[1]?.asset.status).toBe('ready');
  });

  it('refuses an unknown theme before storing anything, naming the field', async () => {
    const result = await runCli({ args: ['ingest', files.camera!, '--theme', 'khong-co', '--json'], env });
    expect(result.code).toBe(2);
    expect(jsonLines(result.stdout)[0]?.error.code).toBe('UNKNOWN_THEME');
  });

  it('lists the library, rejected uploads included, as a JSON array', async () => {
    const result = await runCli({ args: ['assets', '--json'], env });
    expect(result.code).toBe(0);
    const assets = JSON.parse(result.stdout) as { status: string }[];
    expect(assets.filter((a) => a.status === 'ready')).toHaveLength(3);
    expect(assets.filter((a) => a.status === 'rejected').length).toBeGreaterThanOrEqual(3);
  });

  it('fails fast naming a bad environment variable', async () => {
    const result = await runCli({ args: ['assets'], env: { ...env, REPORTAGE_JOB_MAX_ATTEMPTS: 'zero' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('REPORTAGE_JOB_MAX_ATTEMPTS');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

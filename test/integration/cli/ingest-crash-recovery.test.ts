import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffmpeg, ffprobeJson, jsonLines, makeTempDir, runCli, startCli } from './cli-helpers.ts';
import { INGEST_DERIVE_VERSION } from '../../../shared/ingest/process-ingest.ts';

/** Command lines of running processes that mention `folder` (pgrep exits 1 when none do). */
async function ffmpegProcessesWriting(folder: string): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('pgrep', ['-a', '-f', folder]);
    return stdout.split('\n').filter((line) => line.includes('ffmpeg'));
  } catch {
    return [];
  }
}

/**
 * Kill -9 in the middle of an ingest, start again: the job is delivered again after its
 * visibility timeout and completes; no half-written file is ever visible; nothing is lost.
 */
describe('ingest survives kill -9', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let clip: string;
  let dataDir: string;
  const env = () => ({ REPORTAGE_DATA_DIR: dataDir, REPORTAGE_JOB_VISIBILITY_SECONDS: '2', REPORTAGE_WORKERS: '1' });

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('crash'));
    dataDir = path.join(dir, 'data');
    clip = path.join(dir, 'Lễ khai mạc.mp4');
    // Long enough at 1080p that the proxy pass is still running when the process is killed.
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1920x1080:rate=25:duration=20',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=20',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      clip,
    ]);
  });
  afterAll(async () => cleanup());

  it('completes the interrupted job in the next worker, with the original stored once and intact', async () => {
    const child = startCli({ args: ['ingest', clip, '--json'], env: env() });
    const scratch = path.join(dataDir, 'scratch');
    // Wait until ffmpeg has started writing derivatives for the first attempt.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const entries = await readdir(scratch).catch(() => [] as string[]);
      const attempt = entries.find((e) => e.endsWith('-1'));
      if (attempt && (await readdir(path.join(scratch, attempt)).catch(() => [] as string[])).length > 0) break;
      await sleep(50);
    }
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // ffmpeg was started under setpriv --pdeathsig: it dies with the worker, no orphan keeps encoding.
    await sleep(500);
    expect(await ffmpegProcessesWriting(scratch)).toEqual([]);

    // Nothing half-written is visible: the original is complete, no derivative manifest exists yet.
    const bytes = await readFile(clip);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const original = path.join(dataDir, 'blobs/originals', sha256);
    expect((await stat(original)).size).toBe(bytes.length);
    const derived = await readdir(path.join(dataDir, 'blobs/derived', sha256, INGEST_DERIVE_VERSION)).catch(() => [] as string[]);
    expect(derived).not.toContain('manifest.json');

    // A worker started afterwards finds the job again once its visibility timeout (2 s) has run out.
    await sleep(2500);
    const worker = await runCli({ args: ['worker', '--until-idle'], env: env() });
    expect(worker.code, worker.stderr).toBe(0);
    const [afterWorker] = JSON.parse((await runCli({ args: ['assets', '--json'], env: env() })).stdout);
    expect(afterWorker.status).toBe('ready');

    // Ingesting the same file again reports the finished asset; nothing is processed twice.
    const again = await runCli({ args: ['ingest', clip, '--json'], env: env() });
    expect(again.code, again.stderr).toBe(0);
    const [line] = jsonLines(again.stdout);
    expect(line?.duplicate).toBe(true);
    expect(line?.asset.status).toBe('ready');
    expect(line?.asset.original.sha256).toBe(sha256);

    const proxy = await ffprobeJson(line?.asset.derivatives.proxy.path);
    const video = proxy.streams.find((s: any) => s.codec_type === 'video');
    expect(Number(video.nb_read_frames)).toBe(500);
    expect(video.height).toBeLessThanOrEqual(540);

    // Stored once: one original, and the library holds one asset.
    expect(await readdir(path.join(dataDir, 'blobs/originals'))).toEqual([sha256]);
    const assets = JSON.parse((await runCli({ args: ['assets', '--json'], env: env() })).stdout);
    expect(assets).toHaveLength(1);

    // The first attempt's job record shows the redelivery.
    const jobs = JSON.parse((await runCli({ args: ['jobs', '--json'], env: env() })).stdout);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].state).toBe('done');
    expect(jobs[0].attempts).toBe(2);
  });
});

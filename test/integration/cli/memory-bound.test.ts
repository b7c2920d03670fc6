import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfprobe } from '../../../shared/media/index.ts';
import { runCli } from './cli-helpers.ts';

/**
 * ffmpeg never runs without its memory bound: with no `prlimit` on PATH, the CLI stops at start-up
 * with a plain message (and a non-zero exit), and the door to ffmpeg refuses to spawn anything.
 */
describe('a machine without prlimit', () => {
  let bin: string;
  let dataDir: string;
  beforeAll(async () => {
    bin = await mkdtemp(path.join(os.tmpdir(), 'reportage-noprlimit-'));
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-noprlimit-data-'));
    // ffmpeg and ffprobe are there; prlimit (util-linux) is not.
    for (const tool of ['ffmpeg', 'ffprobe']) await symlink(`/usr/bin/${tool}`, path.join(bin, tool));
  });
  afterAll(async () => {
    await rm(bin, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops the CLI at start-up, naming prlimit and util-linux', async () => {
    const result = await runCli({ args: ['assets', '--json'], env: { PATH: bin, REPORTAGE_DATA_DIR: dataDir, REPORTAGE_LOG_LEVEL: 'error' } });
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/prlimit \(util-linux\) was not found/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses to spawn ffprobe without its memory bound', async () => {
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      const tools = { ffmpegPath: path.join(bin, 'ffmpeg'), ffprobePath: path.join(bin, 'ffprobe'), timeoutSeconds: 10, memoryMb: 1024 };
      await expect(runFfprobe({ args: ['-version'], tools })).rejects.toMatchObject({ code: 'MEMORY_BOUND_UNAVAILABLE' });
    } finally {
      process.env.PATH = saved;
    }
  });
});

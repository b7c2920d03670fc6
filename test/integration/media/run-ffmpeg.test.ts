import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegFailedError, FfmpegKilledError, FfmpegNotFoundError, buildInputArgs, runFfmpeg, runFfprobe } from '../../../shared/media/index.ts';
import { TEST_TOOLS, localSource } from '../../helpers/make-media.ts';
import { probeFile } from '../../helpers/ffprobe.ts';

const endless = ['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25', '-f', 'null', '-'];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ffmpegPidsWith(marker: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('runFfmpeg (the door to ffmpeg)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-door-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs ffmpeg and reports progress in seconds up to the output duration', async () => {
    const out = path.join(dir, 'two-seconds.mp4');
    const seen: number[] = [];
    const result = await runFfmpeg({
      args: ['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4', out],
      tools: TEST_TOOLS,
      onProgress: ({ seconds }) => seen.push(seconds),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(result.outTimeSeconds).toBeCloseTo(2, 1);
    expect(Number((await probeFile(out)).format.duration)).toBeCloseTo(2, 1);
  });

  it('kills the process group after the timeout with a retryable FFMPEG_TIMEOUT', async () => {
    const marker = `timeout-${process.pid}-${Date.now()}`;
    const started = Date.now();
    const error = await runFfmpeg({ args: [...endless.slice(0, -1), '-metadata', `comment=${marker}`, '-'], tools: TEST_TOOLS, timeoutSeconds: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FfmpegKilledError);
    expect(error).toMatchObject({ code: 'FFMPEG_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ffmpegPidsWith(marker).filter(isRunning)).toEqual([]);
  });

  it('stops on an abort signal with a retryable FFMPEG_KILLED', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await runFfmpeg({ args: endless, tools: TEST_TOOLS, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FFMPEG_KILLED', retryable: true, reason: 'cancelled' });
  });

  it('classifies running out of the memory bound as a retryable FFMPEG_KILLED', async () => {
    const error = await runFfmpeg({
      args: ['-f', 'lavfi', '-i', 'testsrc2=s=3840x2160:d=1', '-c:v', 'libx264', '-preset', 'medium', '-f', 'null', '-'],
      tools: { ...TEST_TOOLS, memoryMb: 450 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FFMPEG_KILLED', retryable: true, reason: 'out-of-memory' });
  });

  it('says FFMPEG_NOT_FOUND, fatal, and points to the setup script when ffmpeg is missing', async () => {
    const error = await runFfmpeg({ args: endless, tools: { ...TEST_TOOLS, ffmpegPath: '/nonexistent/ffmpeg' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegNotFoundError);
    expect(error).toMatchObject({ code: 'FFMPEG_NOT_FOUND', retryable: false });
    expect((error as Error).message).toContain('setup script');
  });

  it('carries the last error lines of a failed run in details, with input paths hidden', async () => {
    const secretPath = path.join(dir, 'no-such-original');
    const error = await runFfmpeg({
      args: [...buildInputArgs({ source: { ...localSource(secretPath), demuxer: 'mov' } }), '-f', 'null', '-'],
      tools: TEST_TOOLS,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegFailedError);
    const failed = error as FfmpegFailedError;
    expect(failed).toMatchObject({ code: 'FFMPEG_FAILED', retryable: false });
    expect(failed.stderrTail.join('\n')).toMatch(/No such file or directory/);
    expect(JSON.stringify({ message: failed.message, messageVi: failed.messageVi, details: failed.details })).not.toContain(secretPath);
  });

  it('runs ffprobe through the same door and returns its output', async () => {
    const out = path.join(dir, 'probe-me.mp4');
    await runFfmpeg({
      args: ['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4', out],
      tools: TEST_TOOLS,
    });
    const { stdout } = await runFfprobe({
      args: ['-print_format', 'json', '-show_format', ...buildInputArgs({ source: localSource(out) })],
      tools: TEST_TOOLS,
    });
    expect(JSON.parse(stdout).format.format_name).toContain('mp4');
  });
});

import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { loadConfig } from '../../../shared/config.ts';
import { DEFAULT_PROJECT_ID, createProject, type AssetKind } from '../../../shared/domain/index.ts';
import { processIngest, submitUpload } from '../../../shared/ingest/index.ts';
import type { MediaLimits, MediaTools } from '../../../shared/media/index.ts';
import { systemClock } from '../../../shared/ports/index.ts';
import { cached, ffmpeg } from '../../helpers/media-cache.ts';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createJobHandlers, runWorker } from '../../../shared/jobs/index.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { makeWebHarness, type Client, type WebHarness } from '../web/web-harness.ts';

/**
 * Media bombs through ingest (the job `reportage serve` and the worker run), with real ffmpeg on
 * generated files: each is refused with its code from the header or the probe, before anything is
 * decoded. ffmpeg and ffprobe run through logging wrappers, so the test sees which tools ran: no
 * ffmpeg at all (nothing derived, nothing decoded), and for the PNG not even ffprobe.
 */

/** A 16000×16000 grey PNG: ~280 KB on disk, 256 megapixels decoded. */
const makePngBomb = () =>
  cached({
    namespace: 'media-bombs-v1',
    name: 'png-bomb',
    recipe: 'color=c=gray:s=16000x16000,format=gray',
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=16000x16000,format=gray', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', out]),
  });
/** 30 s of 32×32 picture at 5 fps: tiny, and over a duration limit set to 10 s. */
const makeLongClip = () =>
  cached({
    namespace: 'media-bombs-v1',
    name: 'long-clip',
    recipe: 'color=black:s=32x32:r=5 30s',
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'color=black:s=32x32:r=5', '-t', '30', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4', out]),
  });
/** Four sound streams of 2 s. */
const makeManyStreams = () =>
  cached({
    namespace: 'media-bombs-v1',
    name: 'four-streams',
    recipe: 'anullsrc x4',
    build: (out) =>
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=48000:cl=stereo',
        '-t',
        '2',
        ...['0', '0', '0', '0'].flatMap((i) => ['-map', `${i}:a`]),
        '-c:a',
        'aac',
        '-f',
        'mp4',
        out,
      ]),
  });
/** A 320×180 clip of 2 s, a normal file. */
const makeSmallClip = () =>
  cached({
    namespace: 'media-bombs-v1',
    name: 'small-clip',
    recipe: 'testsrc2 320x180 2s',
    build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4', out]),
  });

describe('media bombs through ingest', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let tools: MediaTools;
  let toolLog: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-bombs-'));
    toolLog = path.join(dir, 'tools.log');
    await writeFile(toolLog, '');
    const wrap = async (name: string) => {
      const file = path.join(dir, `logged-${name}`);
      await writeFile(file, `#!/bin/sh\necho "${name}" >> "${toolLog}"\nexec ${name} "$@"\n`);
      await chmod(file, 0o755);
      return file;
    };
    tools = { ffmpegPath: await wrap('ffmpeg'), ffprobePath: await wrap('ffprobe'), timeoutSeconds: 120, memoryMb: 8192 };
    backend = createLocalBackend({ dataDir: path.join(dir, 'data'), maxAttempts: 3 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  }, 120_000);
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Uploads the file as a contributor would and runs its ingest job; returns the asset and the tools that ran. */
  const ingest = async ({ file, kind, limits }: { file: string; kind: AssetKind; limits: MediaLimits }) => {
    await writeFile(toolLog, '');
    const { asset } = await submitUpload({
      deps: { ...backend, clock: systemClock },
      projectId: DEFAULT_PROJECT_ID,
      body: createReadStream(file),
      originalName: path.basename(file),
      metadata: { kind },
    });
    const done = await processIngest({
      deps: { ...backend, clock: systemClock, log: silentLogger, tools, mediaLimits: limits, scratchDir: path.join(dir, 'scratch') },
      assetId: asset.id,
      attempt: 1,
      maxAttempts: 3,
    });
    const ran = (await readFile(toolLog, 'utf8')).split('\n').filter(Boolean);
    return { done, ran };
  };

  /** The limits as `loadConfig` parses them from the environment. */
  const limitsFrom = (env: Record<string, string> = {}) => loadConfig({ env }).mediaLimits;

  it('refuses a 16000×16000 grey PNG (small on disk, 256 megapixels) as PICTURE_TOO_LARGE from its header: neither ffprobe nor ffmpeg runs', async () => {
    const bomb = await makePngBomb();
    expect((await stat(bomb)).size).toBeLessThan(1024 * 1024);
    const { done, ran } = await ingest({ file: bomb, kind: 'photo', limits: limitsFrom() });
    expect(done.status).toBe('rejected');
    expect(done.error).toMatchObject({ code: 'PICTURE_TOO_LARGE' });
    expect(done.error?.message).toContain('16000×16000');
    expect(done.error?.messageVi).toContain('Ảnh quá lớn');
    expect(done.derivatives).toEqual({});
    expect(ran).toEqual([]);
  });

  it('refuses a video longer than REPORTAGE_MAX_DURATION_SECONDS as TOO_LONG from the probe: ffprobe runs, ffmpeg never', async () => {
    const { done, ran } = await ingest({ file: await makeLongClip(), kind: 'footage', limits: limitsFrom({ REPORTAGE_MAX_DURATION_SECONDS: '10' }) });
    expect(done.status).toBe('rejected');
    expect(done.error).toMatchObject({ code: 'TOO_LONG' });
    expect(done.error?.message).toContain('0:00:10');
    expect(ran).toEqual(['ffprobe']);
  });

  it('refuses video frames over REPORTAGE_MAX_VIDEO_PIXELS and files with more streams than REPORTAGE_MAX_STREAMS, before any decode', async () => {
    const frames = await ingest({ file: await makeSmallClip(), kind: 'footage', limits: limitsFrom({ REPORTAGE_MAX_VIDEO_PIXELS: String(160 * 90) }) });
    expect(frames.done.error).toMatchObject({ code: 'PICTURE_TOO_LARGE' });
    expect(frames.done.error?.messageVi).toContain('Khung hình video quá lớn');
    expect(frames.ran).toEqual(['ffprobe']);
    const streams = await ingest({ file: await makeManyStreams(), kind: 'music', limits: limitsFrom({ REPORTAGE_MAX_STREAMS: '3' }) });
    expect(streams.done.error).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    expect(streams.ran).toEqual(['ffprobe']);
  });

  it('accepts a small clip under the default limits (8K frames, 4 h, 16 streams)', async () => {
    // Other bytes than the clip refused above (the same bytes would be the same, rejected, asset).
    const clip = await cached({
      namespace: 'media-bombs-v1',
      name: 'small-clip-3s',
      recipe: 'testsrc2 320x180 3s',
      build: (out) => ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25', '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4', out]),
    });
    const { done, ran } = await ingest({ file: clip, kind: 'footage', limits: limitsFrom() });
    expect(done.status, JSON.stringify(done.error)).toBe('ready');
    expect(ran).toContain('ffmpeg');
  });
});

/** The same bombs sent as a contributor's browser sends them: over HTTP on 127.0.0.1, in parts, then the worker's ingest job. */
describe('media bombs uploaded over HTTP', () => {
  let h: WebHarness;
  let server: ServerType;
  let base = '';
  let contributor: Client;
  beforeAll(async () => {
    h = await makeWebHarness();
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve(started);
      });
    });
    contributor = await h.signIn({ role: 'contributor', label: 'Hội Nhiếp ảnh' });
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  const upload = async ({ file, kind }: { file: string; kind: AssetKind }) => {
    const headers = { cookie: contributor.cookie, 'x-csrf-token': contributor.csrf, 'content-type': 'application/json', origin: base };
    const bytes = await readFile(file);
    const created = await fetch(`${base}/api/projects/${DEFAULT_PROJECT_ID}/uploads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ filename: path.basename(file), sizeBytes: bytes.length, metadata: { kind } }),
    });
    expect(created.status).toBe(201);
    const { uploadId } = (await created.json()) as { uploadId: string };
    const { url } = (await (await fetch(`${base}/api/projects/${DEFAULT_PROJECT_ID}/uploads/${uploadId}/parts/1`, { headers })).json()) as { url: string };
    const put = await fetch(`${base}${url}`, { method: 'PUT', body: bytes, headers: { origin: base } });
    expect(put.status).toBe(200);
    const done = await fetch(`${base}/api/projects/${DEFAULT_PROJECT_ID}/uploads/${uploadId}/complete`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ parts: [{ partNumber: 1, etag: put.headers.get('etag') }] }),
    });
    expect(done.status).toBe(202);
    // Stored in the background (moved into the originals, asset recorded, ingest job queued): wait for it, as the page polls.
    for (let tries = 0; ; tries += 1) {
      const { uploads } = (await (await fetch(`${base}/api/projects/${DEFAULT_PROJECT_ID}/uploads`, { headers })).json()) as {
        uploads: { uploadId: string; state: string }[];
      };
      const state = uploads.find((u) => u.uploadId === uploadId)?.state;
      if (state === 'completed') break;
      if (state !== 'storing' || tries > 200) throw new Error(`upload ${uploadId} is ${state ?? 'missing'}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return uploadId;
  };

  it("rejects the PNG bomb and an over-long clip with their codes, shown on the contributor's list of uploads", async () => {
    const png = await upload({ file: await makePngBomb(), kind: 'photo' });
    const long = await upload({ file: await makeLongClip(), kind: 'footage' });
    const mediaLimits = loadConfig({ env: { REPORTAGE_MAX_DURATION_SECONDS: '10' } }).mediaLimits;
    await runWorker({
      queue: h.backend.queue,
      handlers: createJobHandlers({
        deps: { ...h.backend, clock: h.clock, log: silentLogger, tools: TEST_TOOLS, mediaLimits, scratchDir: path.join(h.dir, 'scratch') },
      }),
      log: silentLogger,
      maxAttempts: 3,
      stopWhenIdle: true,
      waitSeconds: 0,
    });
    const headers = { cookie: contributor.cookie };
    const { uploads } = (await (await fetch(`${base}/api/projects/${DEFAULT_PROJECT_ID}/uploads`, { headers })).json()) as {
      uploads: { uploadId: string; asset: { status: string; error: { code: string; messageVi: string } | null } }[];
    };
    const byId = new Map(uploads.map((u) => [u.uploadId, u.asset]));
    expect(byId.get(png)).toMatchObject({ status: 'rejected', error: { code: 'PICTURE_TOO_LARGE' } });
    expect(byId.get(long)).toMatchObject({ status: 'rejected', error: { code: 'TOO_LONG' } });
    expect(byId.get(long)?.error?.messageVi).toContain('0:00:30');
  });
});

/**
 * `npm run bench:ingest [-- --minutes N] [-- --json]`: ingests a generated N-minute (default 10)
 * 1080p25 clip through the real use case (store, hash, probe, proxy, poster, thumbnails,
 * loudness) and prints speed as a multiple of real time and the Node process's peak RSS.
 * The source is generated once and cached under data/bench/.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalBackend } from '../shared/adapters/local/index.ts';
import { silentLogger } from '../shared/adapters/log/json-logger.ts';
import { loadConfig } from '../shared/config.ts';
import { createProject } from '../shared/domain/index.ts';
import { processIngest, submitUpload } from '../shared/ingest/index.ts';
import { runFfmpeg } from '../shared/media/index.ts';
import { systemClock } from '../shared/ports/index.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } });
const minutes = Number(values.minutes);
const config = loadConfig();
const benchDir = path.resolve('data/bench');
const source = path.join(benchDir, `camera-1080p25-${minutes}min.mp4`);

async function ensureSource(): Promise<void> {
  try {
    if ((await stat(source)).size > 0) return;
  } catch {
    // generate below
  }
  await mkdir(benchDir, { recursive: true });
  const seconds = String(minutes * 60);
  process.stderr.write(`generating ${source} (${minutes} min 1080p25, once) …\n`);
  const partial = `${source}.partial.mp4`;
  await runFfmpeg({
    tools: config.ffmpeg,
    args: [
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1920x1080:rate=25:duration=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-ac',
      '2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-b:v',
      '12M',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '25',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-f',
      'mp4',
      partial,
    ],
  });
  await (await import('node:fs/promises')).rename(partial, source);
}

await ensureSource();
const dataDir = path.join(os.tmpdir(), `reportage-bench-ingest-${process.pid}`);
const backend = createLocalBackend({ dataDir, maxAttempts: 1 });
try {
  const deps = { ...backend, clock: systemClock, log: silentLogger, tools: config.ffmpeg, scratchDir: path.join(dataDir, 'scratch') };
  await backend.store.projects.create({ project: createProject({ id: 'bench', now: new Date() }) });
  const started = process.hrtime.bigint();
  const { asset } = await submitUpload({ deps, projectId: 'bench', body: createReadStream(source), originalName: path.basename(source) });
  const uploadedAt = process.hrtime.bigint();
  const done = await processIngest({ deps, assetId: asset.id, attempt: 1, maxAttempts: 1 });
  const finished = process.hrtime.bigint();
  if (done.status !== 'ready') throw new Error(`bench asset ended ${done.status}: ${JSON.stringify(done.error)}`);
  const seconds = Number(finished - started) / 1e9;
  const media = done.probe?.durationSeconds ?? minutes * 60;
  const result = {
    bench: 'ingest',
    sourceMinutes: minutes,
    sourceBytes: asset.original.sizeBytes,
    wallSeconds: Number(seconds.toFixed(2)),
    storeAndHashSeconds: Number((Number(uploadedAt - started) / 1e9).toFixed(2)),
    speedVsRealTime: Number((media / seconds).toFixed(2)),
    peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    cores: os.cpus().length,
  };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
}

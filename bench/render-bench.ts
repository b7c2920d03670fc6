/**
 * `npm run bench:render -- [--minutes N] [--json]`: builds an N-minute programme (default 13) from
 * generated 1080p sources, cut the way TV reportage is cut (the demo's cut: shots of 4–8 s,
 * interviews of 10–30 s, narration over most of it, a music bed), and measures in one run:
 *
 * - reviewSpeed: programme seconds per second of the review render (from the proxies);
 * - masterVsNaive: the first 1080p master render (screening profile) divided by one hand-written
 *   ffmpeg command over the same sources (one filter graph, the same encoder settings);
 * - incrementalRatio: the re-render after one shot changed, divided by the first master render;
 * - criticalPathSeconds: the longest segment job + the audio job + join + mux: the wall time if
 *   every segment ran on its own machine (what the serverless render time is predicted from);
 * - peakRssMB: the Node process's peak resident memory.
 *
 * The sources and their ingest are cached under data/bench/; every render cache is emptied first.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalBackend } from '../shared/adapters/local/index.ts';
import { silentLogger } from '../shared/adapters/log/json-logger.ts';
import { loadConfig } from '../shared/config.ts';
import { buildDemoCut, type DemoAssets } from '../shared/demo/build-demo-cut.ts';
import { makeSampleMedia } from '../shared/demo/make-sample-media.ts';
import { DEFAULT_PROFILES } from '../shared/delivery/profiles.ts';
import { createProject, type Asset, type CutInput } from '../shared/domain/index.ts';
import { processIngest, submitUpload } from '../shared/ingest/index.ts';
import { buildVideoEncoderArgs, describeToolchain, findFontFile, runFfmpeg } from '../shared/media/index.ts';
import { systemClock } from '../shared/ports/index.ts';
import { freezeCut, planRender, renderVersion, resolveVersion, type RenderDeps } from '../shared/render/index.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '13' }, json: { type: 'boolean', default: false } } });
const minutes = Number(values.minutes);
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};
const config = loadConfig();
const benchDir = path.resolve('data/bench');
const dataDir = path.join(benchDir, 'render-data');
const backend = createLocalBackend({ dataDir, maxAttempts: 1 });
const fontFile = await findFontFile({ fontFile: config.fontFile });
const deps: RenderDeps = { ...backend, clock: systemClock, log: silentLogger, tools: config.ffmpeg, scratchDir: path.join(dataDir, 'scratch'), fontFile, concurrency: config.workers };
const toolchain = await describeToolchain({ tools: config.ffmpeg, fontFile });
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

try {
  if ((await backend.store.projects.get({ id: 'bench' })) === null) await backend.store.projects.create({ project: createProject({ id: 'bench', now: new Date() }) });
  log('sources: generating and ingesting (cached after the first run) …');
  const samples = await makeSampleMedia({ outDir: path.join(benchDir, 'sources'), tools: config.ffmpeg, fontFile });
  const byFile = new Map<string, Asset>();
  for (const { path: file, sample } of samples) {
    const { asset } = await submitUpload({
      deps: { ...deps, queue: backend.queue },
      projectId: 'bench',
      body: createReadStream(file),
      originalName: sample.file,
      metadata: { kind: sample.kind, ...(sample.theme ? { theme: sample.theme } : {}), ...(sample.speaker ? { speaker: sample.speaker } : {}) },
    });
    byFile.set(sample.file, asset.status === 'ready' ? asset : await processIngest({ deps: { ...deps, queue: backend.queue }, assetId: asset.id, attempt: 1, maxAttempts: 1 }));
  }
  const of = (kind: string) => samples.filter((s) => s.sample.kind === kind).map((s) => ({ theme: s.sample.theme, asset: byFile.get(s.sample.file)! }));
  const assets: DemoAssets = {
    footage: Object.fromEntries(of('footage').map((f) => [f.theme, f.asset])),
    photos: Object.fromEntries(of('photo').map((f) => [f.theme, f.asset])),
    interviews: of('interview').map((f) => f.asset),
    narration: of('voiceover')[0]!.asset,
    music: of('music')[0]!.asset,
    transcript: { clip: byFile.get('phong-van-chu-tich.mp4')!, subtitles: of('subtitle')[0]!.asset },
  };
  const cut = buildDemoCut({ projectId: 'bench', minutes, assets });
  const { version } = await freezeCut({ deps, cut });
  const programmeSeconds = version.durationFrames / 25;
  await rm(path.join(dataDir, 'blobs', 'cache'), { recursive: true, force: true });

  log(`review render of ${(programmeSeconds / 60).toFixed(1)} min …`);
  let started = process.hrtime.bigint();
  await renderVersion({ deps, version, profile: DEFAULT_PROFILES.review, toolchain });
  const reviewSeconds = seconds(started);

  log('first 1080p master render (screening profile) …');
  started = process.hrtime.bigint();
  const master = await renderVersion({ deps, version, profile: DEFAULT_PROFILES.screening, toolchain });
  const masterSeconds = seconds(started);
  const t = master.timings;
  const criticalPathSeconds = (t.longestSegmentSeconds ?? 0) + (t.audioSeconds ?? 0) + (t.joinSeconds ?? 0) + (t.muxSeconds ?? 0);

  log('one hand-written ffmpeg command over the same sources …');
  const naiveSeconds = await runNaive({ version });

  log('re-render after one shot changed …');
  const changed = changeOneShot({ cut });
  const v2 = (await freezeCut({ deps, cut: changed })).version;
  started = process.hrtime.bigint();
  const again = await renderVersion({ deps, version: v2, profile: DEFAULT_PROFILES.screening, toolchain });
  const incrementalSeconds = seconds(started);

  const result = {
    bench: 'render',
    minutes: Number((programmeSeconds / 60).toFixed(2)),
    shots: cut.shots?.length ?? 0,
    segments: master.progress.segmentsTotal,
    reviewSeconds: round(reviewSeconds),
    reviewSpeed: round(programmeSeconds / reviewSeconds),
    masterSeconds: round(masterSeconds),
    naiveSeconds: round(naiveSeconds),
    masterVsNaive: round(masterSeconds / naiveSeconds),
    incrementalSeconds: round(incrementalSeconds),
    incrementalRatio: round(incrementalSeconds / masterSeconds),
    segmentsReused: again.progress.segmentsReused,
    criticalPathSeconds: round(criticalPathSeconds),
    masterTimings: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v)])),
    peakRssMB: round(process.resourceUsage().maxRSS / 1024),
    cores: os.cpus().length,
  };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await backend.close();
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

/** The same cut with one clip in the middle showing another part of its source (same length, so nothing else moves). */
function changeOneShot({ cut }: { cut: CutInput }): CutInput {
  const shots = [...(cut.shots ?? [])];
  const index = shots.findIndex((shot, i) => i > shots.length / 2 && shot.type === 'clip' && (shot.transitionIn === undefined || shot.transitionIn.type === 'cut') && shots[i + 1]?.transitionIn?.type !== 'dissolve');
  const shot = shots[index];
  if (shot?.type === 'clip') {
    const shift = Number(shot.in) >= 0.4 ? -0.4 : 0.4;
    shots[index] = { ...shot, in: Number(shot.in) + shift, out: Number(shot.out) + shift };
  }
  return { ...cut, shots };
}

/**
 * The baseline: one ffmpeg command, one filter graph — every shot an input seeked to its in
 * point, scaled and padded to 1080p, concatenated, with the programme's normalised mix as sound —
 * encoded with the master's settings. (Dissolves are cut, photos held still: the baseline does less.)
 */
async function runNaive({ version }: { version: Awaited<ReturnType<typeof freezeCut>>['version'] }): Promise<number> {
  const profile = DEFAULT_PROFILES.screening;
  const spec = await resolveVersion({ deps, version, profile });
  const inputs: string[] = [];
  const chains: string[] = [];
  for (const [i, segment] of spec.segments.entries()) {
    const visual = segment.layers[0].visual;
    const d = (segment.frames / 25).toFixed(3);
    if (visual.type === 'clip') {
      const input = await backend.blobs.mediaInput({ key: visual.source.key });
      const start = (visual.inSeconds.num / visual.inSeconds.den).toFixed(3);
      inputs.push('-protocol_whitelist', 'file', '-f', visual.source.demuxer, '-ss', start, '-t', d, '-i', input.url);
    } else if (visual.type === 'photo') {
      const input = await backend.blobs.mediaInput({ key: visual.source.key });
      inputs.push('-f', 'image2', '-loop', '1', '-framerate', '25', '-t', d, '-i', input.url);
    } else {
      inputs.push('-f', 'lavfi', '-t', d, '-i', 'color=c=0x102030:s=1920x1080:r=25');
    }
    chains.push(`[${i}:v]fps=25,scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,trim=end_frame=${segment.frames}[v${i}]`);
  }
  await mkdir(path.join(dataDir, 'scratch'), { recursive: true });
  // The normalised mix of the master render above, so the baseline does not pay for the sound twice.
  const plan = planRender({ spec, profile, versionNumber: version.number, toolchain });
  const audioInput = (await backend.blobs.head({ key: plan.audioMixKey })) === null ? null : (await backend.blobs.mediaInput({ key: plan.audioMixKey })).url;
  const n = spec.segments.length;
  const graph = `${chains.join(';')};${spec.segments.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[v]`;
  const out = path.join(dataDir, 'scratch', 'naive.mp4');
  const started = process.hrtime.bigint();
  await runFfmpeg({
    tools: { ...config.ffmpeg, timeoutSeconds: 4 * 3600 },
    args: [
      ...inputs,
      ...(audioInput ? ['-protocol_whitelist', 'file', '-f', 'wav', '-i', audioInput] : []),
      '-filter_complex', graph,
      '-map', '[v]', ...(audioInput ? ['-map', `${n}:a`, '-c:a', 'aac', '-b:a', `${profile.audio.bitrateKbps}k`] : []),
      ...buildVideoEncoderArgs({ video: profile.video, threads: os.cpus().length }),
      '-movflags', '+faststart', '-f', 'mp4', out,
    ],
  });
  const elapsed = seconds(started);
  await rm(out, { force: true });
  return elapsed;
}

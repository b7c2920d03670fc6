/**
 * `npm run bench:render -- [--minutes N] [--json]`: builds an N-minute programme (default 13) from
 * generated 1080p sources, cut the way TV reportage is cut (the demo's cut: shots of 4–8 s,
 * interviews of 10–30 s, narration over most of it, a music bed, the organiser's logo), and
 * measures in one run:
 *
 * - reviewSpeed: programme seconds per second of the review render (from the proxies);
 * - masterVsNaive: the first 1080p master render (screening profile) divided by one hand-written
 *   ffmpeg command doing the same picture work in one filter graph (the segments' own filter
 *   chains joined with `concat`), with the same encoder settings on every core;
 * - incrementalRatio: the re-render after one shot changed, divided by the first master render;
 * - criticalPathSeconds: the longest segment job + the audio job + the mux: the wall time if
 *   every segment ran on its own machine (what the serverless render time is predicted from);
 * - peakRssMB: the Node process's peak resident memory.
 *
 * "Render" is the time until the delivered file exists (segments, audio, mux); QC and
 * packaging are reported beside it (`…WithQc…`), since the baseline does no QC.
 * The sources and their ingest are cached under data/bench/; every render cache is emptied first.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalBackend } from '../shared/adapters/local/index.ts';
import { silentLogger } from '../shared/adapters/log/json-logger.ts';
import { loadConfig } from '../shared/config.ts';
import { buildDemoCut, demoAssets } from '../shared/demo/build-demo-cut.ts';
import { makeSampleMedia } from '../shared/demo/make-sample-media.ts';
import { DEFAULT_PROFILES } from '../shared/domain/delivery-profiles.ts';
import { createProject, type Asset, type CutInput } from '../shared/domain/index.ts';
import { processIngest, submitUpload } from '../shared/ingest/index.ts';
import {
  buildAudioEncoderArgs,
  buildSegmentArgs,
  buildVideoEncoderArgs,
  findBoldSibling,
  mergeSegmentArgs,
  ownWavInputs,
  readFontInfo,
  resolveToolchain,
  runFfmpeg,
  writeFiles,
} from '../shared/media/index.ts';
import { systemClock } from '../shared/ports/index.ts';
import { freezeCut, limitedMixKeyOf, planRender, renderVersion, resolveVersion, sourceResolver, type RenderDeps } from '../shared/render/index.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '13' }, json: { type: 'boolean', default: false } } });
const minutes = Number(values.minutes);
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};
const config = loadConfig();
const benchDir = path.resolve('data/bench');
const dataDir = path.join(benchDir, 'render-data');
const backend = createLocalBackend({ dataDir, maxAttempts: 1 });
const { fontFile, toolchain } = await resolveToolchain({ tools: config.ffmpeg, fontFile: config.fontFile });
const deps: RenderDeps = {
  ...backend,
  clock: systemClock,
  log: silentLogger,
  tools: config.ffmpeg,
  scratchDir: path.join(dataDir, 'scratch'),
  fontFile,
  concurrency: config.workers,
};
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

try {
  if ((await backend.store.projects.get({ id: 'bench' })) === null)
    await backend.store.projects.create({ project: createProject({ id: 'bench', now: new Date() }) });
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
    byFile.set(
      sample.file,
      asset.status === 'ready' ? asset : await processIngest({ deps: { ...deps, queue: backend.queue }, assetId: asset.id, attempt: 1, maxAttempts: 1 }),
    );
  }
  const assets = demoAssets({ samples, byFile });
  const cut = buildDemoCut({ projectId: 'bench', minutes, assets });
  const { version } = await freezeCut({ deps, cut });
  const programmeSeconds = version.durationFrames / 25;
  await rm(path.join(dataDir, 'blobs', 'cache'), { recursive: true, force: true });

  log(`review render of ${(programmeSeconds / 60).toFixed(1)} min …`);
  let started = process.hrtime.bigint();
  const review = await renderVersion({ deps, version, profile: DEFAULT_PROFILES.review, toolchain });
  const reviewSeconds = seconds(started);

  log('first 1080p master render (screening profile) …');
  started = process.hrtime.bigint();
  const master = await renderVersion({ deps, version, profile: DEFAULT_PROFILES.screening, toolchain });
  const masterSeconds = seconds(started);
  const t = master.timings;
  const criticalPathSeconds = (t.longestSegmentSeconds ?? 0) + (t.audioSeconds ?? 0) + (t.muxSeconds ?? 0);
  // The render proper: until the delivered file exists. QC (and packaging) is reported beside it.
  const renderOf = (r: typeof master) => (r.timings.jobsSeconds ?? 0) + (r.timings.muxSeconds ?? 0);

  log('one hand-written ffmpeg command over the same sources …');
  const naiveSeconds = await runNaive({ version });

  log('re-render after one shot changed …');
  const changed = changeOneShot({ cut });
  const v2 = (await freezeCut({ deps, cut: changed })).version;
  started = process.hrtime.bigint();
  const again = await renderVersion({ deps, version: v2, profile: DEFAULT_PROFILES.screening, toolchain });
  const incrementalSeconds = seconds(started);

  const masterRender = renderOf(master);
  const againRender = renderOf(again);
  const reviewRender = renderOf(review);
  const result = {
    bench: 'render',
    minutes: Number((programmeSeconds / 60).toFixed(2)),
    shots: cut.shots?.length ?? 0,
    segments: master.progress.segmentsTotal,
    // The goals' figures: renders until the delivered file exists (segments, audio, mux).
    reviewSpeed: round(programmeSeconds / reviewRender),
    masterVsNaive: round(masterRender / naiveSeconds),
    incrementalRatio: round(againRender / masterRender),
    criticalPathSeconds: round(criticalPathSeconds),
    peakRssMB: round(process.resourceUsage().maxRSS / 1024),
    // The same renders with QC and packaging included (what `reportage render` takes end to end).
    reviewSeconds: round(reviewRender),
    reviewWithQcSeconds: round(reviewSeconds),
    reviewSpeedWithQc: round(programmeSeconds / reviewSeconds),
    masterSeconds: round(masterRender),
    masterWithQcSeconds: round(masterSeconds),
    naiveSeconds: round(naiveSeconds),
    incrementalSeconds: round(againRender),
    incrementalWithQcSeconds: round(incrementalSeconds),
    incrementalRatioWithQc: round(incrementalSeconds / masterSeconds),
    segmentsReused: again.progress.segmentsReused,
    masterTimings: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v)])),
    incrementalTimings: Object.fromEntries(Object.entries(again.timings).map(([k, v]) => [k, round(v)])),
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
  const index = shots.findIndex(
    (shot, i) =>
      i > shots.length / 2 &&
      shot.type === 'clip' &&
      (shot.transitionIn === undefined || shot.transitionIn.type === 'cut') &&
      shots[i + 1]?.transitionIn?.type !== 'dissolve',
  );
  const shot = shots[index];
  if (shot?.type === 'clip') {
    const shift = Number(shot.in) >= 0.4 ? -0.4 : 0.4;
    shots[index] = { ...shot, in: Number(shot.in) + shift, out: Number(shot.out) + shift };
  }
  return { ...cut, shots };
}

/**
 * The baseline: one hand-written ffmpeg command, one filter graph. Every segment's own filter
 * chain (the same conform, photo motion, dissolves, titles, lower thirds and burned subtitles the
 * segments run, from `buildSegmentArgs`) becomes a branch of one graph, the branches are joined
 * with the `concat` filter, the programme's normalised mix is the sound, and all of it is encoded
 * once with the master's settings on every core. Same picture, same work: the ratio measures
 * what segmenting costs or saves, nothing else.
 */
async function runNaive({ version }: { version: Awaited<ReturnType<typeof freezeCut>>['version'] }): Promise<number> {
  const profile = DEFAULT_PROFILES.screening;
  const spec = await resolveVersion({ deps, version, profile });
  const scratch = path.join(dataDir, 'scratch', 'naive');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const boldFontFile = await findBoldSibling({ fontFile });
  const { family } = await readFontInfo({ fontFile });
  const resolveSource = sourceResolver({ deps });
  const built = [];
  for (const [i, segment] of spec.segments.entries()) {
    const sources = await Promise.all(segment.layers.map((layer) => ('source' in layer.visual ? resolveSource(layer.visual.source) : Promise.resolve(null))));
    const workDir = path.join(scratch, `s${i}`);
    const logoSource = segment.logo ? await resolveSource(segment.logo.source) : null;
    const args = buildSegmentArgs({
      spec: segment,
      profile,
      sources,
      logoSource,
      fontFile,
      boldFontFile,
      fontFamily: family,
      versionNumber: version.number,
      programmeStartFrame: 0,
      workDir,
      outPath: path.join(workDir, 'unused.mp4'),
    });
    await writeFiles({ files: args.files });
    for (const link of args.links) {
      await mkdir(path.dirname(link.path), { recursive: true });
      await symlink(link.target, link.path);
    }
    built.push(args);
  }
  // Each segment's graph becomes a branch of one graph (inputs shifted, labels prefixed), as a batch of segments is rendered.
  const merged = mergeSegmentArgs({ segments: built });
  const inputs = merged.inputs;
  const inputCount = inputs.filter((arg) => arg === '-i').length;
  // The mix of the master render above with its loudness gain, so the baseline does not pay for the mix twice.
  const plan = planRender({ spec, profile, versionNumber: version.number, toolchain });
  const decision = JSON.parse(readFileSync((await backend.blobs.locate({ key: `${plan.audioMixKey}.json` })).path!, 'utf8')) as {
    gainDb: number;
    limited: boolean;
  };
  const mixKeys = decision.limited ? [limitedMixKeyOf(plan.audioMixKey)] : plan.audioWindows.map((w) => w.key);
  const mix = ownWavInputs({ paths: await Promise.all(mixKeys.map(async (key) => (await backend.blobs.mediaInput({ key })).url)), firstInput: inputCount });
  const n = spec.segments.length;
  const graph = `${merged.graph};${spec.segments.map((_, i) => `[s${i}_vout]`).join('')}concat=n=${n}:v=1:a=0[v];${mix.head}volume=${decision.gainDb}dB:precision=double[a]`;
  const out = path.join(scratch, 'naive.mp4');
  const started = process.hrtime.bigint();
  await runFfmpeg({
    // One process holds every input open at once: give it the memory a person running it would.
    tools: { ...config.ffmpeg, timeoutSeconds: 4 * 3600, memoryMb: 20_000 },
    args: [
      ...inputs,
      ...mix.args,
      '-filter_complex',
      graph,
      '-map',
      '[v]',
      '-map',
      '[a]',
      ...buildAudioEncoderArgs({ audio: profile.audio }),
      '-frames:v',
      String(spec.durationFrames),
      ...buildVideoEncoderArgs({ video: profile.video, threads: os.cpus().length }),
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      out,
    ],
  });
  const elapsed = seconds(started);
  await rm(scratch, { recursive: true, force: true });
  return elapsed;
}

/**
 * `npm run bench:news -- [--json] [--seconds 120]`: the same-day news item, end to end on the
 * local backend, timed step by step:
 *
 * - ingest: five generated 1080p25 clips, 36 s each (three minutes of material), and a music
 *   bed, stored, probed and given proxies, thumbnails and loudness as an upload would be (two at a
 *   time, as `serve`'s two workers do);
 * - cut: a news cut started from its template (opening card with the day, closing card with the
 *   Union's name), filled with 16 shots to the item's length, a music bed under it and subtitles, frozen into v1 and
 *   approved (sent to review, then the chain's stages signed by the admin, whose QC override
 *   stands in for the review render this bench does not time);
 * - web, vertical: the web MP4 and the 9:16 Facebook version, QC included;
 * - stream: the clean streaming master and its HLS ladder (1080p copied, 720p/480p/360p
 *   encoded), QC included; `ladderSeconds` is the ladder's part of it;
 * - publish: the public folder written and the publication recorded.
 *
 * `ladderVsNaive`: the ladder's seconds ÷ one hand-written ffmpeg command making the same four
 * renditions from the same master with the same encoder settings (`buildNaiveLadderArgs`: every
 * rung encoded, the 1080p one too), run here on the master just made.
 *
 * The last line is `{"totalSeconds":…, "steps":{…}, "ladderVsNaive":…, …}`. Goal: totalSeconds ≤
 * 240 and ladderVsNaive ≤ 1.0 on 2 cores. Sources are cached under data/bench/news/; the data
 * folder is made fresh each run, so nothing is reused from a previous render.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalBackend } from '../shared/adapters/local/index.ts';
import { silentLogger } from '../shared/adapters/log/json-logger.ts';
import { loadConfig } from '../shared/config.ts';
import { publishVersion } from '../shared/delivery/index.ts';
import { DEFAULT_PROFILES } from '../shared/domain/delivery-profiles.ts';
import { createProject, type CutInput, type Render } from '../shared/domain/index.ts';
import { processIngest, submitUpload } from '../shared/ingest/index.ts';
import { buildNaiveLadderArgs, hlsRungsOf, resolveToolchain, runFfmpeg } from '../shared/media/index.ts';
import { systemClock } from '../shared/ports/index.ts';
import { forEachLimited } from '../shared/render/for-each-limited.ts';
import { freezeCut, renderVersion, type RenderDeps } from '../shared/render/index.ts';
import { startCut } from '../shared/review/cut-drafts.ts';
import { readApprovalStatus, recordDecision } from '../shared/review/decisions.ts';
import { approvalChainOf, sendToReview } from '../shared/review/review-requests.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, seconds: { type: 'string', default: '120' } } });
const itemSeconds = Number(values.seconds);
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};
const config = loadConfig();
const CLIPS = 5;
const CLIP_SECONDS = 36;
const PATTERNS = ['testsrc2', 'smptehdbars', 'rgbtestsrc', 'testsrc', 'yuvtestsrc'];
const ADMIN = { role: 'admin' as const, label: 'bench:news', inviteId: null };

/** Five 36-second 1080p25 clips with sound, generated once (written under a temporary name, then renamed). */
async function ensureClips(): Promise<string[]> {
  const dir = path.resolve('data/bench/news');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < CLIPS; i++) {
    const file = path.join(dir, `clip-${i + 1}-1080p25-${CLIP_SECONDS}s.mp4`);
    files.push(file);
    if ((await stat(file).catch(() => null))?.size) continue;
    log(`generating ${file} (once) …`);
    const partial = `${file}.partial.mp4`;
    await runFfmpeg({
      tools: config.ffmpeg,
      args: [
        ...['-f', 'lavfi', '-i', `${PATTERNS[i]}=size=1920x1080:rate=25:duration=${CLIP_SECONDS}`],
        ...['-f', 'lavfi', '-i', `sine=frequency=${220 + i * 110}:sample_rate=48000:duration=${CLIP_SECONDS}`],
        ...['-ac', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '12M', '-pix_fmt', 'yuv420p', '-g', '25'],
        ...['-c:a', 'aac', '-b:a', '192k', '-f', 'mp4', partial],
      ],
    });
    await rename(partial, file);
  }
  const music = path.join(dir, `music-bed-${CLIP_SECONDS * CLIPS}s.m4a`);
  if (!(await stat(music).catch(() => null))?.size) {
    log(`generating ${music} (once) …`);
    const partial = `${music}.partial.m4a`;
    const chord = [196, 247, 294].map((f) => `sine=frequency=${f}:sample_rate=48000:duration=${CLIP_SECONDS * CLIPS}`);
    await runFfmpeg({
      tools: config.ffmpeg,
      args: [
        ...chord.flatMap((source) => ['-f', 'lavfi', '-i', source]),
        ...['-filter_complex', 'amix=inputs=3,tremolo=f=0.5:d=0.4,aformat=channel_layouts=stereo', '-c:a', 'aac', '-b:a', '192k', '-f', 'mp4', partial],
      ],
    });
    await rename(partial, music);
  }
  return [...files, music];
}

const [music, ...clipFiles] = (await ensureClips()).reverse();
const clips = clipFiles.reverse();
const dataDir = path.join(os.tmpdir(), `reportage-bench-news-${process.pid}`);
const backend = createLocalBackend({ dataDir, maxAttempts: 1 });
const steps: Record<string, number> = {};
/** A failed run keeps its data folder for a look at the QC reports. */
let keep = false;
const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const started = process.hrtime.bigint();
  log(`${name} …`);
  const result = await run();
  steps[name] = Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2));
  log(`${name}: ${steps[name]} s`);
  return result;
};

try {
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
  const project = await backend.store.projects.create({ project: createProject({ now: new Date() }) });

  const assets = await timed('ingest', async () => {
    const ready: string[] = new Array(CLIPS + 1);
    await forEachLimited({
      items: [...clips, music!].map((file, index) => ({ file, index })),
      limit: config.workers,
      run: async ({ file, index }) => {
        const { asset } = await submitUpload({
          deps: { ...deps, queue: backend.queue },
          projectId: project.id,
          body: createReadStream(file),
          originalName: path.basename(file),
          metadata: index < CLIPS ? { kind: 'footage', theme: project.themes[index % project.themes.length]!.id } : { kind: 'music' },
        });
        const done = await processIngest({ deps: { ...deps, queue: backend.queue }, assetId: asset.id, attempt: 1, maxAttempts: 1 });
        if (done.status !== 'ready') throw new Error(`clip ${file} ended ${done.status}: ${JSON.stringify(done.error)}`);
        ready[index] = done.id;
      },
    });
    return ready;
  });

  const version = await timed('cut', async () => {
    const { draft } = await startCut({
      deps: { ...deps, workflow: backend.workflow },
      project,
      cutId: 'tin-khai-mac',
      title: 'Khai mạc Đại hội Liên hiệp Hội lần thứ I',
      kind: 'news',
      logoAssetId: null,
      actor: ADMIN,
    });
    const cut = fillNewsCut({ cut: draft.cut as CutInput, clips: assets.slice(0, CLIPS), music: assets[CLIPS]!, seconds: itemSeconds });
    const { version: frozen } = await freezeCut({ deps, cut });
    await sendToReview({ deps: { ...deps, workflow: backend.workflow }, project, version: frozen, actor: ADMIN });
    for (const stage of await approvalChainOf({ deps: { workflow: backend.workflow }, project, version: frozen })) {
      const { sequence } = await readApprovalStatus({ deps: { workflow: backend.workflow }, project, version: frozen });
      await recordDecision({
        deps: { ...deps, workflow: backend.workflow },
        project,
        version: frozen,
        actor: ADMIN,
        actorStage: null,
        input: { stage: stage.id, decision: 'approve', expectedSequence: sequence, qcOverrideReason: 'bench: no review render' },
      });
    }
    return frozen;
  });

  const renders: Record<string, Render> = {};
  for (const profile of ['web', 'vertical', 'stream'] as const) {
    renders[profile] = await timed(profile, () => renderVersion({ deps, version, profile: DEFAULT_PROFILES[profile], toolchain }));
    const render = renders[profile]!;
    if (render.status !== 'done' || render.qc?.status === 'fail') {
      keep = true;
      throw new Error(
        `${profile} render ended ${render.status}, QC ${render.qc?.status} ${JSON.stringify(render.qc?.failed ?? render.error)}; data kept in ${dataDir}`,
      );
    }
  }
  const publication = await timed('publish', () =>
    publishVersion({ deps: { ...deps, workflow: backend.workflow }, actor: ADMIN, versionId: version.id, request: { download: true } }),
  );

  const ladderSeconds = renders.stream!.timings.ladderSeconds ?? Number.NaN;
  const master = renders.stream!.files.find((f) => f.role === 'programme')!;
  const naiveDir = path.join(dataDir, 'naive');
  const ladderProfile = { video: DEFAULT_PROFILES.stream.video, ladder: DEFAULT_PROFILES.stream.ladder! };
  // The HLS muxer writes into the rungs' folders but does not make them.
  for (const rung of hlsRungsOf({ profile: ladderProfile })) await mkdir(path.join(naiveDir, rung.name), { recursive: true });
  const naiveStarted = process.hrtime.bigint();
  log('naive ladder …');
  await runFfmpeg({
    tools: config.ffmpeg,
    args: buildNaiveLadderArgs({
      master: { ...(await backend.blobs.mediaInput({ key: master.key })), demuxer: 'mov' },
      profile: ladderProfile,
      outDir: naiveDir,
    }),
  });
  const naiveSeconds = Number(process.hrtime.bigint() - naiveStarted) / 1e9;

  const totalSeconds = Object.values(steps).reduce((sum, s) => sum + s, 0);
  const result = {
    bench: 'news',
    itemSeconds: version.durationFrames / 25,
    materialSeconds: CLIPS * CLIP_SECONDS,
    totalSeconds: Number(totalSeconds.toFixed(2)),
    steps,
    ladderSeconds: Number(ladderSeconds.toFixed(2)),
    naiveLadderSeconds: Number(naiveSeconds.toFixed(2)),
    ladderVsNaive: Number((ladderSeconds / naiveSeconds).toFixed(3)),
    qc: Object.fromEntries(Object.entries(renders).map(([profile, render]) => [profile, render.qc?.status ?? null])),
    renderTimings: Object.fromEntries(
      Object.entries(renders).map(([profile, render]) => [
        profile,
        Object.fromEntries(Object.entries(render.timings).map(([k, v]) => [k, Number(v.toFixed(2))])),
      ]),
    ),
    url: `/watch/${publication.slug}`,
    cores: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
  };
  if (!values.json) process.stderr.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await backend.close();
  if (!keep) await rm(dataDir, { recursive: true, force: true });
}

/**
 * The template's cut filled the way a same-day item is: shots of 6–8 s from the five clips in
 * turn (each from a later point of its clip), a subtitle on every other shot, up to `seconds`
 * between the opening and the closing card.
 */
function fillNewsCut({ cut, clips, music, seconds }: { cut: CutInput; clips: string[]; music: string; seconds: number }): CutInput {
  const [opening, closing] = cut.shots ?? [];
  const shots: NonNullable<CutInput['shots']> = [];
  const subtitles: NonNullable<CutInput['subtitles']> = [];
  // Whole frames: the cards take 8 s less their 12-frame dissolve; the shots start after the opening card.
  let frames = 4 * 25 + 4 * 25 - 12;
  let position = 4 * 25;
  const target = seconds * 25;
  for (let i = 0; frames < target; i++) {
    const length = Math.min(150 + (i % 3) * 25, target - frames);
    if (length < 25) break;
    const startSeconds = (i * 5) % (CLIP_SECONDS - 10);
    shots.push({ id: `canh-${i + 1}`, type: 'clip', assetId: clips[i % clips.length]!, in: startSeconds, out: startSeconds + length / 25 });
    if (i % 2 === 0) {
      subtitles.push({ id: `c${i + 1}`, start: position + 10, end: position + 85, text: `Đại biểu phát biểu, phần ${i + 1}` });
    }
    frames += length;
    position += length;
  }
  // A music bed under the whole item (the cards would otherwise be silent), low under the shots' own sound.
  const bed = { id: 'nhac-nen', assetId: music, from: 0, to: frames, gainDb: -14, fadeInFrames: 12, fadeOutFrames: 25 };
  return { ...cut, shots: [opening!, ...shots, closing!], music: [bed], subtitles };
}

/**
 * `npm run bench:ladder -- [--minutes N]`: the HLS ladder of the `stream` profile beside the naive
 * baseline, measured in the same run on the same master.
 *
 * - The master: N minutes (default 1) of generated 1080p25 picture (a moving test pattern with
 *   film grain, so x264 has real work) and a stereo tone, encoded with the stream profile's own
 *   settings and keyframe grid, as the renderer delivers it. Cached under data/bench/ladder/.
 * - ladderSeconds: `makeHlsLadder` (the one ffmpeg run that copies the top rung and encodes the
 *   three lower ones, then the read-back of every rung and the master playlist).
 * - naiveSeconds: `buildNaiveLadderArgs`, one hand-written ffmpeg command making the same four
 *   renditions with the same encoder settings and segmenting (every rung encoded, through
 *   `-var_stream_map`).
 * - ladderVsNaive: ladderSeconds / naiveSeconds (goal ≤ 1.0).
 *
 * The last line printed is the JSON result.
 */
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../shared/config.ts';
import { DEFAULT_PROFILES } from '../shared/domain/delivery-profiles.ts';
import {
  buildCleanOutputArgs,
  buildKeyframeGridArgs,
  buildNaiveLadderArgs,
  buildVideoEncoderArgs,
  makeHlsLadder,
  runFfmpeg,
  type LadderProfile,
} from '../shared/media/index.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' } } });
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes must be a positive number');
const config = loadConfig();
const tools = { ...config.ffmpeg, timeoutSeconds: Math.max(config.ffmpeg.timeoutSeconds, 3600) };
const profile: LadderProfile = { ...DEFAULT_PROFILES.stream, ladder: DEFAULT_PROFILES.stream.ladder! };
const benchDir = path.resolve('data/bench/ladder');
const masterPath = path.join(benchDir, `master-${minutes}min.mp4`);
const log = (text: string) => process.stderr.write(`${text}\n`);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** The master as the stream profile delivers it: its encoder settings, a keyframe every 150 frames, AAC stereo. */
async function makeMaster(): Promise<void> {
  try {
    await access(masterPath);
    return;
  } catch {
    // not made yet
  }
  await mkdir(benchDir, { recursive: true });
  const duration = String(minutes * 60);
  const partial = `${masterPath}.partial.mp4`;
  log(`master: generating ${minutes} min of 1080p25 (cached after the first run) …`);
  await runFfmpeg({
    tools,
    args: [
      '-f',
      'lavfi',
      '-i',
      `testsrc2=s=1920x1080:r=25:d=${duration},noise=alls=12:allf=t+u`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${duration}`,
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      // Every core for the generation: it is not what is measured.
      ...buildVideoEncoderArgs({ video: profile.video, threads: 0 }),
      ...buildKeyframeGridArgs({ startFrame: 0, everyFrames: profile.ladder.segmentSeconds * 25 }),
      '-c:a',
      'aac',
      '-b:a',
      `${DEFAULT_PROFILES.stream.audio.bitrateKbps}k`,
      '-ac',
      '2',
      ...buildCleanOutputArgs(),
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      `file:${partial}`,
    ],
  });
  await rename(partial, masterPath);
}

await makeMaster();
const master = { url: masterPath, protocols: 'file' };

const ladderDir = path.join(benchDir, 'out-ladder');
await rm(ladderDir, { recursive: true, force: true });
log('ladder: one run, top rung copied …');
let started = process.hrtime.bigint();
const ladder = await makeHlsLadder({ master, profile, outDir: ladderDir, tools });
const ladderSeconds = seconds(started);
log(`  ${ladderSeconds.toFixed(1)} s; ${ladder.variants.map((v) => `${v.name} ${(v.averageBandwidth / 1e6).toFixed(2)} Mbit/s`).join(', ')}`);

const naiveDir = path.join(benchDir, 'out-naive');
await rm(naiveDir, { recursive: true, force: true });
for (const name of ['1080p', '720p', '480p', '360p']) await mkdir(path.join(naiveDir, name), { recursive: true });
log('naive: one hand-written command, every rung encoded …');
started = process.hrtime.bigint();
await runFfmpeg({ args: buildNaiveLadderArgs({ master, profile, outDir: naiveDir }), tools });
const naiveSeconds = seconds(started);
log(`  ${naiveSeconds.toFixed(1)} s`);

await rm(ladderDir, { recursive: true, force: true });
await rm(naiveDir, { recursive: true, force: true });
const result = {
  minutes,
  ladderSeconds: Number(ladderSeconds.toFixed(2)),
  naiveSeconds: Number(naiveSeconds.toFixed(2)),
  ladderVsNaive: Number((ladderSeconds / naiveSeconds).toFixed(3)),
};
console.log(JSON.stringify(result));

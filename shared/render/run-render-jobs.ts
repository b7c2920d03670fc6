import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { LoudnessSchema, type Loudness, type Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { z } from 'zod';
import {
  PictureAnalysisSchema,
  SEGMENT_PIPELINE_THREADS,
  analysePicture,
  combineLoudnessSteps,
  encodeProgrammeAudio,
  extractAudio,
  layoutFor,
  mixAudioWindow,
  settleProgrammeGain,
  windowProgramme,
  windowWithLeadIn,
  type MediaSource,
  type ResolveSource,
  type WindowLoudness,
} from '../media/index.ts';
import { AUDIO_SOURCE_VERSION, type RenderPlan } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { RenderError } from './render-error.ts';
import type { AudioProgramme, RenderSpec, SourceRef } from '../media/render/render-spec.ts';
import { forEachLimited } from './for-each-limited.ts';
import { renderSegmentJobs } from './render-segment-job.ts';

export interface RenderProgress {
  phase: 'queued' | 'segments' | 'audio' | 'assemble' | 'qc' | 'package' | 'done';
  segmentsDone: number;
  segmentsTotal: number;
  segmentsReused: number;
}

export interface RenderJobsResult {
  segmentsReused: number;
  loudness: Loudness;
  /** Blob keys of each segment's picture analysis (QC), in programme order. */
  pictureKeys: string[];
}

/**
 * Runs the jobs of a plan on this machine: segment jobs in parallel (each idempotent: an output
 * that exists is reused, never rebuilt) beside the audio job (its windows, the loudness decision,
 * the encode). The mux (which joins the segments by stream copy as it writes the file), QC and
 * packaging follow in `runQcAndPackage`. The same job functions are what a distributed worker
 * runs, one message each.
 */
export async function runRenderJobs({
  deps,
  plan,
  spec,
  profile,
  version,
  scratch,
  timings,
  onProgress,
}: {
  deps: RenderDeps;
  plan: RenderPlan;
  spec: RenderSpec;
  profile: DeliveryProfile;
  version: Version;
  scratch: string;
  timings: Record<string, number>;
  onProgress: (progress: RenderProgress) => void;
}): Promise<RenderJobsResult> {
  const resolveSource = sourceResolver({ deps });
  const total = plan.segments.length;
  let done = 0;
  let reused = 0;
  const report = (phase: RenderProgress['phase']) => onProgress({ phase, segmentsDone: done, segmentsTotal: total, segmentsReused: reused });
  report('segments');

  // The audio job runs beside the segment jobs: on a re-render (one segment) the two share the
  // cores instead of waiting for each other.
  const audioStarted = Date.now();
  const audio = audioJob({ deps, plan, spec, profile, resolveSource, scratch }).then((loudness) => {
    timings.audioSeconds = (Date.now() - audioStarted) / 1000;
    return loudness;
  });
  // Settled before anything can throw below, so a failed segment never leaves it unhandled.
  audio.catch(() => undefined);

  const segmentsStarted = Date.now();
  const pipelineThreads = pipelineThreadsFor({ profile, concurrency: deps.concurrency });
  try {
    await forEachLimited({
      items: groupSegments({ segments: plan.segments, profile }),
      limit: deps.concurrency,
      run: async (group, index) => {
        const groupStarted = Date.now();
        const { rendered } = await renderSegmentJobs({ deps, segments: group, profile, versionNumber: version.number, resolveSource, scratch: path.join(scratch, `segments-${index}`), pipelineThreads });
        done += group.length;
        reused += rendered.filter((made) => !made).length;
        // The longest segment job: with one machine per segment, the segment phase takes this long.
        if (group.length === 1) timings.longestSegmentSeconds = Math.max(timings.longestSegmentSeconds ?? 0, (Date.now() - groupStarted) / 1000);
        report('segments');
      },
    });
  } catch (error) {
    await audio.catch(() => undefined); // nothing keeps running in the scratch folder once this returns
    throw error;
  }
  timings.segmentsSeconds = (Date.now() - segmentsStarted) / 1000;

  report('audio');
  const loudness = await audio;
  return { segmentsReused: reused, loudness, pictureKeys: plan.segments.map((s) => pictureKeyOf(s.key)) };
}

/** Segments of at most this many pixels are rendered several to an ffmpeg run (the review's 960×540). */
const SMALL_PICTURE_PIXELS = 960 * 540;

function isSmallPicture({ profile }: { profile: Pick<DeliveryProfile, 'video'> }): boolean {
  return profile.video.width * profile.video.height <= SMALL_PICTURE_PIXELS;
}
/** How many small segments share one ffmpeg run, and how many frames at most (so the cores' loads stay even). */
const SEGMENTS_PER_RUN = 8;
const FRAMES_PER_RUN = 1_500;

/**
 * Decoder and filter-graph threads of the segment runs of a render on this machine: one each
 * (`SEGMENT_PIPELINE_THREADS`) for small pictures when several runs share the cores; ffmpeg's own
 * otherwise. Measured with two runs side by side on 2 vCPUs: the review's 960×540 batches took
 * 20 % less CPU and 25 % less time on one thread each; 1080p master segments took 7 % more CPU
 * and 9 % more time (their decoders and scalers gain from running beside the encoder).
 */
export function pipelineThreadsFor({ profile, concurrency }: { profile: Pick<DeliveryProfile, 'video'>; concurrency: number }): number | undefined {
  return concurrency > 1 && isSmallPicture({ profile }) ? SEGMENT_PIPELINE_THREADS : undefined;
}

/**
 * Segments in programme order, in groups for one ffmpeg run each: one by one for large pictures
 * (a 1080p segment's encode dwarfs ffmpeg's start-up, and one per run keeps the cores' loads even
 * and the segment the unit of work), up to `SEGMENTS_PER_RUN` consecutive ones for small pictures,
 * where starting ffmpeg costs as much as encoding a segment. The bytes are the same either way.
 */
export function groupSegments<T extends { spec: { frames: number } }>({ segments, profile }: { segments: readonly T[]; profile: Pick<DeliveryProfile, 'video'> }): T[][] {
  if (!isSmallPicture({ profile })) return segments.map((segment) => [segment]);
  const groups: T[][] = [];
  let current: T[] = [];
  let frames = 0;
  for (const segment of segments) {
    if (current.length > 0 && (current.length === SEGMENTS_PER_RUN || frames + segment.spec.frames > FRAMES_PER_RUN)) {
      groups.push(current);
      current = [];
      frames = 0;
    }
    current.push(segment);
    frames += segment.spec.frames;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The blob where a segment's picture analysis is cached, beside the segment. */
export function pictureKeyOf(segmentKey: string): string {
  return `${segmentKey}.picture.json`;
}

const WindowLoudnessSchema = z.object({ momentary: z.array(z.number()), shortTerm: z.array(z.number()), truePeakDbtp: z.number() });
/** The loudness decision of a mix, cached at `<audioMixKey>.json`. */
const AudioDecisionSchema = z.object({ gainDb: z.number(), loudness: LoudnessSchema, limited: z.boolean() });

/** Where a window's meter reading is cached, beside its mix. */
function windowReadingKeyOf(windowKey: string): string {
  return `${windowKey}.loudness.json`;
}

/** Where the limited mix is cached when the gain alone would break the true-peak ceiling. */
export function limitedMixKeyOf(audioMixKey: string): string {
  return `${audioMixKey}.limited.wav`;
}

/**
 * The audio programme of a render, each step cached under its key:
 *
 * 1. each window of the mix (`plan.audioWindows`), mixed and measured (`mixAudioWindow`) unless
 *    it is in the store already: after one shot changes, one or two windows are mixed again;
 * 2. the loudness decision: the windows' readings combined into one (`combineLoudnessSteps`), the
 *    gain to the profile's target, and a limited mix when the gain alone would break the
 *    true-peak ceiling (`settleProgrammeGain`);
 * 3. the encode for the profile in the file's layout, the gain applied on the way (`encodeProgrammeAudio`).
 *
 * Returns the programme's loudness after the gain (for the slate); QC measures the delivered file.
 */
export async function audioJob({ deps, plan, spec, profile, resolveSource, scratch }: { deps: RenderDeps; plan: RenderPlan; spec: RenderSpec; profile: DeliveryProfile; resolveSource: ResolveSource; scratch: string }): Promise<Loudness> {
  const decisionKey = `${plan.audioMixKey}.json`;
  const readJson = async (key: string) => JSON.parse((await buffer(await deps.blobs.read({ key }))).toString('utf8')) as unknown;
  const stored = async (key: string) => (await deps.blobs.head({ key })) !== null;
  if ((await stored(decisionKey)) && (await stored(plan.audioEncodedKey))) return AudioDecisionSchema.parse(await readJson(decisionKey)).loudness;

  const missing = [];
  for (const [index, planned] of plan.audioWindows.entries()) {
    if (!(await stored(planned.key)) || !(await stored(windowReadingKeyOf(planned.key)))) missing.push(index);
  }
  if (missing.length > 0) {
    const programme = await withAudioSources({ deps, programme: spec.audio, scratch });
    await forEachLimited({
      items: missing,
      limit: deps.concurrency,
      run: async (index) => {
        const { window, key } = plan.audioWindows[index]!;
        const metered = windowWithLeadIn({ window });
        const mixed = await mixAudioWindow({ programme: windowProgramme({ programme, window: metered }), leadInSamples: metered.leadInSamples, resolveSource, tools: deps.tools, outPath: path.join(scratch, `audio-window-${index}.wav`) });
        await deps.blobs.putFile({ key, path: mixed.path, contentType: 'audio/wav' });
        await deps.blobs.putBytes({ key: windowReadingKeyOf(key), body: JSON.stringify(mixed.reading), contentType: 'application/json' });
      },
    });
  }
  const windowPaths = () => Promise.all(plan.audioWindows.map(async ({ key }) => (await deps.blobs.mediaInput({ key })).url));

  let decision = (await stored(decisionKey)) ? AudioDecisionSchema.parse(await readJson(decisionKey)) : null;
  if (decision === null || (decision.limited && !(await stored(limitedMixKeyOf(plan.audioMixKey))))) {
    const readings: WindowLoudness[] = [];
    for (const { key } of plan.audioWindows) readings.push(WindowLoudnessSchema.parse(await readJson(windowReadingKeyOf(key))));
    const gain = await settleProgrammeGain({
      inPaths: await windowPaths(), measured: combineLoudnessSteps({ windows: readings }), target: profile.loudness,
      durationSamples: spec.audio.durationSamples, tools: deps.tools, workDir: path.join(scratch, 'audio-limit'),
    });
    const limited = gain.limiterPasses > 0;
    if (limited) await deps.blobs.putFile({ key: limitedMixKeyOf(plan.audioMixKey), path: gain.inPaths[0]!, contentType: 'audio/wav' });
    decision = { gainDb: gain.gainDb, loudness: gain.loudness, limited };
    await deps.blobs.putBytes({ key: decisionKey, body: JSON.stringify(decision), contentType: 'application/json' });
  }

  if (!(await stored(plan.audioEncodedKey))) {
    const mixPaths = decision.limited ? [(await deps.blobs.mediaInput({ key: limitedMixKeyOf(plan.audioMixKey) })).url] : await windowPaths();
    const layout = layoutFor({ profile, programmeFrames: spec.durationFrames });
    const encoded = await encodeProgrammeAudio({ mixPaths, gainDb: decision.gainDb, profile, layout, outPath: path.join(scratch, profile.audio.codec === 'aac' ? 'audio.m4a' : 'audio.wav'), tools: deps.tools });
    await deps.blobs.putFile({ key: plan.audioEncodedKey, path: encoded.path, contentType: encoded.contentType });
  }
  return decision.loudness;
}

/** Where an asset's extracted sound is cached (by the SHA-256 of its original). */
export function audioSourceKeyOf({ sha256 }: { sha256: string }): string {
  return `cache/audio-sources/${sha256}-${AUDIO_SOURCE_VERSION}.wav`;
}

/**
 * The programme with every item reading its asset's sound as a WAV: the `sound` ingest derived
 * beside the proxy, or for an asset ingested before ingest did that, `extractAudio` of the
 * original, made once per asset and cached (the same bytes). The mix then opens small WAVs, seeks
 * in them sample for sample, and is the same for every profile (review and masters share its
 * windows).
 */
async function withAudioSources({ deps, programme, scratch }: { deps: RenderDeps; programme: AudioProgramme; scratch: string }): Promise<AudioProgramme> {
  const extracted = new Map<string, SourceRef | null>();
  for (const item of programme.items) {
    const { sha256, assetId } = item.source;
    if (extracted.has(sha256)) continue;
    const asset = await deps.store.assets.get({ id: assetId });
    const facts = asset?.probe;
    if (!asset || !facts) throw RenderError.assetNotReady({ assetId });
    if (facts.audio === null) {
      extracted.set(sha256, null);
      continue;
    }
    const derived = asset.derivatives['sound'];
    const key = derived?.key ?? audioSourceKeyOf({ sha256 });
    if (derived === undefined && (await deps.blobs.head({ key })) === null) {
      const original = { ...(await deps.blobs.mediaInput({ key: asset.original.key })), demuxer: facts.demuxer };
      const { path: file } = await extractAudio({ source: original, outPath: path.join(scratch, `audio-source-${sha256}.wav`), tools: deps.tools });
      await deps.blobs.putFile({ key, path: file, contentType: 'audio/wav' });
    }
    extracted.set(sha256, {
      assetId, sha256, key, demuxer: 'wav',
      facts: { ...facts, demuxer: 'wav', formatName: 'wav', video: null, audio: { ...facts.audio, codec: 'pcm_s24le', sampleRate: 48_000 }, audioStreams: 1 },
    });
  }
  return {
    ...programme,
    items: programme.items.map((item) => {
      const source = extracted.get(item.source.sha256);
      return source ? { ...item, source } : { ...item, source: { ...item.source, facts: { ...item.source.facts, audio: null } } };
    }),
  };
}

/** Opens sources as the render needs them: the blob's local path or URL, with the demuxer ingest found forced. */
export function sourceResolver({ deps }: { deps: Pick<RenderDeps, 'blobs'> }): ResolveSource {
  return async (ref: SourceRef): Promise<MediaSource> => ({ ...(await deps.blobs.mediaInput({ key: ref.key })), demuxer: ref.demuxer });
}

/** Reads a segment's cached picture analysis. */
export async function readPictureAnalysis({ deps, key }: { deps: Pick<RenderDeps, 'blobs'>; key: string }) {
  return PictureAnalysisSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key }))).toString('utf8')));
}

/** Analyses a rendered segment's picture for QC (black, freeze, flashes) and caches it with the segment. */
export async function analyseSegmentPicture({ deps, segmentKey }: { deps: Pick<RenderDeps, 'blobs' | 'tools'>; segmentKey: string }): Promise<void> {
  const key = pictureKeyOf(segmentKey);
  if ((await deps.blobs.head({ key })) !== null) return;
  const input = await deps.blobs.mediaInput({ key: segmentKey });
  const analysis = await analysePicture({ source: { ...input, demuxer: 'mov' }, tools: deps.tools });
  await deps.blobs.putBytes({ key, body: JSON.stringify(analysis), contentType: 'application/json' });
}

import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { LoudnessSchema, type Loudness, type Version } from '../domain/index.ts';
import type { DeliveryProfile } from '../delivery/profiles.ts';
import {
  PictureAnalysisSchema,
  analysePicture,
  encodeProgrammeAudio,
  extractAudio,
  joinSegments,
  layoutFor,
  mixProgrammeAudio,
  type MediaSource,
  type ResolveSource,
} from '../media/index.ts';
import { AUDIO_SOURCE_VERSION, type RenderPlan } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { RenderError } from './render-error.ts';
import type { AudioProgramme, RenderSpec, SourceRef } from './render-spec.ts';
import { forEachLimited } from './for-each-limited.ts';
import { renderSegmentJob } from './render-segment-job.ts';

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
 * that exists is reused, never rebuilt), the audio programme once, then the stream-copy join.
 * The mux, QC and packaging follow in `runQcAndPackage`. The same job functions are what a
 * distributed worker runs, one message each.
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
  try {
    await forEachLimited({
      items: plan.segments,
      limit: deps.concurrency,
      run: async (segment, index) => {
        const segmentStarted = Date.now();
        const { rendered } = await renderSegmentJob({ deps, segment, profile, versionNumber: version.number, resolveSource, scratch: path.join(scratch, `segment-${index}`) });
        done += 1;
        if (!rendered) reused += 1;
        // The longest segment job: with one machine per segment, the segment phase takes this long.
        timings.longestSegmentSeconds = Math.max(timings.longestSegmentSeconds ?? 0, (Date.now() - segmentStarted) / 1000);
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

  report('assemble');
  const joinStarted = Date.now();
  if ((await deps.blobs.head({ key: plan.videoKey })) === null) {
    const segmentPaths = await Promise.all(plan.segments.map(async (s) => (await deps.blobs.mediaInput({ key: s.key })).url));
    const out = path.join(scratch, 'video.mp4');
    await joinSegments({ segmentPaths, segmentFrames: plan.segments.map((s) => s.spec.frames), outPath: out, tools: deps.tools });
    await deps.blobs.putFile({ key: plan.videoKey, path: out, contentType: 'video/mp4' });
  }
  timings.joinSeconds = (Date.now() - joinStarted) / 1000;
  return { segmentsReused: reused, loudness, pictureKeys: plan.segments.map((s) => pictureKeyOf(s.key)) };
}

/** The blob where a segment's picture analysis is cached, beside the segment. */
export function pictureKeyOf(segmentKey: string): string {
  return `${segmentKey}.picture.json`;
}

/** The audio programme: mixed and normalised once (cached), then encoded for the profile's layout (cached). */
export async function audioJob({ deps, plan, spec, profile, resolveSource, scratch }: { deps: RenderDeps; plan: RenderPlan; spec: RenderSpec; profile: DeliveryProfile; resolveSource: ResolveSource; scratch: string }): Promise<Loudness> {
  const loudnessKey = `${plan.audioMixKey}.loudness.json`;
  if ((await deps.blobs.head({ key: plan.audioMixKey })) === null || (await deps.blobs.head({ key: loudnessKey })) === null) {
    const programme = await withAudioSources({ deps, programme: spec.audio, scratch });
    const mixed = await mixProgrammeAudio({ programme, resolveSource, target: profile.loudness, tools: deps.tools, outPath: path.join(scratch, 'mix.wav') });
    await deps.blobs.putFile({ key: plan.audioMixKey, path: mixed.path, contentType: 'audio/wav' });
    await deps.blobs.putBytes({ key: loudnessKey, body: JSON.stringify(mixed.loudness), contentType: 'application/json' });
  }
  const loudness = LoudnessSchema.parse(JSON.parse((await buffer(await deps.blobs.read({ key: loudnessKey }))).toString('utf8')));
  if ((await deps.blobs.head({ key: plan.audioEncodedKey })) === null) {
    const mixPath = (await deps.blobs.mediaInput({ key: plan.audioMixKey })).url;
    const layout = layoutFor({ profile, programmeFrames: spec.durationFrames });
    const encoded = await encodeProgrammeAudio({ mixPath, profile, layout, outPath: path.join(scratch, profile.audio.codec === 'aac' ? 'audio.m4a' : 'audio.wav'), tools: deps.tools });
    await deps.blobs.putFile({ key: plan.audioEncodedKey, path: encoded.path, contentType: encoded.contentType });
  }
  return loudness;
}

/** Where an asset's extracted sound is cached (by the SHA-256 of its original). */
export function audioSourceKeyOf({ sha256 }: { sha256: string }): string {
  return `cache/audio-sources/${sha256}-${AUDIO_SOURCE_VERSION}.wav`;
}

/**
 * The programme with every item reading its asset's extracted sound (`extractAudio` of the
 * original, made once per asset and cached): the mix then opens small WAVs, seeks in them sample
 * for sample, and is the same for every profile (review and masters share it).
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
    const key = audioSourceKeyOf({ sha256 });
    if ((await deps.blobs.head({ key })) === null) {
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

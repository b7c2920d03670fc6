/** The render's audio job: the programme mixed in cached windows, the loudness decision, the encode. */
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { LoudnessSchema, type Loudness } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { z } from 'zod';
import {
  combineLoudnessSteps,
  encodeProgrammeAudio,
  extractAudio,
  layoutFor,
  mixAudioWindow,
  settleProgrammeGain,
  windowProgramme,
  windowWithLeadIn,
  type ResolveSource,
  type WindowLoudness,
} from '../media/index.ts';
import { AUDIO_SOURCE_VERSION, type RenderPlan } from './plan-render.ts';
import type { RenderDeps } from './render-deps.ts';
import { RenderError } from './render-error.ts';
import type { AudioProgramme, RenderSpec, SourceRef } from '../media/render/render-spec.ts';
import { forEachLimited } from './for-each-limited.ts';
import { SAMPLE_RATE } from '../domain/project.ts';

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
export async function audioJob({
  deps,
  plan,
  spec,
  profile,
  resolveSource,
  scratch,
}: {
  deps: RenderDeps;
  plan: RenderPlan;
  spec: RenderSpec;
  profile: DeliveryProfile;
  resolveSource: ResolveSource;
  scratch: string;
}): Promise<Loudness> {
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
        const mixed = await mixAudioWindow({
          programme: windowProgramme({ programme, window: metered }),
          leadInSamples: metered.leadInSamples,
          resolveSource,
          tools: deps.tools,
          outPath: path.join(scratch, `audio-window-${index}.wav`),
        });
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
      inPaths: await windowPaths(),
      measured: combineLoudnessSteps({ windows: readings }),
      target: profile.loudness,
      durationSamples: spec.audio.durationSamples,
      tools: deps.tools,
      workDir: path.join(scratch, 'audio-limit'),
    });
    const limited = gain.limiterPasses > 0;
    if (limited) await deps.blobs.putFile({ key: limitedMixKeyOf(plan.audioMixKey), path: gain.inPaths[0]!, contentType: 'audio/wav' });
    decision = { gainDb: gain.gainDb, loudness: gain.loudness, limited };
    await deps.blobs.putBytes({ key: decisionKey, body: JSON.stringify(decision), contentType: 'application/json' });
  }

  if (!(await stored(plan.audioEncodedKey))) {
    const mixPaths = decision.limited ? [(await deps.blobs.mediaInput({ key: limitedMixKeyOf(plan.audioMixKey) })).url] : await windowPaths();
    const layout = layoutFor({ profile, programmeFrames: spec.durationFrames });
    const encoded = await encodeProgrammeAudio({
      mixPaths,
      gainDb: decision.gainDb,
      profile,
      layout,
      outPath: path.join(scratch, profile.audio.codec === 'aac' ? 'audio.m4a' : 'audio.wav'),
      tools: deps.tools,
    });
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
    const derived = asset.derivatives.sound;
    const key = derived?.key ?? audioSourceKeyOf({ sha256 });
    if (derived === undefined && (await deps.blobs.head({ key })) === null) {
      const original = { ...(await deps.blobs.mediaInput({ key: asset.original.key })), demuxer: facts.demuxer };
      const { path: file } = await extractAudio({ source: original, outPath: path.join(scratch, `audio-source-${sha256}.wav`), tools: deps.tools });
      await deps.blobs.putFile({ key, path: file, contentType: 'audio/wav' });
    }
    extracted.set(sha256, {
      assetId,
      sha256,
      key,
      demuxer: 'wav',
      facts: {
        ...facts,
        demuxer: 'wav',
        formatName: 'wav',
        video: null,
        audio: { ...facts.audio, codec: 'pcm_s24le', sampleRate: SAMPLE_RATE },
        audioStreams: 1,
      },
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

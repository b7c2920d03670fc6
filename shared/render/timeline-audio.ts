/**
 * The audio programme of a timeline: clip sound, narration and music placed in samples, and the
 * spans where music ducks.
 */
import {
  assetDuration,
  framesToSamples,
  lookupById,
  parseProgrammeTime,
  parseSourceTime,
  secondsToSamples,
  subtractRational,
  type AssetsById,
  type Cut,
  type CutTimings,
  type Rational,
} from '../domain/index.ts';
import type { AudioItem, AudioProgramme, DuckSpan, SourceRef } from '../media/render/render-spec.ts';

const ROLE_ORDER = { clip: 0, narration: 1, music: 2 } as const;

/**
 * Builds the audio programme of a (valid) cut.
 *
 * - One `clip` item per clip shot that is not muted and whose file has sound, over the whole shot;
 *   it fades in over a dissolve into the shot or a fade from black, and out over the dissolve to the
 *   next shot or a fade to black (so a dissolve crossfades the two clips' sound).
 * - One `narration` item per narration: `at` for (out − in) seconds (out defaults to the file's end),
 *   converted to samples once.
 * - One `music` item per music bed, with its gain and fades.
 * - `duck`: narration items ∪ the sound of interview clips, merged (touching spans join) and sorted.
 *
 * Items are sorted by start sample, then clip, narration, music.
 */
export function buildAudioProgramme({
  cut,
  timings,
  assets,
  sourceOf,
}: {
  cut: Cut;
  timings: CutTimings;
  assets: AssetsById;
  sourceOf: (assetId: string) => SourceRef;
}): AudioProgramme {
  const items: AudioItem[] = [];
  const duck: DuckSpan[] = [];

  cut.shots.forEach((shot, index) => {
    const timing = timings.shots[index];
    if (shot.type !== 'clip' || !timing || shot.audio.muted) return;
    const asset = lookupById({ table: assets, id: shot.assetId });
    if (!asset?.probe?.audio) return;
    const fadeInFrames = timing.dissolveInFrames > 0 ? timing.dissolveInFrames : shot.transitionIn.type === 'fade-from-black' ? shot.transitionIn.frames : 0;
    const fadeOutFrames = timing.dissolveOutFrames > 0 ? timing.dissolveOutFrames : shot.fadeOutFrames;
    const item: AudioItem = {
      role: 'clip',
      source: sourceOf(shot.assetId),
      startSample: framesToSamples({ frames: timing.startFrame }),
      durationSamples: framesToSamples({ frames: timing.frames }),
      inSeconds: parseSourceTime({ value: shot.in }),
      gainDb: shot.audio.gainDb,
      fadeInSamples: framesToSamples({ frames: fadeInFrames }),
      fadeOutSamples: framesToSamples({ frames: fadeOutFrames }),
      ...(shot.audio.layout ? { layout: shot.audio.layout } : {}),
    };
    items.push(item);
    if (asset.kind === 'interview') duck.push({ startSample: item.startSample, endSample: item.startSample + item.durationSamples });
  });

  for (const narration of cut.narration) {
    const asset = lookupById({ table: assets, id: narration.assetId });
    const inSeconds: Rational = narration.in === undefined ? { num: 0, den: 1 } : parseSourceTime({ value: narration.in });
    const out = narration.out === undefined ? (asset ? assetDuration({ asset }) : null) : parseSourceTime({ value: narration.out });
    if (!out) continue; // validation refuses a narration without a known end
    const startSample = framesToSamples({ frames: parseProgrammeTime({ value: narration.at }) });
    const durationSamples = secondsToSamples({ value: subtractRational({ a: out, b: inSeconds }) });
    items.push({
      role: 'narration',
      source: sourceOf(narration.assetId),
      startSample,
      durationSamples,
      inSeconds,
      gainDb: narration.gainDb,
      fadeInSamples: 0,
      fadeOutSamples: 0,
    });
    duck.push({ startSample, endSample: startSample + durationSamples });
  }

  for (const music of cut.music) {
    const from = parseProgrammeTime({ value: music.from });
    const to = parseProgrammeTime({ value: music.to });
    items.push({
      role: 'music',
      source: sourceOf(music.assetId),
      startSample: framesToSamples({ frames: from }),
      durationSamples: framesToSamples({ frames: to - from }),
      inSeconds: music.in === undefined ? { num: 0, den: 1 } : parseSourceTime({ value: music.in }),
      gainDb: music.gainDb,
      fadeInSamples: framesToSamples({ frames: music.fadeInFrames }),
      fadeOutSamples: framesToSamples({ frames: music.fadeOutFrames }),
    });
  }

  items.sort((a, b) => a.startSample - b.startSample || ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return {
    durationSamples: framesToSamples({ frames: timings.durationFrames }),
    items,
    duck: mergeDuckSpans({ spans: duck }),
    duckDb: cut.ducking.db,
    duckRampSamples: framesToSamples({ frames: cut.ducking.rampFrames }),
  };
}

/** Sorts spans and joins those that overlap or touch. */
export function mergeDuckSpans({ spans }: { spans: readonly DuckSpan[] }): DuckSpan[] {
  const sorted = [...spans].filter((s) => s.endSample > s.startSample).sort((a, b) => a.startSample - b.startSample || a.endSample - b.endSample);
  const merged: DuckSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.startSample <= last.endSample) last.endSample = Math.max(last.endSample, span.endSample);
    else merged.push({ ...span });
  }
  return merged;
}

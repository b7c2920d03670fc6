/**
 * Resolution: a cut and its assets → the frame-exact `RenderSpec` the renderer renders.
 */
import { computeShotTimings, lookupById, validateCut, type Asset, type AssetsById, type CuesById } from '../domain/index.ts';
import type { RenderSpec, SourceRef } from '../media/render/render-spec.ts';
import { buildAudioProgramme } from './timeline-audio.ts';
import { buildProgrammeCues } from './timeline-cues.ts';
import { planLowerThirds } from './timeline-lower-thirds.ts';
import { logoSourceFor } from './source-for-profile.ts';
import { buildSegments } from './timeline-segments.ts';

/** Arguments of `resolveTimeline`. */
export interface ResolveTimelineInput {
  /** The cut as written or parsed (it is validated here). */
  cut: unknown;
  /** The project's assets by id. */
  assets: AssetsById;
  /** Parsed cues of every subtitle asset used as a transcript, by subtitle asset id. */
  transcriptCues: CuesById;
  /** Which file of an asset to read: the original (masters) or the proxy (review). Called once per asset. */
  sourceFor: (asset: Asset) => SourceRef;
  /** Which file of the logo's asset to read (default: the original when it has transparency, `logoSourceFor`). */
  logoSourceFor?: (asset: Asset) => SourceRef;
}

/**
 * Resolves a cut into a `RenderSpec`. Pure (apart from calling `sourceFor`).
 *
 * - Each shot lasts its frames (a clip: out − in at 25 fps, rounded once); a dissolve of N frames
 *   overlaps a shot with the previous one, so the programme lasts Σ shot frames − Σ dissolve frames.
 * - Segments: each shot's solo part (`seg-<shotId>`) and each dissolve region, two layers
 *   (`seg-<outgoing>~<incoming>`); ids depend only on the shots, so an unchanged shot keeps its id.
 * - Lower thirds on a speaker's first appearance (or `always`), 1 s after the shot starts, for 5 s.
 * - The logo (if any) on every segment but those showing a title card, read with its transparency.
 * - Cues: programme cues plus each clip's transcript retimed and clipped to the shot; each segment
 *   gets the cues overlapping it, relative to its start.
 * - Audio in samples (1920 per frame): clip sound, narration, music, duck spans.
 *
 * @throws CutError (`INVALID_CUT`) when the cut does not validate against the assets.
 */
export function resolveTimeline({
  cut: input,
  assets,
  transcriptCues,
  sourceFor,
  logoSourceFor: logoSource = logoSourceFor,
}: ResolveTimelineInput): RenderSpec {
  const cut = validateCut({ cut: input, assets, transcriptCues });
  const timings = computeShotTimings({ cut });
  const sources = new Map<string, SourceRef>();
  const sourceOf = (assetId: string): SourceRef => {
    let source = sources.get(assetId);
    if (!source) {
      const asset = lookupById({ table: assets, id: assetId });
      if (!asset) throw new Error(`resolveTimeline: asset "${assetId}" vanished after validation`);
      source = sourceFor(asset);
      sources.set(assetId, source);
    }
    return source;
  };
  const cues = buildProgrammeCues({ cut, timings, transcriptCues });
  const lowerThirds = planLowerThirds({ cut, timings, assets });
  const logoAsset = cut.logo ? lookupById({ table: assets, id: cut.logo.assetId }) : null;
  const logo =
    cut.logo && logoAsset
      ? {
          source: logoSource(logoAsset),
          corner: cut.logo.corner,
          heightPercent: cut.logo.heightPercent,
          opacity: cut.logo.opacity,
          overTitles: cut.logo.overTitles,
        }
      : null;
  return {
    durationFrames: timings.durationFrames,
    segments: buildSegments({ cut, timings, sourceOf, cues, lowerThirds, logo }),
    audio: buildAudioProgramme({ cut, timings, assets, sourceOf }),
    cues,
  };
}

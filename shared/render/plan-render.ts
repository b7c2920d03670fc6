import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/index.ts';
import type { DeliveryProfile } from '../domain/delivery-profiles.ts';
import { planAudioChunks, reframesShots, windowProgramme, windowWithLeadIn, type AudioWindow } from '../media/index.ts';
import type { RenderSpec, SegmentSpec, SourceRef } from '../media/render/render-spec.ts';
import { keyframeGridFrames, keyframeGridOf } from '../media/index.ts';

/** Bump when a change in the renderer changes its output: every cache key includes it. */
export const RENDERER_VERSION = 'renderer-5';

/** Bump when `buildSoundOutputArgs` changes for extracted sound: every asset's extracted sound (and every mix) is made again. Ingest's `sound.wav` is versioned by `INGEST_DERIVE_VERSION`. */
export const AUDIO_SOURCE_VERSION = 'audio-source-1';

export interface PlannedSegment {
  spec: SegmentSpec;
  /** Content address of the rendered segment: the same inputs and settings give the same key. */
  key: string;
}

/** One window of the programme's sound (`planAudioChunks`), mixed and measured on its own. */
export interface PlannedAudioWindow {
  window: AudioWindow;
  /** Content address of the window's mix: what sounds in it and in the meter's lead-in before it, relative to its start. */
  key: string;
}

/**
 * The jobs of one render and the output key of each: one per video segment, one per window of the
 * sound (mixed and measured), the loudness decision over all windows, the encode of the sound, and
 * the mux, which joins the segments by stream copy as it writes the file. QC and packaging work
 * on the muxed file. Keys are derived from everything that determines the output, so an existing
 * output is reused, never rebuilt, and a change to one shot changes one segment key and the keys
 * of the one or two sound windows it sounds in.
 */
export interface RenderPlan {
  segments: PlannedSegment[];
  audioWindows: PlannedAudioWindow[];
  /** The loudness decision over all windows (gain, or limited mix), for the profile's target. */
  audioMixKey: string;
  audioEncodedKey: string;
  programmeKey: string;
}

export interface PlanRenderInput {
  spec: RenderSpec;
  profile: DeliveryProfile;
  versionNumber: number;
  /** ffmpeg's version line and the font's identity: different tools make different bytes. */
  toolchain: string;
}

/**
 * Plans a render. Pure.
 *
 * What goes into a segment key: its layers (each source's SHA-256 and the blob it reads — original
 * or proxy), frames, fades, lower thirds, cues, the logo, the profile's picture settings, the renderer version
 * and the toolchain. The programme position and the version number go in only when the profile
 * burns them into the picture (review: timecode and watermark), so a master segment is reused even
 * when the shots before it change length. A ladder profile (`stream`) adds the segment's frames
 * that fall on the programme's keyframe grid (`keyframeGridFrames`); other profiles' keys do not
 * change.
 */
export function planRender({ spec, profile, versionNumber, toolchain }: PlanRenderInput): RenderPlan {
  const picture = {
    video: profile.video,
    subtitles: profile.subtitles,
    extras: { timecodeBurn: profile.extras.timecodeBurn, watermark: profile.extras.watermark, programmeStartTimecode: profile.extras.programmeStartTimecode },
    // Text is laid out inside a platform's safe area: part of the picture (absent for the other profiles, whose keys stay as they were).
    ...(profile.platform ? { safeArea: profile.platform.safeArea } : {}),
  };
  // A shot's framing shows only in a frame narrower than 16:9: elsewhere it is left out of the key.
  const reframes = reframesShots(profile.video);
  const burnsPosition = profile.extras.timecodeBurn;
  const burnsVersion = profile.extras.watermark?.includes('{n}');
  const grid = keyframeGridOf({ profile });
  const segments = spec.segments.map((segment): PlannedSegment => {
    const { id: _id, startFrame, ...content } = segment;
    const material = {
      ...content,
      layers: content.layers.map((layer) => ({
        ...layer,
        shotId: undefined,
        visual:
          'source' in layer.visual
            ? { ...layer.visual, source: sourceIdentity(layer.visual.source), reframe: reframes ? layer.visual.reframe : undefined }
            : layer.visual,
      })),
      logo: content.logo ? { ...content.logo, source: sourceIdentity(content.logo.source) } : null,
      ...(burnsPosition ? { startFrame } : {}),
      ...(burnsVersion ? { versionNumber } : {}),
      // A ladder profile forces keyframes on the programme's grid: which of its frames are on it.
      ...(grid === null ? {} : { gridKeyframes: keyframeGridFrames({ startFrame, frames: segment.frames, everyFrames: grid }) }),
    };
    return { spec: segment, key: `cache/segments/${hashOf({ kind: 'segment', material, picture, RENDERER_VERSION, toolchain })}` };
  });
  // Each window reads its items' extracted sound (`AUDIO_SOURCE_VERSION`), whichever file the
  // profile's picture reads, before any loudness gain: review and every master share the windows,
  // and a window whose sounding material did not change keeps its key wherever it sits.
  const audioWindows = planAudioChunks({ durationSamples: spec.audio.durationSamples }).map((window): PlannedAudioWindow => {
    const part = windowProgramme({ programme: spec.audio, window: windowWithLeadIn({ window }) });
    const material = { ...part, items: part.items.map((item) => ({ ...item, source: { sha256: item.source.sha256, audio: AUDIO_SOURCE_VERSION } })) };
    return { window, key: `cache/audio-windows/${hashOf({ kind: 'audio-window', material, RENDERER_VERSION, toolchain })}` };
  });
  const audioMixKey = `cache/audio/${hashOf({ kind: 'audio-mix', windows: audioWindows.map((w) => w.key), loudness: profile.loudness, RENDERER_VERSION })}`;
  // The encoded sound is laid out like the file (tone, silence, programme): the layout is in its key.
  const audioEncodedKey = `cache/audio/${hashOf({ kind: 'audio-encode', audioMixKey, audio: profile.audio, container: profile.container, extras: profile.extras })}`;
  const programmeKey = `cache/programme/${hashOf({ kind: 'mux', segments: segments.map((s) => s.key), audioEncodedKey, video: profile.video, container: profile.container, faststart: profile.faststart, extras: profile.extras, versionNumber: profile.extras.lineUp ? versionNumber : null, RENDERER_VERSION, toolchain })}`;
  return { segments, audioWindows, audioMixKey, audioEncodedKey, programmeKey };
}

/** What identifies a source's bytes for caching: never its id or probe facts alone. */
function sourceIdentity(source: SourceRef) {
  return { sha256: source.sha256, key: source.key, demuxer: source.demuxer };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/index.ts';
import type { DeliveryProfile } from '../delivery/profiles.ts';
import type { RenderSpec, SegmentSpec, SourceRef } from './render-spec.ts';

/** Bump when a change in the renderer changes its output: every cache key includes it. */
export const RENDERER_VERSION = 'renderer-2';

/** Bump when `buildExtractAudioArgs` changes: every asset's extracted sound (and every mix) is made again. */
export const AUDIO_SOURCE_VERSION = 'audio-source-1';

export interface PlannedSegment {
  spec: SegmentSpec;
  /** Content address of the rendered segment: the same inputs and settings give the same key. */
  key: string;
}

/**
 * The jobs of one render and the output key of each: one per video segment, one for the whole
 * audio programme (mix + loudness, then its encode), the stream-copy join, the mux. QC and
 * packaging work on the muxed file. Keys are derived from everything that determines the output,
 * so an existing output is reused, never rebuilt, and a change to one shot changes one segment key.
 */
export interface RenderPlan {
  segments: PlannedSegment[];
  audioMixKey: string;
  audioEncodedKey: string;
  videoKey: string;
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
 * when the shots before it change length.
 */
export function planRender({ spec, profile, versionNumber, toolchain }: PlanRenderInput): RenderPlan {
  const picture = { video: profile.video, subtitles: profile.subtitles, extras: { timecodeBurn: profile.extras.timecodeBurn, watermark: profile.extras.watermark, programmeStartTimecode: profile.extras.programmeStartTimecode } };
  const burnsPosition = profile.extras.timecodeBurn;
  const burnsVersion = profile.extras.watermark !== null && profile.extras.watermark.includes('{n}');
  const segments = spec.segments.map((segment): PlannedSegment => {
    const { id: _id, startFrame, ...content } = segment;
    const material = {
      ...content,
      layers: content.layers.map((layer) => ({ ...layer, shotId: undefined, visual: 'source' in layer.visual ? { ...layer.visual, source: sourceIdentity(layer.visual.source) } : layer.visual })),
      logo: content.logo ? { ...content.logo, source: sourceIdentity(content.logo.source) } : null,
      ...(burnsPosition ? { startFrame } : {}),
      ...(burnsVersion ? { versionNumber } : {}),
    };
    return { spec: segment, key: `cache/segments/${hashOf({ kind: 'segment', material, picture, RENDERER_VERSION, toolchain })}` };
  });
  // The mix reads each asset's extracted sound (`AUDIO_SOURCE_VERSION`), whichever file the
  // profile's picture reads: the same mix for review and masters.
  const audioMaterial = {
    ...spec.audio,
    items: spec.audio.items.map((item) => ({ ...item, source: { sha256: item.source.sha256, audio: AUDIO_SOURCE_VERSION } })),
    loudness: profile.loudness,
  };
  const audioMixKey = `cache/audio/${hashOf({ kind: 'audio-mix', audioMaterial, RENDERER_VERSION, toolchain })}`;
  // The encoded sound is laid out like the file (tone, silence, programme): the layout is in its key.
  const audioEncodedKey = `cache/audio/${hashOf({ kind: 'audio-encode', audioMixKey, audio: profile.audio, container: profile.container, extras: profile.extras })}`;
  const videoKey = `cache/video/${hashOf({ kind: 'join', segments: segments.map((s) => s.key) })}`;
  const programmeKey = `cache/programme/${hashOf({ kind: 'mux', videoKey, audioEncodedKey, container: profile.container, faststart: profile.faststart, extras: profile.extras, versionNumber: profile.extras.lineUp ? versionNumber : null })}`;
  return { segments, audioMixKey, audioEncodedKey, videoKey, programmeKey };
}

/** What identifies a source's bytes for caching: never its id or probe facts alone. */
function sourceIdentity(source: SourceRef) {
  return { sha256: source.sha256, key: source.key, demuxer: source.demuxer };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

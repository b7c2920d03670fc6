/**
 * What the renderer renders: the resolved, frame-exact description of one version, split into
 * units of work. Produced by pure planning code from a cut and its assets; consumed by the media
 * layer's segment and audio renderers. Every time is an integer: frames at 25 fps for picture,
 * samples at 48 kHz for sound (1920 samples per frame). Source positions are rational seconds,
 * converted once from the cut.
 */
import type { ProbeFacts, ProgrammeAudioLayout, Rational } from '../../domain/index.ts';
import type { Reframe } from '../../domain/cut/reframe.ts';

/** A reference to a stored asset as the renderer needs it: where, which demuxer, what is in it. */
export interface SourceRef {
  assetId: string;
  /** SHA-256 of the original: part of every cache key. */
  sha256: string;
  /** Blob key of the file to read (the original, or the proxy for the review profile). */
  key: string;
  /** The demuxer ingest found; every read forces it. */
  demuxer: string;
  facts: ProbeFacts;
}

export type PhotoMotion = 'none' | 'zoom-in' | 'zoom-out' | 'pan-left' | 'pan-right';

export type VisualSource =
  | {
      type: 'clip';
      source: SourceRef /** source time shown at the layer's first frame */;
      inSeconds: Rational;
      /** The shot's own framing for vertical and square frames, from this layer's first frame (absent: a crop around the middle). */
      reframe?: Reframe;
    }
  | {
      type: 'photo';
      source: SourceRef;
      motion: PhotoMotion /** the photo's whole hold, for motion progress */;
      holdFrames: number /** frames of the hold before this layer's first frame */;
      holdOffsetFrames: number;
      reframe?: Reframe;
    }
  | { type: 'title'; title: string; subtitle: string };

export interface SegmentLayer {
  visual: VisualSource;
  /** The shot this layer shows. */
  shotId: string;
}

export interface LowerThirdSpec {
  name: string;
  position: string;
  /** Frames relative to the segment's first frame; clipped to the segment. */
  startFrame: number;
  endFrame: number;
}

/** The organiser's logo on a segment: which file, which corner, how large and how opaque. */
export interface LogoSpec {
  source: SourceRef;
  corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  /** Height in % of the picture's height. */
  heightPercent: number;
  opacity: number;
}

export interface SegmentCue {
  /** Frames relative to the segment's first frame (start inclusive, end exclusive). */
  startFrame: number;
  endFrame: number;
  lines: string[];
  /** Set only for a cue shown at the top (a bottom cue's segment key is unchanged). */
  placement?: 'top';
}

/**
 * One unit of video work: a piece of one shot, or a dissolve between two. Rendered on its own,
 * with the profile's encoder settings and a closed GOP, into exactly `frames` frames.
 */
export interface SegmentSpec {
  id: string;
  /** Programme frame of the first frame. */
  startFrame: number;
  frames: number;
  /** One layer; two for a dissolve (the first fades out while the second fades in, over the whole segment). */
  layers: [SegmentLayer] | [SegmentLayer, SegmentLayer];
  /** Fade from black over the first N frames / to black over the last N frames (0: none). */
  fadeInFrames: number;
  fadeOutFrames: number;
  lowerThirds: LowerThirdSpec[];
  /** Subtitles that fall in this segment (burned in when the profile asks for it). */
  cues: SegmentCue[];
  /** The organiser's logo over this segment, or null. */
  logo: LogoSpec | null;
}

export type AudioRole = 'clip' | 'narration' | 'music';

export interface AudioItem {
  role: AudioRole;
  source: SourceRef;
  /** Programme sample where the item starts. */
  startSample: number;
  durationSamples: number;
  /** Source time at the item's first sample. */
  inSeconds: Rational;
  gainDb: number;
  fadeInSamples: number;
  fadeOutSamples: number;
  /** Which channels make the stereo mix (a finished programme's declared layout); absent: by channel count. */
  layout?: ProgrammeAudioLayout;
}

/** A span where the music bed is lowered (narration or interview sound over it). */
export interface DuckSpan {
  startSample: number;
  endSample: number;
}

export interface AudioProgramme {
  durationSamples: number;
  items: AudioItem[];
  /** Spans where music is ducked, merged and sorted. */
  duck: DuckSpan[];
  /** How far music goes down under speech, and how long the ramps take. */
  duckDb: number;
  duckRampSamples: number;
}

export interface ProgrammeCue {
  /** Programme frames, start inclusive, end exclusive. */
  startFrame: number;
  endFrame: number;
  lines: string[];
  placement?: 'top';
}

/** A version resolved for rendering. */
export interface RenderSpec {
  durationFrames: number;
  segments: SegmentSpec[];
  audio: AudioProgramme;
  cues: ProgrammeCue[];
}

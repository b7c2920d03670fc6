/**
 * The neutral timeline every interchange format is written from and read into: one picture track,
 * sound tracks, markers, all in whole frames at the programme rate (25 fps).
 *
 * Edits follow the editing software's model rather than the cut's: an event runs from its edit
 * point (`recordIn`) to the next one (`recordOut`), and a transition sits on an edit point,
 * `before` frames of it before the edit (taken from the incoming shot's head) and `after` frames
 * after it (taken from the outgoing shot's tail). The cut's model (a dissolve of N frames makes the
 * incoming shot start N frames earlier) is the case `before: 0, after: N`.
 */

/** A file the timeline names: what the editing software relinks by. */
export interface MediaSource {
  /** The file name the timeline references (safe: no directory part, no control characters). */
  fileName: string;
  /** The tape name of CMX 3600 EDLs: at most 8 characters of A–Z, 0–9 and `_`. */
  reel: string;
  /** The clip's name as the editing software shows it in its bin. */
  clipName: string;
  /** Still pictures have no timecode of their own: source timecode starts at 00:00:00:00. */
  kind: 'video' | 'still' | 'audio';
  /** Length of the file in frames, when known (OTIO `available_range`, xmeml `<file><duration>`). */
  durationFrames: number | null;
  /** The library asset, when the timeline was built from a cut (readers leave it null). */
  assetId: string | null;
}

/** A transition on the edit point at an event's `recordIn` (see the module comment). */
export interface EditTransition {
  type: 'dissolve' | 'fade-from-black';
  before: number;
  after: number;
}

/** What a picture event shows: frames of a file from `sourceIn`, or a title card (a generator). */
export type PictureContent = { type: 'file'; source: MediaSource; sourceIn: number } | { type: 'title'; text: string; subtitle?: string };

/** Why an event could not be brought over as it is (it is listed with its event number). */
export interface EventNote {
  code: 'SPEED_CHANGE' | 'EFFECT' | 'REVERSE';
  detail: string;
}

export interface PictureEvent {
  /** The event number in the file (EDL event, or the item's place in the file for XML and OTIO). */
  event: number;
  recordIn: number;
  recordOut: number;
  content: PictureContent;
  transitionIn: EditTransition | null;
  /** Frames fading to black at the event's end (inside it). */
  fadeOut: number;
  /** The shot of the cut this event came from (written by reportage, kept by OTIO and xmeml). */
  shotId: string | null;
  /** What the format said and the cut cannot do (speed changes, effects). */
  notes: EventNote[];
}

/** Which part of the cut a sound event is: a clip's own sound, a narration, a music bed. */
export type SoundRole = 'clip' | 'narration' | 'music';

export interface SoundEvent {
  event: number;
  /** 1-based track (A1 …): clip sound on A1, narration on A2, music on A3 when written by reportage. */
  track: number;
  recordIn: number;
  recordOut: number;
  source: MediaSource;
  sourceIn: number;
  /** Set by the writer's side; readers decide it from the asset the source matches. */
  role: SoundRole | null;
  /** The cut item (narration or music id, or the clip's shot id) this event came from. */
  itemId: string | null;
  notes: EventNote[];
}

export interface TimelineMarker {
  frame: number;
  durationFrames: number;
  name: string;
  text: string;
  /** Open review threads are red, resolved ones green. */
  color: 'red' | 'green' | 'blue';
}

/** An event of the file the neutral timeline cannot hold (an extra video track, an unknown item). */
export interface UnexpressedEvent {
  event: number;
  code: string;
  reason: string;
  reasonVi: string;
}

export interface InterchangeTimeline {
  name: string;
  /** Record timecode of the programme's first frame, in frames (0 = 00:00:00:00). */
  startFrames: number;
  durationFrames: number;
  picture: PictureEvent[];
  sound: SoundEvent[];
  markers: TimelineMarker[];
}

/** The last frame any event reaches (a loop: a file may hold more events than a call can take arguments). */
export function endOf({ picture, sound }: { picture: readonly PictureEvent[]; sound: readonly SoundEvent[] }): number {
  let end = 0;
  for (const event of [...picture, ...sound]) end = Math.max(end, event.recordOut);
  return end;
}

/** What a reader found: the timeline, and every event it could not represent. */
export interface ReadTimeline {
  timeline: InterchangeTimeline;
  unexpressed: UnexpressedEvent[];
  warnings: string[];
}

/** A transition at the end of a track, with no clip after it: listed, left out. */
export function transitionWithoutClip({ event }: { event: number }): UnexpressedEvent {
  return {
    event,
    code: 'TRANSITION_WITHOUT_CLIP',
    reason: 'a transition at the end of a track leads to no clip; it is left out',
    reasonVi: 'chuyển cảnh ở cuối track không dẫn tới đoạn phim nào; đã bỏ qua',
  };
}

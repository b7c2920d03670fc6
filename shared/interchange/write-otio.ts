/**
 * The neutral timeline → OpenTimelineIO JSON (`Timeline.1`), as Resolve and Premiere (through
 * the OTIO importers) read it: a video track V1, audio tracks A1 (the clips' own sound), A2
 * (narration), A3 (music), clips with an `ExternalReference.1` naming the file, dissolves as
 * `Transition.1` (`SMPTE_Dissolve`), title cards as clips with a `GeneratorReference.1`, review
 * comments as `Marker.2` on the tracks' stack. reportage's ids ride in `metadata.reportage`, the
 * reel in `metadata.cmx_3600.reel` (where OTIO's EDL adapter keeps it).
 */
import { FPS } from '../domain/index.ts';
import type { InterchangeTimeline, PictureEvent, SoundEvent, TimelineMarker } from './timeline-model.ts';

type Json = Record<string, unknown>;

const rt = (frames: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate: FPS, value: frames });
const range = (start: number, duration: number): Json => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start), duration: rt(duration) });

/** Writes the OTIO document (pretty JSON, as OTIO itself writes it). */
export function writeOtio({ timeline }: { timeline: InterchangeTimeline }): string {
  const video = track({ name: 'V1', kind: 'Video', children: pictureChildren({ events: timeline.picture }) });
  const audioTracks = [1, 2, 3, ...new Set(timeline.sound.map((s) => s.track))]
    .filter((n, i, all) => all.indexOf(n) === i)
    .sort((a, b) => a - b)
    .map((n) => track({ name: `A${n}`, kind: 'Audio', children: soundChildren({ events: timeline.sound.filter((s) => s.track === n) }) }));
  const document = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { reportage: { fps: FPS } },
    name: timeline.name,
    global_start_time: rt(timeline.startFrames),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: timeline.markers.map((marker) => otioMarker({ marker })),
      enabled: true,
      children: [video, ...audioTracks],
    },
  };
  return `${JSON.stringify(document, null, 4)}\n`;
}

function track({ name, kind, children }: { name: string; kind: 'Video' | 'Audio'; children: Json[] }): Json {
  return { OTIO_SCHEMA: 'Track.1', metadata: {}, name, source_range: null, effects: [], markers: [], enabled: true, children, kind };
}

function pictureChildren({ events }: { events: readonly PictureEvent[] }): Json[] {
  const children: Json[] = [];
  let cursor = 0;
  for (const event of events) {
    if (event.recordIn > cursor) children.push(gap({ frames: event.recordIn - cursor }));
    const transition = event.transitionIn;
    if (transition) {
      // A fade from black: a black generator of no length to fade from.
      if (transition.type === 'fade-from-black') children.push(blackClip());
      children.push({
        OTIO_SCHEMA: 'Transition.1',
        metadata: { reportage: { type: transition.type } },
        name: transition.type === 'fade-from-black' ? 'Fade from black' : 'Cross Dissolve',
        transition_type: 'SMPTE_Dissolve',
        in_offset: rt(transition.before),
        out_offset: rt(transition.after),
      });
    }
    children.push(pictureClip({ event }));
    if (event.fadeOut > 0) {
      // A fade to black: a transition into a black generator of no length.
      children.push({
        OTIO_SCHEMA: 'Transition.1',
        metadata: { reportage: { type: 'fade-to-black' } },
        name: 'Fade to black',
        transition_type: 'SMPTE_Dissolve',
        in_offset: rt(event.fadeOut),
        out_offset: rt(0),
      });
      children.push(blackClip());
    }
    cursor = event.recordOut;
  }
  return children;
}

function pictureClip({ event }: { event: PictureEvent }): Json {
  const length = event.recordOut - event.recordIn;
  const content = event.content;
  if (content.type === 'title') {
    return clip({
      name: content.text,
      sourceRange: range(0, length),
      reference: {
        OTIO_SCHEMA: 'GeneratorReference.1',
        metadata: {},
        name: content.text,
        available_range: null,
        generator_kind: 'SolidColor',
        parameters: { color: 'black' },
      },
      metadata: { reportage: { shotId: event.shotId, title: { text: content.text, ...(content.subtitle ? { subtitle: content.subtitle } : {}) } } },
    });
  }
  const source = content.source;
  return clip({
    name: source.clipName,
    sourceRange: range(content.sourceIn, length),
    reference: externalReference({ fileName: source.fileName, durationFrames: source.durationFrames }),
    metadata: { cmx_3600: { reel: source.reel }, reportage: { shotId: event.shotId, assetId: source.assetId } },
  });
}

function soundChildren({ events }: { events: readonly SoundEvent[] }): Json[] {
  const children: Json[] = [];
  let cursor = 0;
  for (const event of [...events].sort((a, b) => a.recordIn - b.recordIn)) {
    if (event.recordIn > cursor) children.push(gap({ frames: event.recordIn - cursor }));
    const start = Math.max(cursor, event.recordIn);
    const source = event.source;
    children.push(
      clip({
        name: source.clipName,
        sourceRange: range(event.sourceIn + start - event.recordIn, event.recordOut - start),
        reference: externalReference({ fileName: source.fileName, durationFrames: source.durationFrames }),
        metadata: { cmx_3600: { reel: source.reel }, reportage: { role: event.role, itemId: event.itemId, assetId: source.assetId } },
      }),
    );
    cursor = event.recordOut;
  }
  return children;
}

function clip({ name, sourceRange, reference, metadata }: { name: string; sourceRange: Json; reference: Json; metadata: Json }): Json {
  return {
    OTIO_SCHEMA: 'Clip.2',
    metadata,
    name,
    source_range: sourceRange,
    effects: [],
    markers: [],
    enabled: true,
    media_references: { DEFAULT_MEDIA: reference },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

function externalReference({ fileName, durationFrames }: { fileName: string; durationFrames: number | null }): Json {
  return {
    OTIO_SCHEMA: 'ExternalReference.1',
    metadata: {},
    name: fileName,
    available_range: durationFrames === null ? null : range(0, durationFrames),
    available_image_bounds: null,
    target_url: fileName,
  };
}

function blackClip(): Json {
  return clip({
    name: 'Black',
    sourceRange: range(0, 0),
    reference: {
      OTIO_SCHEMA: 'GeneratorReference.1',
      metadata: {},
      name: 'Black',
      available_range: null,
      generator_kind: 'SolidColor',
      parameters: { color: 'black' },
    },
    metadata: { reportage: { black: true } },
  });
}

function gap({ frames }: { frames: number }): Json {
  return { OTIO_SCHEMA: 'Gap.1', metadata: {}, name: '', source_range: range(0, frames), effects: [], markers: [], enabled: true };
}

function otioMarker({ marker }: { marker: TimelineMarker }): Json {
  return {
    OTIO_SCHEMA: 'Marker.2',
    metadata: {},
    name: marker.name,
    color: marker.color.toUpperCase(),
    marked_range: range(marker.frame, marker.durationFrames),
    comment: marker.text,
  };
}

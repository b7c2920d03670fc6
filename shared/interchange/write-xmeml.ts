/**
 * The neutral timeline → Final Cut Pro 7 XML (`xmeml` version 5), the sequence format Premiere Pro
 * and DaVinci Resolve both import: one video track, audio tracks A1 (the clips' own sound), A2
 * (narration), A3 (music), each source file described once (`<file id>`, then referenced),
 * with its reel in `<timecode><reel>`, dissolves as `Cross Dissolve` transition items (a fade
 * from black aligned `start-black`), title cards as `Text` generator items, review comments as
 * sequence `<marker>`s. reportage's shot and item ids ride in each clip's `<mastercomment1>`.
 */
import { FPS, framesToTimecode } from '../domain/index.ts';
import type { InterchangeTimeline, MediaSource, PictureEvent, SoundEvent } from './timeline-model.ts';

const RATE = `<rate><timebase>${FPS}</timebase><ntsc>FALSE</ntsc></rate>`;

/** Writes the xmeml document. */
export function writeXmeml({ timeline }: { timeline: InterchangeTimeline }): string {
  const files = new Map<string, string>();
  const fileRef = (source: MediaSource): string => {
    const known = files.get(source.fileName);
    if (known) return `<file id="${known}"/>`;
    const id = `file-${files.size + 1}`;
    files.set(source.fileName, id);
    const duration = source.durationFrames === null ? '' : `<duration>${source.durationFrames}</duration>`;
    const media =
      source.kind === 'audio'
        ? '<audio><channelcount>2</channelcount></audio>'
        : source.kind === 'still'
          ? '<video/>'
          : '<video/><audio><channelcount>2</channelcount></audio>';
    return (
      `<file id="${id}"><name>${esc(source.fileName)}</name><pathurl>${esc(encodeURI(source.fileName))}</pathurl>${RATE}${duration}` +
      `<timecode>${RATE}<string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat><reel><name>${esc(source.reel)}</name></reel></timecode>` +
      `<media>${media}</media></file>`
    );
  };
  let itemId = 0;
  const video = timeline.picture.flatMap((event) => {
    const items: string[] = [];
    if (event.transitionIn) items.push(transitionItem({ event }));
    itemId += 1;
    items.push(pictureItem({ event, id: itemId, fileRef }));
    if (event.fadeOut > 0) items.push(fadeOutItem({ event }));
    return items;
  });
  const audioTracks = [1, 2, 3, ...timeline.sound.map((s) => s.track)].filter((n, i, all) => all.indexOf(n) === i).sort((a, b) => a - b);
  const audio = audioTracks.map((track) => {
    const items = timeline.sound.filter((s) => s.track === track).map((event) => soundItem({ event, id: ++itemId, fileRef }));
    return `<track>${items.join('')}</track>`;
  });
  const markers = timeline.markers.map(
    (m) =>
      `<marker><comment>${esc(m.text)}</comment><name>${esc(m.name)}</name><in>${m.frame}</in><out>${m.durationFrames > 1 ? m.frame + m.durationFrames : -1}</out></marker>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE xmeml>',
    '<xmeml version="5">',
    `<sequence id="sequence-1"><name>${esc(timeline.name)}</name><duration>${timeline.durationFrames}</duration>${RATE}`,
    `<timecode>${RATE}<string>${framesToTimecode({ frames: timeline.startFrames })}</string><frame>${timeline.startFrames}</frame><displayformat>NDF</displayformat></timecode>`,
    '<media><video><format><samplecharacteristics>' +
      RATE +
      '<width>1920</width><height>1080</height><pixelaspectratio>square</pixelaspectratio><fielddominance>none</fielddominance></samplecharacteristics></format>',
    `<track>${video.join('\n')}</track></video>`,
    `<audio>${audio.join('\n')}</audio></media>`,
    markers.join('\n'),
    '</sequence></xmeml>',
    '',
  ].join('\n');
}

function transitionItem({ event }: { event: PictureEvent }): string {
  const t = event.transitionIn!;
  const alignment = t.type === 'fade-from-black' ? 'start-black' : t.before === 0 ? 'start' : t.after === 0 ? 'end' : 'center';
  return (
    `<transitionitem>${RATE}<start>${event.recordIn - t.before}</start><end>${event.recordIn + t.after}</end><alignment>${alignment}</alignment>` +
    '<effect><name>Cross Dissolve</name><effectid>Cross Dissolve</effectid><effectcategory>Dissolve</effectcategory><effecttype>transition</effecttype><mediatype>video</mediatype></effect></transitionitem>'
  );
}

function fadeOutItem({ event }: { event: PictureEvent }): string {
  return (
    `<transitionitem>${RATE}<start>${event.recordOut - event.fadeOut}</start><end>${event.recordOut}</end><alignment>end-black</alignment>` +
    '<effect><name>Cross Dissolve</name><effectid>Cross Dissolve</effectid><effectcategory>Dissolve</effectcategory><effecttype>transition</effecttype><mediatype>video</mediatype></effect></transitionitem>'
  );
}

function pictureItem({ event, id, fileRef }: { event: PictureEvent; id: number; fileRef: (s: MediaSource) => string }): string {
  const length = event.recordOut - event.recordIn;
  const comment = event.shotId ? `<comments><mastercomment1>reportage:${esc(event.shotId)}</mastercomment1></comments>` : '';
  const content = event.content;
  const times = `<start>${event.recordIn}</start><end>${event.recordOut}</end>`;
  if (content.type === 'title') {
    return (
      `<generatoritem id="generator-${id}"><name>${esc(content.text)}</name><enabled>TRUE</enabled><duration>${length}</duration>${RATE}${times}<in>0</in><out>${length}</out>` +
      `<effect><name>Text</name><effectid>Text</effectid><effectcategory>Text</effectcategory><effecttype>generator</effecttype><mediatype>video</mediatype>` +
      `<parameter><parameterid>str</parameterid><name>Text</name><value>${esc(content.text)}</value></parameter></effect>${comment}</generatoritem>`
    );
  }
  const source = content.source;
  return (
    `<clipitem id="clipitem-${id}"><name>${esc(source.clipName)}</name><enabled>TRUE</enabled><duration>${source.durationFrames ?? length}</duration>${RATE}${times}` +
    `<in>${content.sourceIn}</in><out>${content.sourceIn + length}</out>${fileRef(source)}${comment}</clipitem>`
  );
}

function soundItem({ event, id, fileRef }: { event: SoundEvent; id: number; fileRef: (s: MediaSource) => string }): string {
  const length = event.recordOut - event.recordIn;
  const comment = event.itemId ? `<comments><mastercomment1>reportage:${esc(event.itemId)}</mastercomment1></comments>` : '';
  return (
    `<clipitem id="clipitem-${id}"><name>${esc(event.source.clipName)}</name><enabled>TRUE</enabled><duration>${event.source.durationFrames ?? length}</duration>${RATE}` +
    `<start>${event.recordIn}</start><end>${event.recordOut}</end><in>${event.sourceIn}</in><out>${event.sourceIn + length}</out>${fileRef(event.source)}` +
    `<sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>${comment}</clipitem>`
  );
}

/** The control characters XML 1.0 cannot carry (tab, line feed and carriage return can): removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it matches.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** XML text escaping (names and comments are display text). */
export function esc(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

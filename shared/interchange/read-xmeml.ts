/**
 * Final Cut Pro 7 XML (`xmeml`, as Premiere Pro and DaVinci Resolve export it) → the neutral
 * timeline. The first video track is the picture; clips on further video tracks are listed (the
 * cut has one picture layer). Clip items next to a transition may carry `-1` as start or end
 * (FCP 7 does): the transition item gives the edit point then. Files are described once and
 * referenced by id afterwards. Speed (`timeremap`) and effect filters are listed with the item's
 * event number (items are numbered in document order, video tracks first); the filters every
 * export carries with neutral values (Basic Motion, Opacity, Crop, Audio Levels, Audio Pan) are not.
 * Entity declarations are refused: xmeml never needs them.
 */
import { XMLParser } from 'fast-xml-parser';
import { FPS, nfc } from '../domain/index.ts';
import { MAX_TIMELINE_EVENTS, timelineFrameRate, timelineMalformed, timelineTooManyEvents } from './interchange-error.ts';
import type { EditTransition, EventNote, MediaSource, PictureEvent, ReadTimeline, SoundEvent, UnexpressedEvent } from './timeline-model.ts';
import { endOf, transitionWithoutClip } from './timeline-model.ts';

/** An element: its name, attributes, child elements and text. */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  path: string;
}

/** xmeml nests a dozen levels deep; anything far deeper is not a timeline. */
const MAX_DEPTH = 64;
const QUIET_FILTERS = new Set(['basic motion', 'opacity', 'crop', 'audio levels', 'audio pan', 'distort', 'volume', 'pan', 'channel volume']);

/** Reads xmeml text. @throws InterchangeError (`TIMELINE_MALFORMED`, `TIMELINE_FRAME_RATE`). */
export function readXmeml({ text }: { text: string }): ReadTimeline {
  if (/<!ENTITY/i.test(text))
    throw timelineMalformed({
      format: 'fcpxml',
      where: 'the DOCTYPE',
      reason: 'entity declarations are not accepted',
      reasonVi: 'không chấp nhận khai báo ENTITY',
    });
  let raw: unknown[];
  try {
    raw = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: true }).parse(
      text,
    ) as unknown[];
  } catch (error) {
    throw timelineMalformed({
      format: 'fcpxml',
      where: 'the document',
      reason: `not well-formed XML (${(error as Error).message})`,
      reasonVi: 'không phải XML hợp lệ',
    });
  }
  const root = toNodes(raw, '').find((node) => node.name === 'xmeml');
  if (!root) throw timelineMalformed({ format: 'fcpxml', where: 'the document', reason: 'no <xmeml> element', reasonVi: 'không có phần tử <xmeml>' });
  const sequence = child(root, 'sequence') ?? child(child(root, 'project'), 'children', 'sequence');
  if (!sequence) throw timelineMalformed({ format: 'fcpxml', where: 'xmeml', reason: 'no <sequence>', reasonVi: 'không có <sequence>' });
  const timebase = Number(child(sequence, 'rate', 'timebase')?.text ?? FPS);
  const ntsc = (child(sequence, 'rate', 'ntsc')?.text ?? 'FALSE').toUpperCase() === 'TRUE';
  if (timebase !== FPS || ntsc) throw timelineFrameRate({ format: 'fcpxml', found: `${timebase}${ntsc ? ' NTSC (×1000/1001)' : ''} fps` });
  const startFrames = Number(child(sequence, 'timecode', 'frame')?.text ?? 0) || 0;
  const files = new Map<string, XmlNode>();
  const media = child(sequence, 'media');
  const videoTracks = children(child(media, 'video'), 'track');
  const audioTracks = children(child(media, 'audio'), 'track');
  const count = [...videoTracks, ...audioTracks].reduce((sum, track) => sum + track.children.length, 0);
  if (count > MAX_TIMELINE_EVENTS) throw timelineTooManyEvents({ format: 'fcpxml', count });
  const picture: PictureEvent[] = [];
  const sound: SoundEvent[] = [];
  const unexpressed: UnexpressedEvent[] = [];
  const warnings: string[] = [];
  let event = 0;

  [...videoTracks.map((t) => ({ t, video: true })), ...audioTracks.map((t) => ({ t, video: false }))].forEach(({ t, video }, trackIndex) => {
    const trackNumber = video ? trackIndex + 1 : trackIndex - videoTracks.length + 1;
    const items = t.children.filter((n) => n.name === 'clipitem' || n.name === 'generatoritem' || n.name === 'transitionitem');
    let pending: EditTransition | null = null;
    items.forEach((item, index) => {
      if (item.name === 'transitionitem') {
        const last = picture.at(-1);
        if ((child(item, 'alignment')?.text ?? '').toLowerCase() === 'end-black' && video && last && last.recordOut === num(item, 'end')) {
          last.fadeOut = num(item, 'end') - num(item, 'start');
          return;
        }
        pending = readTransition({ item, previous: items[index - 1], next: items[index + 1] });
        return;
      }
      event += 1;
      if ((child(item, 'enabled')?.text ?? 'TRUE').toUpperCase() === 'FALSE') {
        unexpressed.push({
          event,
          code: 'DISABLED_CLIP',
          reason: 'the clip is disabled in the sequence; it is left out',
          reasonVi: 'đoạn phim bị tắt trong timeline; đã bỏ qua',
        });
        pending = null;
        return;
      }
      if (video && trackNumber > 1) {
        unexpressed.push({
          event,
          code: 'EXTRA_VIDEO_TRACK',
          reason: `"${child(item, 'name')?.text ?? ''}" is on video track V${trackNumber}; the cut has one picture layer`,
          reasonVi: `"${child(item, 'name')?.text ?? ''}" nằm ở track hình V${trackNumber}; bản dựng chỉ có một lớp hình`,
        });
        return;
      }
      const { recordIn, recordOut } = itemTimes({ item, previous: items[index - 1], next: items[index + 1] });
      const sourceIn = num(item, 'in') + (recordIn - rawStart({ item, fallback: recordIn }));
      const shotId = /^reportage:(.+)$/.exec(child(item, 'comments', 'mastercomment1')?.text ?? '')?.[1] ?? null;
      const notes = filterNotes({ item });
      const name = nfc(child(item, 'name')?.text ?? '');
      if (item.name === 'generatoritem') {
        if (video)
          picture.push({
            event,
            recordIn,
            recordOut,
            content: { type: 'title', text: generatorText({ item }) || name },
            transitionIn: pending,
            fadeOut: 0,
            shotId,
            notes,
          });
        pending = null;
        return;
      }
      const source = readFile({ item, files, video });
      if (video) picture.push({ event, recordIn, recordOut, content: { type: 'file', source, sourceIn }, transitionIn: pending, fadeOut: 0, shotId, notes });
      else
        sound.push({
          event,
          track: trackNumber,
          recordIn,
          recordOut,
          source: { ...source, clipName: name || source.clipName },
          sourceIn,
          role: null,
          itemId: shotId,
          notes,
        });
      pending = null;
    });
    if (pending) unexpressed.push(transitionWithoutClip({ event }));
  });
  const durationFrames = endOf({ picture, sound });
  return { timeline: { name: nfc(child(sequence, 'name')?.text ?? ''), startFrames, durationFrames, picture, sound, markers: [] }, unexpressed, warnings };
}

/** A transition's place around its edit point, taken from the clip items beside it. */
function readTransition({ item, previous, next }: { item: XmlNode; previous: XmlNode | undefined; next: XmlNode | undefined }): EditTransition {
  const start = num(item, 'start');
  const end = num(item, 'end');
  const alignment = (child(item, 'alignment')?.text ?? 'center').toLowerCase();
  const nextStart = next && next.name !== 'transitionitem' ? num(next, 'start') : -1;
  const previousEnd = previous && previous.name !== 'transitionitem' ? num(previous, 'end') : -1;
  const edit =
    nextStart >= 0
      ? nextStart
      : previousEnd >= 0
        ? previousEnd
        : alignment.startsWith('start')
          ? start
          : alignment.startsWith('end')
            ? end
            : Math.floor((start + end) / 2);
  const type = alignment === 'start-black' || previous === undefined || previous.name === 'transitionitem' ? 'fade-from-black' : 'dissolve';
  return { type, before: Math.max(0, edit - start), after: Math.max(0, end - edit) };
}

/** An item's start and end; `-1` beside a transition means the transition's edit point. */
function itemTimes({ item, previous, next }: { item: XmlNode; previous: XmlNode | undefined; next: XmlNode | undefined }): {
  recordIn: number;
  recordOut: number;
} {
  let recordIn = num(item, 'start');
  let recordOut = num(item, 'end');
  if (recordIn < 0 && previous?.name === 'transitionitem') recordIn = editOf(previous);
  if (recordOut < 0 && next?.name === 'transitionitem') recordOut = editOf(next);
  if (recordIn < 0 || recordOut < recordIn)
    throw timelineMalformed({
      format: 'fcpxml',
      where: `${item.path}.start`,
      reason: `start ${recordIn} and end ${recordOut} do not make a range`,
      reasonVi: 'điểm đầu và điểm cuối không hợp lệ',
    });
  return { recordIn, recordOut };
}

function editOf(transition: XmlNode): number {
  const start = num(transition, 'start');
  const end = num(transition, 'end');
  const alignment = (child(transition, 'alignment')?.text ?? 'center').toLowerCase();
  return alignment.startsWith('start') ? start : alignment.startsWith('end') ? end : Math.floor((start + end) / 2);
}

function rawStart({ item, fallback }: { item: XmlNode; fallback: number }): number {
  const start = num(item, 'start');
  return start >= 0 ? start : fallback;
}

function readFile({ item, files, video }: { item: XmlNode; files: Map<string, XmlNode>; video: boolean }): MediaSource {
  const ref = child(item, 'file');
  const id = ref?.attrs.id ?? '';
  let file = ref;
  if (ref && ref.children.length > 0 && id) files.set(id, ref);
  else if (id) file = files.get(id) ?? ref;
  const pathurl = child(file, 'pathurl')?.text ?? '';
  const last = pathurl.split(/[\\/]/).pop() ?? '';
  let fromUrl = last;
  try {
    fromUrl = decodeURIComponent(last);
  } catch {
    /* keep it as written */
  }
  const fileName = nfc(child(file, 'name')?.text || fromUrl);
  const reel = child(file, 'timecode', 'reel', 'name')?.text ?? 'AX';
  return {
    fileName: fileName.split(/[\\/]/).pop() ?? '',
    reel,
    clipName: nfc(child(item, 'name')?.text ?? fileName),
    kind: video ? 'video' : 'audio',
    durationFrames: null,
    assetId: null,
  };
}

function generatorText({ item }: { item: XmlNode }): string {
  const parameter = children(child(item, 'effect'), 'parameter').find((p) => ['str', 'text'].includes((child(p, 'parameterid')?.text ?? '').toLowerCase()));
  return nfc(child(parameter, 'value')?.text ?? '');
}

function filterNotes({ item }: { item: XmlNode }): EventNote[] {
  const notes: EventNote[] = [];
  for (const filter of children(item, 'filter')) {
    const effect = child(filter, 'effect');
    const id = (child(effect, 'effectid')?.text ?? '').toLowerCase();
    const name = child(effect, 'name')?.text ?? id;
    if (id === 'timeremap') {
      const speed = children(effect, 'parameter').find((p) => child(p, 'parameterid')?.text === 'speed');
      const value = Number(child(speed, 'value')?.text ?? 100);
      const reverse = children(effect, 'parameter').some(
        (p) => child(p, 'parameterid')?.text === 'reverse' && child(p, 'value')?.text?.toUpperCase() === 'TRUE',
      );
      if (reverse) notes.push({ code: 'REVERSE', detail: `${value} %` });
      else if (value !== 100) notes.push({ code: 'SPEED_CHANGE', detail: `${value} %` });
      continue;
    }
    if (!QUIET_FILTERS.has(name.toLowerCase()) && !QUIET_FILTERS.has(id)) notes.push({ code: 'EFFECT', detail: name });
  }
  return notes;
}

function num(node: XmlNode, name: string): number {
  const text = child(node, name)?.text;
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value))
    throw timelineMalformed({
      format: 'fcpxml',
      where: `${node.path}.${name}`,
      reason: `expected a whole number of frames, found "${text ?? ''}"`,
      reasonVi: 'cần một số nguyên khung hình',
    });
  return value;
}

function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let current = node;
  for (const name of names) current = current?.children.find((c) => c.name === name);
  return current;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** fast-xml-parser's ordered output → nodes, each with its path for error messages. */
function toNodes(raw: unknown[], parent: string, depth = 0): XmlNode[] {
  if (depth > MAX_DEPTH)
    throw timelineMalformed({
      format: 'fcpxml',
      where: parent,
      reason: `elements nested deeper than ${MAX_DEPTH}`,
      reasonVi: `phần tử lồng nhau quá ${MAX_DEPTH} cấp`,
    });
  const counts = new Map<string, number>();
  const nodes: XmlNode[] = [];
  for (const entry of raw) {
    const record = entry as Record<string, unknown>;
    const name = Object.keys(record).find((key) => key !== ':@');
    if (!name || name === '#text' || name.startsWith('?')) continue;
    const index = counts.get(name) ?? 0;
    counts.set(name, index + 1);
    const path = `${parent ? `${parent}.` : ''}${name}[${index}]`;
    const content = (record[name] as unknown[]) ?? [];
    const text = content
      .map((c) => (c as Record<string, unknown>)['#text'])
      .filter((t) => t !== undefined)
      .join('');
    nodes.push({ name, attrs: (record[':@'] as Record<string, string>) ?? {}, children: toNodes(content, path, depth + 1), text: String(text), path });
  }
  return nodes;
}

/**
 * A CMX 3600 EDL (as Premiere Pro, DaVinci Resolve or Avid write it) → the neutral timeline.
 *
 * Read: events `NNN REEL CHANNEL C|D nnn|Wnnn SRC-IN SRC-OUT REC-IN REC-OUT`, the comments
 * `* FROM CLIP NAME:`, `* TO CLIP NAME:`, `* SOURCE FILE:` and reportage's own `* REPORTAGE …:`,
 * `M2` speed lines. Record time is counted from the hour of the first event (00:00:00:00,
 * 01:00:00:00 and 10:00:00:00 sequences all start at frame 0). Drop-frame refuses the file: it
 * does not exist at 25 fps. Anything the neutral timeline cannot hold is listed with its event
 * number: a key (a second picture layer), a speed change, a wipe (brought over as a dissolve).
 */
import { FPS, nfc, timecodeToFrames } from '../domain/index.ts';
import { MAX_TIMELINE_EVENTS, timelineFrameRate, timelineMalformed, timelineTooManyEvents } from './interchange-error.ts';
import type { EditTransition, EventNote, MediaSource, PictureEvent, ReadTimeline, SoundEvent, UnexpressedEvent } from './timeline-model.ts';
import { endOf } from './timeline-model.ts';

const EVENT =
  /^(\d{3,6})\s+(\S+)\s+(\S+)\s+(C|D|W\d{3}|K[BO]?)\s+(?:(\d{1,4})\s+)?(\d\d:\d\d:\d\d[:;.]\d\d)\s+(\d\d:\d\d:\d\d[:;.]\d\d)\s+(\d\d:\d\d:\d\d[:;.]\d\d)\s+(\d\d:\d\d:\d\d[:;.]\d\d)\s*$/;
const SPEED = /^M2\s+(\S+)\s+(-?\d+(?:\.\d+)?)\s+(\d\d:\d\d:\d\d[:;.]\d\d)\s*$/;
const FRAMES_PER_HOUR = 3600 * FPS;
const MAX_LINES = 200_000;

interface EdlLine {
  line: number;
  event: number;
  reel: string;
  channel: string;
  transition: string;
  transitionFrames: number;
  sourceIn: number;
  sourceOut: number;
  recordIn: number;
  recordOut: number;
  fromName?: string;
  toName?: string;
  sourceFile?: string;
  shotId?: string;
  notes: EventNote[];
}

/** Reads an EDL's text into the neutral timeline. @throws InterchangeError (`TIMELINE_MALFORMED`, `TIMELINE_FRAME_RATE`). */
export function readEdl({ text }: { text: string }): ReadTimeline {
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (rows.length > MAX_LINES)
    throw timelineMalformed({ format: 'edl', where: `line ${MAX_LINES + 1}`, reason: `more than ${MAX_LINES} lines`, reasonVi: `quá ${MAX_LINES} dòng` });
  let name = '';
  const lines: EdlLine[] = [];
  const warnings: string[] = [];
  rows.forEach((raw, index) => {
    const row = nfc(raw).trim();
    const lineNo = index + 1;
    if (row === '') return;
    if (/^TITLE:/i.test(row)) {
      name = row.slice(6).trim();
      return;
    }
    if (/^FCM:/i.test(row)) {
      if (/DROP FRAME/i.test(row) && !/NON-DROP/i.test(row)) throw timelineFrameRate({ format: 'edl', found: 'drop-frame timecode (29.97 fps)' });
      return;
    }
    const event = EVENT.exec(row);
    if (event) {
      const [, num, reel, channel, transition, duration, ...codes] = event as unknown as [
        string,
        string,
        string,
        string,
        string,
        string | undefined,
        string,
        string,
        string,
        string,
      ];
      const [sourceIn, sourceOut, recordIn, recordOut] = codes.map((code) => readTc({ code, lineNo }));
      lines.push({
        line: lineNo,
        event: Number(num),
        reel,
        channel: channel.toUpperCase(),
        transition,
        transitionFrames: duration ? Number(duration) : 0,
        sourceIn: sourceIn!,
        sourceOut: sourceOut!,
        recordIn: recordIn!,
        recordOut: recordOut!,
        notes: [],
      });
      return;
    }
    const last = lines.at(-1);
    const speed = SPEED.exec(row);
    if (speed) {
      const fps = Number(speed[2]);
      const target = [...lines].reverse().find((l) => l.reel === speed[1]) ?? last;
      if (target && fps !== FPS)
        target.notes.push({ code: fps < 0 ? 'REVERSE' : 'SPEED_CHANGE', detail: `M2 ${speed[1]} ${speed[2]} fps (${Math.round((fps / FPS) * 100)} %)` });
      return;
    }
    const comment = /^\*\s*([A-Z ]+?)\s*:\s*(.*)$/i.exec(row);
    if (comment && last) {
      const [, key, value] = comment as unknown as [string, string, string];
      const upper = key.toUpperCase();
      if (upper === 'FROM CLIP NAME') setFromName({ lines, value });
      else if (upper === 'TO CLIP NAME') last.toName = value;
      else if (upper === 'SOURCE FILE') last.sourceFile = value;
      else if (upper === 'REPORTAGE SHOT' || upper === 'REPORTAGE ITEM') last.shotId = value;
      else if (upper === 'EFFECT NAME') last.notes.push({ code: 'EFFECT', detail: value });
      return;
    }
    if (row.startsWith('*')) return;
    warnings.push(`EDL line ${lineNo} was not understood and was skipped: "${row.slice(0, 80)}"`);
  });
  if (lines.length > MAX_TIMELINE_EVENTS) throw timelineTooManyEvents({ format: 'edl', count: lines.length });
  return assemble({ name, lines, warnings });
}

/** `* FROM CLIP NAME:` names the first line of a transition event, or the only one. */
function setFromName({ lines, value }: { lines: EdlLine[]; value: string }): void {
  const last = lines.at(-1);
  if (!last) return;
  const pair = lines.at(-2);
  if (pair && pair.event === last.event && last.transition !== 'C') pair.fromName = value;
  else last.fromName = value;
}

function readTc({ code, lineNo }: { code: string; lineNo: number }): number {
  if (code.includes(';')) throw timelineFrameRate({ format: 'edl', found: `drop-frame timecode ${code} (line ${lineNo})` });
  try {
    return timecodeToFrames({ timecode: code.replace('.', ':') });
  } catch {
    throw timelineMalformed({
      format: 'edl',
      where: `line ${lineNo}`,
      reason: `"${code}" is not 25 fps timecode`,
      reasonVi: `"${code}" không phải mã thời gian 25 hình/giây`,
    });
  }
}

function assemble({ name, lines, warnings }: { name: string; lines: EdlLine[]; warnings: string[] }): ReadTimeline {
  shareNames({ lines });
  const first = lines.reduce((min, l) => Math.min(min, l.recordIn), Number.POSITIVE_INFINITY);
  const origin = lines.length === 0 ? 0 : Math.floor(first / FRAMES_PER_HOUR) * FRAMES_PER_HOUR;
  const picture: PictureEvent[] = [];
  const sound: SoundEvent[] = [];
  const unexpressed: UnexpressedEvent[] = [];
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    // The first line of a transition event is the outgoing side, cut to zero length: not an event of its own.
    if (next && next.event === line.event && next.transition !== 'C' && line.transition === 'C' && line.recordIn === line.recordOut) return;
    const recordIn = line.recordIn - origin;
    const recordOut = line.recordOut - origin;
    const previous = lines[index - 1];
    // A dissolve from `BL` is a fade from black, unless a title card (a named `BL`) ends right there.
    const lastPicture = picture.at(-1);
    const afterTitle = lastPicture?.content.type === 'title' && lastPicture.recordOut === recordIn;
    const fromBlack = previous?.event === line.event && previous.reel.toUpperCase() === 'BL' && !afterTitle;
    const notes = [...line.notes];
    if (line.transition.startsWith('K')) {
      unexpressed.push({
        event: line.event,
        code: 'KEY',
        reason: 'a key puts a second picture over the first; the cut has one picture layer',
        reasonVi: 'hiệu ứng key chồng hình thứ hai lên hình thứ nhất; bản dựng chỉ có một lớp hình',
      });
      return;
    }
    if (line.transition.startsWith('W')) notes.push({ code: 'EFFECT', detail: `wipe ${line.transition} brought over as a dissolve` });
    const transitionIn: EditTransition | null =
      line.transition === 'C' ? null : { type: fromBlack ? 'fade-from-black' : 'dissolve', before: 0, after: line.transitionFrames };
    const channel = line.channel;
    const hasPicture = /V/.test(channel) || channel === 'B';
    const audioTracks = audioTracksOf(channel);
    const fileName = line.sourceFile ?? line.toName ?? line.fromName ?? '';
    const clipName = line.toName ?? line.fromName ?? line.sourceFile ?? line.reel;
    const source: MediaSource = { fileName: baseName(fileName), reel: line.reel, clipName, kind: 'video', durationFrames: null, assetId: null };
    // A dissolve to an unnamed `BL` right after a shot is that shot's fade to black.
    if (
      hasPicture &&
      transitionIn &&
      line.reel.toUpperCase() === 'BL' &&
      !line.toName &&
      lastPicture &&
      lastPicture.recordOut === recordIn &&
      recordOut > recordIn
    ) {
      lastPicture.fadeOut = recordOut - recordIn;
      lastPicture.recordOut = recordOut;
      return;
    }
    if (hasPicture) {
      const content =
        line.reel.toUpperCase() === 'BL'
          ? { type: 'title' as const, text: line.toName ?? line.fromName ?? '' }
          : { type: 'file' as const, source, sourceIn: line.sourceIn };
      picture.push({ event: line.event, recordIn, recordOut, content, transitionIn, fadeOut: 0, shotId: line.shotId ?? null, notes });
    }
    for (const track of audioTracks) {
      if (line.reel.toUpperCase() === 'BL') continue;
      sound.push({
        event: line.event,
        track,
        recordIn,
        recordOut,
        source: { ...source, kind: 'audio' },
        sourceIn: line.sourceIn,
        role: null,
        itemId: line.shotId ?? null,
        notes,
      });
    }
    if (!hasPicture && audioTracks.length === 0) {
      unexpressed.push({
        event: line.event,
        code: 'UNKNOWN_CHANNEL',
        reason: `channel "${channel}" is neither picture nor sound`,
        reasonVi: `kênh "${channel}" không phải hình hay tiếng`,
      });
    }
  });
  const end = endOf({ picture, sound });
  return { timeline: { name, startFrames: origin, durationFrames: end, picture, sound: dedupeStereo(sound), markers: [] }, unexpressed, warnings };
}

/**
 * Lines of one event cut from one reel (a `V` line and its `A`, `A2` lines) share the clip name
 * written once after them.
 */
function shareNames({ lines }: { lines: EdlLine[] }): void {
  const named = new Map<string, EdlLine>();
  for (const line of lines)
    if (line.transition === 'C' && (line.fromName || line.sourceFile)) named.set(`${line.event}|${line.reel}`, named.get(`${line.event}|${line.reel}`) ?? line);
  for (const line of lines) {
    if (line.fromName || line.toName || line.sourceFile || line.transition !== 'C') continue;
    const sibling = named.get(`${line.event}|${line.reel}`);
    if (!sibling) continue;
    if (sibling.fromName !== undefined) line.fromName = sibling.fromName;
    if (sibling.sourceFile !== undefined) line.sourceFile = sibling.sourceFile;
    if (line.shotId === undefined && sibling.shotId !== undefined) line.shotId = sibling.shotId;
  }
}

/** `AA` (stereo) and `B` give one sound event; `A`, `A2` … each their track. */
function audioTracksOf(channel: string): number[] {
  if (channel === 'B' || channel === 'AA' || channel === 'AA/V' || channel === 'A/V' || channel === 'A') return [1];
  const match = /^A(\d+)(?:\/V)?$/.exec(channel);
  return match ? [Number(match[1])] : [];
}

/** A1 and A2 lines of the same source and record range are one stereo event. */
function dedupeStereo(sound: SoundEvent[]): SoundEvent[] {
  const seen = new Set<string>();
  return sound.filter((event) => {
    const key = `${event.source.reel}|${event.source.fileName}|${event.recordIn}|${event.recordOut}|${event.sourceIn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? '';
}

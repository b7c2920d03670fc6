/**
 * The neutral timeline → a CMX 3600 EDL as Premiere Pro and DaVinci Resolve read it: 25 fps
 * non-drop (`FCM: NON-DROP FRAME`), one event per edit with `* FROM CLIP NAME:` and
 * `* SOURCE FILE:` comments, dissolves as a two-line event (the outgoing clip cut to zero length,
 * then `D nnn` to the incoming one), a fade from black as a dissolve from `BL`, title cards as
 * `BL` events named after their text, sound as `AA` events after the picture.
 */
import { framesToTimecode } from '../domain/index.ts';
import type { InterchangeTimeline, MediaSource, PictureEvent } from './timeline-model.ts';

/** Writes the EDL text (CRLF line ends, as the editing systems write them). */
export function writeEdl({ timeline }: { timeline: InterchangeTimeline }): string {
  const lines: string[] = [`TITLE: ${edlText(timeline.name).slice(0, 70)}`, 'FCM: NON-DROP FRAME', ''];
  const tc = (frames: number) => framesToTimecode({ frames: frames + timeline.startFrames });
  let number = 0;
  const eventLine = ({
    reel,
    channel,
    transition,
    sourceIn,
    sourceOut,
    recordIn,
    recordOut,
  }: {
    reel: string;
    channel: string;
    transition: string;
    sourceIn: number;
    sourceOut: number;
    recordIn: number;
    recordOut: number;
  }) =>
    `${String(number).padStart(3, '0')}  ${reel.padEnd(8)} ${channel.padEnd(5)} ${transition.padEnd(8)} ${framesToTimecode({ frames: sourceIn })} ${framesToTimecode({ frames: sourceOut })} ${tc(recordIn)} ${tc(recordOut)}`;

  let previous: PictureEvent | null = null;
  for (const event of timeline.picture) {
    number += 1;
    // A fade to black: the shot is cut short by the fade, then dissolves to an unnamed `BL`.
    const visibleOut = event.recordOut - event.fadeOut;
    const length = visibleOut - event.recordIn;
    const { reel, sourceIn, name, file } = describe(event);
    const transition = event.transitionIn;
    if (transition) {
      // The outgoing side: the previous shot (or black) cut to zero length at the edit point.
      const from = transition.type === 'dissolve' && previous ? describe(previous) : null;
      const fromSource = from ? from.sourceIn + (previous ? previous.recordOut - previous.recordIn : 0) : 0;
      lines.push(
        eventLine({
          reel: from ? from.reel : 'BL',
          channel: 'V',
          transition: 'C',
          sourceIn: fromSource,
          sourceOut: fromSource,
          recordIn: event.recordIn,
          recordOut: event.recordIn,
        }),
      );
      lines.push(
        eventLine({
          reel,
          channel: 'V',
          transition: `D    ${String(transition.after).padStart(3, '0')}`,
          sourceIn,
          sourceOut: sourceIn + length,
          recordIn: event.recordIn,
          recordOut: visibleOut,
        }),
      );
      if (from) lines.push(`* FROM CLIP NAME: ${edlText(from.name)}`);
      lines.push(`* TO CLIP NAME: ${edlText(name)}`);
    } else {
      lines.push(eventLine({ reel, channel: 'V', transition: 'C', sourceIn, sourceOut: sourceIn + length, recordIn: event.recordIn, recordOut: visibleOut }));
      lines.push(`* FROM CLIP NAME: ${edlText(name)}`);
    }
    if (file) lines.push(`* SOURCE FILE: ${edlText(file)}`);
    if (event.shotId) lines.push(`* REPORTAGE SHOT: ${event.shotId}`);
    if (event.fadeOut > 0) {
      number += 1;
      lines.push(
        eventLine({
          reel,
          channel: 'V',
          transition: 'C',
          sourceIn: sourceIn + length,
          sourceOut: sourceIn + length,
          recordIn: visibleOut,
          recordOut: visibleOut,
        }),
      );
      lines.push(
        eventLine({
          reel: 'BL',
          channel: 'V',
          transition: `D    ${String(event.fadeOut).padStart(3, '0')}`,
          sourceIn: 0,
          sourceOut: event.fadeOut,
          recordIn: visibleOut,
          recordOut: event.recordOut,
        }),
      );
      lines.push(`* FROM CLIP NAME: ${edlText(name)}`);
    }
    previous = event;
  }
  for (const event of timeline.sound) {
    number += 1;
    lines.push(
      eventLine({
        reel: event.source.reel,
        channel: 'AA',
        transition: 'C',
        sourceIn: event.sourceIn,
        sourceOut: event.sourceIn + event.recordOut - event.recordIn,
        recordIn: event.recordIn,
        recordOut: event.recordOut,
      }),
    );
    lines.push(`* FROM CLIP NAME: ${edlText(event.source.clipName)}`);
    lines.push(`* SOURCE FILE: ${edlText(event.source.fileName)}`);
    if (event.itemId) lines.push(`* REPORTAGE ${event.role === 'clip' ? 'SHOT' : 'ITEM'}: ${event.itemId}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function describe(event: PictureEvent): { reel: string; sourceIn: number; name: string; file: string | null } {
  const content = event.content;
  if (content.type === 'title') return { reel: 'BL', sourceIn: 0, name: content.text, file: null };
  const source: MediaSource = content.source;
  return { reel: source.reel, sourceIn: content.sourceIn, name: source.clipName, file: source.fileName };
}

/** EDL lines are one line each: line breaks inside a name become spaces. */
function edlText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

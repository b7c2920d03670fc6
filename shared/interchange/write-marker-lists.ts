/**
 * Review comments as marker lists the editing software imports beside a timeline:
 * - an EDL marker list for DaVinci Resolve (Timeline › Import › Timeline Markers from EDL): one
 *   event per marker with a `|C:ResolveColorRed |M:text |D:n` line;
 * - a CSV in the columns of Premiere Pro's marker list (Marker Name, Description, In, Out,
 *   Duration, Marker Type), for import by a panel or script and for reading in a spreadsheet.
 */
import { framesToTimecode } from '../domain/index.ts';
import type { TimelineMarker } from './timeline-model.ts';

const RESOLVE_COLOURS: Record<TimelineMarker['color'], string> = { red: 'ResolveColorRed', green: 'ResolveColorGreen', blue: 'ResolveColorBlue' };

/** Writes the Resolve EDL marker list. */
export function writeResolveMarkers({ name, markers, startFrames = 0 }: { name: string; markers: readonly TimelineMarker[]; startFrames?: number }): string {
  const tc = (frames: number) => framesToTimecode({ frames: frames + startFrames });
  const lines = [`TITLE: ${oneLine(name)}`, 'FCM: NON-DROP FRAME', ''];
  markers.forEach((marker, index) => {
    lines.push(
      `${String(index + 1).padStart(3, '0')}  001      V     C        ${tc(marker.frame)} ${tc(marker.frame + 1)} ${tc(marker.frame)} ${tc(marker.frame + 1)}  `,
    );
    // Resolve reads "|" as its field separator: a bar inside the text would cut it short.
    lines.push(` |C:${RESOLVE_COLOURS[marker.color]} |M:${oneLine(marker.text).replace(/\|/g, '/')} |D:${marker.durationFrames}`);
    lines.push('');
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** Writes the CSV marker list (UTF-8 with a byte order mark, so spreadsheet programs read Vietnamese). */
export function writeMarkerCsv({ markers, startFrames = 0 }: { markers: readonly TimelineMarker[]; startFrames?: number }): string {
  const tc = (frames: number) => framesToTimecode({ frames: frames + startFrames });
  const rows = [['Marker Name', 'Description', 'In', 'Out', 'Duration', 'Marker Type']];
  for (const marker of markers) {
    rows.push([
      marker.name,
      marker.text,
      tc(marker.frame),
      tc(marker.frame + marker.durationFrames),
      framesToTimecode({ frames: marker.durationFrames }),
      'Comment',
    ]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  // A leading = + - @ would make a spreadsheet run it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * An imported timeline file's bytes → the neutral timeline, whatever its format: OTIO (JSON),
 * xmeml (XML) or a CMX 3600 EDL, told apart by content rather than by extension. The size is
 * bounded before anything is decoded; text is decoded as UTF-8 (a byte order mark is dropped)
 * and normalised to NFC.
 */
import { nfc } from '../domain/index.ts';
import { MAX_TIMELINE_FILE_BYTES, timelineFormatUnknown, timelineTooLarge, type TimelineFormat } from './interchange-error.ts';
import { readEdl } from './read-edl.ts';
import { readOtio } from './read-otio.ts';
import { readXmeml } from './read-xmeml.ts';
import type { ReadTimeline } from './timeline-model.ts';

/** Reads a timeline file's bytes. @throws InterchangeError (`TIMELINE_FILE_TOO_LARGE`, `TIMELINE_FORMAT_UNKNOWN`, `TIMELINE_MALFORMED`, `TIMELINE_FRAME_RATE`). */
export function readTimelineFile({ bytes, fileName }: { bytes: Uint8Array; fileName: string }): ReadTimeline & { format: TimelineFormat } {
  if (bytes.byteLength > MAX_TIMELINE_FILE_BYTES) throw timelineTooLarge({ sizeBytes: bytes.byteLength });
  const text = nfc(new TextDecoder('utf-8').decode(bytes)).replace(/^\uFEFF/, '');
  const format = detectTimelineFormat({ text });
  if (!format) throw timelineFormatUnknown({ fileName });
  const read = format === 'otio' ? readOtio({ text }) : format === 'fcpxml' ? readXmeml({ text }) : readEdl({ text });
  return { ...read, format };
}

/** The format of a timeline's text, or null. */
export function detectTimelineFormat({ text }: { text: string }): TimelineFormat | null {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('{')) return 'otio';
  if (head.startsWith('<') && /<xmeml[\s>]/.test(text.slice(0, 65_536))) return 'fcpxml';
  if (/^TITLE:/im.test(head) || /^FCM:/im.test(head) || /^\d{3,6}\s+\S+\s+\S+\s+[CDWK]/m.test(head)) return 'edl';
  return null;
}

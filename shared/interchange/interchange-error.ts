/**
 * Errors of timeline interchange. Every refusal of an imported file has a stable code, an English
 * and a Vietnamese message, and `details.where` pointing at the place that failed (an EDL line,
 * an XML element path, a JSON path).
 */
import { TimelineError } from '../domain/index.ts';

/** The formats reportage reads and writes. */
export const TIMELINE_FORMATS = ['otio', 'fcpxml', 'edl'] as const;
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number];

const FORMAT_NAMES: Record<TimelineFormat, string> = { otio: 'OpenTimelineIO', fcpxml: 'FCP 7 XML', edl: 'CMX 3600 EDL' };

/** Base class of interchange errors. */
export class InterchangeError extends TimelineError {}

/** The largest timeline file read (a 15-minute programme's EDL is ~50 kB, its xmeml ~2 MB). */
export const MAX_TIMELINE_FILE_BYTES = 20 * 1024 * 1024;

/** `TIMELINE_FILE_TOO_LARGE`: refused before parsing. */
export function timelineTooLarge({ sizeBytes }: { sizeBytes: number }): InterchangeError {
  return new InterchangeError({
    code: 'TIMELINE_FILE_TOO_LARGE',
    message: `The timeline file is ${sizeBytes} bytes; at most ${MAX_TIMELINE_FILE_BYTES} bytes are read. Export the sequence alone, without nested sequences.`,
    messageVi: `Tệp timeline có ${sizeBytes} byte, vượt giới hạn ${MAX_TIMELINE_FILE_BYTES} byte. Hãy xuất riêng timeline cần nhập.`,
    details: { sizeBytes, maxBytes: MAX_TIMELINE_FILE_BYTES },
  });
}

/** The most events a timeline may hold (a 15-minute programme has a few hundred). */
export const MAX_TIMELINE_EVENTS = 10_000;

/** `TIMELINE_TOO_MANY_EVENTS`: refused before matching (matching is quadratic in the worst case). */
export function timelineTooManyEvents({ format, count }: { format: TimelineFormat; count: number }): InterchangeError {
  return new InterchangeError({
    code: 'TIMELINE_TOO_MANY_EVENTS',
    message: `The ${FORMAT_NAMES[format]} timeline holds ${count} events; at most ${MAX_TIMELINE_EVENTS} are read. Export the programme's sequence alone.`,
    messageVi: `Timeline ${FORMAT_NAMES[format]} có ${count} sự kiện, vượt giới hạn ${MAX_TIMELINE_EVENTS}. Hãy xuất riêng timeline của chương trình.`,
    details: { format, count, maxEvents: MAX_TIMELINE_EVENTS },
  });
}

/** `TIMELINE_FORMAT_UNKNOWN`: neither an EDL, an xmeml document nor OTIO JSON. */
export function timelineFormatUnknown({ fileName }: { fileName: string }): InterchangeError {
  return new InterchangeError({
    code: 'TIMELINE_FORMAT_UNKNOWN',
    message: `"${fileName}" is not a CMX 3600 EDL, an FCP 7 XML (xmeml) or an OpenTimelineIO file. Export the timeline as one of these.`,
    messageVi: `"${fileName}" không phải EDL CMX 3600, FCP 7 XML (xmeml) hay OpenTimelineIO. Hãy xuất timeline theo một trong các định dạng này.`,
    details: { fileName },
  });
}

/**
 * `TIMELINE_MALFORMED`: the file is of a known format but cannot be read at `where` (an EDL line
 * number, `xmeml.sequence.media.video.track[0].clipitem[3].start`, `tracks.children[0]…`).
 */
export function timelineMalformed({
  format,
  where,
  reason,
  reasonVi,
}: {
  format: TimelineFormat;
  where: string;
  reason: string;
  reasonVi: string;
}): InterchangeError {
  return new InterchangeError({
    code: 'TIMELINE_MALFORMED',
    message: `The ${FORMAT_NAMES[format]} file cannot be read at ${where}: ${reason}.`,
    messageVi: `Không đọc được tệp ${FORMAT_NAMES[format]} tại ${where}: ${reasonVi}.`,
    details: { format, where, reason, reasonVi },
  });
}

/** `TIMELINE_FRAME_RATE`: the timeline does not run at the programme's 25 fps. */
export function timelineFrameRate({ format, found }: { format: TimelineFormat; found: string }): InterchangeError {
  return new InterchangeError({
    code: 'TIMELINE_FRAME_RATE',
    message: `The ${FORMAT_NAMES[format]} timeline runs at ${found}; the programme runs at 25 fps non-drop. Set the sequence to 25 fps and export again.`,
    messageVi: `Timeline ${FORMAT_NAMES[format]} có tốc độ ${found}; chương trình dùng 25 hình/giây. Hãy đặt timeline về 25 hình/giây rồi xuất lại.`,
    details: { format, found },
  });
}

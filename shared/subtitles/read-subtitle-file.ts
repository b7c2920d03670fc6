import { checkSubtitleRules, DEFAULT_SUBTITLE_RULES, type SubtitleRules, type SubtitleViolation } from './check-subtitle-rules.ts';
import type { Cue, SubtitleFormat } from './cue.ts';
import { decodeSubtitleBytes, MAX_SUBTITLE_BYTES, type SubtitleEncoding } from './decode-subtitle-bytes.ts';
import { parseSubtitles, subtitleFormatOfName } from './parse-subtitles.ts';

export interface SubtitleFile {
  encoding: SubtitleEncoding;
  format: SubtitleFormat;
  cues: Cue[];
  /** Rule violations: warnings, not errors: the file is usable, an editor should look at them. */
  violations: SubtitleViolation[];
}

/**
 * Reads an uploaded subtitle file in one call: decode the bytes (UTF-8, UTF-16, Windows-1258, …) to
 * NFC text, tell SRT from WebVTT (`format`, else the file name's extension, else the text), parse
 * strictly, and check the subtitle rules.
 *
 * @example
 * const file = readSubtitleFile({ bytes: await readFile('phong-van.srt') });
 * // { encoding: 'windows-1258', format: 'srt', cues: [...], violations: [...] }
 * @throws {SubtitleError} `SUBTITLES_TOO_LARGE`, `UNDECODABLE_SUBTITLES`, `MALFORMED_SUBTITLES`
 *   (with `details.problems`, every bad line) or `EMPTY_SUBTITLES`.
 */
export function readSubtitleFile({
  bytes,
  fileName,
  format = fileName === undefined ? undefined : (subtitleFormatOfName({ name: fileName }) ?? undefined),
  rules = DEFAULT_SUBTITLE_RULES,
  maxBytes = MAX_SUBTITLE_BYTES,
}: {
  bytes: Uint8Array;
  /** The uploaded file's name: `.vtt` or `.srt` says the format (a `.vtt` without its header is reported in WebVTT's terms). */
  fileName?: string;
  format?: SubtitleFormat;
  rules?: Readonly<SubtitleRules>;
  maxBytes?: number;
}): SubtitleFile {
  const { text, encoding } = decodeSubtitleBytes({ bytes, maxBytes });
  const parsed = parseSubtitles({ text, stripBom: false, ...(format ? { format } : {}) });
  return { encoding, format: parsed.format, cues: parsed.cues, violations: checkSubtitleRules({ cues: parsed.cues, rules }) };
}

import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { nfc } from '../domain/text.ts';
import { SubtitlesTooLargeError, UndecodableSubtitlesError } from './errors.ts';

/**
 * The encoding a subtitle file was read with: one of the four the product expects, or (for other
 * legacy files) the lower-case name chardet reported, such as `windows-1252`.
 */
export type SubtitleEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | (string & {});

export interface DecodedSubtitles {
  /** Unicode NFC, line breaks `\n`, no byte order mark. */
  text: string;
  encoding: SubtitleEncoding;
  /** Whether the file started with a byte order mark. */
  bom: boolean;
}

/** A 15-minute programme's subtitles take tens of kilobytes; anything near this limit is not subtitles. */
export const MAX_SUBTITLE_BYTES = 5 * 1024 * 1024;

/** Bytes with no character in code page 1258. */
const UNDEFINED_IN_1258 = new Set([0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]);
/** The combining tone marks of code page 1258: grave, hook above, tilde, acute, dot below. */
const TONE_MARKS_1258 = new Set([0xcc, 0xd2, 0xde, 0xec, 0xf2]);
/** The bytes a Vietnamese tone mark can follow: a, e, i, o, u, y and â ă ê ô ơ ư in either case. */
const VOWELS_1258 = new Set([
  ...[...'aeiouyAEIOUY'].map((letter) => letter.charCodeAt(0)),
  0xc2,
  0xc3,
  0xca,
  0xd4,
  0xd5,
  0xdd,
  0xe2,
  0xe3,
  0xea,
  0xf4,
  0xf5,
  0xfd,
]);
/** Bytes of each byte order mark. */
const BOM_BYTES = { 'utf-8': 3, 'utf-16le': 2, 'utf-16be': 2 } as const;

/** Bytes `text` took in `encoding` (an 8-bit code page: one a character, as decoded). */
function encodedLength({ text, encoding }: { text: string; encoding: string }): number {
  if (encoding === 'utf-8') return Buffer.byteLength(text, 'utf8');
  if (encoding.startsWith('utf-16')) return text.length * 2;
  return iconv.encodingExists(encoding) ? iconv.encode(text, encoding).length : text.length;
}

/** How many bytes the UTF-16 NUL-pattern test looks at. */
const UTF16_SAMPLE_BYTES = 8192;

/**
 * Turns the bytes of an uploaded subtitle file into text.
 *
 * In order: a byte order mark (UTF-8, UTF-16 LE/BE) decides; else a pattern of NUL bytes marks
 * BOM-less UTF-16; else the bytes are read as strict UTF-8; else, when they look like legacy
 * Vietnamese Windows-1258 (tone marks as separate bytes after vowels), as Windows-1258; else as
 * whatever chardet finds most likely that decodes cleanly. The text returned is always NFC, with
 * `\n` line breaks and no BOM.
 *
 * @example
 * // "Hải Phòng" in Windows-1258: 'a' + 0xD2 (hook above), 'o' + 0xCC (grave)
 * decodeSubtitleBytes({ bytes: Uint8Array.of(0x48, 0x61, 0xd2, 0x69, 0x20, 0x50, 0x68, 0x6f, 0xcc, 0x6e, 0x67) })
 * // { text: 'Hải Phòng', encoding: 'windows-1258', bom: false }
 * @throws {SubtitlesTooLargeError} more than `maxBytes` bytes.
 * @throws {UndecodableSubtitlesError} invalid UTF-16, UTF-32, NUL characters, or no encoding fits.
 */
export function decodeSubtitleBytes({ bytes, maxBytes = MAX_SUBTITLE_BYTES }: { bytes: Uint8Array; maxBytes?: number }): DecodedSubtitles {
  if (bytes.length > maxBytes) throw new SubtitlesTooLargeError({ sizeBytes: bytes.length, maxBytes });
  const { text, encoding, bom } = decodeRaw({ bytes });
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    const byte = (bom ? BOM_BYTES[encoding as 'utf-8' | 'utf-16le' | 'utf-16be'] : 0) + encodedLength({ text: before, encoding });
    throw new UndecodableSubtitlesError({
      reason: `it contains a NUL character at line ${line}, byte ${byte} (read as ${encoding}): a binary file, UTF-32, or a damaged text file`,
      reasonVi: `tệp chứa ký tự NUL ở dòng ${line}, byte thứ ${byte} (đọc theo ${encoding}): có thể là tệp nhị phân, bảng mã UTF-32 hoặc tệp văn bản bị hỏng`,
      details: { line, byte },
    });
  }
  // One byte order mark is the encoding's, taken with the bytes; a second one is text, and stays.
  const clean = (bom ? text : text.replace(/^\uFEFF/, '')).replace(/\r\n?/g, '\n');
  return { text: nfc(clean), encoding, bom };
}

function decodeRaw({ bytes }: { bytes: Uint8Array }): DecodedSubtitles {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return { text: decodeStrict({ bytes: bytes.subarray(3), label: 'utf-8' }), encoding: 'utf-8', bom: true };
  }
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new UndecodableSubtitlesError({
      reason: 'it is UTF-32, which is not supported',
      reasonVi: 'tệp dùng bảng mã UTF-32, hệ thống chưa hỗ trợ',
    });
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: decodeStrict({ bytes: bytes.subarray(2), label: 'utf-16le' }), encoding: 'utf-16le', bom: true };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: decodeStrict({ bytes: bytes.subarray(2), label: 'utf-16be' }), encoding: 'utf-16be', bom: true };
  }
  const utf16 = guessBomlessUtf16({ bytes });
  if (utf16) return { text: decodeStrict({ bytes, label: utf16 }), encoding: utf16, bom: false };

  const utf8 = tryDecode({ bytes, label: 'utf-8' });
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', bom: false };

  if (looksLikeWindows1258({ bytes })) {
    return { text: iconv.decode(Buffer.from(bytes), 'windows-1258'), encoding: 'windows-1258', bom: false };
  }
  for (const candidate of analyse(bytes)) {
    const name = candidate.name.toLowerCase();
    // UTF-8 and UTF-16 were ruled out above; chardet sometimes still proposes them.
    if (name.startsWith('utf') || !iconv.encodingExists(name)) continue;
    const text = iconv.decode(Buffer.from(bytes), name);
    if (!text.includes('\uFFFD')) return { text, encoding: name, bom: false };
  }
  throw new UndecodableSubtitlesError({
    reason: 'it is not valid UTF-8 or UTF-16, and no legacy encoding fits its bytes',
    reasonVi: 'tệp không phải UTF-8, UTF-16 hay bảng mã cũ nào nhận ra được',
  });
}

/**
 * Subtitle text is mostly ASCII (digits of timestamps, arrows, spaces, line breaks), so in UTF-16
 * without a BOM most code units have a zero high byte: at odd offsets for LE, even ones for BE.
 * Text in any 8-bit encoding or UTF-8 has no NUL bytes at all.
 */
function guessBomlessUtf16({ bytes }: { bytes: Uint8Array }): 'utf-16le' | 'utf-16be' | null {
  const units = Math.floor(Math.min(bytes.length, UTF16_SAMPLE_BYTES) / 2);
  if (units < 2) return null;
  let zeroHighLe = 0;
  let zeroHighBe = 0;
  for (let unit = 0; unit < units; unit += 1) {
    if (bytes[2 * unit] === 0) zeroHighBe += 1;
    if (bytes[2 * unit + 1] === 0) zeroHighLe += 1;
  }
  if (zeroHighLe >= units / 4 && zeroHighBe * 10 <= zeroHighLe) return 'utf-16le';
  if (zeroHighBe >= units / 4 && zeroHighLe * 10 <= zeroHighBe) return 'utf-16be';
  return null;
}

/**
 * Legacy Vietnamese files write a tone as its own byte after the vowel it sits on. In other
 * Windows code pages those bytes are letters (ò, ì, Ò, Ì, Þ) that follow consonants as often as
 * vowels, so: every byte must exist in 1258, some tone bytes must follow a vowel, and (almost) none
 * may follow anything else.
 */
function looksLikeWindows1258({ bytes }: { bytes: Uint8Array }): boolean {
  let afterVowel = 0;
  let elsewhere = 0;
  let previous = -1;
  for (const byte of bytes) {
    if (UNDEFINED_IN_1258.has(byte)) return false;
    if (TONE_MARKS_1258.has(byte)) {
      if (VOWELS_1258.has(previous)) afterVowel += 1;
      else elsewhere += 1;
    }
    previous = byte;
  }
  return afterVowel > 0 && elsewhere * 10 <= afterVowel;
}

function tryDecode({ bytes, label }: { bytes: Uint8Array; label: string }): string | null {
  try {
    // ignoreBOM keeps a BOM in the text rather than silently eating it; it is stripped later.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeStrict({ bytes, label }: { bytes: Uint8Array; label: 'utf-8' | 'utf-16le' | 'utf-16be' }): string {
  const text = tryDecode({ bytes, label });
  if (text !== null) return text;
  const name = label.toUpperCase();
  throw new UndecodableSubtitlesError({
    reason: `it looks like ${name} but contains bytes that are not valid ${name}`,
    reasonVi: `tệp có vẻ dùng bảng mã ${name} nhưng chứa byte không hợp lệ`,
  });
}

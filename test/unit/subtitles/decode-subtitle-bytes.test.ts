import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ReportageError } from '../../../shared/domain/errors.ts';
import { decodeSubtitleBytes } from '../../../shared/subtitles/decode-subtitle-bytes.ts';
import { SubtitleError } from '../../../shared/subtitles/errors.ts';
import { encodeWindows1258 } from '../../helpers/windows-1258.ts';

const VIETNAMESE = 'Liên hiệp các Hội Khoa học và Kỹ thuật';
const STACKED = 'ậ ệ ộ ặ ẫ ỗ';
const SRT = `1\n00:00:01,000 --> 00:00:03,000\n${VIETNAMESE}\n\n2\n00:00:03,500 --> 00:00:05,000\n${STACKED}\n`;

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
const utf16be = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le').swap16());
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

function errorOf(run: () => unknown): SubtitleError {
  try {
    run();
  } catch (error) {
    if (error instanceof SubtitleError) return error;
    throw error;
  }
  throw new Error('expected a SubtitleError');
}

describe('decodeSubtitleBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeSubtitleBytes({ bytes: utf8(SRT) })).toEqual({ text: SRT, encoding: 'utf-8', bom: false });
  });

  it('reads UTF-8 with a BOM and strips the BOM', () => {
    const decoded = decodeSubtitleBytes({ bytes: concat([0xef, 0xbb, 0xbf], utf8(SRT)) });
    expect(decoded).toEqual({ text: SRT, encoding: 'utf-8', bom: true });
    expect(decoded.text.charCodeAt(0)).toBe(0x31);
  });

  it('reads UTF-16 LE with a BOM', () => {
    expect(decodeSubtitleBytes({ bytes: concat([0xff, 0xfe], utf16le(SRT)) })).toEqual({ text: SRT, encoding: 'utf-16le', bom: true });
  });

  it('reads UTF-16 BE with a BOM', () => {
    expect(decodeSubtitleBytes({ bytes: concat([0xfe, 0xff], utf16be(SRT)) })).toEqual({ text: SRT, encoding: 'utf-16be', bom: true });
  });

  it('recognises BOM-less UTF-16 LE and BE by where the NUL bytes fall', () => {
    expect(decodeSubtitleBytes({ bytes: utf16le(SRT) })).toEqual({ text: SRT, encoding: 'utf-16le', bom: false });
    expect(decodeSubtitleBytes({ bytes: utf16be(SRT) })).toEqual({ text: SRT, encoding: 'utf-16be', bom: false });
  });

  it('decodes hand-built Windows-1258 bytes for "Hải Phòng" (a + hook above 0xD2, o + grave 0xCC) to NFC', () => {
    const bytes = Uint8Array.of(0x48, 0x61, 0xd2, 0x69, 0x20, 0x50, 0x68, 0x6f, 0xcc, 0x6e, 0x67);
    const { text, encoding } = decodeSubtitleBytes({ bytes });
    expect(encoding).toBe('windows-1258');
    expect(text).toBe('Hải Phòng');
    expect([...text]).toHaveLength(9); // precomposed ả and ò, not letter + combining mark
  });

  it('builds its Windows-1258 fixtures from the code page: ậ is â (0xE2) + dot below (0xF2)', () => {
    expect([...encodeWindows1258('ậ')]).toEqual([0xe2, 0xf2]);
    expect([...encodeWindows1258('Kỹ')]).toEqual([0x4b, 0x79, 0xde]);
    expect([...encodeWindows1258('Hội')]).toEqual([0x48, 0xf4, 0xf2, 0x69]);
  });

  it('decodes Windows-1258 with combining tone marks to exact NFC Vietnamese', () => {
    const { text, encoding } = decodeSubtitleBytes({ bytes: encodeWindows1258(`${VIETNAMESE}\n${STACKED}\n`) });
    expect(encoding).toBe('windows-1258');
    expect(text).toBe(`${VIETNAMESE}\n${STACKED}\n`);
    expect(text).toBe(text.normalize('NFC'));
    expect(text.split('\n')[1]).toBe('ậ ệ ộ ặ ẫ ỗ');
  });

  it('decodes a whole Windows-1258 SRT file with CRLF line breaks', () => {
    const { text, encoding } = decodeSubtitleBytes({ bytes: encodeWindows1258(SRT.replace(/\n/g, '\r\n')) });
    expect(encoding).toBe('windows-1258');
    expect(text).toBe(SRT);
  });

  it('accepts Windows-1258 that mixes precomposed letters (á = 0xE1) with combining tones', () => {
    // "các Hội": c, á as the precomposed 0xE1, c, space, H, ô + dot below, i
    const bytes = Uint8Array.of(0x63, 0xe1, 0x63, 0x20, 0x48, 0xf4, 0xf2, 0x69);
    expect(decodeSubtitleBytes({ bytes })).toEqual({ text: 'các Hội', encoding: 'windows-1258', bom: false });
  });

  it('does not mistake Windows-1252 Italian (ò and ì after consonants) for Windows-1258', () => {
    const italian = 'Però così non va, però è già tardi. Così sia.\n';
    const { text, encoding } = decodeSubtitleBytes({ bytes: new Uint8Array(iconv.encode(italian, 'windows-1252')) });
    expect(encoding).not.toBe('windows-1258');
    expect(text).toBe(italian);
  });

  it('falls back to chardet for other legacy text that is not valid UTF-8', () => {
    const french = 'Le café est déjà prêt à côté de la fenêtre, garçon.\n';
    const { text, encoding } = decodeSubtitleBytes({ bytes: new Uint8Array(iconv.encode(french, 'latin1')) });
    expect(['iso-8859-1', 'windows-1252']).toContain(encoding);
    expect(text).toBe(french);
  });

  it('normalises NFD input to NFC', () => {
    const nfd = `${VIETNAMESE} ${STACKED}`.normalize('NFD');
    expect(nfd).not.toBe(`${VIETNAMESE} ${STACKED}`);
    const { text } = decodeSubtitleBytes({ bytes: utf8(nfd) });
    expect(text).toBe(`${VIETNAMESE} ${STACKED}`);
    expect(text).toBe(text.normalize('NFC'));
  });

  it('turns CRLF and lone CR line breaks into LF', () => {
    expect(decodeSubtitleBytes({ bytes: utf8('a\r\nb\rc\n') }).text).toBe('a\nb\nc\n');
  });

  it('rejects UTF-16 with a BOM but an odd number of bytes as UNDECODABLE_SUBTITLES', () => {
    const error = errorOf(() => decodeSubtitleBytes({ bytes: concat([0xff, 0xfe], utf16le('1\n'), [0x41]) }));
    expect(error).toBeInstanceOf(ReportageError);
    expect(error.code).toBe('UNDECODABLE_SUBTITLES');
    expect(error.messageVi).toContain('UTF-8');
  });

  it('rejects UTF-32 as UNDECODABLE_SUBTITLES', () => {
    const bytes = Uint8Array.of(0xff, 0xfe, 0, 0, 0x31, 0, 0, 0);
    expect(errorOf(() => decodeSubtitleBytes({ bytes })).code).toBe('UNDECODABLE_SUBTITLES');
  });

  it('rejects text with NUL characters as UNDECODABLE_SUBTITLES', () => {
    const bytes = concat(utf8('1\n00:00:01,000 --> 00:00:02,000\nabc'), [0], utf8('def ghi jkl mno\n'));
    expect(errorOf(() => decodeSubtitleBytes({ bytes })).code).toBe('UNDECODABLE_SUBTITLES');
  });

  it('names the line and the byte of a NUL, counting a BOM and multi-byte letters as bytes', () => {
    // "ậ" is 3 bytes in UTF-8: the NUL sits after 3 (BOM) + 2 + 30 + 1 + 3 bytes.
    const bytes = concat([0xef, 0xbb, 0xbf], utf8('1\n00:00:01,000 --> 00:00:02,000\nậ'), [0], utf8('def\n'));
    const error = errorOf(() => decodeSubtitleBytes({ bytes }));
    expect(error.code).toBe('UNDECODABLE_SUBTITLES');
    expect(error.details).toMatchObject({ line: 3, byte: 3 + 2 + 29 + 1 + 3 });
    expect(error.message).toContain('line 3, byte 38');
    expect(error.messageVi).toContain('dòng 3, byte thứ 38');
  });

  it('takes one byte order mark off, never two', () => {
    expect(decodeSubtitleBytes({ bytes: concat([0xef, 0xbb, 0xbf], utf8('WEBVTT\n')) }).text).toBe('WEBVTT\n');
    expect(decodeSubtitleBytes({ bytes: concat([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], utf8('WEBVTT\n')) }).text).toBe('\uFEFFWEBVTT\n');
  });

  it('rejects a file larger than maxBytes as SUBTITLES_TOO_LARGE', () => {
    const error = errorOf(() => decodeSubtitleBytes({ bytes: utf8('x'.repeat(11)), maxBytes: 10 }));
    expect(error.code).toBe('SUBTITLES_TOO_LARGE');
    expect(error.details).toEqual({ sizeBytes: 11, maxBytes: 10 });
  });
});

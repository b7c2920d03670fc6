import { readFile } from 'node:fs/promises';
import { MediaError } from '../errors.ts';

/** What the renderer needs to know about a font file. */
export interface FontInfo {
  /** Family name as libass and fontconfig match it (`Noto Sans`). */
  family: string;
  /** Code point ranges (inclusive) the font has glyphs for, sorted. */
  ranges: [number, number][];
}

const cache = new Map<string, Promise<FontInfo>>();

/**
 * Reads a TrueType/OpenType font's family name and character coverage (its `name` and `cmap`
 * tables), once per file. For a collection (`.ttc`) the first font counts.
 */
export function readFontInfo({ fontFile }: { fontFile: string }): Promise<FontInfo> {
  let info = cache.get(fontFile);
  if (!info) {
    info = readFile(fontFile).then((bytes) => parseFontInfo({ bytes }));
    info.catch(() => cache.delete(fontFile));
    cache.set(fontFile, info);
  }
  return info;
}

/** Parses the `name` and `cmap` tables of a font file's bytes. Pure. */
export function parseFontInfo({ bytes }: { bytes: Uint8Array }): FontInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    let base = 0;
    if (view.getUint32(0) === 0x74746366 /* 'ttcf' */) base = view.getUint32(12);
    const tableCount = view.getUint16(base + 4);
    const tables = new Map<string, number>();
    for (let i = 0; i < tableCount; i++) {
      const record = base + 12 + i * 16;
      const tag = String.fromCharCode(bytes[record]!, bytes[record + 1]!, bytes[record + 2]!, bytes[record + 3]!);
      tables.set(tag, view.getUint32(record + 8));
    }
    const nameAt = tables.get('name');
    const cmapAt = tables.get('cmap');
    if (nameAt === undefined || cmapAt === undefined) throw new Error('no name or cmap table');
    return { family: readFamily({ view, at: nameAt }), ranges: readCoverage({ view, at: cmapAt }) };
  } catch (cause) {
    throw new MediaError({
      code: 'FONT_UNREADABLE',
      message: 'The burn-in font file is not a TrueType/OpenType font the renderer can read. Set REPORTAGE_FONT_FILE to a .ttf or .otf file.',
      messageVi: 'Không đọc được tệp phông chữ dùng để in chữ lên hình. Hãy báo quản trị viên kiểm tra cấu hình phông chữ.',
      cause,
    });
  }
}

/** The characters of `text` the font has no glyph for (line breaks and tabs aside), each once. */
export function findMissingCharacters({ text, info }: { text: string; info: FontInfo }): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp === 0x0a || cp === 0x0d || cp === 0x09) continue;
    if (!covers(info.ranges, cp)) missing.add(char);
  }
  return [...missing];
}

/** `U+1EAD ậ` */
export function describeCharacter(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${char}`;
}

function covers(ranges: [number, number][], cp: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = ranges[mid]!;
    if (cp < start) high = mid - 1;
    else if (cp > end) low = mid + 1;
    else return true;
  }
  return false;
}

function readFamily({ view, at }: { view: DataView; at: number }): string {
  const count = view.getUint16(at + 2);
  const strings = at + view.getUint16(at + 4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const record = at + 6 + i * 12;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const language = view.getUint16(record + 4);
    const nameId = view.getUint16(record + 6);
    const length = view.getUint16(record + 8);
    const offset = strings + view.getUint16(record + 10);
    if (nameId !== 1 && nameId !== 16) continue;
    let text: string | null = null;
    if (platform === 3 && (encoding === 1 || encoding === 10) && language === 0x409) {
      text = '';
      for (let j = 0; j < length; j += 2) text += String.fromCharCode(view.getUint16(offset + j));
    } else if (platform === 1 && encoding === 0 && !found.has(nameId)) {
      text = '';
      for (let j = 0; j < length; j++) text += String.fromCharCode(view.getUint8(offset + j));
    }
    if (text !== null && (platform === 3 || !found.has(nameId))) found.set(nameId, text);
  }
  // The typographic family (16) is the one without the weight ("Noto Sans", not "Noto Sans Bold").
  const family = found.get(16) ?? found.get(1);
  if (!family) throw new Error('no family name');
  return family;
}

function readCoverage({ view, at }: { view: DataView; at: number }): [number, number][] {
  const count = view.getUint16(at + 2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < count; i++) {
    const record = at + 4 + i * 8;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const offset = at + view.getUint32(record + 4);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format === 4)) best = { offset, format };
  }
  if (!best) throw new Error('no Unicode cmap');
  const ranges: [number, number][] = [];
  if (best.format === 12) {
    const groups = view.getUint32(best.offset + 12);
    for (let i = 0; i < groups; i++) {
      const group = best.offset + 16 + i * 12;
      if (view.getUint32(group + 8) === 0 && view.getUint32(group) === view.getUint32(group + 4)) continue;
      ranges.push([view.getUint32(group), view.getUint32(group + 4)]);
    }
  } else {
    const segments = view.getUint16(best.offset + 6) / 2;
    const ends = best.offset + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const rangeOffsets = deltas + segments * 2;
    for (let i = 0; i < segments; i++) {
      const end = view.getUint16(ends + i * 2);
      const start = view.getUint16(starts + i * 2);
      const delta = view.getUint16(deltas + i * 2);
      const rangeOffset = view.getUint16(rangeOffsets + i * 2);
      if (start === 0xffff) continue;
      // Walk the segment: a code point maps to glyph 0 (.notdef) when the font has no glyph for it.
      let runStart: number | null = null;
      for (let cp = start; cp <= end; cp++) {
        let glyph: number;
        if (rangeOffset === 0) {
          glyph = (cp + delta) & 0xffff;
        } else {
          const glyphAt = rangeOffsets + i * 2 + rangeOffset + (cp - start) * 2;
          const raw = view.getUint16(glyphAt);
          glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (glyph !== 0 && runStart === null) runStart = cp;
        if (glyph === 0 && runStart !== null) {
          ranges.push([runStart, cp - 1]);
          runStart = null;
        }
      }
      if (runStart !== null) ranges.push([runStart, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return ranges;
}

/**
 * The file names and reel names an exported timeline gives the library's assets. An asset's
 * original name is display text, never a path: it is reduced to a safe file name here, made
 * unique in the export, and the same name is used for the relink folder (`--media-dir`).
 */
import { toDisplayName, type Asset } from '../domain/index.ts';
import type { MediaSource } from './timeline-model.ts';

/** Which file of each asset the timeline names: the original as uploaded, or ingest's proxy. */
export type MediaChoice = 'original' | 'proxy';

/** One asset's file as the exported timeline names it, and the blob that holds it. */
export interface NamedMedia {
  source: MediaSource;
  /** The blob to copy into a relink folder under `source.fileName`. */
  key: string;
}

const REEL_LENGTH = 8;

/**
 * A display name made into a file name every editing system and file system accepts: no directory
 * part, no control characters, none of `<>:"/\|?*`, no leading dot, at most 120 characters.
 * Vietnamese letters stay (NFC).
 *
 * @example safeFileName({ name: 'Phỏng vấn: Ông A?.mov' }) // 'Phỏng vấn_ Ông A_.mov'
 */
export function safeFileName({ name }: { name: string }): string {
  const display = toDisplayName(name)
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+/, '');
  const dot = display.lastIndexOf('.');
  const ext = dot > 0 && display.length - dot <= 6 ? display.slice(dot) : '';
  const stem = (ext ? display.slice(0, dot) : display).slice(0, 120 - ext.length).trim();
  return `${stem || 'media'}${ext}`;
}

/**
 * A reel name from a file name: letters folded to ASCII (`Phỏng vấn` → `PHONGVAN`), A–Z, 0–9 and
 * `_`, at most 8 characters.
 *
 * @example reelFromName({ name: 'Đại hội 01.mov' }) // 'DAIHOI01'
 */
export function reelFromName({ name }: { name: string }): string {
  const stem = name.replace(/\.[^.]{1,5}$/, '');
  const ascii = stem
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase();
  const reel = ascii.replace(/[^A-Z0-9_]/g, '').slice(0, REEL_LENGTH);
  return reel || 'AX';
}

/**
 * Names every asset the timeline uses: a safe, unique file name (the extension of the file
 * chosen: `.mp4` for a video proxy, `.jpg` for a photo's preview) and a unique reel.
 */
export function nameMediaFiles({ assets, media }: { assets: readonly Asset[]; media: MediaChoice }): Map<string, NamedMedia> {
  const named = new Map<string, NamedMedia>();
  const takenNames = new Set<string>();
  const takenReels = new Set<string>();
  for (const asset of [...assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const { key, ext } = chooseFile({ asset, media });
    const base = safeFileName({ name: asset.originalName });
    const stem = base.replace(/\.[^.]{1,5}$/, '');
    let fileName = `${stem}${ext}`;
    for (let n = 2; takenNames.has(fileName.toLowerCase()); n += 1) fileName = `${stem} (${n})${ext}`;
    takenNames.add(fileName.toLowerCase());
    let reel = reelFromName({ name: fileName });
    for (let n = 1; takenReels.has(reel); n += 1) reel = `${reel.slice(0, REEL_LENGTH - 3)}${String(n).padStart(3, '0')}`;
    takenReels.add(reel);
    const kind = asset.kind === 'photo' ? 'still' : asset.probe?.video ? 'video' : 'audio';
    named.set(asset.id, { key, source: { fileName, reel, clipName: fileName, kind, durationFrames: null, assetId: asset.id } });
  }
  return named;
}

function chooseFile({ asset, media }: { asset: Asset; media: MediaChoice }): { key: string; ext: string } {
  const originalExt = /\.[^.]{1,5}$/.exec(safeFileName({ name: asset.originalName }))?.[0] ?? '';
  if (media === 'proxy') {
    const preview = asset.kind === 'photo' ? asset.derivatives.preview : undefined;
    if (preview) return { key: preview.key, ext: '.jpg' };
    const proxy = asset.kind !== 'photo' && asset.probe?.video ? asset.derivatives.proxy : undefined;
    if (proxy) return { key: proxy.key, ext: '.mp4' };
  }
  return { key: asset.original.key, ext: originalExt };
}

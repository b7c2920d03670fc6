/**
 * Which library asset an imported event's source is: by file name first (the name reportage
 * exported, the original's name, either without its extension: editing software often shows
 * clip names without one, and a proxy `.mp4` stands for a `.mov` original), then by reel (the
 * reel reportage wrote, or the file name cut to 8 characters as Resolve writes it), keeping the
 * assets whose length covers the event's source out point.
 */
import { assetDuration, nfc, rationalToFrames, type Asset, type AssetKind } from '../domain/index.ts';
import { nameMediaFiles, reelFromName, safeFileName } from './name-media-files.ts';
import type { MediaSource } from './timeline-model.ts';

export interface SourceMatcher {
  /** The asset of `source` among `kinds`, or a reason why none is. */
  match(args: {
    source: MediaSource;
    kinds: readonly AssetKind[];
    sourceOut: number;
  }): { asset: Asset } | { code: 'NO_MATCHING_ASSET' | 'AMBIGUOUS_SOURCE' | 'SOURCE_OUT_OF_RANGE'; candidates: string[] };
}

/** Builds the matcher over a project's assets (rejected and failed uploads are never matched). */
export function createSourceMatcher({ assets }: { assets: readonly Asset[] }): SourceMatcher {
  const usable = assets.filter((asset) => asset.status !== 'rejected' && asset.status !== 'failed');
  const byName = new Map<string, Set<Asset>>();
  const byReel = new Map<string, Set<Asset>>();
  const add = (map: Map<string, Set<Asset>>, key: string, asset: Asset) => {
    if (!key) return;
    const set = map.get(key) ?? new Set<Asset>();
    set.add(asset);
    map.set(key, set);
  };
  const exportNames = [nameMediaFiles({ assets: usable, media: 'original' }), nameMediaFiles({ assets: usable, media: 'proxy' })];
  for (const asset of usable) {
    const names = [asset.originalName, safeFileName({ name: asset.originalName }), ...exportNames.map((named) => named.get(asset.id)?.source.fileName ?? '')];
    for (const name of names) {
      add(byName, nameKey(name), asset);
      add(byName, nameKey(stem(name)), asset);
    }
    for (const named of exportNames) add(byReel, named.get(asset.id)?.source.reel ?? '', asset);
    add(byReel, reelFromName({ name: asset.originalName }), asset);
  }
  return {
    match({ source, kinds, sourceOut }) {
      const lookups = [
        ...[source.fileName, source.clipName].flatMap((name) => [byName.get(nameKey(name)), byName.get(nameKey(stem(name)))]),
        source.reel.toUpperCase() === 'AX' ? undefined : byReel.get(source.reel.toUpperCase()),
      ];
      for (const found of lookups) {
        const candidates = [...(found ?? [])].filter((asset) => kinds.includes(asset.kind));
        if (candidates.length === 0) continue;
        const fitting = candidates.filter((asset) => covers({ asset, sourceOut }));
        if (fitting.length === 1) return { asset: fitting[0]! };
        if (fitting.length > 1) return { code: 'AMBIGUOUS_SOURCE', candidates: fitting.map((asset) => asset.id) };
        return { code: 'SOURCE_OUT_OF_RANGE', candidates: candidates.map((asset) => asset.id) };
      }
      return { code: 'NO_MATCHING_ASSET', candidates: [] };
    },
  };
}

function covers({ asset, sourceOut }: { asset: Asset; sourceOut: number }): boolean {
  if (asset.kind === 'photo') return true;
  const duration = assetDuration({ asset });
  return duration === null || sourceOut <= rationalToFrames({ value: duration });
}

function nameKey(name: string): string {
  return nfc(name.split(/[\\/]/).pop() ?? '')
    .trim()
    .toLowerCase();
}

function stem(name: string): string {
  return name.replace(/\.[^.\s]{1,5}$/, '');
}

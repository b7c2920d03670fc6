/**
 * A relink folder for an exported timeline: each asset's file (original or proxy) under the name
 * the timeline gives it, so Premiere's "Link Media" or Resolve's "Relink Clips" finds every clip
 * by pointing at one folder. A blob on the local disk is hard-linked (no copy) when the folder is
 * on the same file system, copied otherwise; a remote blob is streamed down.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { NamedMedia } from '../interchange/index.ts';
import type { BlobStore } from '../ports/index.ts';

export interface MediaFolderEntry {
  fileName: string;
  assetId: string | null;
  how: 'linked' | 'copied' | 'downloaded' | 'present';
}

/** Writes every file of `media` into `dir` (created if missing); a file already there with the same size is left. */
export async function writeMediaFolder({
  blobs,
  media,
  dir,
}: {
  blobs: Pick<BlobStore, 'locate' | 'read' | 'head'>;
  media: readonly NamedMedia[];
  dir: string;
}): Promise<MediaFolderEntry[]> {
  await mkdir(dir, { recursive: true });
  const entries: MediaFolderEntry[] = [];
  for (const item of media) {
    // The name was made safe by nameMediaFiles; basename() keeps it inside the folder whatever happens.
    const target = path.join(dir, path.basename(item.source.fileName));
    const head = await blobs.head({ key: item.key });
    const existing = await stat(target).catch(() => null);
    if (existing && head && existing.size === head.sizeBytes) {
      entries.push({ fileName: item.source.fileName, assetId: item.source.assetId, how: 'present' });
      continue;
    }
    const where = await blobs.locate({ key: item.key });
    let how: MediaFolderEntry['how'];
    if (where.path) {
      how = await link(where.path, target).then(
        () => 'linked' as const,
        async () => {
          await copyFile(where.path!, target);
          return 'copied' as const;
        },
      );
    } else {
      await pipeline(await blobs.read({ key: item.key }), createWriteStream(target));
      how = 'downloaded';
    }
    entries.push({ fileName: item.source.fileName, assetId: item.source.assetId, how });
  }
  return entries;
}

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaInput } from '../../domain/index.ts';
import type { BlobStore } from '../../ports/index.ts';

/**
 * A blob store whose `mediaInput` hands out a local copy (in `scratch`, downloaded once) for the
 * keys `local` selects, when the store's own answer is a URL rather than a file.
 *
 * Why: parts of the renderer's last steps (the audio encode, the stream-copy join, the mux, the
 * checksums) open the `url` of a media input as a local path, without its protocol whitelist.
 * That holds on the local backend and fails on S3 (`No such file or directory`). The distributed
 * jobs run those steps on the S3 store too, so they read those few inputs from local copies; the
 * sources of segments still stream from presigned URLs. Remove once every step takes the whole
 * `MediaInput`.
 */
export function localiseMediaInputs({ blobs, scratch, local }: { blobs: BlobStore; scratch: string; local: (key: string) => boolean }): BlobStore {
  const copies = new Map<string, Promise<MediaInput>>();
  const download = async (key: string): Promise<MediaInput> => {
    const dir = path.join(scratch, 'inputs');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${randomUUID()}${path.extname(key)}`);
    await pipeline(await blobs.read({ key }), createWriteStream(`${file}.partial`));
    await rename(`${file}.partial`, file);
    return { url: file, protocols: 'file' };
  };
  return {
    ...blobs,
    async mediaInput({ key }) {
      const input = await blobs.mediaInput({ key });
      if (input.protocols === 'file' || !local(key)) return input;
      let copy = copies.get(key);
      if (copy === undefined) {
        copy = download(key);
        copies.set(key, copy);
        copy.catch(() => copies.delete(key));
      }
      return copy;
    },
  };
}

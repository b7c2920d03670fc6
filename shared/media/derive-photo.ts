import path from 'node:path';
import type { ProbeFacts } from '../domain/media-facts.ts';
import { buildPhotoDeriveArgs } from './build-photo-derive-args.ts';
import { planPhotoDerivatives } from './plan-photo-derivatives.ts';
import type { DerivedPicture } from './derived-file.ts';
import type { MediaSource, MediaTools } from './media-tools.ts';
import { readExifOrientation } from './read-exif-orientation.ts';
import { readHead } from './read-head.ts';
import { runDecodePass } from './run-decode-pass.ts';

export interface PhotoDerivatives {
  files: { preview: DerivedPicture; poster: DerivedPicture };
}

/**
 * Makes a photo's derivatives in `outDir`: `preview.jpg` within 1920×1080 and `poster.jpg`
 * within 480×480, upright (the EXIF orientation exifr reads, applied with explicit filters) and with transparency
 * flattened onto black. `head` is the file's first bytes, where EXIF lives; a local source is read
 * here when it is not given. A damaged picture is refused (`UNDECODABLE`).
 */
export async function derivePhoto({
  source,
  facts,
  tools,
  outDir,
  head,
  signal,
}: {
  source: MediaSource;
  facts: ProbeFacts;
  tools: MediaTools;
  outDir: string;
  head?: Uint8Array;
  signal?: AbortSignal;
}): Promise<PhotoDerivatives> {
  const orientation = await readExifOrientation({ head: head ?? (await readHead({ source })) });
  const plan = planPhotoDerivatives({ facts, orientation });
  const outputs = { preview: path.join(outDir, 'preview.jpg'), poster: path.join(outDir, 'poster.jpg') };
  await runDecodePass({
    args: buildPhotoDeriveArgs({ source, facts, plan, outputs }),
    tools,
    expectedSeconds: null,
    ...(signal ? { signal } : {}),
  });
  return {
    files: {
      preview: { path: outputs.preview, contentType: 'image/jpeg', ...plan.preview },
      poster: { path: outputs.poster, contentType: 'image/jpeg', ...plan.poster },
    },
  };
}

import type { MediaSource, ResolveSource } from '../media/index.ts';
import type { RenderDeps } from './render-deps.ts';
import type { SourceRef } from '../media/render/render-spec.ts';

/** Opens sources as the render needs them: the blob's local path or URL, with the demuxer ingest found forced. */
export function sourceResolver({ deps }: { deps: Pick<RenderDeps, 'blobs'> }): ResolveSource {
  return async (ref: SourceRef): Promise<MediaSource> => ({ ...(await deps.blobs.mediaInput({ key: ref.key })), demuxer: ref.demuxer });
}

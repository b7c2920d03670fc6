import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import type { CutInput } from '../../../shared/domain/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { submitUpload, type IngestDeps } from '../../../shared/ingest/index.ts';
import { createJobHandlers, runWorker } from '../../../shared/jobs/index.ts';
import type { BlobStore } from '../../../shared/ports/index.ts';
import { makeCameraClip, makeSilentClip, makeWav } from '../../helpers/make-media.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

/** The profile of the distributed renders here: review (timecode and watermark burned in), 320×180. */
export const PROFILE = testProfile('review');

/** What the workers resolve a job's profile id to: the 320×180 test profiles. */
export function testProfileFor({ id }: { id: string }) {
  return testProfile(id as Parameters<typeof testProfile>[0]);
}

/** Ingests the three sources of the test cut through the real ingest use case; returns their asset ids. */
export async function ingestSources({
  deps,
  projectId,
}: {
  deps: IngestDeps;
  projectId: string;
}): Promise<{ camera: string; silent: string; narration: string }> {
  const files = { camera: await makeCameraClip(), silent: await makeSilentClip(), narration: await makeWav() };
  const kinds = { camera: 'footage', silent: 'footage', narration: 'voiceover' } as const;
  const ids = {} as Record<keyof typeof files, string>;
  for (const [name, file] of Object.entries(files) as [keyof typeof files, string][]) {
    const { asset } = await submitUpload({ deps, projectId, body: createReadStream(file), originalName: `${name}.bin`, metadata: { kind: kinds[name] } });
    ids[name] = asset.id;
  }
  // Ingest as a worker does it: the jobs submitUpload queued, through the ingest handler.
  await runWorker({
    queue: deps.queue,
    handlers: createJobHandlers({ deps }),
    log: silentLogger,
    concurrency: 2,
    visibilitySeconds: 60,
    maxAttempts: 1,
    stopWhenIdle: true,
    waitSeconds: 0,
  });
  for (const [name, id] of Object.entries(ids)) {
    const asset = await deps.store.assets.get({ id });
    if (asset?.status !== 'ready') throw new Error(`test source ${name} did not ingest: ${asset?.status}`);
  }
  return ids;
}

/** A 5.8-second cut: a title card and three clips (four segments), narration over the second shot. */
export function testCut({ projectId, assets }: { projectId: string; assets: { camera: string; silent: string; narration: string } }): CutInput {
  return {
    schemaVersion: 1,
    projectId,
    id: 'phan-tan',
    title: 'Dựng phân tán',
    kind: 'highlights',
    shots: [
      { id: 'mo-dau', type: 'title', text: 'Đại hội lần thứ I', subtitle: 'Hải Phòng', duration: 25 },
      { id: 'canh-1', type: 'clip', assetId: assets.camera, in: 0, out: 1.6 },
      { id: 'canh-2', type: 'clip', assetId: assets.silent, in: 0, out: 1.6 },
      { id: 'canh-3', type: 'clip', assetId: assets.camera, in: 0.4, out: 2 },
    ],
    narration: [{ id: 'loi-binh', assetId: assets.narration, at: '00:00:01:00', in: 0, out: 2 }],
    music: [],
    subtitles: [{ id: 'c1', start: '00:00:01:05', end: '00:00:03:00', text: 'Liên hiệp hội hợp nhất' }],
  };
}

/** SHA-256 of a stored blob, read back through the store (never from the render's own record). */
export async function blobSha256({ blobs, key }: { blobs: BlobStore; key: string }): Promise<string> {
  return createHash('sha256')
    .update(await buffer(await blobs.read({ key })))
    .digest('hex');
}

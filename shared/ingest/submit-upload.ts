import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AssetError, AssetMetadataSchema, NotFoundError, findTheme, nfc, toDisplayName, type Asset, type AssetMetadata } from '../domain/index.ts';
import type { PutOriginalResult } from '../ports/index.ts';
import type { IngestDeps } from './ingest-deps.ts';

export interface SubmitUploadInput {
  deps: Pick<IngestDeps, 'blobs' | 'store' | 'queue' | 'clock'>;
  projectId: string;
  /** The uploaded bytes, streamed: nothing buffers the whole file. */
  body: Readable;
  /** The name the contributor's file had: display text only. */
  originalName: string;
  metadata?: AssetMetadata;
  onProgress?: (bytesWritten: number) => void;
}

export interface SubmitUploadResult {
  asset: Asset;
  /** True when the project already had these exact bytes: the existing asset is returned. */
  duplicate: boolean;
}

/**
 * Takes an upload in: streams it into the blob store under its SHA-256, records the asset and
 * queues its ingest job. Uploading the same bytes again returns the existing asset and stores
 * nothing twice; if that asset's processing was interrupted, its job is queued again.
 */
export async function submitUpload({ deps, projectId, body, originalName, metadata = {}, onProgress }: SubmitUploadInput): Promise<SubmitUploadResult> {
  const meta = await checkSubmission({ deps, projectId, metadata });
  const original = await deps.blobs.putOriginal({ body, onProgress: onProgress ?? (() => {}) });
  return recordSubmittedOriginal({ deps, projectId, original, originalName, meta });
}

/** The metadata of a submission, checked and in NFC. */
export type SubmittedMetadata = ReturnType<typeof parseMetadata>;

/**
 * Checks what an upload says before its bytes are stored: the project exists, the metadata
 * parses, its theme is one of the project's. Returns the metadata as recorded (NFC, trimmed).
 *
 * @throws NotFoundError (project), AssetError `INVALID_METADATA` / `UNKNOWN_THEME`
 */
export async function checkSubmission({
  deps,
  projectId,
  metadata,
}: {
  deps: Pick<IngestDeps, 'store'>;
  projectId: string;
  metadata: AssetMetadata;
}): Promise<SubmittedMetadata> {
  const project = await deps.store.projects.get({ id: projectId });
  if (project === null) throw new NotFoundError({ entity: 'project', id: projectId });
  const meta = parseMetadata(metadata);
  if (meta.theme !== undefined && findTheme(project, meta.theme) === undefined) {
    throw new AssetError({
      code: 'UNKNOWN_THEME',
      message: `Theme "${meta.theme}" is not one of the project's themes (${project.themes.map((t) => t.id).join(', ')}).`,
      messageVi: `Chủ đề "${meta.theme}" không có trong danh sách chủ đề của dự án.`,
      details: { field: 'theme' },
    });
  }
  return meta;
}

/**
 * Records a stored original as an asset of the project and queues its ingest job. The same bytes
 * submitted again give the existing asset (`duplicate`), sent back to ingest if it was refused or
 * its processing was interrupted. Safe to repeat: the asset is unique per original, the job per asset.
 */
export async function recordSubmittedOriginal({
  deps,
  projectId,
  original,
  originalName,
  meta,
}: {
  deps: Pick<IngestDeps, 'store' | 'queue' | 'clock'>;
  projectId: string;
  original: Pick<PutOriginalResult, 'key' | 'sha256' | 'sizeBytes'>;
  originalName: string;
  meta: SubmittedMetadata;
}): Promise<SubmitUploadResult> {
  const { store, queue, clock } = deps;
  const existing = await store.assets.findByOriginal({ projectId, sha256: original.sha256 });
  if (existing !== null) {
    // A refused file sent again is judged again, as sent this time (it may now say it is subtitles).
    if (existing.status === 'rejected') return { asset: await judgeAgain({ deps, asset: existing, originalName, meta }), duplicate: true };
    await requeueIfInterrupted({ deps, asset: existing });
    return { asset: existing, duplicate: true };
  }

  const now = clock.now().toISOString();
  const asset: Asset = {
    id: randomUUID(),
    projectId,
    ...asSubmitted({ originalName, meta }),
    original: { key: original.key, sha256: original.sha256, sizeBytes: original.sizeBytes },
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  const inserted = await store.assets.insertIfAbsent({ asset });
  if (!inserted.created) {
    // Another upload of the same bytes won the race: report that asset, as for any duplicate.
    return { asset: inserted.asset, duplicate: true };
  }
  await queue.enqueue({ body: { type: 'ingest', projectId, assetId: asset.id }, dedupeKey: ingestDedupeKey(asset.id) });
  return { asset: inserted.asset, duplicate: false };
}

/** What an upload says of its asset, and the state of one not yet judged. */
function asSubmitted({ originalName, meta }: { originalName: string; meta: ReturnType<typeof parseMetadata> }) {
  return {
    kind: meta.kind ?? 'footage',
    requestedKind: meta.kind ?? null,
    originalName: toDisplayName(originalName),
    organisation: meta.organisation,
    contributor: meta.contributor,
    theme: meta.theme ?? null,
    speaker: meta.speaker ?? null,
    description: meta.description,
    // Only a finished programme becomes a version; on any other kind the cut is not kept.
    ...(meta.versionOf && meta.kind === 'programme' ? { versionOf: meta.versionOf } : {}),
    probe: null,
    loudness: null,
    derivatives: {},
    warnings: [],
    status: 'queued',
    error: null,
  } satisfies Partial<Asset>;
}

/**
 * Sends a refused asset back to ingest with the metadata of its new upload; its stored bytes stay
 * as they are. Another upload racing to do the same wins harmlessly (the queue keeps one job).
 */
async function judgeAgain({
  deps,
  asset,
  originalName,
  meta,
}: {
  deps: Pick<IngestDeps, 'store' | 'queue' | 'clock'>;
  asset: Asset;
  originalName: string;
  meta: ReturnType<typeof parseMetadata>;
}): Promise<Asset> {
  const updated = await deps.store.assets
    .update({
      asset: {
        ...asset,
        ...asSubmitted({ originalName, meta }),
        updatedAt: deps.clock.now().toISOString(),
      },
      expectedRevision: asset.revision,
    })
    .catch(async (error: unknown) => {
      const now = await deps.store.assets.get({ id: asset.id });
      if (now !== null && now.status !== 'rejected') return now;
      throw error;
    });
  await deps.queue.enqueue({ body: { type: 'ingest', projectId: asset.projectId, assetId: asset.id }, dedupeKey: ingestDedupeKey(asset.id) });
  return updated;
}

/** Puts an asset whose processing never finished (crash, dead-lettered fault) back in the queue. */
export async function requeueIfInterrupted({ deps, asset }: { deps: Pick<IngestDeps, 'queue'>; asset: Asset }): Promise<boolean> {
  if (asset.status !== 'queued' && asset.status !== 'processing' && asset.status !== 'failed') return false;
  const { enqueued } = await deps.queue.enqueue({
    body: { type: 'ingest', projectId: asset.projectId, assetId: asset.id },
    dedupeKey: ingestDedupeKey(asset.id),
  });
  return enqueued;
}

function ingestDedupeKey(assetId: string): string {
  return `ingest:${assetId}`;
}

function parseMetadata(metadata: AssetMetadata) {
  const parsed = AssetMetadataSchema.safeParse(metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'metadata';
    throw new AssetError({
      code: 'INVALID_METADATA',
      message: `Upload field "${field}" is invalid: ${issue?.message ?? 'invalid value'}.`,
      messageVi: `Thông tin "${field}" của tệp tải lên không hợp lệ.`,
      details: { field },
    });
  }
  const m = parsed.data;
  return {
    ...m,
    organisation: nfc(m.organisation.trim()),
    contributor: nfc(m.contributor.trim()),
    description: nfc(m.description.trim()),
    speaker: m.speaker === undefined ? undefined : { name: nfc(m.speaker.name.trim()), position: nfc(m.speaker.position.trim()) },
  };
}

import type { S3Inbox } from '../../shared/adapters/aws/index.ts';
import { INBOX_PREFIX } from '../../shared/adapters/aws/index.ts';
import { ReportageError, type AssetMetadata } from '../../shared/domain/index.ts';
import { submitUpload, type IngestDeps } from '../../shared/ingest/index.ts';

export type DroppedFileOutcome =
  | { key: string; outcome: 'ingested' | 'duplicate'; assetId: string }
  | { key: string; outcome: 'ignored' | 'rejected'; reason: string };

/**
 * Takes one file dropped under `incoming/<projectId>/<file name>` in through the ingest use case
 * (`submitUpload`: hashed into `originals/<sha256>`, recorded, its ingest job queued), then
 * removes the dropped copy. The file's description comes from its S3 metadata
 * (`--metadata kind=interview,theme=…,speaker-name=…,speaker-position=…,organisation=…,contributor=…,description=…`,
 * values URL-encoded for Vietnamese). A file the use case refuses (unknown project or theme, bad
 * metadata) stays where it is and is reported as `rejected`: retrying would not help. Retryable
 * faults (S3, DynamoDB) are thrown, so Lambda retries the event.
 */
export async function ingestDroppedFile({ deps, inbox, key }: { deps: IngestDeps; inbox: S3Inbox; key: string }): Promise<DroppedFileOutcome> {
  const match = new RegExp(`^${INBOX_PREFIX}([a-z0-9-]{1,64})/(.+)$`).exec(key);
  if (match === null) return { key, outcome: 'ignored', reason: `not under ${INBOX_PREFIX}<project>/` };
  const [, projectId, rest] = match as unknown as [string, string, string];
  if (rest.endsWith('/')) return { key, outcome: 'ignored', reason: 'a folder marker' };
  const file = await inbox.open({ key });
  try {
    const { asset, duplicate } = await submitUpload({
      deps,
      projectId,
      body: file.body,
      originalName: rest.split('/').at(-1) ?? rest,
      metadata: metadataFrom(file.metadata),
    });
    await inbox.remove({ key });
    return { key, outcome: duplicate ? 'duplicate' : 'ingested', assetId: asset.id };
  } catch (error) {
    file.body.destroy();
    if (error instanceof ReportageError && !error.retryable) return { key, outcome: 'rejected', reason: `${error.code}: ${error.message}` };
    throw error;
  }
}

function metadataFrom(meta: Record<string, string>): AssetMetadata {
  const speakerName = meta['speaker-name'];
  return {
    ...(meta.kind === undefined ? {} : { kind: meta.kind as AssetMetadata['kind'] }),
    ...(meta.theme === undefined ? {} : { theme: meta.theme }),
    ...(meta.organisation === undefined ? {} : { organisation: meta.organisation }),
    ...(meta.contributor === undefined ? {} : { contributor: meta.contributor }),
    ...(meta.description === undefined ? {} : { description: meta.description }),
    ...(speakerName === undefined ? {} : { speaker: { name: speakerName, position: meta['speaker-position'] ?? '' } }),
  };
}

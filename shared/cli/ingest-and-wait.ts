import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReportageError, toErrorRecord, type Asset, type AssetMetadata, type ErrorRecord } from '../domain/index.ts';
import { submitUpload } from '../ingest/index.ts';
import { createJobHandlers, runWorker } from '../jobs/index.ts';
import type { Runtime } from './open-runtime.ts';
import type { FileProgress } from './progress-bars.ts';

export interface UploadRequest {
  file: string;
  metadata: AssetMetadata;
}

export type IngestOutcome = { file: string; asset: Asset; duplicate: boolean } | { file: string; assetId?: string; error: ErrorRecord; fault: boolean };

const TERMINAL = new Set<Asset['status']>(['ready', 'rejected', 'failed']);

/**
 * Uploads local files, then runs the worker pool until every one of their assets is ready,
 * rejected or failed. Jobs left by an interrupted earlier run are picked up as well, so running
 * the same command again after a crash finishes what the crash interrupted.
 */
export async function ingestAndWait({
  runtime,
  projectId,
  uploads,
  bars,
}: {
  runtime: Runtime;
  projectId: string;
  uploads: UploadRequest[];
  bars?: FileProgress | null;
}): Promise<IngestOutcome[]> {
  const { deps, config } = runtime;
  const submitted: ({ file: string; assetId: string; duplicate: boolean } | Extract<IngestOutcome, { error: ErrorRecord }>)[] = [];
  for (const upload of uploads) submitted.push(await uploadOne({ runtime, projectId, upload, bars }));

  const pending = new Set(submitted.flatMap((o) => ('assetId' in o && !('error' in o) ? [o.assetId] : [])));
  const controller = new AbortController();
  const worker = runWorker({
    queue: deps.queue,
    handlers: createJobHandlers({ deps, onProgress: ({ assetId, fraction }) => bars?.update(assetId, 'xử lý', fraction) }),
    log: deps.log,
    concurrency: config.workers,
    visibilitySeconds: config.jobs.visibilitySeconds,
    maxAttempts: config.jobs.maxAttempts,
    signal: controller.signal,
  });
  const finals = new Map<string, Asset>();
  try {
    while (pending.size > 0) {
      for (const id of [...pending]) {
        const asset = await deps.store.assets.get({ id });
        if (asset !== null && TERMINAL.has(asset.status)) {
          finals.set(id, asset);
          pending.delete(id);
          bars?.done(id, asset.status);
        }
      }
      if (pending.size > 0) await sleep(100);
    }
  } finally {
    controller.abort();
    await worker;
    bars?.stop();
  }

  return submitted.map((outcome): IngestOutcome => {
    if ('error' in outcome) return outcome;
    const asset = finals.get(outcome.assetId) as Asset;
    if (asset.status === 'ready') return { file: outcome.file, asset, duplicate: outcome.duplicate };
    return { file: outcome.file, assetId: asset.id, error: asset.error ?? toErrorRecord(null), fault: asset.status === 'failed' };
  });
}

async function uploadOne({
  runtime,
  projectId,
  upload,
  bars,
}: {
  runtime: Runtime;
  projectId: string;
  upload: UploadRequest;
  bars?: FileProgress | null | undefined;
}) {
  const { deps } = runtime;
  const { file } = upload;
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch {
    return {
      file,
      fault: false,
      error: {
        code: 'FILE_NOT_READABLE',
        message: `Cannot read "${file}": it does not exist or is not a regular file.`,
        messageVi: `Không đọc được tệp "${file}": tệp không tồn tại hoặc không phải tệp thường.`,
      },
    };
  }
  const name = path.basename(file);
  bars?.add(file, name);
  try {
    const { asset, duplicate } = await submitUpload({
      deps,
      projectId,
      body: createReadStream(file),
      originalName: name,
      metadata: upload.metadata,
      onProgress: (bytes) => bars?.update(file, 'tải lên', size === 0 ? 1 : bytes / size),
    });
    bars?.rename(file, asset.id);
    return { file, assetId: asset.id, duplicate };
  } catch (error) {
    bars?.done(file, 'rejected');
    if (error instanceof ReportageError && error.kind !== 'internal') return { file, fault: false, error: error.toJSON() };
    deps.log.error('upload failed', { file, error });
    return { file, fault: true, error: toErrorRecord(error) };
  }
}

import type { Clock, Logger, WorkflowStore } from '../ports/index.ts';

/** What sweeping needs of the local uploads (`FsMultipartUploads`). */
export interface UploadSweeper {
  sweep(args: { olderThanSeconds: number }): Promise<{ uploadIds: string[] }>;
}

/**
 * Removes the staged parts of local uploads abandoned for `olderThanSeconds` (a closed tab never
 * completes or cancels) and marks their records aborted, so they stop holding disk and quota.
 * `reportage serve` runs it at start and then every hour. On AWS the originals bucket's lifecycle
 * rule aborts incomplete multipart uploads instead (infra/lib/stateful-stack.ts).
 *
 * @example await sweepAbandonedUploads({ uploads, workflow, clock, log, olderThanSeconds: config.uploadAbandonSeconds })
 */
export async function sweepAbandonedUploads({
  uploads,
  workflow,
  clock,
  log,
  olderThanSeconds,
}: {
  uploads: UploadSweeper;
  workflow: Pick<WorkflowStore, 'uploads'>;
  clock: Clock;
  log: Logger;
  olderThanSeconds: number;
}): Promise<{ swept: number }> {
  const { uploadIds } = await uploads.sweep({ olderThanSeconds });
  for (const id of uploadIds) {
    const record = await workflow.uploads.get({ id });
    if (record === null || record.state !== 'uploading') continue;
    try {
      await workflow.uploads.update({ upload: { ...record, state: 'aborted', updatedAt: clock.now().toISOString() }, expectedRevision: record.revision });
    } catch (error) {
      log.warn('an abandoned upload changed while it was swept', { uploadId: id, error });
    }
  }
  if (uploadIds.length > 0) log.info('abandoned uploads swept', { count: uploadIds.length, olderThanSeconds });
  return { swept: uploadIds.length };
}

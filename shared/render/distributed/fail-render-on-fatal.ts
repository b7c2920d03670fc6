import { ReportageError, toErrorRecord } from '../../domain/index.ts';
import type { RenderDeps } from '../render-deps.ts';
import { updateRender } from './update-render.ts';

/**
 * Runs one job of a distributed render; when it fails for good (a fatal error, or a retryable one
 * on its last attempt) the render is marked failed with the error, so people see why. The error
 * is thrown on: the worker classifies it as it does every job's (retry or dead-letter).
 */
export async function failRenderOnFatal<T>({
  deps,
  renderId,
  attempt,
  maxAttempts,
  run,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock' | 'log'>;
  renderId: string;
  attempt: number;
  maxAttempts: number;
  run: () => Promise<T>;
}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const retryable = error instanceof ReportageError ? error.retryable : true;
    if (!retryable || attempt >= maxAttempts) {
      deps.log.error('render failed', { renderId, attempt, retryable, error });
      await updateRender({
        deps,
        id: renderId,
        change: (render) => (render.status === 'running' || render.status === 'queued' ? { status: 'failed', error: toErrorRecord(error) } : null),
      }).catch((saveError: unknown) => {
        deps.log.warn('could not mark the render failed', { renderId, error: saveError });
      });
    }
    throw error;
  }
}

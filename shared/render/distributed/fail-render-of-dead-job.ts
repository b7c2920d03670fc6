import { JobBodySchema, type JobBody, type Render } from '../../domain/index.ts';
import type { JobFailure } from '../../ports/index.ts';
import type { RenderDeps } from '../render-deps.ts';
import { DistributedRenderError, type RenderPart } from './distributed-render-error.ts';
import { updateRender } from './update-render.ts';

/** What is known of a dead-lettered job: its body as sent, and what the queue kept. */
export interface DeadJob {
  id: string | null;
  body: unknown;
  attempts: number | null;
  lastError: JobFailure | null;
}

/**
 * Called when a job moves to dead-letter (the SQLite queue's `onDeadLetter` hook locally, the
 * dead-letter function on AWS). A job that throws on its last attempt has already failed its
 * render with the real error (`failRenderOnFatal`); this covers the job whose worker was killed
 * (SIGKILL, out of memory, a Lambda timeout) on its last attempt, which nobody else reports: its
 * render, still queued or running, is marked failed with `RENDER_JOB_DEAD_LETTERED`, naming the
 * part and keeping the job's last error. Anything else (an ingest job, a render already done or
 * failed, a body that is not a job) changes nothing. Idempotent. Returns the render as stored
 * when the job was a render's, else null.
 */
export async function failRenderOfDeadJob({ deps, job }: { deps: Pick<RenderDeps, 'store' | 'clock' | 'log'>; job: DeadJob }): Promise<Render | null> {
  const parsed = JobBodySchema.safeParse(job.body);
  if (!parsed.success || parsed.data.type === 'ingest') return null;
  const body = parsed.data;
  const error = DistributedRenderError.deadLettered({ part: partOf(body), jobId: job.id, attempts: job.attempts, lastError: job.lastError });
  const saved = await updateRender({
    deps,
    id: body.renderId,
    change: (render) => (render.status === 'queued' || render.status === 'running' ? { status: 'failed', error: error.toJSON() } : null),
  });
  if (saved?.status === 'failed' && saved.error?.code === error.code)
    deps.log.error('render failed: one of its jobs was dead-lettered', { renderId: body.renderId, jobId: job.id, type: body.type, lastError: job.lastError });
  return saved;
}

function partOf(body: Exclude<JobBody, { type: 'ingest' }>): RenderPart {
  switch (body.type) {
    case 'render-start':
      return { en: 'the fan-out (planning the render)', vi: 'lập kế hoạch dựng' };
    case 'render-segment':
      return { en: `segment ${body.segmentIndex + 1} (${body.segmentKey})`, vi: `dựng đoạn hình số ${body.segmentIndex + 1}` };
    case 'render-audio':
      return { en: 'the audio programme', vi: 'xử lý âm thanh' };
    case 'render-assemble':
      return { en: 'the assembly (join, mux, QC, packaging)', vi: 'ghép nối, kiểm tra chất lượng và đóng gói' };
  }
}

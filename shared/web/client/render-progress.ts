/// <reference lib="dom" />
import { api, projectPath } from './api.ts';

/** A render as the API shows it (shared/web/API.md, "Cuts, versions, renders"). */
export interface RenderView {
  id: string;
  versionId: string;
  versionNumber: number;
  profile: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { phase: string; segmentsDone: number; segmentsTotal: number; segmentsReused: number };
  qc: { status: 'pass' | 'warn' | 'fail'; failed: string[]; loudness: unknown } | null;
  error: { code: string; message: string; messageVi: string } | null;
  mediaUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Phases in order, for a progress fraction. */
const PHASES = ['queued', 'segments', 'audio', 'assemble', 'qc', 'package', 'done'];

/** 0–100: segments make most of the bar, the phases after them the rest. */
export function renderPercent(render: RenderView): number {
  if (render.status === 'done') return 100;
  const { phase, segmentsDone, segmentsTotal } = render.progress;
  if (phase === 'queued') return 0;
  if (phase === 'segments') return segmentsTotal > 0 ? Math.round((segmentsDone / segmentsTotal) * 70) : 5;
  const index = PHASES.indexOf(phase);
  return Math.min(99, 70 + Math.max(0, index - 1) * 6);
}

/**
 * Follows a render until it is done or failed: the server's event stream when it works, polling
 * every second otherwise (a proxy that buffers streams, an older server).
 */
export function followRender({
  projectId,
  renderId,
  onUpdate,
}: {
  projectId: string;
  renderId: string;
  onUpdate: (render: RenderView) => void;
}): Promise<RenderView> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (render: RenderView) => {
      if (finished) return;
      finished = true;
      resolve(render);
    };
    const poll = async () => {
      while (!finished) {
        try {
          const { render } = await api<{ render: RenderView }>('GET', projectPath(projectId, `/renders/${encodeURIComponent(renderId)}`));
          onUpdate(render);
          if (render.status === 'done' || render.status === 'failed') {
            finish(render);
            return;
          }
        } catch (error) {
          finished = true;
          reject(error);
          return;
        }
        await new Promise((wake) => setTimeout(wake, 1000));
      }
    };
    let polling = false;
    const startPolling = () => {
      if (polling) return;
      polling = true;
      void poll();
    };
    if (typeof EventSource === 'undefined') {
      startPolling();
      return;
    }
    const source = new EventSource(projectPath(projectId, `/renders/${encodeURIComponent(renderId)}/events`));
    let sawEvent = false;
    source.addEventListener('progress', (event) => {
      sawEvent = true;
      const render = JSON.parse((event as MessageEvent<string>).data) as RenderView;
      onUpdate(render);
      if (render.status === 'done' || render.status === 'failed') {
        source.close();
        finish(render);
      }
    });
    source.onerror = () => {
      source.close();
      // The stream ended or is not there: polling tells the truth either way.
      if (!finished) startPolling();
    };
    // A stream that says nothing for 5 s is probably buffered by something in between.
    setTimeout(() => {
      if (!sawEvent && !finished) {
        source.close();
        startPolling();
      }
    }, 5000);
  });
}

import type { Clock, Store } from '../ports/index.ts';

/**
 * Renders still marked running were cut off when the last `serve` stopped (renders run in its
 * process): they are marked failed, so the pages stop waiting and the editor can render again.
 */
export async function markInterruptedRenders({ deps }: { deps: { store: Store; clock: Clock } }): Promise<void> {
  const { store, clock } = deps;
  for (const project of await store.projects.list()) {
    for (const render of await store.renders.list({ projectId: project.id })) {
      if (render.status !== 'running' && render.status !== 'queued') continue;
      await store.renders.update({
        render: {
          ...render,
          status: 'failed',
          error: {
            code: 'RENDER_INTERRUPTED',
            message: 'The server stopped during this render; render the version again.',
            messageVi: 'Máy chủ đã dừng khi đang dựng; hãy dựng lại phiên bản này.',
          },
          updatedAt: clock.now().toISOString(),
        },
        expectedRevision: render.revision,
      });
    }
  }
}

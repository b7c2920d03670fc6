import { ConflictError, type Render } from '../../domain/index.ts';
import type { RenderDeps } from '../render-deps.ts';

/**
 * Changes a render record that several workers update at once (progress, the end): reads it,
 * asks `change` for the new fields (null: nothing to do), saves with optimistic concurrency and
 * tries again on a conflict. Returns the record as stored.
 */
export async function updateRender({
  deps,
  id,
  change,
  attempts = 20,
}: {
  deps: Pick<RenderDeps, 'store' | 'clock'>;
  id: string;
  change: (render: Render) => Partial<Render> | null;
  attempts?: number;
}): Promise<Render | null> {
  for (let attempt = 1; ; attempt += 1) {
    const render = await deps.store.renders.get({ id });
    if (render === null) return null;
    const changes = change(render);
    if (changes === null) return render;
    try {
      return await deps.store.renders.update({
        render: { ...render, ...changes, updatedAt: deps.clock.now().toISOString() },
        expectedRevision: render.revision,
      });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

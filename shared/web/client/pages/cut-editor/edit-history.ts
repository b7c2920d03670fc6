/**
 * Undo and redo over whole snapshots of the cut: an edit records the document as it is after the
 * edit; undo steps back to the one before. Snapshots are plain JSON (a 200-shot cut is ~50 KB), so
 * a step restores exactly what was there, whichever module made the change. Pure: no DOM.
 */
export interface EditHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** How many steps back undo can go. */
export const HISTORY_DEPTH = 200;

/** A history that starts at `present`, with nothing to undo. */
export function startHistory<T>({ present }: { present: T }): EditHistory<T> {
  return { past: [], present, future: [] };
}

/**
 * The history after an edit made `next`: the present goes onto the undo stack (the oldest step
 * falls off past `HISTORY_DEPTH`) and the redo stack is cleared. An edit that changed nothing
 * (same JSON) records no step. `merge`: the edit continues the last one (typing in one field), so
 * it replaces the present instead of adding a step: undo takes the whole word back.
 */
export function recordEdit<T>({ history, next, merge = false }: { history: EditHistory<T>; next: T; merge?: boolean }): EditHistory<T> {
  if (JSON.stringify(next) === JSON.stringify(history.present)) return history;
  if (merge && history.past.length > 0) return { past: history.past, present: next, future: [] };
  return { past: [...history.past, history.present].slice(-HISTORY_DEPTH), present: next, future: [] };
}

/** One step back, or the same history when there is nothing to undo. */
export function undoEdit<T>({ history }: { history: EditHistory<T> }): EditHistory<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** One step forward again, or the same history when nothing was undone. */
export function redoEdit<T>({ history }: { history: EditHistory<T> }): EditHistory<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

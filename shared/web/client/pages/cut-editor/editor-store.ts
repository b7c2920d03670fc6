/**
 * The editor's state in one place: the cut with its undo history, the selected shot, the playhead
 * and the zoom. Modules change it through these functions and redraw when told; nothing here
 * touches the DOM.
 */
import { recordEdit, redoEdit, startHistory, undoEdit, type EditHistory } from './edit-history.ts';
import { layoutShots, type CutDoc, type ShotSpan } from './timeline-model.ts';

/** What changed: the cut (and who changed it), the selection, the playhead or the zoom. */
export type StoreChange = { what: 'cut'; origin: string } | { what: 'select' } | { what: 'playhead' } | { what: 'zoom' };

export interface EditorStore {
  /** The cut shown: a drag's preview while one is under way, else the history's present. */
  cut(): CutDoc;
  layout(): { spans: ShotSpan[]; totalFrames: number };
  /**
   * Changes the cut: `change` edits a copy (or returns a new cut). `mergeKey`: consecutive edits
   * with the same key make one undo step (typing in one field). `origin` names the module that
   * edited, so it can skip redrawing itself.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a change edits the draft in place (a callback returning nothing) or returns a new one.
  edit(options: { change: (cut: CutDoc) => CutDoc | void; origin: string; mergeKey?: string }): void;
  /** Shows a cut without recording it (a trim being dragged); null ends the preview. */
  preview(cut: CutDoc | null): void;
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  selected(): string | null;
  select(shotId: string | null): void;
  playhead(): number;
  setPlayhead(frame: number): void;
  pxPerFrame(): number;
  setPxPerFrame(value: number): void;
  subscribe(listener: (change: StoreChange) => void): void;
}

export function createEditorStore({ cut, pxPerFrame }: { cut: CutDoc; pxPerFrame: number }): EditorStore {
  let history: EditHistory<CutDoc> = startHistory({ present: cut });
  let previewed: CutDoc | null = null;
  let lastMergeKey: string | null = null;
  let selected: string | null = cut.shots[0]?.id ?? null;
  let playhead = 0;
  let zoom = pxPerFrame;
  let layoutOf: { cut: CutDoc; layout: ReturnType<typeof layoutShots> } | null = null;
  const listeners: ((change: StoreChange) => void)[] = [];
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };
  const current = () => previewed ?? history.present;
  const keepSelection = () => {
    if (selected !== null && !current().shots.some((shot) => shot.id === selected)) selected = null;
  };

  const layout = () => {
    const shown = current();
    if (layoutOf?.cut !== shown) layoutOf = { cut: shown, layout: layoutShots({ shots: shown.shots }) };
    return layoutOf.layout;
  };

  return {
    cut: current,
    layout,
    edit({ change, origin, mergeKey }) {
      const copy = structuredClone(history.present);
      const next = change(copy) ?? copy;
      history = recordEdit({ history, next, merge: mergeKey !== undefined && mergeKey === lastMergeKey });
      lastMergeKey = mergeKey ?? null;
      previewed = null;
      keepSelection();
      emit({ what: 'cut', origin });
    },
    preview(cut) {
      previewed = cut;
      emit({ what: 'cut', origin: 'preview' });
    },
    undo() {
      history = undoEdit({ history });
      lastMergeKey = null;
      keepSelection();
      emit({ what: 'cut', origin: 'history' });
    },
    redo() {
      history = redoEdit({ history });
      lastMergeKey = null;
      keepSelection();
      emit({ what: 'cut', origin: 'history' });
    },
    canUndo: () => history.past.length > 0,
    canRedo: () => history.future.length > 0,
    selected: () => selected,
    select(shotId) {
      if (shotId === selected) return;
      selected = shotId;
      lastMergeKey = null;
      emit({ what: 'select' });
    },
    playhead: () => playhead,
    setPlayhead(frame) {
      const next = Math.max(0, Math.min(Math.round(frame), layout().totalFrames));
      if (next === playhead) return;
      playhead = next;
      emit({ what: 'playhead' });
    },
    pxPerFrame: () => zoom,
    setPxPerFrame(value) {
      zoom = value;
      emit({ what: 'zoom' });
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}

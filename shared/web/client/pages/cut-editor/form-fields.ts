/// <reference lib="dom" />
/**
 * Form fields that edit one item of the cut (a shot, a narration or music item, a cue) through the
 * store, so each change is one undo step and every view hears of it.
 */
import { displayTimecode } from '../../../../domain/timecode.ts';
import type { AssetView } from '../../asset-view.ts';
import { tDynamic } from '../../boot.ts';
import { h, select } from '../../dom.ts';
import type { EditorStore } from './editor-store.ts';
import type { CutDoc } from './timeline-model.ts';

/** Finds the item a field edits inside a copy of the cut. */
export type Locate = (cut: CutDoc) => Record<string, unknown> | undefined;

export interface FieldContext {
  store: EditorStore;
  /** Who edits (the store tells the other views, not this one). */
  origin: string;
  assets: readonly AssetView[];
}

/** Sets or clears (empty text) one field of the located item. */
export function setField({
  context,
  locate,
  field,
  value,
  mergeKey,
}: {
  context: FieldContext;
  locate: Locate;
  field: string;
  value: unknown;
  mergeKey?: string;
}): void {
  context.store.edit({
    origin: context.origin,
    ...(mergeKey !== undefined ? { mergeKey } : {}),
    change: (cut) => {
      const item = locate(cut);
      if (!item) return;
      if (value === '' || value === undefined) delete item[field];
      else item[field] = value;
    },
  });
}

/** A labelled text input; times held as frames are shown as timecode. Commits on change (Tab, Enter, blur). */
export function textField({
  context,
  locate,
  item,
  field,
  caption,
  attrs = {},
}: {
  context: FieldContext;
  locate: Locate;
  item: Record<string, unknown>;
  field: string;
  caption: string;
  attrs?: Record<string, unknown>;
}): HTMLElement {
  const value = item[field];
  const shown =
    value === undefined ? '' : typeof value === 'number' && /duration|at|from|to|start|end/.test(field) ? displayTimecode({ frames: value }) : String(value);
  return h(
    'label',
    null,
    caption,
    h('input', {
      name: field,
      value: shown,
      ...attrs,
      onchange: (event: Event) => {
        const text = (event.target as HTMLInputElement).value.normalize('NFC').trim();
        setField({ context, locate, field, value: text === '' ? '' : attrs.type === 'number' ? Number(text) : text });
      },
    }),
  );
}

/** A select of the project's ready assets of some kinds. */
export function assetSelect({
  context,
  locate,
  item,
  kinds,
}: {
  context: FieldContext;
  locate: Locate;
  item: Record<string, unknown>;
  kinds: readonly string[];
}): HTMLSelectElement {
  const options = context.assets
    .filter((asset) => kinds.includes(asset.kind))
    .map((asset): [string, string] => [asset.id, `${asset.originalName}${asset.speaker ? ` (${asset.speaker.name})` : ''}`]);
  return select(
    { name: 'assetId', onchange: (event: Event) => setField({ context, locate, field: 'assetId', value: (event.target as HTMLSelectElement).value }) },
    [['', tDynamic('cut.pickAsset', '—')], ...options],
    String(item.assetId ?? ''),
  );
}

/** A select of a closed list of words (a domain enum), labelled from the catalog under `prefix`. */
export function wordSelect({
  context,
  locate,
  item,
  field,
  words,
  prefix,
  fallback,
}: {
  context: FieldContext;
  locate: Locate;
  item: Record<string, unknown>;
  field: string;
  words: readonly string[];
  prefix: string;
  fallback: string;
}): HTMLSelectElement {
  return select(
    { name: field, onchange: (event: Event) => setField({ context, locate, field, value: (event.target as HTMLSelectElement).value }) },
    words.map((word): [string, string] => [word, tDynamic(`${prefix}${word}`, word)]),
    String(item[field] ?? fallback),
  );
}

/// <reference lib="dom" />
/**
 * The framing of a clip or photo for the vertical (9:16) and square (1:1) versions ("Khung
 * dọc/vuông"): a crop around a centre set with a slider (0–100 % of the picture's width) at the
 * shot's start, and optionally a second one at its end for a crop that moves during the shot; or
 * the whole picture over a blurred fill. Saved in the shot's `reframe` through the draft's usual
 * save; a still crop in the middle (the default) leaves the field out.
 */
import { REFRAME_MODES } from '../../../../domain/cut/cut-enums.ts';
import type { CropCentrePoint, Reframe } from '../../../../domain/cut/reframe.ts';
import { t, tDynamic } from '../../boot.ts';
import { h, select } from '../../dom.ts';
import { setField, type FieldContext, type Locate } from './form-fields.ts';

/** The fields of the shot's framing; `shotFrames` places the end point on the shot's last frame. */
export function reframeFields({
  context,
  locate,
  item,
  shotFrames,
}: {
  context: FieldContext;
  locate: Locate;
  item: Record<string, unknown>;
  shotFrames: number;
}): HTMLElement {
  const current = (item.reframe as Reframe | undefined) ?? { mode: 'crop', centre: [{ frame: 0, x: 0.5 }] };
  const points: CropCentrePoint[] = current.mode === 'crop' ? current.centre : [{ frame: 0, x: 0.5 }];
  const start = points[0]?.x ?? 0.5;
  const end = points.length > 1 ? (points[points.length - 1]?.x ?? start) : null;
  // Another origin than the panel's own: the panel draws itself again (the end slider shows or hides, the values stay current).
  const save = (reframe: Reframe) =>
    setField({ context: { ...context, origin: 'panel-reframe' }, locate, field: 'reframe', value: isDefault(reframe) ? '' : reframe });
  const crop = ({ from, to }: { from: number; to: number | null }): Reframe => ({
    mode: 'crop',
    centre:
      to === null
        ? [{ frame: 0, x: from }]
        : [
            { frame: 0, x: from },
            { frame: Math.max(1, shotFrames - 1), x: to },
          ],
  });

  const slider = (name: string, value: number, onCommit: (x: number) => void) => {
    const shown = h('output', { class: 'mono small' }, `${Math.round(value * 100)} %`);
    const input = h('input', {
      name,
      type: 'range',
      min: 0,
      max: 100,
      step: 1,
      value: Math.round(value * 100),
      oninput: (event: Event) => (shown.textContent = `${(event.target as HTMLInputElement).value} %`),
      onchange: (event: Event) => onCommit(Number((event.target as HTMLInputElement).value) / 100),
    });
    return { input, shown };
  };
  const first = slider('reframeStart', start, (x) => save(crop({ from: x, to: end })));
  const last = slider('reframeEnd', end ?? start, (x) => save(crop({ from: start, to: x })));
  const moving = h('input', {
    name: 'reframeMove',
    type: 'checkbox',
    checked: end !== null,
    onchange: (event: Event) => save(crop({ from: start, to: (event.target as HTMLInputElement).checked ? start : null })),
  });
  const isCrop = current.mode === 'crop';
  return h(
    'fieldset',
    { class: 'wide reframe', dataset: { field: 'reframe' } },
    h('legend', null, t('cut.reframe')),
    h(
      'label',
      null,
      t('cut.reframeMode'),
      select(
        {
          name: 'reframeMode',
          onchange: (event: Event) => save((event.target as HTMLSelectElement).value === 'blur-fill' ? { mode: 'blur-fill' } : crop({ from: start, to: end })),
        },
        REFRAME_MODES.map((mode): [string, string] => [mode, tDynamic(`cut.reframe.${mode}`, mode)]),
        current.mode,
      ),
    ),
    isCrop ? h('label', null, t('cut.reframeStart'), first.input, first.shown) : null,
    isCrop ? h('label', { class: 'inline' }, moving, t('cut.reframeMove')) : null,
    isCrop && end !== null ? h('label', null, t('cut.reframeEnd'), last.input, last.shown) : null,
  );
}

/** A still crop centred on the picture's middle: what a shot without `reframe` gets. */
function isDefault(reframe: Reframe): boolean {
  return reframe.mode === 'crop' && reframe.centre.length === 1 && reframe.centre[0]?.x === 0.5 && reframe.centre[0].y === undefined;
}

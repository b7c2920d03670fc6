/// <reference lib="dom" />
/**
 * The side panel: the selected shot's details (today's per-shot form): its asset, in and out
 * points typed or set from the source viewer's playhead, the lower third of an interview, a photo's
 * move and hold, a title card's text, a clip's or photo's framing for the vertical and square
 * versions, the transition in, and the problems the last save found.
 */
import { LOWER_THIRD_MODES, PHOTO_MOTIONS, TRANSITION_TYPES } from '../../../../domain/cut/cut-enums.ts';
import { displayTimecode } from '../../../../domain/timecode.ts';
import { localMessage } from '../../api.ts';
import type { AssetView } from '../../asset-view.ts';
import { t, tDynamic } from '../../boot.ts';
import { h, replace, select } from '../../dom.ts';
import { assetSelect, setField, textField, wordSelect, type FieldContext, type Locate } from './form-fields.ts';
import { reframeFields } from './reframe-fields.ts';
import { createSourceViewer } from './source-viewer.ts';
import { clipSourceFrames, safeShotFrames, type ShotDoc } from './timeline-model.ts';

export interface CutProblem {
  itemId: string;
  field: string;
  code: string;
  message: string;
  messageVi: string;
}

export interface ShotPanel {
  element: HTMLElement;
  /** Draws the selected shot's form again (after a selection, an undo, a timeline edit). */
  draw(): void;
}

export function createShotPanel({
  context,
  byId,
  problems,
}: {
  context: FieldContext;
  byId: ReadonlyMap<string, AssetView>;
  problems: () => readonly CutProblem[];
}): ShotPanel {
  const { store } = context;
  const viewer = createSourceViewer();
  const form = h('div', { id: 'shot-panel' });
  // The source viewer first, its in and out fields right below it; the whole panel scrolls within its own box.
  const element = h('section', { class: 'card panel inspector' }, h('h3', null, t('cut.shotDetails')), viewer.element, form);
  /** The shot and proxy in the viewer: drawing the same shot again must not move the viewer's playhead. */
  let loaded: string | null = null;

  const setPoint = (shot: ShotDoc, field: 'in' | 'out') => {
    const frame = viewer.frame();
    if (frame === null) return;
    // Another origin than the typed fields': the panel draws itself again to show the new point.
    setField({ context: { ...context, origin: 'panel-point' }, locate: locateShot(shot.id), field, value: displayTimecode({ frames: frame }) });
  };

  const loadSource = (shot: ShotDoc) => {
    const asset = shot.type === 'clip' ? byId.get(shot.assetId) : undefined;
    const proxy = asset?.derivatives.proxy;
    viewer.show(Boolean(proxy));
    if (shot.type !== 'clip' || !proxy) return;
    if (loaded === `${shot.id} ${proxy.url}`) return;
    loaded = `${shot.id} ${proxy.url}`;
    viewer.load({ url: proxy.url, frame: clipSourceFrames({ shot })?.in ?? 0, name: asset?.originalName ?? '' });
  };

  const transitionFields = (shot: ShotDoc, locate: Locate): HTMLElement[] => {
    const transition = (shot.transitionIn ?? { type: 'cut' }) as { type: string; frames?: number };
    const frames = h('input', {
      name: 'transitionFrames',
      type: 'number',
      min: 1,
      max: 250,
      value: transition.frames ?? 12,
      disabled: transition.type === 'cut',
      onchange: (event: Event) =>
        setField({ context, locate, field: 'transitionIn', value: { type: transition.type, frames: Number((event.target as HTMLInputElement).value) } }),
    });
    return [
      h(
        'label',
        null,
        t('cut.transition'),
        select(
          {
            name: 'transition',
            onchange: (event: Event) => {
              const type = (event.target as HTMLSelectElement).value;
              setField({ context, locate, field: 'transitionIn', value: type === 'cut' ? { type } : { type, frames: Number(frames.value) || 12 } });
            },
          },
          TRANSITION_TYPES.map((type): [string, string] => [type, tDynamic(`cut.transition.${type}`, type)]),
          transition.type,
        ),
      ),
      h('label', { class: transition.type === 'cut' ? 'hidden' : undefined }, tDynamic('cut.dissolveFrames', 'frames'), frames),
    ];
  };

  const draw = () => {
    const cut = store.cut();
    const index = cut.shots.findIndex((shot) => shot.id === store.selected());
    const shot = cut.shots[index];
    if (!shot) {
      viewer.show(false);
      replace(form, h('p', { class: 'muted small' }, cut.shots.length === 0 ? tDynamic('cut.noShots', '') : t('cut.pickShot')));
      return;
    }
    const locate = locateShot(shot.id);
    const item = shot as unknown as Record<string, unknown>;
    const fields: HTMLElement[] = [];
    if (shot.type === 'clip') {
      const asset = byId.get(shot.assetId);
      fields.push(
        h('label', { class: 'wide' }, t('cut.asset'), assetSelect({ context, locate, item, kinds: ['footage', 'interview'] })),
        h(
          'div',
          null,
          textField({ context, locate, item, field: 'in', caption: t('cut.in'), attrs: { class: 'mono' } }),
          h('button', { type: 'button', class: 'secondary small', 'data-action': 'set-in', onclick: () => setPoint(shot, 'in') }, t('cut.setIn')),
        ),
        h(
          'div',
          null,
          textField({ context, locate, item, field: 'out', caption: t('cut.out'), attrs: { class: 'mono' } }),
          h('button', { type: 'button', class: 'secondary small', 'data-action': 'set-out', onclick: () => setPoint(shot, 'out') }, t('cut.setOut')),
        ),
      );
      if (asset?.kind === 'interview' || asset?.speaker)
        fields.push(
          h(
            'label',
            null,
            t('cut.lowerThird'),
            wordSelect({ context, locate, item, field: 'lowerThird', words: LOWER_THIRD_MODES, prefix: 'cut.lowerThird.', fallback: 'auto' }),
          ),
        );
    } else if (shot.type === 'photo') {
      fields.push(
        h('label', { class: 'wide' }, t('cut.asset'), assetSelect({ context, locate, item, kinds: ['photo'] })),
        textField({ context, locate, item, field: 'duration', caption: t('cut.durationField'), attrs: { class: 'mono' } }),
        h('label', null, t('cut.motion'), wordSelect({ context, locate, item, field: 'motion', words: PHOTO_MOTIONS, prefix: 'motion.', fallback: 'none' })),
      );
    } else {
      fields.push(
        textField({ context, locate, item, field: 'text', caption: t('cut.text'), attrs: { maxlength: 200 } }),
        textField({ context, locate, item, field: 'subtitle', caption: t('cut.subtitleLine'), attrs: { maxlength: 200 } }),
        textField({ context, locate, item, field: 'duration', caption: t('cut.durationField'), attrs: { class: 'mono' } }),
      );
    }
    // Clips and photos are framed for the vertical and square versions; title cards are laid out again by themselves.
    if (shot.type !== 'title') fields.push(reframeFields({ context, locate, item, shotFrames: safeShotFrames({ shot }) }));
    fields.push(...transitionFields(shot, locate));
    const shotProblems = problems().filter((problem) => problem.itemId === shot.id);
    replace(
      form,
      h(
        'div',
        { class: 'shot selected', dataset: { shotId: shot.id, type: shot.type } },
        h('div', { class: 'num' }, String(index + 1)),
        h(
          'div',
          { class: 'fields' },
          h(
            'div',
            { class: 'type' },
            tDynamic(`cut.type.${shot.type}`, shot.type),
            h('span', { class: 'mono plain' }, ` · ${shot.id} · ${displayTimecode({ frames: safeShotFrames({ shot }) })}`),
          ),
          ...fields,
          shotProblems.length > 0
            ? h(
                'div',
                { class: 'notice error small wide' },
                shotProblems.map((problem) => h('div', null, localMessage(problem))),
              )
            : null,
        ),
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary small',
              title: t('cut.remove'),
              'data-action': 'remove-shot',
              onclick: () => store.edit({ origin: 'panel-remove', change: (cut) => void cut.shots.splice(index, 1) }),
            },
            '✕',
          ),
        ),
      ),
    );
    loadSource(shot);
  };

  return { element, draw };
}

/** Finds a shot by id in a copy of the cut. */
function locateShot(shotId: string): Locate {
  return (cut) => cut.shots.find((shot) => shot.id === shotId) as unknown as Record<string, unknown> | undefined;
}

/// <reference lib="dom" />
/**
 * The lists under the timeline: narration and music items (asset, position, level) and the
 * subtitle editor with live rule warnings (the product's own rules, so the page warns exactly as
 * QC will).
 */
import { FPS } from '../../../../domain/frame-rate.ts';
import { displayTimecode } from '../../../../domain/timecode.ts';
import { checkSubtitleRules, type SubtitleViolation } from '../../../../subtitles/check-subtitle-rules.ts';
import { localMessage } from '../../api.ts';
import { t } from '../../boot.ts';
import { h, replace } from '../../dom.ts';
import { assetSelect, textField, type FieldContext, type Locate } from './form-fields.ts';
import { programmePosition, type CutDoc } from './timeline-model.ts';

export interface SoundAndSubtitleForms {
  narration: HTMLElement;
  music: HTMLElement;
  subtitles: HTMLElement;
  subtitleSummary: HTMLElement;
  draw(): void;
  drawWarnings(): void;
  addNarration(): void;
  addMusic(): void;
  addSubtitle(): void;
}

export function createSoundAndSubtitleForms({ context, nextId }: { context: FieldContext; nextId: (prefix: string) => string }): SoundAndSubtitleForms {
  const { store } = context;
  const narration = h('div', { id: 'narration' });
  const music = h('div', { id: 'music' });
  const subtitles = h('div', { id: 'subtitles' });
  const subtitleSummary = h('div', { id: 'subtitle-summary' });
  const byId =
    (list: (cut: CutDoc) => { id: string }[], id: string): Locate =>
    (cut) =>
      list(cut).find((item) => item.id === id) as unknown as Record<string, unknown> | undefined;
  const remove = (list: (cut: CutDoc) => { id: string }[], id: string) =>
    store.edit({
      origin: 'lists',
      change: (cut) =>
        void list(cut).splice(
          list(cut).findIndex((item) => item.id === id),
          1,
        ),
    });
  const removeButton = (onclick: () => void) =>
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', title: t('cut.remove'), onclick }, '✕'));

  const drawSound = () => {
    const cut = store.cut();
    const narrationOf = (c: CutDoc) => c.narration;
    const musicOf = (c: CutDoc) => c.music;
    replace(
      narration,
      cut.narration.map((item, index) => {
        const locate = byId(narrationOf, item.id);
        const record = item as unknown as Record<string, unknown>;
        return h(
          'div',
          { class: 'shot', dataset: { narrationId: item.id } },
          h('div', { class: 'num' }, String(index + 1)),
          h(
            'div',
            { class: 'fields' },
            h('label', { class: 'wide' }, t('cut.asset'), assetSelect({ context, locate, item: record, kinds: ['voiceover'] })),
            textField({ context, locate, item: record, field: 'at', caption: t('cut.at'), attrs: { class: 'mono' } }),
            textField({ context, locate, item: record, field: 'gainDb', caption: t('cut.gain'), attrs: { type: 'number', step: 0.5 } }),
          ),
          removeButton(() => remove(narrationOf, item.id)),
        );
      }),
    );
    replace(
      music,
      cut.music.map((item, index) => {
        const locate = byId(musicOf, item.id);
        const record = item as unknown as Record<string, unknown>;
        return h(
          'div',
          { class: 'shot', dataset: { musicId: item.id } },
          h('div', { class: 'num' }, String(index + 1)),
          h(
            'div',
            { class: 'fields' },
            h('label', { class: 'wide' }, t('cut.asset'), assetSelect({ context, locate, item: record, kinds: ['music'] })),
            textField({ context, locate, item: record, field: 'from', caption: t('cut.from'), attrs: { class: 'mono' } }),
            textField({ context, locate, item: record, field: 'to', caption: t('cut.to'), attrs: { class: 'mono' } }),
            textField({ context, locate, item: record, field: 'gainDb', caption: t('cut.gain'), attrs: { type: 'number', step: 0.5 } }),
          ),
          removeButton(() => remove(musicOf, item.id)),
        );
      }),
    );
  };

  const drawWarnings = () => {
    const cues = store.cut().subtitles.map((cue, index) => ({
      index: index + 1,
      startMs: Math.round(((programmePosition({ value: cue.start }) ?? 0) * 1000) / FPS),
      endMs: Math.round(((programmePosition({ value: cue.end }) ?? 0) * 1000) / FPS),
      lines: cue.text.normalize('NFC').split('\n'),
    }));
    const violations = checkSubtitleRules({ cues });
    const byCue = new Map<number, SubtitleViolation[]>();
    for (const violation of violations) byCue.set(violation.cue, [...(byCue.get(violation.cue) ?? []), violation]);
    for (const element of subtitles.querySelectorAll<HTMLElement>('.cue')) {
      const rules = element.querySelector('.rules') as HTMLElement;
      replace(
        rules,
        (byCue.get(Number(element.dataset.index)) ?? []).map((violation) =>
          h('div', { class: 'rule-warning', dataset: { rule: violation.rule } }, `⚠ ${localMessage(violation)}`),
        ),
      );
    }
    replace(
      subtitleSummary,
      violations.length === 0
        ? h('div', { class: 'notice ok small' }, t('cut.subRulesOk'))
        : h('div', { class: 'notice warn small' }, `⚠ ${violations.length}`),
    );
  };

  const drawSubtitles = () => {
    const subtitlesOf = (c: CutDoc) => c.subtitles;
    replace(
      subtitles,
      store.cut().subtitles.map((cue, index) => {
        const locate = byId(subtitlesOf, cue.id);
        // Typing in a cue keeps an empty text (the rules say what is missing) and makes one undo step per field.
        const live = (field: string, value: string) =>
          store.edit({
            origin: 'subtitles',
            mergeKey: `${cue.id}.${field}`,
            change: (cut) => {
              const item = locate(cut);
              if (item) item[field] = value;
            },
          });
        const timeInput = (field: 'start' | 'end') =>
          h('input', {
            name: field,
            class: 'mono',
            value: typeof cue[field] === 'number' ? displayTimecode({ frames: cue[field] }) : String(cue[field]),
            oninput: (event: Event) => live(field, (event.target as HTMLInputElement).value.trim()),
          });
        return h(
          'div',
          { class: 'cue', dataset: { index: String(index + 1), cueId: cue.id } },
          h('label', { class: 'flat' }, t('cut.subStart'), timeInput('start')),
          h('label', { class: 'flat' }, t('cut.subEnd'), timeInput('end')),
          h(
            'label',
            { class: 'flat' },
            t('cut.subText'),
            h(
              'textarea',
              { name: 'text', rows: 2, oninput: (event: Event) => live('text', (event.target as HTMLTextAreaElement).value.normalize('NFC')) },
              cue.text,
            ),
          ),
          h('button', { type: 'button', class: 'secondary small', title: t('cut.remove'), onclick: () => remove(subtitlesOf, cue.id) }, '✕'),
          h('div', { class: 'rules' }),
        );
      }),
    );
    drawWarnings();
  };

  return {
    narration,
    music,
    subtitles,
    subtitleSummary,
    draw() {
      drawSound();
      drawSubtitles();
    },
    drawWarnings,
    addNarration: () =>
      store.edit({
        origin: 'lists',
        change: (cut) =>
          void cut.narration.push({
            id: nextId('vo'),
            assetId: context.assets.find((asset) => asset.kind === 'voiceover')?.id ?? '',
            at: displayTimecode({ frames: store.playhead() }),
            gainDb: 0,
          }),
      }),
    addMusic: () =>
      store.edit({
        origin: 'lists',
        change: (cut) =>
          void cut.music.push({
            id: nextId('m'),
            assetId: context.assets.find((asset) => asset.kind === 'music')?.id ?? '',
            from: '00:00:00:00',
            to: displayTimecode({ frames: store.layout().totalFrames }),
            gainDb: -16,
          }),
      }),
    addSubtitle: () =>
      store.edit({
        origin: 'lists',
        change: (cut) => {
          const last = cut.subtitles.at(-1);
          const start = last ? (programmePosition({ value: last.end }) ?? 0) + 2 : 0;
          cut.subtitles.push({ id: nextId('c'), start: displayTimecode({ frames: start }), end: displayTimecode({ frames: start + 3 * FPS }), text: '' });
        },
      }),
  };
}

/**
 * The review page's part for a version from file (a partner studio's finished programme): what
 * each profile changes about the file, and the ranges whose pictures or sound differ from the
 * previous version, marked like changed shots (click: the player goes there).
 */
import { displayTimecode } from '../../../domain/timecode.ts';
import { api, errorText } from '../api.ts';
import { boot, t } from '../boot.ts';
import { h } from '../dom.ts';

export interface VersionOriginView {
  type: 'file';
  assetId: string;
  warnings: { code: string; message: string; messageVi: string }[];
}

export interface ChangedRangeView {
  startFrame: number;
  endFrame: number;
}

/** The notice and rows of a version from file, or null for a version cut here. */
export function changedRangesList({
  origin,
  hasPrevious,
  ranges,
  seekFrame,
  renderForReview,
}: {
  origin: VersionOriginView | undefined;
  /** Set when the version has no review render yet and the viewer may start one: the version's API path. */
  renderForReview?: string | undefined;
  hasPrevious: boolean;
  ranges: ChangedRangeView[] | null | undefined;
  seekFrame: (frame: number) => void;
}): HTMLElement | null {
  if (origin === undefined) return null;
  const notice = !hasPrevious
    ? null
    : ranges == null
      ? h('div', { class: 'notice info small' }, t('review.rangesUnknown'))
      : ranges.length === 0
        ? h('div', { class: 'notice info small' }, t('review.noChangedRanges'))
        : h('div', { class: 'notice warn small' }, t('review.changedRanges', { count: String(ranges.length) }));
  const message = h('div', { class: 'small' });
  const start = async () => {
    try {
      await api('POST', `${renderForReview}/renders`, { profile: 'review' });
      location.reload();
    } catch (error) {
      message.replaceChildren(h('div', { class: 'notice error' }, errorText(error)));
    }
  };
  return h(
    'div',
    { id: 'changed-ranges' },
    h('div', { class: 'notice info small' }, t('review.fromFile')),
    // A version from file arrives without a review render: the editor starts it (and so sends the version to review).
    renderForReview
      ? h('div', { class: 'row' }, h('button', { type: 'button', id: 'render-for-review', onclick: () => void start() }, t('review.renderFromFile')), message)
      : null,
    origin.warnings.map((warning) =>
      h('div', { class: 'notice warn small', dataset: { warning: warning.code } }, boot.lang === 'en' ? warning.message : warning.messageVi),
    ),
    notice,
    (ranges ?? []).map((range, index) =>
      h(
        'div',
        {
          class: 'shot changed',
          style: 'grid-template-columns:36px 1fr;cursor:pointer',
          dataset: { startFrame: String(range.startFrame), endFrame: String(range.endFrame) },
          onclick: () => seekFrame(range.startFrame),
        },
        h('div', { class: 'num' }, String(index + 1)),
        h(
          'div',
          null,
          h('span', { class: 'mono' }, `${displayTimecode({ frames: range.startFrame })} → ${displayTimecode({ frames: range.endFrame })}`),
          ` · ${t('review.changedRange')} · ${displayTimecode({ frames: range.endFrame - range.startFrame })}`,
          h('span', { class: 'badge warn', style: 'margin-left:6px' }, '≠'),
        ),
      ),
    ),
  );
}

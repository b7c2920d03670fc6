/// <reference lib="dom" />
/**
 * Saving the draft (with the revision it was loaded at: someone else's save answers 409), the
 * problems the server found, rendering the review version with live progress, and the cut's
 * versions.
 */
import { api, ApiError, errorText, localMessage, projectPath } from '../../api.ts';
import { boot, t, tDynamic } from '../../boot.ts';
import { formatDateTime, h, replace } from '../../dom.ts';
import { followRender, renderPercent, type RenderView } from '../../render-progress.ts';
import type { CutProblem } from './shot-panel.ts';
import type { CutDoc } from './timeline-model.ts';

/** GET and PUT of a cut's draft (shared/web/API.md). */
export interface DraftResponse {
  draft: { cutId: string; cut: CutDoc; revision: number; updatedAt: string; updatedBy?: unknown };
  problems: CutProblem[];
  timing: { durationFrames: number; minFrames: number; maxFrames: number } | null;
  /** The length the cut's kind must have (news 1–3 minutes, a reportage the project's 12–15 …). */
  limits: { kind: string; minFrames: number; maxFrames: number };
}

interface VersionView {
  id: string;
  number: number;
  cutId: string;
  durationFrames: number;
  duration: string;
  lengthOk: boolean;
  createdAt: string;
}

export interface SaveAndRender {
  status: HTMLElement;
  problemList: HTMLElement;
  progress: HTMLElement;
  versions: HTMLElement;
  saveButton: HTMLButtonElement;
  renderButton: HTMLButtonElement;
  problems(): readonly CutProblem[];
  save(): Promise<boolean>;
  drawVersions(): Promise<void>;
  drawProblems(): void;
}

export function createSaveAndRender({
  projectId,
  cutId,
  loaded,
  currentCut,
  onProblems,
}: {
  projectId: string;
  cutId: string;
  loaded: DraftResponse;
  currentCut: () => CutDoc;
  onProblems: () => void;
}): SaveAndRender {
  const cutPath = projectPath(projectId, `/cuts/${encodeURIComponent(cutId)}`);
  let revision = loaded.draft.revision;
  let problems = loaded.problems;
  const status = h('div', { id: 'cut-status', role: 'status' });
  const problemList = h('div', { id: 'cut-problems' });
  const progress = h('div', { id: 'render-progress' });
  const versions = h('div', { id: 'versions' });
  const setStatus = (kind: 'ok' | 'error' | 'info' | 'warn', text: string) => replace(status, h('div', { class: `notice ${kind}` }, text));

  const drawProblems = () =>
    replace(
      problemList,
      problems.length === 0
        ? null
        : h(
            'div',
            { class: 'notice error' },
            h('b', null, t('cut.problems')),
            h(
              'ul',
              null,
              problems.map((problem) => h('li', { dataset: { itemId: problem.itemId } }, localMessage(problem))),
            ),
          ),
    );

  const save = async (): Promise<boolean> => {
    try {
      const result = await api<DraftResponse>('PUT', cutPath, { cut: cleanCut(currentCut()), expectedRevision: revision });
      revision = result.draft.revision;
      problems = result.problems;
      setStatus('ok', t('cut.saved', { revision }));
      drawProblems();
      onProblems();
      return true;
    } catch (error) {
      setStatus('error', error instanceof ApiError && error.code === 'CONFLICT' ? t('cut.conflict') : errorText(error));
      return false;
    }
  };

  const drawVersions = async () => {
    try {
      const { versions: list } = await api<{ versions: VersionView[] }>('GET', projectPath(projectId, `/versions?cutId=${encodeURIComponent(cutId)}`));
      replace(
        versions,
        list.length === 0
          ? h('p', { class: 'muted small' }, t('common.none'))
          : h(
              'table',
              null,
              h(
                'tbody',
                null,
                list.map((version) =>
                  h(
                    'tr',
                    null,
                    h('td', null, h('a', { href: `/review/${version.id}` }, `v${version.number}`)),
                    h('td', { class: 'mono' }, version.duration),
                    h('td', null, h('span', { class: `badge ${version.lengthOk ? 'ok' : 'warn'}` }, version.lengthOk ? '12–15′ ✓' : '12–15′ ✗')),
                    h('td', { class: 'small muted' }, formatDateTime({ iso: version.createdAt, lang: boot.lang })),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      replace(versions, h('div', { class: 'notice error small' }, errorText(error)));
    }
  };

  const drawRender = (render: RenderView) => {
    const phase = tDynamic(`cut.phase.${render.progress.phase}`, render.progress.phase);
    const segments = render.progress.segmentsTotal > 0 ? ` · ${render.progress.segmentsDone}/${render.progress.segmentsTotal}` : '';
    const bar = h('div');
    bar.style.width = `${renderPercent(render)}%`;
    replace(
      progress,
      h(
        'div',
        { class: 'card', dataset: { renderStatus: render.status, versionId: render.versionId } },
        h('div', { class: 'row spread' }, h('b', null, `v${render.versionNumber}`), h('span', { class: `badge ${render.status}` }, `${phase}${segments}`)),
        h('div', { class: 'progress' }, bar),
        render.status === 'done'
          ? h(
              'div',
              { class: `notice ${render.qc?.status === 'fail' ? 'error' : 'ok'}` },
              t('cut.renderDone', { number: render.versionNumber, qc: tDynamic(`qc.${render.qc?.status ?? 'missing'}`, '—') }),
              ' ',
              h('a', { href: `/review/${render.versionId}`, id: 'open-review' }, t('cut.sendToReview')),
            )
          : null,
        render.status === 'failed' && render.error
          ? h('div', { class: 'notice error' }, t('cut.renderFailed', { number: render.versionNumber, message: localMessage(render.error) }))
          : null,
      ),
    );
  };

  const saveButton = h('button', { type: 'button', id: 'save', onclick: () => void save() }, t('cut.save'));
  const renderButton = h('button', { type: 'button', id: 'render', class: 'ok' }, t('cut.render'));
  renderButton.addEventListener('click', async () => {
    renderButton.disabled = true;
    try {
      if (!(await save())) return;
      const { version, render } = await api<{ version: VersionView; render: RenderView }>('POST', `${cutPath}/render`, { profile: 'review' });
      setStatus('info', t('cut.rendering', { number: version.number }));
      drawRender(render);
      void drawVersions();
      drawRender(await followRender({ projectId, renderId: render.id, onUpdate: drawRender }));
      replace(status);
      void drawVersions();
    } catch (error) {
      const listed = error instanceof ApiError ? (error.body as { error?: { problems?: unknown } } | null)?.error?.problems : undefined;
      if (Array.isArray(listed)) {
        problems = listed as CutProblem[];
        drawProblems();
        onProblems();
      }
      setStatus('error', errorText(error));
    } finally {
      renderButton.disabled = false;
    }
  });

  return { status, problemList, progress, versions, saveButton, renderButton, problems: () => problems, save, drawVersions, drawProblems };
}

/** Fills the lists a draft may lack, so the editor can push into them. */
export function normaliseCut(cut: CutDoc): CutDoc {
  return {
    ...cut,
    shots: (cut.shots ?? []).map((shot) => ({ transitionIn: { type: 'cut' }, ...shot })),
    narration: cut.narration ?? [],
    music: cut.music ?? [],
    subtitles: cut.subtitles ?? [],
  };
}

/** The cut to send: empty optional fields left out (the schema refuses unknown or empty ones). */
export function cleanCut(cut: CutDoc): CutDoc {
  return JSON.parse(JSON.stringify(cut, (_key, value: unknown) => (value === '' ? undefined : value))) as CutDoc;
}

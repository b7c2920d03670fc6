/// <reference lib="dom" />
import type { Shot } from '../../../domain/cut/index.ts';
import { shotFrames } from '../../../domain/cut/cut-timing.ts';
import { checkSubtitleRules, type SubtitleViolation } from '../../../subtitles/check-subtitle-rules.ts';
import { api, ApiError, errorText, localMessage, projectPath } from '../api.ts';
import type { AssetView } from '../asset-view.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace, select } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { loadProject } from '../project.ts';
import { followRender, renderPercent, type RenderView } from '../render-progress.ts';
import { FPS } from '../../../domain/frame-rate.ts';
import { displayTimecode, frameAtSeconds, readTimecodeInput } from '../../../domain/timecode.ts';

/** The cut as the editor holds it: the JSON document of shared/domain/cut.ts. */
interface CutDoc {
  schemaVersion: 1;
  projectId: string;
  id: string;
  title: string;
  kind: string;
  shots: ShotDoc[];
  narration: { id: string; assetId: string; at: string | number; in?: unknown; out?: unknown; gainDb?: number }[];
  music: { id: string; assetId: string; from: string | number; to: string | number; gainDb?: number; in?: unknown; fadeInFrames?: number; fadeOutFrames?: number }[];
  subtitles: { id: string; start: string | number; end: string | number; text: string }[];
  [more: string]: unknown;
}
type ShotDoc = Record<string, unknown> & { id: string; type: 'clip' | 'photo' | 'title' };

interface DraftResponse {
  draft: { cutId: string; cut: CutDoc; revision: number; updatedAt: string; updatedBy?: unknown };
  problems: { itemId: string; field: string; code: string; message: string; messageVi: string }[];
  timing: { durationFrames: number; minFrames: number; maxFrames: number } | null;
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

const MOTIONS = ['none', 'zoom-in', 'zoom-out', 'pan-left', 'pan-right'];
const TRANSITIONS = ['cut', 'dissolve', 'fade-from-black'];
const LOWER_THIRDS = ['auto', 'always', 'never'];

/**
 * Cut editor (editor): shots in order (clips with in/out set from the source viewer, photos,
 * title cards with lower thirds on interviews), narration, music, the subtitle editor with live
 * rule warnings (SPECS.md), the running total against the target length; save makes a draft,
 * render freezes a version and renders its review copy, with live progress.
 */
export async function showCutEditorPage({ root, projectId, params }: PageContext): Promise<void> {
  const cutId = params.cutId ?? '';
  const cutPath = projectPath(projectId, `/cuts/${encodeURIComponent(cutId)}`);
  const [{ project }, loaded, { assets }] = await Promise.all([
    loadProject(projectId),
    api<DraftResponse>('GET', cutPath),
    api<{ assets: AssetView[] }>('GET', projectPath(projectId, '/assets?status=ready')),
  ]);
  let cut: CutDoc = normaliseCut(loaded.draft.cut);
  let revision = loaded.draft.revision;
  let problems = loaded.problems;
  let selectedShot: string | null = null;
  /** The shot whose source is in the viewer: selecting it again must not move the playhead. */
  let loadedShot: string | null = null;
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  const assetsOf = (kinds: string[]) => assets.filter((asset) => kinds.includes(asset.kind));

  // Right column: the source viewer and the actions.
  const viewer = h('video', { id: 'source-player', controls: true, preload: 'metadata' });
  const viewerTc = h('span', { class: 'timecode', id: 'source-tc' }, '00:00:00:00');
  viewer.addEventListener('timeupdate', () => (viewerTc.textContent = displayTimecode({ frames: frameAtSeconds({ seconds: viewer.currentTime }) })));
  viewer.addEventListener('seeked', () => (viewerTc.textContent = displayTimecode({ frames: frameAtSeconds({ seconds: viewer.currentTime }) })));
  const viewerHint = h('p', { class: 'small muted' }, t('cut.playerHint'));
  const total = h('div', { class: 'total', id: 'running-total' });
  const status = h('div', { id: 'cut-status', role: 'status' });
  const problemList = h('div', { id: 'cut-problems' });
  const progress = h('div', { id: 'render-progress' });
  const versions = h('div', { id: 'versions' });
  const shotsBox = h('div', { id: 'shots' });
  const narrationBox = h('div', { id: 'narration' });
  const musicBox = h('div', { id: 'music' });
  const subtitlesBox = h('div', { id: 'subtitles' });
  const subtitleSummary = h('div', { id: 'subtitle-summary' });

  const nextId = (prefix: string) => {
    const taken = new Set([...cut.shots.map((s) => s.id), ...cut.narration.map((n) => n.id), ...cut.music.map((m) => m.id), ...cut.subtitles.map((s) => s.id)]);
    let n = 1;
    while (taken.has(`${prefix}${n}`)) n += 1;
    return `${prefix}${n}`;
  };

  const setStatus = (kind: 'ok' | 'error' | 'info' | 'warn', text: string) => replace(status, h('div', { class: `notice ${kind}` }, text));

  // ── Running total ──
  const drawTotal = () => {
    let frames = 0;
    cut.shots.forEach((shot, index) => {
      frames += safeShotFrames(shot);
      const transition = shot.transitionIn as { type?: string; frames?: number } | undefined;
      if (index > 0 && transition?.type === 'dissolve') frames -= transition.frames ?? 0;
    });
    const { minFrames, maxFrames } = project.targetLength;
    const state = frames < minFrames ? 'short' : frames > maxFrames ? 'long' : 'ok';
    const detail = state === 'short' ? t('cut.totalShort', { missing: displayTimecode({ frames: minFrames - frames }) }) : state === 'long' ? t('cut.totalLong', { extra: displayTimecode({ frames: frames - maxFrames }) }) : t('cut.totalOk');
    total.className = `total ${state}`;
    total.dataset.frames = String(frames);
    replace(total, t('cut.total', { total: displayTimecode({ frames }), min: displayTimecode({ frames: minFrames }).slice(3, 8), max: displayTimecode({ frames: maxFrames }).slice(3, 8) }), h('div', { class: 'small' }, detail));
  };

  // ── Shots ──
  const problemsOf = (itemId: string) => problems.filter((problem) => problem.itemId === itemId);
  const assetSelect = (shot: Record<string, unknown>, kinds: string[], onChange: () => void) =>
    select(
      {
        name: 'assetId',
        onchange: (event: Event) => {
          shot.assetId = (event.target as HTMLSelectElement).value;
          onChange();
        },
      },
      [['', tDynamic('cut.pickAsset', '—')], ...assetsOf(kinds).map((asset): [string, string] => [asset.id, `${asset.originalName}${asset.speaker ? ` (${asset.speaker.name})` : ''}`])],
      String(shot.assetId ?? ''),
    );
  const textField = (item: Record<string, unknown>, field: string, caption: string, attrs: Record<string, unknown> = {}, after?: () => void) =>
    h(
      'label',
      null,
      caption,
      h('input', {
        name: field,
        value: item[field] === undefined ? '' : typeof item[field] === 'number' && /duration|at|from|to|start|end/.test(field) ? displayTimecode({ frames: item[field] as number }) : String(item[field]),
        ...attrs,
        onchange: (event: Event) => {
          const value = (event.target as HTMLInputElement).value.normalize('NFC').trim();
          if (value === '') delete item[field];
          else item[field] = attrs.type === 'number' ? Number(value) : value;
          after?.();
          drawTotal();
        },
      }),
    );
  const transitionFields = (shot: ShotDoc, index: number) => {
    const transition = (shot.transitionIn ?? { type: 'cut' }) as { type: string; frames?: number };
    const frames = h('input', {
      name: 'transitionFrames',
      type: 'number',
      min: 1,
      max: 250,
      value: transition.frames ?? 12,
      disabled: transition.type === 'cut',
      onchange: (event: Event) => {
        shot.transitionIn = { type: transition.type, frames: Number((event.target as HTMLInputElement).value) };
        drawTotal();
      },
    });
    const framesLabel = h('label', { class: transition.type === 'cut' ? 'hidden' : undefined }, tDynamic('cut.dissolveFrames', 'frames'), frames);
    return [
      h(
        'label',
        null,
        t('cut.transition'),
        select(
          {
            name: 'transition',
            disabled: index === 0 && false,
            onchange: (event: Event) => {
              const type = (event.target as HTMLSelectElement).value;
              shot.transitionIn = type === 'cut' ? { type } : { type, frames: Number(frames.value) || 12 };
              frames.disabled = type === 'cut';
              framesLabel.classList.toggle('hidden', type === 'cut');
              drawTotal();
            },
          },
          TRANSITIONS.map((type): [string, string] => [type, tDynamic(`cut.transition.${type}`, type)]),
          transition.type,
        ),
      ),
      framesLabel,
    ];
  };
  const setPoint = (shot: ShotDoc, field: 'in' | 'out') => {
    if (selectedShot !== shot.id || !viewer.src) return;
    shot[field] = displayTimecode({ frames: frameAtSeconds({ seconds: viewer.currentTime }) });
    drawShots();
    drawTotal();
  };
  const selectShot = (shot: ShotDoc) => {
    selectedShot = shot.id;
    const asset = byId.get(String(shot.assetId ?? ''));
    const proxy = asset?.derivatives.proxy;
    if (shot.type === 'clip' && proxy && (loadedShot !== shot.id || viewer.getAttribute('src') !== proxy.url)) {
      loadedShot = shot.id;
      if (viewer.getAttribute('src') !== proxy.url) viewer.src = proxy.url;
      const inFrames = sourceFrames(shot.in);
      if (inFrames !== null) viewer.currentTime = (inFrames + 0.5) / FPS;
      viewerHint.textContent = asset.originalName;
    }
    for (const element of shotsBox.querySelectorAll<HTMLElement>('.shot')) element.classList.toggle('selected', element.dataset.shotId === shot.id);
  };
  const move = (index: number, by: number) => {
    const target = index + by;
    if (target < 0 || target >= cut.shots.length) return;
    const [shot] = cut.shots.splice(index, 1);
    if (shot) cut.shots.splice(target, 0, shot);
    drawShots();
    drawTotal();
  };
  const drawShots = () => {
    if (cut.shots.length === 0) {
      replace(shotsBox, h('p', { class: 'muted' }, tDynamic('cut.noShots', '')));
      return;
    }
    replace(
      shotsBox,
      cut.shots.map((shot, index) => {
        const fields: (HTMLElement | HTMLElement[])[] = [];
        if (shot.type === 'clip') {
          const asset = byId.get(String(shot.assetId ?? ''));
          fields.push(
            h('label', { style: 'grid-column: span 2' }, t('cut.asset'), assetSelect(shot, ['footage', 'interview'], () => selectShot(shot))),
            h('div', null, textField(shot, 'in', t('cut.in'), { class: 'mono' }), h('button', { type: 'button', class: 'secondary small', 'data-action': 'set-in', onclick: () => setPoint(shot, 'in') }, t('cut.setIn'))),
            h('div', null, textField(shot, 'out', t('cut.out'), { class: 'mono' }), h('button', { type: 'button', class: 'secondary small', 'data-action': 'set-out', onclick: () => setPoint(shot, 'out') }, t('cut.setOut'))),
          );
          if (asset?.kind === 'interview' || asset?.speaker) {
            fields.push(
              h(
                'label',
                null,
                t('cut.lowerThird'),
                select({ name: 'lowerThird', onchange: (event: Event) => (shot.lowerThird = (event.target as HTMLSelectElement).value) }, LOWER_THIRDS.map((mode): [string, string] => [mode, tDynamic(`cut.lowerThird.${mode}`, mode)]), String(shot.lowerThird ?? 'auto')),
              ),
            );
          }
        } else if (shot.type === 'photo') {
          fields.push(
            h('label', { style: 'grid-column: span 2' }, t('cut.asset'), assetSelect(shot, ['photo'], () => drawTotal())),
            textField(shot, 'duration', t('cut.durationField'), { class: 'mono' }),
            h('label', null, t('cut.motion'), select({ name: 'motion', onchange: (event: Event) => (shot.motion = (event.target as HTMLSelectElement).value) }, MOTIONS.map((motion): [string, string] => [motion, tDynamic(`motion.${motion}`, motion)]), String(shot.motion ?? 'none'))),
          );
        } else {
          fields.push(
            textField(shot, 'text', t('cut.text'), { maxlength: 200 }),
            textField(shot, 'subtitle', t('cut.subtitleLine'), { maxlength: 200 }),
            textField(shot, 'duration', t('cut.durationField'), { class: 'mono' }),
          );
        }
        fields.push(...transitionFields(shot, index));
        const shotProblems = problemsOf(shot.id);
        return h(
          'div',
          { class: `shot${selectedShot === shot.id ? ' selected' : ''}`, dataset: { shotId: shot.id, type: shot.type }, onfocusin: () => selectShot(shot), onclick: () => selectShot(shot) },
          h('div', { class: 'num' }, String(index + 1)),
          h(
            'div',
            { class: 'fields' },
            h('div', { class: 'type' }, tDynamic(`cut.type.${shot.type}`, shot.type), h('span', { class: 'mono', style: 'text-transform:none;font-weight:400' }, ` · ${shot.id} · ${displayTimecode({ frames: safeShotFrames(shot) })}`)),
            ...fields.flat(),
            shotProblems.length > 0 ? h('div', { class: 'notice error small', style: 'grid-column:1/-1;margin:0' }, shotProblems.map((problem) => h('div', null, localMessage(problem)))) : null,
          ),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary small', title: t('cut.moveUp'), onclick: () => move(index, -1) }, '↑'),
            h('button', { type: 'button', class: 'secondary small', title: t('cut.moveDown'), onclick: () => move(index, 1) }, '↓'),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                title: t('cut.remove'),
                onclick: () => {
                  cut.shots.splice(index, 1);
                  drawShots();
                  drawTotal();
                },
              },
              '✕',
            ),
          ),
        );
      }),
    );
  };
  const addShot = (type: ShotDoc['type']) => {
    const id = nextId('s');
    const base = { id, type, transitionIn: { type: 'cut' } };
    const first = (kinds: string[]) => assetsOf(kinds)[0]?.id ?? '';
    const shot: ShotDoc =
      type === 'clip'
        ? { ...base, type, assetId: first(['footage', 'interview']), in: '00:00:00:00', out: '00:00:02:00', lowerThird: 'auto' }
        : type === 'photo'
          ? { ...base, type, assetId: first(['photo']), duration: '00:00:04:00', motion: 'zoom-in' }
          : { ...base, type, text: project.title.slice(0, 80), duration: '00:00:03:00' };
    cut.shots.push(shot);
    selectedShot = id;
    drawShots();
    drawTotal();
    selectShot(shot);
  };

  // ── Narration and music ──
  const drawSound = () => {
    replace(
      narrationBox,
      cut.narration.map((item, index) =>
        h(
          'div',
          { class: 'shot', dataset: { narrationId: item.id } },
          h('div', { class: 'num' }, String(index + 1)),
          h('div', { class: 'fields' }, h('label', { style: 'grid-column: span 2' }, t('cut.asset'), assetSelect(item, ['voiceover'], () => undefined)), textField(item, 'at', t('cut.at'), { class: 'mono' }), textField(item, 'gainDb', t('cut.gain'), { type: 'number', step: 0.5 })),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', onclick: () => (cut.narration.splice(index, 1), drawSound()) }, '✕')),
        ),
      ),
    );
    replace(
      musicBox,
      cut.music.map((item, index) =>
        h(
          'div',
          { class: 'shot', dataset: { musicId: item.id } },
          h('div', { class: 'num' }, String(index + 1)),
          h('div', { class: 'fields' }, h('label', { style: 'grid-column: span 2' }, t('cut.asset'), assetSelect(item, ['music'], () => undefined)), textField(item, 'from', t('cut.from'), { class: 'mono' }), textField(item, 'to', t('cut.to'), { class: 'mono' }), textField(item, 'gainDb', t('cut.gain'), { type: 'number', step: 0.5 })),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary small', onclick: () => (cut.music.splice(index, 1), drawSound()) }, '✕')),
        ),
      ),
    );
  };

  // ── Subtitles with live rule warnings ──
  const drawSubtitleWarnings = () => {
    const cues = cut.subtitles.map((cue, index) => ({
      index: index + 1,
      startMs: Math.round(((programmeFrames(cue.start) ?? 0) * 1000) / FPS),
      endMs: Math.round(((programmeFrames(cue.end) ?? 0) * 1000) / FPS),
      lines: cue.text.normalize('NFC').split('\n'),
    }));
    const violations = checkSubtitleRules({ cues });
    const byCue = new Map<number, SubtitleViolation[]>();
    for (const violation of violations) byCue.set(violation.cue, [...(byCue.get(violation.cue) ?? []), violation]);
    for (const element of subtitlesBox.querySelectorAll<HTMLElement>('.cue')) {
      const index = Number(element.dataset.index);
      const rules = element.querySelector('.rules') as HTMLElement;
      const found = byCue.get(index) ?? [];
      replace(rules, found.map((violation) => h('div', { class: 'rule-warning', dataset: { rule: violation.rule } }, `⚠ ${localMessage(violation)}`)));
    }
    replace(subtitleSummary, violations.length === 0 ? h('div', { class: 'notice ok small' }, t('cut.subRulesOk')) : h('div', { class: 'notice warn small' }, `⚠ ${violations.length}`));
  };
  const drawSubtitles = () => {
    replace(
      subtitlesBox,
      cut.subtitles.map((cue, index) => {
        const timeInput = (field: 'start' | 'end') =>
          h('input', {
            name: field,
            class: 'mono',
            value: typeof cue[field] === 'number' ? displayTimecode({ frames: cue[field] as number }) : String(cue[field]),
            oninput: (event: Event) => {
              cue[field] = (event.target as HTMLInputElement).value.trim();
              drawSubtitleWarnings();
            },
          });
        return h(
          'div',
          { class: 'cue', dataset: { index: String(index + 1), cueId: cue.id } },
          h('label', { style: 'margin:0' }, t('cut.subStart'), timeInput('start')),
          h('label', { style: 'margin:0' }, t('cut.subEnd'), timeInput('end')),
          h(
            'label',
            { style: 'margin:0' },
            t('cut.subText'),
            h(
              'textarea',
              {
                name: 'text',
                rows: 2,
                oninput: (event: Event) => {
                  cue.text = (event.target as HTMLTextAreaElement).value.normalize('NFC');
                  drawSubtitleWarnings();
                },
              },
              cue.text,
            ),
          ),
          h('button', { type: 'button', class: 'secondary small', onclick: () => (cut.subtitles.splice(index, 1), drawSubtitles()) }, '✕'),
          h('div', { class: 'rules' }),
        );
      }),
    );
    drawSubtitleWarnings();
  };
  const addSubtitle = () => {
    const last = cut.subtitles.at(-1);
    const start = last ? (programmeFrames(last.end) ?? 0) + 2 : 0;
    cut.subtitles.push({ id: nextId('c'), start: displayTimecode({ frames: start }), end: displayTimecode({ frames: start + 3 * FPS }), text: '' });
    drawSubtitles();
  };

  // ── Save, render, versions ──
  const drawProblems = () =>
    replace(problemList, problems.length === 0 ? null : h('div', { class: 'notice error' }, h('b', null, t('cut.problems')), h('ul', null, problems.map((problem) => h('li', null, localMessage(problem))))));
  const save = async (): Promise<boolean> => {
    try {
      const result = await api<DraftResponse>('PUT', cutPath, { cut: cleanCut(cut), expectedRevision: revision });
      revision = result.draft.revision;
      problems = result.problems;
      setStatus('ok', t('cut.saved', { revision }));
      drawProblems();
      drawShots();
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
          : h('table', null, h('tbody', null, list.map((version) => h('tr', null, h('td', null, h('a', { href: `/review/${version.id}` }, `v${version.number}`)), h('td', { class: 'mono' }, version.duration), h('td', null, h('span', { class: `badge ${version.lengthOk ? 'ok' : 'warn'}` }, version.lengthOk ? '12–15′ ✓' : '12–15′ ✗')), h('td', { class: 'small muted' }, formatDateTime({ iso: version.createdAt, lang: boot.lang })))))),
      );
    } catch (error) {
      replace(versions, h('div', { class: 'notice error small' }, errorText(error)));
    }
  };
  const drawRender = (render: RenderView) => {
    const percent = renderPercent(render);
    const phase = tDynamic(`cut.phase.${render.progress.phase}`, render.progress.phase);
    const segments = render.progress.segmentsTotal > 0 ? ` · ${render.progress.segmentsDone}/${render.progress.segmentsTotal}` : '';
    replace(
      progress,
      h(
        'div',
        { class: 'card', dataset: { renderStatus: render.status, versionId: render.versionId } },
        h('div', { class: 'row spread' }, h('b', null, `v${render.versionNumber}`), h('span', { class: `badge ${render.status}` }, `${phase}${segments}`)),
        h('div', { class: 'progress', style: 'margin:8px 0' }, h('div', { style: `width:${percent}%` })),
        render.status === 'done' ? h('div', { class: `notice ${render.qc?.status === 'fail' ? 'error' : 'ok'}` }, t('cut.renderDone', { number: render.versionNumber, qc: tDynamic(`qc.${render.qc?.status ?? 'missing'}`, '—') }), ' ', h('a', { href: `/review/${render.versionId}`, id: 'open-review' }, t('cut.sendToReview'))) : null,
        render.status === 'failed' && render.error ? h('div', { class: 'notice error' }, t('cut.renderFailed', { number: render.versionNumber, message: localMessage(render.error) })) : null,
      ),
    );
  };
  const renderButton = h('button', { type: 'button', id: 'render', class: 'ok' }, t('cut.render'));
  renderButton.addEventListener('click', async () => {
    renderButton.disabled = true;
    try {
      if (!(await save())) return;
      const { version, render } = await api<{ version: VersionView; render: RenderView }>('POST', `${cutPath}/render`, { profile: 'review' });
      setStatus('info', t('cut.rendering', { number: version.number }));
      drawRender(render);
      void drawVersions();
      const final = await followRender({ projectId, renderId: render.id, onUpdate: drawRender });
      drawRender(final);
      replace(status);
      void drawVersions();
    } catch (error) {
      if (error instanceof ApiError && Array.isArray((error.body as { error?: { problems?: unknown } })?.error?.problems)) {
        problems = (error.body as { error: { problems: DraftResponse['problems'] } }).error.problems;
        drawProblems();
        drawShots();
      }
      setStatus('error', errorText(error));
    } finally {
      renderButton.disabled = false;
    }
  });

  replace(
    root,
    h('div', { class: 'row spread' }, h('h1', null, t('cut.title', { title: cut.title })), h('span', { class: 'mono muted' }, cut.id)),
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        null,
        h(
          'section',
          { class: 'card' },
          h('div', { class: 'row spread' }, h('h2', { style: 'margin:0' }, t('cut.shots')), h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary small', id: 'add-clip', onclick: () => addShot('clip') }, `+ ${t('cut.addClip')}`), h('button', { type: 'button', class: 'secondary small', id: 'add-photo', onclick: () => addShot('photo') }, `+ ${t('cut.addPhoto')}`), h('button', { type: 'button', class: 'secondary small', id: 'add-title', onclick: () => addShot('title') }, `+ ${t('cut.addTitle')}`))),
          h('div', { style: 'margin-top:10px' }, shotsBox),
        ),
        h(
          'section',
          { class: 'card' },
          h('div', { class: 'row spread' }, h('h2', { style: 'margin:0' }, t('cut.narration')), h('button', { type: 'button', class: 'secondary small', onclick: () => (cut.narration.push({ id: nextId('vo'), assetId: assetsOf(['voiceover'])[0]?.id ?? '', at: '00:00:00:00', gainDb: 0 }), drawSound()) }, `+ ${t('cut.addNarration')}`)),
          narrationBox,
          h('div', { class: 'row spread', style: 'margin-top:12px' }, h('h2', { style: 'margin:0' }, t('cut.music')), h('button', { type: 'button', class: 'secondary small', onclick: () => (cut.music.push({ id: nextId('m'), assetId: assetsOf(['music'])[0]?.id ?? '', from: '00:00:00:00', to: displayTimecode({ frames: Number(total.dataset.frames ?? 0) }), gainDb: -16 }), drawSound()) }, `+ ${t('cut.addMusic')}`)),
          musicBox,
        ),
        h('section', { class: 'card' }, h('div', { class: 'row spread' }, h('h2', { style: 'margin:0' }, t('cut.subtitles')), h('button', { type: 'button', class: 'secondary small', id: 'add-subtitle', onclick: addSubtitle }, `+ ${t('cut.addSubtitle')}`)), subtitleSummary, subtitlesBox),
      ),
      h(
        'aside',
        null,
        h('div', { style: 'position:sticky;top:12px' }, h('section', { class: 'card' }, h('h3', null, t('cut.player')), viewer, h('div', { class: 'row spread', style: 'margin-top:8px' }, viewerTc), viewerHint), total, h('div', { class: 'row', style: 'margin:12px 0' }, h('button', { type: 'button', id: 'save', onclick: () => void save() }, t('cut.save')), renderButton), status, problemList, progress, h('section', { class: 'card' }, h('h3', null, t('cut.versions')), versions)),
      ),
    ),
  );
  drawShots();
  drawSound();
  drawSubtitles();
  drawTotal();
  drawProblems();
  void drawVersions();
}

/** Fills the lists a draft may lack, so the editor can push into them. */
function normaliseCut(cut: CutDoc): CutDoc {
  return { ...cut, shots: (cut.shots ?? []).map((shot) => ({ transitionIn: { type: 'cut' }, ...shot })), narration: cut.narration ?? [], music: cut.music ?? [], subtitles: cut.subtitles ?? [] };
}

/** The cut to send: empty optional fields left out (the schema refuses unknown or empty ones). */
function cleanCut(cut: CutDoc): CutDoc {
  return JSON.parse(JSON.stringify(cut, (_key, value: unknown) => (value === '' ? undefined : value))) as CutDoc;
}

/** A shot's length in frames, or 0 while a field is not a valid time yet. */
function safeShotFrames(shot: ShotDoc): number {
  try {
    return Math.max(0, shotFrames({ shot: { transitionIn: { type: 'cut' }, ...shot } as unknown as Shot }));
  } catch {
    return 0;
  }
}

/** A programme position written as timecode or frames. */
function programmeFrames(value: string | number): number | null {
  return typeof value === 'number' ? value : readTimecodeInput({ text: value });
}

/** A source point as frames at 25 fps (timecode, seconds or HH:MM:SS.mmm), for seeking. */
function sourceFrames(value: unknown): number | null {
  if (typeof value === 'number') return Math.round(value * FPS);
  if (typeof value !== 'string') return null;
  const tc = readTimecodeInput({ text: value });
  if (tc !== null) return tc;
  const seconds = Number(value.replace(',', '.'));
  return Number.isFinite(seconds) ? Math.round(seconds * FPS) : null;
}

/// <reference lib="dom" />
/**
 * Cut editor (editor): the programme player and the selected shot's details side by side, the
 * timeline under them (picture track with thumbnails, narration, music and subtitle lanes,
 * playhead, zoom; drag to reorder and trim), then narration, music and the subtitle editor with
 * live rule warnings. Every change goes through the store (undo/redo); save makes a draft, render
 * freezes a version and renders its review copy, with live progress.
 *
 * The modules: editor-store (state, history), timeline-model (pure arithmetic), timeline-view,
 * programme-player, shot-panel, sound-and-subtitle-forms, save-and-render, keyboard-map.
 */
import { FPS } from '../../../../domain/frame-rate.ts';
import { displayTimecode } from '../../../../domain/timecode.ts';
import { api, projectPath } from '../../api.ts';
import type { AssetView } from '../../asset-view.ts';
import { t } from '../../boot.ts';
import { h, oncePerFrame, replace } from '../../dom.ts';
import type { PageContext } from '../../page-context.ts';
import { loadProject } from '../../project.ts';
import { createEditorStore } from './editor-store.ts';
import { actionOfKey, boundaryFrom, nextShuttleRate, type EditorAction } from './keyboard-map.ts';
import { createProgrammePlayer } from './programme-player.ts';
import { createSaveAndRender, normaliseCut, type DraftResponse } from './save-and-render.ts';
import { createShotPanel } from './shot-panel.ts';
import { createSoundAndSubtitleForms } from './sound-and-subtitle-forms.ts';
import { fitZoom, moveShot, stepZoom, trimToPlayhead, type ShotDoc } from './timeline-model.ts';
import { createTimelineView } from './timeline-view.ts';

export async function showCutEditorPage({ root, projectId, params }: PageContext): Promise<void> {
  const cutId = params.cutId ?? '';
  const [{ project }, loaded, { assets }] = await Promise.all([
    loadProject(projectId),
    api<DraftResponse>('GET', projectPath(projectId, `/cuts/${encodeURIComponent(cutId)}`)),
    api<{ assets: AssetView[] }>('GET', projectPath(projectId, '/assets?status=ready')),
  ]);
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  const store = createEditorStore({ cut: normaliseCut(loaded.draft.cut), pxPerFrame: 1 });
  const nextId = (prefix: string) => {
    const cut = store.cut();
    const taken = new Set([...cut.shots, ...cut.narration, ...cut.music, ...cut.subtitles].map((item) => item.id));
    let n = 1;
    while (taken.has(`${prefix}${n}`)) n += 1;
    return `${prefix}${n}`;
  };

  const saving = createSaveAndRender({
    projectId,
    cutId,
    loaded,
    currentCut: () => store.cut(),
    onProblems: () => {
      panel.draw();
      timeline.schedule();
    },
  });
  const problemShots = () => new Set(saving.problems().map((problem) => problem.itemId));
  const context = { store, origin: 'panel', assets };
  const panel = createShotPanel({ context, byId, problems: saving.problems });
  const lists = createSoundAndSubtitleForms({ context: { ...context, origin: 'lists' }, nextId });
  const showItemForm = ({ lane, id }: { lane: 'narration' | 'music' | 'subtitle'; id: string }) => {
    const form =
      lane === 'subtitle'
        ? lists.subtitles.querySelector(`[data-cue-id="${CSS.escape(id)}"]`)
        : (lane === 'narration' ? lists.narration : lists.music).querySelector(`[data-${lane}-id="${CSS.escape(id)}"]`);
    form?.scrollIntoView({ block: 'center' });
    form?.querySelector<HTMLElement>('input, textarea, select')?.focus({ preventScroll: true });
  };
  const timeline = createTimelineView({ store, assets: byId, problemShots, onItem: showItemForm, onGestureEnd: () => drawSideLater({}) });
  const playheadTc = h('span', { class: 'timecode', id: 'playhead-tc' }, '00:00:00:00');
  const player = createProgrammePlayer({ store, assets: byId, onTick: () => timeline.follow() });
  const total = h('div', { class: 'total', id: 'running-total' });
  const undoButton = h(
    'button',
    { type: 'button', class: 'secondary small', id: 'undo', title: 'Ctrl+Z', onclick: () => run({ type: 'undo' }) },
    `↶ ${t('cut.undo')}`,
  );
  const redoButton = h(
    'button',
    { type: 'button', class: 'secondary small', id: 'redo', title: 'Ctrl+Shift+Z', onclick: () => run({ type: 'redo' }) },
    `↷ ${t('cut.redo')}`,
  );
  const playButton = h('button', { type: 'button', class: 'secondary small', id: 'play', title: 'Space', onclick: () => run({ type: 'toggle-play' }) }, '▶');
  const snapButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary small toggle',
      id: 'snap',
      'aria-pressed': 'true',
      title: `${t('cut.snapHint')} (S)`,
      onclick: () => run({ type: 'toggle-snap' }),
    },
    t('cut.snap'),
  );

  const drawTotal = () => {
    const frames = store.layout().totalFrames;
    const { minFrames, maxFrames } = loaded.limits;
    const state = frames < minFrames ? 'short' : frames > maxFrames ? 'long' : 'ok';
    const detail =
      state === 'short'
        ? t('cut.totalShort', { missing: displayTimecode({ frames: minFrames - frames }) })
        : state === 'long'
          ? t('cut.totalLong', { extra: displayTimecode({ frames: frames - maxFrames }) })
          : t('cut.totalOk');
    total.className = `total ${state}`;
    total.dataset.frames = String(frames);
    replace(
      total,
      t('cut.total', {
        total: displayTimecode({ frames }),
        min: displayTimecode({ frames: minFrames }).slice(3, 8),
        max: displayTimecode({ frames: maxFrames }).slice(3, 8),
      }),
      h('div', { class: 'small' }, detail),
    );
  };

  const addShot = (type: ShotDoc['type']) => {
    const id = nextId('s');
    const first = (kinds: string[]) => assets.find((asset) => kinds.includes(asset.kind))?.id ?? '';
    const shot: ShotDoc =
      type === 'clip'
        ? { id, type, assetId: first(['footage', 'interview']), in: '00:00:00:00', out: '00:00:02:00', lowerThird: 'auto', transitionIn: { type: 'cut' } }
        : type === 'photo'
          ? { id, type, assetId: first(['photo']), duration: '00:00:04:00', motion: 'zoom-in', transitionIn: { type: 'cut' } }
          : { id, type, text: project.title.slice(0, 80), duration: '00:00:03:00', transitionIn: { type: 'cut' } };
    store.edit({ origin: 'add', change: (cut) => void cut.shots.push(shot) });
    store.select(id);
  };

  const seek = (frame: number) => {
    store.setPlayhead(frame);
    timeline.follow();
  };

  /** Runs a keyboard or toolbar action. */
  const run = (action: EditorAction) => {
    const cut = store.cut();
    const selectedIndex = cut.shots.findIndex((shot) => shot.id === store.selected());
    switch (action.type) {
      case 'shuttle':
        player.play(nextShuttleRate({ rate: player.rate(), direction: action.direction }));
        break;
      case 'stop':
        player.pause();
        break;
      case 'toggle-play':
        if (player.rate() === 0) player.play(1);
        else player.pause();
        break;
      case 'step':
        player.pause();
        seek(store.playhead() + action.frames);
        break;
      case 'boundary': {
        const { spans, totalFrames } = store.layout();
        seek(boundaryFrom({ starts: spans.map((span) => span.start), totalFrames, frame: store.playhead(), direction: action.direction }));
        break;
      }
      case 'mark': {
        const trimmed = trimToPlayhead({ shots: cut.shots, spans: store.layout().spans, frame: store.playhead(), point: action.point });
        if (!trimmed) break;
        const start = store.layout().spans[trimmed.index]?.start ?? 0;
        store.edit({
          origin: 'keys',
          change: (next) => {
            next.shots[trimmed.index] = trimmed.shot;
          },
        });
        store.select(trimmed.shot.id);
        // After cutting the head, the playhead sits on the shot's new first frame.
        if (action.point === 'in') store.setPlayhead(start);
        break;
      }
      case 'move-shot':
        if (selectedIndex < 0) break;
        store.edit({
          origin: 'keys',
          change: (next) => ({ ...next, shots: moveShot({ shots: next.shots, from: selectedIndex, to: selectedIndex + action.by }) }),
        });
        break;
      case 'delete-shot':
        if (selectedIndex < 0) break;
        store.edit({ origin: 'keys', change: (next) => void next.shots.splice(selectedIndex, 1) });
        store.select(store.cut().shots[Math.min(selectedIndex, store.cut().shots.length - 1)]?.id ?? null);
        break;
      case 'undo':
        store.undo();
        break;
      case 'redo':
        store.redo();
        break;
      case 'zoom':
        timeline.zoom({ pxPerFrame: stepZoom({ pxPerFrame: store.pxPerFrame(), direction: action.direction }) });
        break;
      case 'toggle-snap':
        timeline.setSnapping(!timeline.snapping());
        snapButton.setAttribute('aria-pressed', String(timeline.snapping()));
        break;
    }
  };

  /**
   * What a timeline gesture changes beside the timeline (the side panel, the player's picture) is
   * drawn a task after the timeline's next frame, and not at all while a shot is still dragged: a
   * pick, a drop or a trim costs the timeline's frame alone, and the side follows once, after it.
   */
  const side = { panel: false, player: false, pending: false };
  /** Runs `work` in a task after the next frame is drawn, so that frame does not wait for it. */
  const afterNextFrame = (work: () => void) => requestAnimationFrame(() => setTimeout(work, 0));
  const drawSideLater = ({ withPanel = false, withPlayer = false }: { withPanel?: boolean; withPlayer?: boolean }) => {
    side.panel ||= withPanel;
    side.player ||= withPlayer;
    if (side.pending || timeline.busy()) return;
    side.pending = true;
    afterNextFrame(() => {
      side.pending = false;
      if (timeline.busy()) return;
      const withPlayer = side.player;
      if (side.panel) panel.draw();
      side.panel = false;
      side.player = false;
      // The player's picture a frame later again: each of the two costs a frame of its own, not one long one.
      if (withPlayer) afterNextFrame(() => player.rate() === 0 && player.show());
    });
  };

  /** A trim's running total is written with the timeline's frame, once a frame, not at every pointer move. */
  const drawTotalNextFrame = oncePerFrame(() => drawTotal());

  store.subscribe((change) => {
    if (change.what === 'cut') {
      timeline.schedule();
      // A drag's preview moves boxes only; the panel and the player follow when the drag ends.
      if (change.origin === 'preview') {
        drawTotalNextFrame();
        return;
      }
      drawTotal();
      undoButton.disabled = !store.canUndo();
      redoButton.disabled = !store.canRedo();
      if (change.origin === 'timeline') {
        drawSideLater({ withPanel: true, withPlayer: true });
        return;
      }
      if (change.origin !== 'panel') panel.draw();
      // A lane item dragged on the timeline: its form below shows the new times.
      if (change.origin === 'history' || change.origin === 'lists' || change.origin === 'lane') lists.draw();
      else if (change.origin === 'subtitles') lists.drawWarnings();
      if (player.rate() === 0) player.show();
    } else if (change.what === 'select') {
      timeline.schedule();
      if (timeline.busy()) drawSideLater({ withPanel: true });
      else panel.draw();
    } else if (change.what === 'playhead') {
      playheadTc.textContent = displayTimecode({ frames: store.playhead() });
      timeline.schedule();
      if (player.rate() === 0) player.show();
    } else {
      timeline.schedule();
    }
    playButton.textContent = player.rate() === 0 ? '▶' : '❚❚';
  });

  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    if (!root.isConnected) return;
    const action = actionOfKey({ press: event, fps: FPS });
    if (!action) return;
    event.preventDefault();
    run(action);
    playButton.textContent = player.rate() === 0 ? '▶' : '❚❚';
  });

  const tool = (id: string, text: string, onclick: () => void, title?: string) =>
    h('button', { type: 'button', class: 'secondary small', id, onclick, title }, text);
  replace(
    root,
    h('div', { class: 'row spread' }, h('h1', null, t('cut.title', { title: store.cut().title })), h('span', { class: 'mono muted' }, store.cut().id)),
    h(
      'div',
      { class: 'editor-top' },
      h(
        'section',
        { class: 'card' },
        player.element,
        h('div', { class: 'row spread' }, h('div', { class: 'row' }, playButton, playheadTc), h('span', { class: 'small muted' }, t('cut.keysHint'))),
      ),
      // The side column is as tall as the player beside it, and the panel scrolls inside it: picking a
      // clip after a title card changes the panel alone, never moves the timeline below, nor makes
      // the browser lay out and paint the page again.
      h(
        'aside',
        { class: 'editor-side' },
        h(
          'div',
          { class: 'editor-side-inner' },
          panel.element,
          h(
            'div',
            { class: 'editor-side-foot' },
            total,
            h('div', { class: 'row actions-row' }, saving.saveButton, saving.renderButton),
            saving.status,
            saving.problemList,
            saving.progress,
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card timeline-card' },
      h(
        'div',
        { class: 'row spread' },
        h(
          'div',
          { class: 'row' },
          tool('add-clip', `+ ${t('cut.addClip')}`, () => addShot('clip')),
          tool('add-photo', `+ ${t('cut.addPhoto')}`, () => addShot('photo')),
          tool('add-title', `+ ${t('cut.addTitle')}`, () => addShot('title')),
        ),
        h(
          'div',
          { class: 'row' },
          undoButton,
          redoButton,
          snapButton,
          tool('zoom-out', '−', () => run({ type: 'zoom', direction: -1 }), t('cut.zoomOut')),
          tool('zoom-fit', t('cut.zoomFit'), () =>
            timeline.zoom({ pxPerFrame: fitZoom({ totalFrames: store.layout().totalFrames, width: timeline.width() - 40 }), aroundFrame: 0 }),
          ),
          tool('zoom-in', '+', () => run({ type: 'zoom', direction: 1 }), t('cut.zoomIn')),
        ),
      ),
      timeline.element,
    ),
    h(
      'div',
      { class: 'grid two' },
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'row spread' }, h('h2', null, t('cut.narration')), tool('add-narration', `+ ${t('cut.addNarration')}`, lists.addNarration)),
        lists.narration,
        h('div', { class: 'row spread' }, h('h2', null, t('cut.music')), tool('add-music', `+ ${t('cut.addMusic')}`, lists.addMusic)),
        lists.music,
      ),
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'row spread' }, h('h2', null, t('cut.subtitles')), tool('add-subtitle', `+ ${t('cut.addSubtitle')}`, lists.addSubtitle)),
        lists.subtitleSummary,
        lists.subtitles,
      ),
    ),
    h('section', { class: 'card' }, h('h3', null, t('cut.versions')), saving.versions),
  );
  // A first look at the programme: fitted to the timeline's width, but never so far out that a
  // 4-second shot is narrower than 20 px (then the timeline scrolls), nor closer than 1 px a frame.
  timeline.zoom({ pxPerFrame: Math.min(1, Math.max(0.2, fitZoom({ totalFrames: store.layout().totalFrames, width: timeline.width() - 40 }))), aroundFrame: 0 });
  undoButton.disabled = true;
  redoButton.disabled = true;
  panel.draw();
  lists.draw();
  drawTotal();
  saving.drawProblems();
  player.show();
  void saving.drawVersions();
}

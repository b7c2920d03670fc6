/// <reference lib="dom" />
/**
 * The horizontal timeline: a ruler, the picture track (each shot a box as long as it lasts, with a
 * strip of thumbnails from the clip's `thumbnails` derivative or the photo's poster), lanes for
 * narration, music and subtitles, and the playhead. Only what is in view (and a screen either
 * side) is in the DOM, so a 200-shot cut costs what its visible part costs; thumbnails load as
 * their shots come into view.
 *
 * Mouse: click a shot to select it, drag it to reorder, drag its edges to trim (frame-snapped; the
 * shots after it follow); click a sound or subtitle item for its form below, drag it along its lane
 * to move it, drag a music bed's or a subtitle's edge to change where it starts or ends (snapping to
 * shot boundaries and the playhead); click or drag on the ruler or an empty lane to move the
 * playhead, Ctrl + wheel to zoom, the wheel alone to scroll.
 */
import { FPS } from '../../../../domain/frame-rate.ts';
import { displayTimecode } from '../../../../domain/timecode.ts';
import type { AssetView } from '../../asset-view.ts';
import { t } from '../../boot.ts';
import { h, oncePerFrame } from '../../dom.ts';
import type { EditorStore } from './editor-store.ts';
import {
  clipSourceFrames,
  dragLaneItem,
  dropIndex,
  frameToX,
  laneItemSpans,
  MAX_PX_PER_FRAME,
  MIN_PX_PER_FRAME,
  moveShot,
  pixelsToFrames,
  placeLaneItem,
  rulerStep,
  scrollAfterZoom,
  spansInView,
  trimShot,
  xToFrame,
  type CutDoc,
  type LaneEdge,
  type LaneName,
  type ShotDoc,
  type ShotSpan,
} from './timeline-model.ts';

const THUMB_HEIGHT = 44;
const THUMB_WIDTH = Math.round((THUMB_HEIGHT * 16) / 9);
/** Tiles in the ingest's `thumbnails` strip (shared/media/plan-video-derivatives.ts). */
const STRIP_TILES = 10;
const MAX_TILES_PER_SHOT = 24;
const DRAG_THRESHOLD_PX = 4;
/** A shot dragged within this many pixels of the view's edge scrolls the timeline by a step a move. */
const EDGE_SCROLL_PX = 40;
const EDGE_SCROLL_STEP_PX = 24;
/** A press this close to a music or subtitle item's edge trims it; elsewhere it moves the item. */
const ITEM_EDGE_PX = 6;
/** A dragged lane item's moving edge snaps to a shot boundary or the playhead this close. */
const SNAP_PX = 8;
/** Past the end of the programme, room to drop a shot or trim the last one longer. */
const TAIL_ROOM_PX = 240;

export interface TimelineView {
  element: HTMLElement;
  /** Redraws on the next animation frame (several calls make one draw). */
  schedule(): void;
  /** Scrolls so that the playhead is in view (a page at a time while playing). */
  follow(): void;
  zoom(options: { pxPerFrame: number; aroundFrame?: number }): void;
  width(): number;
  /** True while a shot is dragged or trimmed: the page holds back its other redraws until `onGestureEnd`. */
  busy(): boolean;
  /** Whether a dragged lane item snaps to shot boundaries and the playhead (on by default). */
  snapping(): boolean;
  setSnapping(on: boolean): void;
}

type Drag =
  | {
      kind: 'trim';
      index: number;
      edge: 'head' | 'tail';
      startX: number;
      shot: ShotDoc;
      pointerId: number;
      /** Where the shots were when the trim began: the ripple layer moves by the difference. */
      before: ShotSpan[];
      rippling: boolean;
    }
  | { kind: 'move'; index: number; startX: number; element: HTMLElement; moving: boolean; pointerId: number }
  | {
      kind: 'item';
      lane: LaneName;
      id: string;
      edge: LaneEdge;
      startX: number;
      /** The item's programme frames when the drag began (end exclusive). */
      start: number;
      end: number;
      /** Shot boundaries and the playhead: where a moving edge snaps. */
      targets: number[];
      moved: boolean;
      pointerId: number;
    }
  | { kind: 'scrub'; pointerId: number };

export function createTimelineView({
  store,
  assets,
  problemShots,
  onItem,
  onGestureEnd,
}: {
  store: EditorStore;
  assets: ReadonlyMap<string, AssetView>;
  problemShots: () => ReadonlySet<string>;
  /** A narration, music or subtitle item was clicked on its lane. */
  onItem: (item: { lane: 'narration' | 'music' | 'subtitle'; id: string }) => void;
  /** A drag or trim ended (dropped, committed or let go): what the page held back may be drawn. */
  onGestureEnd: () => void;
}): TimelineView {
  const ruler = h('div', { class: 'tl-ruler' });
  const picture = h('div', { class: 'tl-lane tl-picture', dataset: { lane: 'picture' } });
  const narration = h('div', { class: 'tl-lane tl-sound', dataset: { lane: 'narration' } });
  const music = h('div', { class: 'tl-lane tl-sound', dataset: { lane: 'music' } });
  const subtitles = h('div', { class: 'tl-lane tl-subs', dataset: { lane: 'subtitles' } });
  const playheadLine = h('div', { class: 'tl-playhead', id: 'tl-playhead' });
  const dropMarker = h('div', { class: 'tl-drop', hidden: true });
  /**
   * While a trim is dragged, the boxes after the trimmed shot sit in this one layer
   * (`will-change: transform`): a trim frame moves the layer and resizes one box, and the compositor
   * does the rest, instead of every following box being moved and the lane painted again.
   */
  const rippleLayer = h('div', { class: 'tl-ripple' });

  const canvas = h('div', { class: 'tl-canvas' }, ruler, picture, narration, music, subtitles, playheadLine, dropMarker);
  const scroller = h('div', { class: 'tl-scroll', id: 'timeline', tabindex: 0, 'aria-label': t('cut.timeline') }, canvas);
  const heads = h(
    'div',
    { class: 'tl-heads' },
    h('div', { class: 'tl-head ruler' }),
    h('div', { class: 'tl-head picture' }, t('cut.lanePicture')),
    h('div', { class: 'tl-head' }, t('cut.narration')),
    h('div', { class: 'tl-head' }, t('cut.music')),
    h('div', { class: 'tl-head' }, t('cut.subtitles')),
  );
  const element = h('div', { class: 'tl' }, heads, scroller);

  /** Shot boxes in the DOM, by shot id, with what they were drawn from and where. */
  const drawn = new Map<string, { element: HTMLElement; key: string; x: number; width: number; index: number; selected: boolean; problem: boolean }>();
  /** A shot's content as text, once per shot object (an edit makes new objects only for what it changed). */
  const keys = new WeakMap<ShotDoc, string>();
  const shotKey = (shot: ShotDoc) => {
    let key = keys.get(shot);
    if (key === undefined) {
      key = JSON.stringify(shot);
      keys.set(shot, key);
    }
    return key;
  };
  const shotLabel = (shot: ShotDoc) => (shot.type === 'title' ? shot.text : (assets.get(shot.assetId)?.originalName ?? shot.assetId));
  let drag: Drag | null = null;
  let snapping = true;
  /** Ruler marks and lane items in the DOM, by what they show: a redraw touches only those that came or went. */
  const marks = new Map<string, HTMLElement>();
  const laneItemsDrawn = new Map<string, HTMLElement>();

  const ppf = () => store.pxPerFrame();
  const sourceFramesOf = (shot: ShotDoc) => {
    if (shot.type !== 'clip') return null;
    const seconds = assets.get(shot.assetId)?.probe?.durationSeconds;
    return typeof seconds === 'number' ? Math.floor(seconds * FPS) : null;
  };

  const schedule = oncePerFrame(() => draw());

  /** The quarter-screen step the view is in: a redraw for the scroll is due when it changes. */
  const windowKey = () => Math.floor(scroller.scrollLeft / Math.max(1, scroller.clientWidth / 4));
  let drawnWindow = -1;

  function draw(): void {
    drawnWindow = windowKey();
    const cut = store.cut();
    const { spans, totalFrames } = store.layout();
    const scale = ppf();
    canvas.style.width = `${Math.ceil(frameToX({ frame: totalFrames, pxPerFrame: scale })) + TAIL_ROOM_PX}px`;
    const left = drawnWindow * (scroller.clientWidth / 4);
    const right = left + scroller.clientWidth;
    const margin = scroller.clientWidth / 2;
    drawShots({ cut, spans, left, right, margin, scale, ripple: rippleOf({ spans, scale }) });
    drawRuler({ left: left - margin, right: right + margin, scale, totalFrames });
    drawSound({ cut, left: left - margin, right: right + margin, scale });
    playheadLine.style.transform = `translateX(${frameToX({ frame: store.playhead(), pxPerFrame: scale })}px)`;
  }

  /**
   * During a trim: the index of the trimmed shot and how far (px) the shots after it moved since the
   * trim began; null otherwise. The ripple layer carries that shift for all of them at once.
   */
  function rippleOf({ spans, scale }: { spans: ShotSpan[]; scale: number }): { index: number; shiftPx: number } | null {
    if (drag?.kind !== 'trim' || !drag.rippling) return null;
    const next = drag.index + 1;
    const shift = (spans[next]?.start ?? 0) - (drag.before[next]?.start ?? 0);
    return { index: drag.index, shiftPx: frameToX({ frame: shift, pxPerFrame: scale }) };
  }

  function drawShots({
    cut,
    spans,
    left,
    right,
    margin,
    scale,
    ripple,
  }: {
    cut: CutDoc;
    spans: ShotSpan[];
    left: number;
    right: number;
    margin: number;
    scale: number;
    ripple: { index: number; shiftPx: number } | null;
  }): void {
    if (ripple && !rippleLayer.isConnected) picture.append(rippleLayer);
    const rippleTransform = ripple ? `translateX(${ripple.shiftPx}px)` : '';
    if (rippleLayer.style.transform !== rippleTransform) rippleLayer.style.transform = rippleTransform;
    const visible = new Set<string>();
    const problems = problemShots();
    const selected = store.selected();
    for (const index of spansInView({ spans, left, right, pxPerFrame: scale, margin })) {
      const shot = cut.shots[index];
      const span = spans[index];
      if (!shot || !span) continue;
      visible.add(shot.id);
      const width = Math.max(3, span.frames * scale - 1);
      const key = `${shotKey(shot)}|${Math.round(width)}`;
      let entry = drawn.get(shot.id);
      if (!entry || entry.key !== key) {
        const next = shotBox({ shot, span, width });
        if (entry) entry.element.replaceWith(next);
        else (ripple && index > ripple.index ? rippleLayer : picture).append(next);
        entry = { element: next, key, x: Number.NaN, width: Number.NaN, index: -1, selected: false, problem: false };
        drawn.set(shot.id, entry);
      }
      const box = entry.element;
      // In the ripple layer a box keeps where it was when the trim began; the layer carries the shift.
      const inRipple = ripple !== null && index > ripple.index;
      const x = frameToX({ frame: span.start, pxPerFrame: scale }) - (inRipple ? ripple.shiftPx : 0);
      const dragged = drag?.kind === 'move' && drag.element === box && drag.moving;
      const parent = inRipple ? rippleLayer : picture;
      if (box.parentElement !== parent) parent.append(box);
      // Only what changed is written: a redraw for a scroll mostly touches nothing.
      if (x !== entry.x && !dragged) box.style.transform = `translateX(${x}px)`;
      if (width !== entry.width) box.style.width = `${width}px`;
      if (index !== entry.index) {
        box.dataset.index = String(index);
        const label = box.querySelector('.tl-label');
        if (label) label.textContent = `${index + 1} ${shotLabel(shot)}`;
      }
      const isSelected = shot.id === selected;
      const hasProblem = problems.has(shot.id);
      if (isSelected !== entry.selected) box.classList.toggle('selected', isSelected);
      if (hasProblem !== entry.problem) box.classList.toggle('problem', hasProblem);
      Object.assign(entry, { x, width, index, selected: isSelected, problem: hasProblem });
    }
    for (const [id, entry] of drawn) {
      if (visible.has(id) || (drag?.kind === 'move' && drag.element === entry.element)) continue;
      entry.element.remove();
      drawn.delete(id);
    }
    if (!ripple && rippleLayer.isConnected) rippleLayer.remove();
  }

  function shotBox({ shot, span, width }: { shot: ShotDoc; span: ShotSpan; width: number }): HTMLElement {
    return h(
      'div',
      {
        class: `tl-shot ${shot.type}`,
        dataset: { shotId: shot.id, type: shot.type, index: String(span.index) },
        title: `${span.index + 1} · ${shot.id} · ${displayTimecode({ frames: span.frames })}`,
      },
      thumbnails({ shot, span, width }),
      h('span', { class: 'tl-label' }, `${span.index + 1} ${shotLabel(shot)}`),
      h('div', { class: 'tl-trim head', dataset: { edge: 'head' } }),
      h('div', { class: 'tl-trim tail', dataset: { edge: 'tail' } }),
    );
  }

  function thumbnails({ shot, span, width }: { shot: ShotDoc; span: ShotSpan; width: number }): HTMLElement {
    const strip = h('div', { class: 'tl-thumbs' });
    if (shot.type === 'title') return strip;
    const asset = assets.get(shot.assetId);
    const poster = asset?.derivatives.poster?.url;
    const tiles = asset?.derivatives.thumbnails;
    const duration = asset?.probe?.durationSeconds;
    const points = clipSourceFrames({ shot });
    if (shot.type === 'clip' && tiles && duration && points) {
      const count = Math.min(MAX_TILES_PER_SHOT, Math.ceil(width / THUMB_WIDTH));
      for (let tile = 0; tile < count; tile++) {
        const offsetFrames = (((tile + 0.5) * THUMB_WIDTH) / width) * span.frames;
        const seconds = (points.in + offsetFrames) / FPS;
        const which = Math.max(0, Math.min(STRIP_TILES - 1, Math.floor((seconds / duration) * STRIP_TILES)));
        const cell = h('div', { class: 'tl-tile' });
        cell.style.backgroundImage = `url("${tiles.url}")`;
        cell.style.backgroundSize = `${STRIP_TILES * THUMB_WIDTH}px ${THUMB_HEIGHT}px`;
        cell.style.backgroundPosition = `-${which * THUMB_WIDTH}px 0`;
        strip.append(cell);
      }
    } else if (poster) {
      strip.classList.add('poster');
      strip.style.backgroundImage = `url("${poster}")`;
    }
    return strip;
  }

  function drawRuler({ left, right, scale, totalFrames }: { left: number; right: number; scale: number; totalFrames: number }): void {
    const step = rulerStep({ pxPerFrame: scale });
    const first = Math.max(0, Math.floor(left / scale / step) * step);
    const wanted = new Map<string, () => HTMLElement>();
    for (let frame = first; frame * scale < right && frame <= totalFrames + step; frame += step) {
      const text = step < FPS ? displayTimecode({ frames: frame }).slice(3) : displayTimecode({ frames: frame }).slice(3, 8);
      wanted.set(`${frame * scale}|${text}`, () => {
        const mark = h('div', { class: 'tl-mark' }, text);
        mark.style.transform = `translateX(${frame * scale}px)`;
        return mark;
      });
    }
    syncKeyed({ parent: () => ruler, drawn: marks, wanted });
  }

  /** Each narration, music and subtitle item's place on its lane, with the text it shows. */
  const laneItems = (cut: CutDoc) =>
    laneItemSpans({
      cut,
      soundFrames: (assetId) => Math.round((assets.get(assetId)?.probe?.durationSeconds ?? 0) * FPS),
      nameOf: (assetId) => assets.get(assetId)?.originalName ?? assetId,
    });

  function drawSound({ cut, left, right, scale }: { cut: CutDoc; left: number; right: number; scale: number }): void {
    const wanted = new Map<string, () => HTMLElement>();
    for (const { lane, id, start, end, text } of laneItems(cut)) {
      if (end * scale < left || start * scale > right) continue;
      const x = start * scale;
      const width = Math.max(2, (end - start) * scale - 1);
      wanted.set(`${lane}|${id}|${x}|${width}|${text}`, () => {
        const item = h('div', { class: `tl-item ${lane}`, dataset: { itemId: id }, title: text }, text);
        item.style.transform = `translateX(${x}px)`;
        item.style.width = `${width}px`;
        return item;
      });
    }
    const lanes = { narration, music, subtitle: subtitles };
    syncKeyed({ parent: (key) => lanes[key.slice(0, key.indexOf('|')) as keyof typeof lanes], drawn: laneItemsDrawn, wanted });
  }

  // ── Pointer: select, reorder, trim, scrub ──
  const canvasX = (event: PointerEvent) => event.clientX - canvas.getBoundingClientRect().left;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>('.tl-item');
    const lane = item?.classList.contains('narration') ? 'narration' : item?.classList.contains('music') ? 'music' : item ? 'subtitle' : null;
    if (item && lane) {
      const id = item.dataset.itemId ?? '';
      const placed = laneItems(store.cut()).find((other) => other.lane === lane && other.id === id);
      if (!placed) {
        onItem({ lane, id });
        event.preventDefault();
        return;
      }
      // A narration is as long as its sound: it only moves. Music and subtitles also trim by their edges.
      const rect = item.getBoundingClientRect();
      const edges = lane !== 'narration' && rect.width > 3 * ITEM_EDGE_PX;
      const edge = !edges ? 'body' : event.clientX - rect.left <= ITEM_EDGE_PX ? 'head' : rect.right - event.clientX <= ITEM_EDGE_PX ? 'tail' : 'body';
      const { spans, totalFrames } = store.layout();
      const targets = [...spans.map((span) => span.start), totalFrames, store.playhead()];
      drag = { kind: 'item', lane, id, edge, startX: event.clientX, start: placed.start, end: placed.end, targets, moved: false, pointerId: event.pointerId };
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
      scroller.focus({ preventScroll: true });
      return;
    }
    const box = target.closest<HTMLElement>('.tl-shot');
    const index = Number(box?.dataset.index ?? -1);
    const shot = store.cut().shots[index];
    if (box && shot) {
      const edge = target.closest<HTMLElement>('.tl-trim')?.dataset.edge;
      drag =
        edge === 'head' || edge === 'tail'
          ? { kind: 'trim', index, edge, startX: event.clientX, shot, pointerId: event.pointerId, before: store.layout().spans, rippling: false }
          : { kind: 'move', index, startX: event.clientX, element: box, moving: false, pointerId: event.pointerId };
      // Selected with the drag under way, so the page draws the side panel when it ends.
      store.select(shot.id);
    } else {
      drag = { kind: 'scrub', pointerId: event.pointerId };
      store.setPlayhead(xToFrame({ x: canvasX(event), pxPerFrame: ppf(), totalFrames: store.layout().totalFrames }));
    }
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
    scroller.focus({ preventScroll: true });
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    // Geometry is read before anything is written, so a move costs no forced layout; a trim reads none.
    if (drag.kind === 'scrub') {
      store.setPlayhead(xToFrame({ x: canvasX(event), pxPerFrame: ppf(), totalFrames: store.layout().totalFrames }));
    } else if (drag.kind === 'item') {
      const dx = event.clientX - drag.startX;
      if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
      drag.moved = true;
      const { lane, id } = drag;
      const placed = dragLaneItem({ ...drag, deltaFrames: pixelsToFrames({ dx, pxPerFrame: ppf() }), tolerance: snapping ? SNAP_PX / ppf() : 0 });
      store.preview(placeLaneItem({ cut: store.cut(), lane, id, ...placed }));
    } else if (drag.kind === 'trim') {
      const deltaFrames = pixelsToFrames({ dx: event.clientX - drag.startX, pxPerFrame: ppf() });
      const trimmed = trimShot({ shot: drag.shot, edge: drag.edge, deltaFrames, sourceFrames: sourceFramesOf(drag.shot) });
      // From the first whole frame on, the shots after it move as one layer.
      if (deltaFrames !== 0) drag.rippling = true;
      const shots = [...store.cut().shots];
      shots[drag.index] = trimmed;
      store.preview({ ...store.cut(), shots });
    } else {
      // Near an edge of the view, the timeline scrolls on under the dragged shot.
      const x = canvasX(event);
      const view = scroller.getBoundingClientRect();
      const edge = event.clientX < view.left + EDGE_SCROLL_PX ? -1 : event.clientX > view.right - EDGE_SCROLL_PX ? 1 : 0;
      const dx = event.clientX - drag.startX + edge * EDGE_SCROLL_STEP_PX;
      if (!drag.moving && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
      const { spans } = store.layout();
      const span = spans[drag.index];
      if (!span) return;
      const dragged = drag.index;
      const to = dropIndex({ spans, dragged, x: x + edge * EDGE_SCROLL_STEP_PX, pxPerFrame: ppf() });
      const others = spans.filter((other) => other.index !== dragged);
      const last = others.at(-1);
      const at = others[to]?.start ?? (last ? last.start + last.frames : 0);
      if (edge !== 0) {
        scroller.scrollLeft += edge * EDGE_SCROLL_STEP_PX;
        drag.startX -= edge * EDGE_SCROLL_STEP_PX;
        schedule();
      }
      if (!drag.moving) drag.element.classList.add('dragging');
      drag.moving = true;
      drag.element.style.transform = `translateX(${span.start * ppf() + dx}px)`;
      dropMarker.hidden = false;
      dropMarker.style.transform = `translateX(${at * ppf()}px)`;
      dropMarker.dataset.index = String(to);
    }
  });
  const endDrag = (event: PointerEvent, cancelled: boolean) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const ended = drag;
    drag = null;
    dropMarker.hidden = true;
    if (ended.kind === 'trim') {
      const previewed = store.cut().shots[ended.index];
      if (cancelled || !previewed || JSON.stringify(previewed) === JSON.stringify(ended.shot)) store.preview(null);
      else
        store.edit({
          origin: 'timeline',
          change: (cut) => {
            cut.shots[ended.index] = previewed;
          },
        });
    } else if (ended.kind === 'item') {
      if (!ended.moved) {
        if (!cancelled) onItem({ lane: ended.lane, id: ended.id });
      } else if (cancelled) store.preview(null);
      else {
        const placed = dragLaneItem({
          ...ended,
          deltaFrames: pixelsToFrames({ dx: event.clientX - ended.startX, pxPerFrame: ppf() }),
          tolerance: snapping ? SNAP_PX / ppf() : 0,
        });
        store.edit({ origin: 'lane', change: (cut) => placeLaneItem({ cut, lane: ended.lane, id: ended.id, ...placed }) });
      }
    } else if (ended.kind === 'move') {
      ended.element.classList.remove('dragging');
      if (ended.moving && !cancelled) {
        const to = dropIndex({ spans: store.layout().spans, dragged: ended.index, x: canvasX(event), pxPerFrame: ppf() });
        if (to !== ended.index) store.edit({ origin: 'timeline', change: (cut) => ({ ...cut, shots: moveShot({ shots: cut.shots, from: ended.index, to }) }) });
      }
      schedule();
    }
    if (ended.kind !== 'scrub') onGestureEnd();
  };
  canvas.addEventListener('pointerup', (event) => endDrag(event, false));
  canvas.addEventListener('pointercancel', (event) => endDrag(event, true));

  // Shots, ruler and lanes are drawn half a screen beyond each side of the view, so scrolling needs a
  // redraw only when the view moved on by a quarter screen: most scroll frames are the compositor's alone.
  scroller.addEventListener(
    'scroll',
    () => {
      if (windowKey() !== drawnWindow) schedule();
    },
    { passive: true },
  );
  scroller.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const x = event.clientX - scroller.getBoundingClientRect().left;
        const frame = (scroller.scrollLeft + x) / ppf();
        const next = event.deltaY < 0 ? ppf() * 1.25 : ppf() / 1.25;
        view.zoom({ pxPerFrame: next, aroundFrame: frame });
      } else if (Math.abs(event.deltaY) > Math.abs(event.deltaX)) {
        event.preventDefault();
        scroller.scrollLeft += event.deltaY;
      }
    },
    { passive: false },
  );

  const view: TimelineView = {
    element,
    schedule,
    follow() {
      const x = frameToX({ frame: store.playhead(), pxPerFrame: ppf() });
      const left = scroller.scrollLeft;
      const width = scroller.clientWidth;
      if (x < left || x > left + width - 20) scroller.scrollLeft = Math.max(0, x - width * 0.1);
    },
    zoom({ pxPerFrame, aroundFrame }) {
      const frame = aroundFrame ?? store.playhead();
      const viewX = frameToX({ frame, pxPerFrame: ppf() }) - scroller.scrollLeft;
      store.setPxPerFrame(Math.min(MAX_PX_PER_FRAME, Math.max(MIN_PX_PER_FRAME, pxPerFrame)));
      const { totalFrames } = store.layout();
      canvas.style.width = `${Math.ceil(totalFrames * store.pxPerFrame()) + TAIL_ROOM_PX}px`;
      scroller.scrollLeft = scrollAfterZoom({ frame, viewX, pxPerFrame: store.pxPerFrame() });
      draw();
    },
    width: () => scroller.clientWidth,
    busy: () => drag !== null && drag.kind !== 'scrub',
    snapping: () => snapping,
    setSnapping(on) {
      snapping = on;
    },
  };
  return view;
}

/**
 * Keeps a lane's children in step with the items in view, by a key that holds all an item shows
 * (place, length, text): only items that came, went or changed touch the DOM, so a scroll's redraw
 * leaves the marks and items still in view alone.
 */
function syncKeyed({
  parent,
  drawn,
  wanted,
}: {
  parent: (key: string) => HTMLElement;
  drawn: Map<string, HTMLElement>;
  wanted: ReadonlyMap<string, () => HTMLElement>;
}): void {
  for (const [key, element] of drawn) {
    if (wanted.has(key)) continue;
    element.remove();
    drawn.delete(key);
  }
  for (const [key, make] of wanted) {
    if (drawn.has(key)) continue;
    const element = make();
    parent(key).append(element);
    drawn.set(key, element);
  }
}

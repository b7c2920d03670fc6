/// <reference lib="dom" />
/**
 * The source viewer in the side panel: the selected clip's proxy, with an editor's controls —
 * play/pause, a frame back and forward, a scrubber that moves by whole frames and the timecode of
 * the frame shown — from which the shot's in and out points are set.
 *
 * Its own controls, not the browser's: Chromium builds its media controls (a dozen SVG icons, a
 * loading spinner) when a video first gets its metadata, tens of milliseconds of style work that
 * landed in the frame after every drop of a shot on the timeline.
 */
import { FPS } from '../../../../domain/frame-rate.ts';
import { displayTimecode, frameAtSeconds } from '../../../../domain/timecode.ts';
import { t } from '../../boot.ts';
import { h } from '../../dom.ts';

export interface SourceViewer {
  element: HTMLElement;
  /** Puts away (no room, unseen, out of the keyboard's reach) or shows the viewer. */
  show(shown: boolean): void;
  /** Holds `url` (keeping it when it already does), shows `frame` of it, names it below. */
  load(options: { url: string; frame: number; name: string }): void;
  /** The frame shown, or null when nothing is loaded. */
  frame(): number | null;
}

export function createSourceViewer(): SourceViewer {
  const video = h('video', { id: 'source-player', preload: 'metadata', playsinline: true });
  const timecode = h('span', { class: 'timecode', id: 'source-tc' }, '00:00:00:00');
  const scrubber = h('input', { type: 'range', class: 'source-scrub', min: 0, max: 0, step: 1, value: 0, 'aria-label': t('cut.sourceScrub') });
  const playButton = h('button', { type: 'button', class: 'secondary small', 'data-action': 'source-play', title: t('cut.sourcePlay') }, '▶');
  const name = h('span', { class: 'small muted source-name' }, t('cut.playerHint'));
  const element = h(
    'div',
    { class: 'source', dataset: { idle: '' } },
    video,
    scrubber,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'secondary small', 'data-action': 'source-back', title: t('cut.sourceFrameBack'), onclick: () => step(-1) }, '|◀︎'),
      playButton,
      h(
        'button',
        { type: 'button', class: 'secondary small', 'data-action': 'source-forward', title: t('cut.sourceFrameForward'), onclick: () => step(1) },
        '▶︎|',
      ),
      timecode,
      name,
    ),
  );

  /** The clip's last frame; null until its metadata is read. */
  const lastFrame = () => (Number.isFinite(video.duration) ? Math.max(0, Math.floor(video.duration * FPS) - 1) : null);
  /** Seeks to the middle of a frame (within the clip once its length is known), so that the frame shown is the one the timecode names. */
  const seekFrame = (frame: number) => {
    video.currentTime = (Math.max(0, Math.min(lastFrame() ?? frame, frame)) + 0.5) / FPS;
  };
  const shown = () => frameAtSeconds({ seconds: video.currentTime });
  const step = (by: number) => {
    if (!video.getAttribute('src')) return;
    video.pause();
    seekFrame(shown() + by);
  };
  const draw = () => {
    const frame = shown();
    timecode.textContent = displayTimecode({ frames: frame });
    scrubber.value = String(frame);
  };
  video.addEventListener('loadedmetadata', () => {
    scrubber.max = String(lastFrame() ?? 0);
    draw();
  });
  video.addEventListener('timeupdate', draw);
  video.addEventListener('seeked', draw);
  video.addEventListener('play', () => (playButton.textContent = '❚❚'));
  video.addEventListener('pause', () => (playButton.textContent = '▶'));
  const toggle = () => {
    if (!video.getAttribute('src')) return;
    if (video.paused) void video.play().catch(() => undefined);
    else video.pause();
  };
  playButton.addEventListener('click', toggle);
  video.addEventListener('click', toggle);
  scrubber.addEventListener('input', () => {
    video.pause();
    seekFrame(Number(scrubber.value));
  });

  return {
    element,
    show(visible) {
      if (visible) delete element.dataset.idle;
      else {
        element.dataset.idle = '';
        video.pause();
      }
    },
    load({ url, frame, name: text }) {
      if (video.getAttribute('src') !== url) {
        video.src = url;
        scrubber.max = '0';
      }
      video.pause();
      seekFrame(frame);
      name.textContent = text;
    },
    frame: () => (video.getAttribute('src') ? shown() : null),
  };
}

/// <reference lib="dom" />
/**
 * Plays the cut in the page from the proxies, without rendering: the shots as a playlist of proxy
 * `<video>` elements from their in to their out points (two elements take turns, the idle one
 * already seeked to the next clip's in point so the cut lands on time), photos and title cards as
 * stills, narration and music as `<audio>` elements started, levelled and kept in step with the
 * playhead. The clock is the page's (performance.now), so a shot boundary falls on its frame even
 * if a video starts late; a video that drifts more than a few frames is seeked back into step.
 * Dissolves, fades, moves, lower thirds, the logo and ducking are not drawn: the page says so, and
 * the review render stays the truth.
 */
import { FPS } from '../../../../domain/frame-rate.ts';
import type { AssetView } from '../../asset-view.ts';
import { t } from '../../boot.ts';
import { h, replace } from '../../dom.ts';
import type { EditorStore } from './editor-store.ts';
import { playPointAt, programmePosition, type ShotDoc } from './timeline-model.ts';

/** How far (seconds) a video or a sound may drift from the clock before it is seeked. */
const DRIFT_SECONDS = 0.12;
/** Sounds are prepared this many frames before they start. */
const SOUND_LOOKAHEAD_FRAMES = 2 * FPS;

export interface ProgrammePlayer {
  element: HTMLElement;
  /** Plays at `rate` (1 = normal, 2, 4 …; negative: backwards, pictures only, by seeking). */
  play(rate: number): void;
  pause(): void;
  rate(): number;
  /** Shows the frame at the playhead (after a seek or an edit). */
  show(): void;
}

export function createProgrammePlayer({
  store,
  assets,
  onTick,
}: {
  store: EditorStore;
  assets: ReadonlyMap<string, AssetView>;
  onTick: () => void;
}): ProgrammePlayer {
  const videos = [0, 1].map((n) => h('video', { class: 'pl-video', preload: 'auto', playsinline: true, dataset: { slot: String(n) } }));
  const still = h('img', { class: 'pl-still', alt: '', hidden: true });
  const card = h('div', { class: 'pl-title', hidden: true });
  const screen = h('div', { class: 'pl-screen', id: 'programme-player' }, ...videos, still, card);
  const note = h('p', { class: 'small muted pl-note' }, t('cut.previewNote'));
  const element = h('div', { class: 'pl' }, screen, note);
  const sounds = new Map<string, HTMLAudioElement>();

  let rate = 0;
  let anchor = { time: 0, frame: 0 };
  /** True while the clock itself moves the playhead; any other move is a seek. */
  let ticking = false;
  // A seek while playing (a click on the ruler, an arrow key) restarts the clock from there.
  store.subscribe((change) => {
    if (change.what === 'playhead' && rate !== 0 && !ticking) anchor = { time: performance.now(), frame: store.playhead() };
  });
  let raf = 0;
  let active: HTMLVideoElement | null = null;

  const proxyOf = (assetId: string) => assets.get(assetId)?.derivatives.proxy?.url ?? null;
  const absolute = (url: string) => new URL(url, location.href).href;

  /** Makes `video` hold `url` (keeping it when it already does). */
  const load = (video: HTMLVideoElement, url: string) => {
    if (video.src !== absolute(url)) video.src = url;
  };

  /** Shows the picture of the play point; returns the video element that plays it, if any. */
  const showPicture = (shot: ShotDoc | undefined, sourceSeconds: number | null, shotIndex: number): void => {
    if (!shot) {
      for (const video of videos) video.pause();
      for (const video of videos) video.hidden = true;
      still.hidden = true;
      card.hidden = true;
      active = null;
      return;
    }
    if (shot.type === 'clip') {
      const url = proxyOf(shot.assetId);
      if (url === null || sourceSeconds === null) {
        showPicture(undefined, null, -1);
        return;
      }
      // The idle element was seeked to this shot's in point while the last shot played.
      const ready = videos.find((video) => video.dataset.shotId === shot.id && video.src === absolute(url));
      const video = ready ?? (active && active.src === absolute(url) ? active : (videos.find((other) => other !== active) ?? videos[0]!));
      if (video !== active) {
        active?.pause();
        active = video;
      }
      video.dataset.shotId = shot.id;
      load(video, url);
      const clip = shot.audio;
      video.muted = clip?.muted === true;
      video.volume = Math.min(1, dbToGain(clip?.gainDb ?? 0));
      for (const other of videos) {
        other.hidden = other !== video;
        other.toggleAttribute('data-active', other === video);
      }
      still.hidden = true;
      card.hidden = true;
      if (rate > 0) {
        if (Math.abs(video.currentTime - sourceSeconds) > DRIFT_SECONDS * rate || video.readyState === 0) video.currentTime = sourceSeconds;
        video.playbackRate = rate;
        if (video.paused) void video.play().catch(() => undefined);
      } else {
        video.pause();
        if (Math.abs(video.currentTime - sourceSeconds) > 0.5 / FPS) video.currentTime = sourceSeconds;
      }
      preloadAfter(shotIndex);
      return;
    }
    for (const video of videos) {
      video.pause();
      video.hidden = true;
      video.removeAttribute('data-active');
    }
    active = null;
    if (shot.type === 'photo') {
      const url = assets.get(shot.assetId)?.derivatives.preview?.url ?? assets.get(shot.assetId)?.derivatives.poster?.url;
      if (url && still.getAttribute('src') !== url) still.src = url;
      still.hidden = false;
      card.hidden = true;
    } else {
      still.hidden = true;
      card.hidden = false;
      replace(card, h('div', { class: 'pl-title-text' }, shot.text), shot.subtitle ? h('div', { class: 'pl-title-sub' }, shot.subtitle) : null);
    }
    preloadAfter(shotIndex);
  };

  /** Seeks the idle video element to the next clip's in point, so the cut to it is instant. */
  const preloadAfter = (index: number) => {
    const cut = store.cut();
    const { spans } = store.layout();
    const next = cut.shots.slice(index + 1).find((shot) => shot.type === 'clip');
    if (next?.type !== 'clip') return;
    const url = proxyOf(next.assetId);
    const span = spans.find((candidate) => candidate.id === next.id);
    const idle = videos.find((video) => video !== active);
    if (!url || !span || !idle) return;
    const point = playPointAt({ shots: cut.shots, spans, frame: span.start });
    if (point?.sourceSeconds === null || point?.sourceSeconds === undefined) return;
    if (idle.dataset.shotId === next.id && idle.src === absolute(url)) return;
    idle.dataset.shotId = next.id;
    load(idle, url);
    idle.pause();
    idle.currentTime = point.sourceSeconds;
  };

  /** Starts, levels, keeps in step or stops each narration and music item at the frame. */
  const syncSounds = (frame: number) => {
    const cut = store.cut();
    const items = [
      ...cut.narration.map((item) => ({
        id: item.id,
        assetId: item.assetId,
        start: programmePosition({ value: item.at }),
        end: null as number | null,
        gainDb: item.gainDb ?? 0,
        fadeIn: 0,
        fadeOut: 0,
      })),
      ...cut.music.map((item) => ({
        id: item.id,
        assetId: item.assetId,
        start: programmePosition({ value: item.from }),
        end: programmePosition({ value: item.to }),
        gainDb: item.gainDb ?? -14,
        fadeIn: item.fadeInFrames ?? 50,
        fadeOut: item.fadeOutFrames ?? 75,
      })),
    ];
    const live = new Set<string>();
    for (const item of items) {
      const asset = assets.get(item.assetId);
      const url = asset?.derivatives.proxy?.url;
      const length = Math.round((asset?.probe?.durationSeconds ?? 0) * FPS);
      if (!url || item.start === null) continue;
      const end = Math.min(item.end ?? Number.POSITIVE_INFINITY, item.start + length);
      if (frame < item.start - SOUND_LOOKAHEAD_FRAMES || frame >= end) continue;
      live.add(item.id);
      let audio = sounds.get(item.id);
      if (!audio) {
        audio = h('audio', { preload: 'auto', dataset: { itemId: item.id } });
        audio.src = url;
        element.append(audio);
        sounds.set(item.id, audio);
      }
      const offset = (frame - item.start) / FPS;
      const fade = Math.min(
        1,
        item.fadeIn > 0 ? (frame - item.start) / item.fadeIn : 1,
        item.fadeOut > 0 && Number.isFinite(end) ? (end - frame) / item.fadeOut : 1,
      );
      audio.volume = Math.max(0, Math.min(1, dbToGain(item.gainDb) * fade));
      if (offset < 0 || rate <= 0) {
        audio.pause();
        continue;
      }
      if (Math.abs(audio.currentTime - offset) > DRIFT_SECONDS * 2) audio.currentTime = offset;
      audio.playbackRate = rate;
      if (audio.paused) void audio.play().catch(() => undefined);
    }
    for (const [id, audio] of sounds) {
      if (live.has(id)) continue;
      audio.pause();
      audio.remove();
      sounds.delete(id);
    }
  };

  const show = () => {
    const frame = store.playhead();
    const cut = store.cut();
    const point = playPointAt({ shots: cut.shots, spans: store.layout().spans, frame });
    showPicture(point?.shot, point?.sourceSeconds ?? null, point?.index ?? -1);
    screen.dataset.frame = String(frame);
    screen.dataset.shotId = point?.shot.id ?? '';
    syncSounds(frame);
  };

  const tick = () => {
    raf = 0;
    if (rate === 0) return;
    const frame = Math.floor(anchor.frame + ((performance.now() - anchor.time) / 1000) * FPS * rate);
    const { totalFrames } = store.layout();
    ticking = true;
    store.setPlayhead(Math.max(0, Math.min(frame, totalFrames)));
    ticking = false;
    if (frame >= totalFrames || frame < 0) {
      player.pause();
      return;
    }
    show();
    onTick();
    raf = requestAnimationFrame(tick);
  };

  const player: ProgrammePlayer = {
    element,
    play(next) {
      rate = next;
      anchor = { time: performance.now(), frame: store.playhead() };
      screen.dataset.playing = String(rate);
      show();
      if (raf === 0) raf = requestAnimationFrame(tick);
    },
    pause() {
      rate = 0;
      screen.dataset.playing = '0';
      if (raf !== 0) cancelAnimationFrame(raf);
      raf = 0;
      for (const video of videos) video.pause();
      for (const audio of sounds.values()) audio.pause();
      show();
    },
    rate: () => rate,
    show,
  };
  return player;
}

/** Decibels as a linear gain (−6 dB ≈ 0.5). */
function dbToGain(db: number): number {
  return 10 ** (db / 20);
}

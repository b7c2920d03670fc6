/// <reference lib="dom" />
/**
 * The public watch page's script (no sign-in, no app code): plays the HLS ladder natively where
 * the browser can (Safari, iOS) or with hls.js (loaded before this script from /static/hls.min.js),
 * keeps the Vietnamese captions on, lets the viewer switch them, and jumps to a chapter when one
 * is clicked. Without JavaScript the page still shows the poster, the chapters and the download.
 */
import { framesToTimecode } from '../../../domain/timecode.ts';

interface HlsInstance {
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  on(event: string, handler: (event: string, data: { fatal?: boolean; type?: string }) => void): void;
  recoverMediaError(): void;
  startLoad(): void;
}
interface HlsConstructor {
  new (config?: Record<string, unknown>): HlsInstance;
  isSupported(): boolean;
  Events: { ERROR: string };
  ErrorTypes: { NETWORK_ERROR: string; MEDIA_ERROR: string };
}

const FPS = 25;

function start(): void {
  const video = document.querySelector<HTMLVideoElement>('video[data-hls]');
  if (!video) return;
  attachStream(video);
  showCaptions({ video, lang: video.dataset.captions ?? 'vi' });
  wireCaptionButtons(video);
  wireChapters(video);
  wireEmbedCopy();
}

/** Native HLS first (it is the platform's own player), hls.js where Media Source Extensions are needed. */
function attachStream(video: HTMLVideoElement): void {
  const url = video.dataset.hls!;
  const Hls = (window as unknown as { Hls?: HlsConstructor }).Hls;
  if (Hls?.isSupported()) {
    const hls = new Hls({ capLevelToPlayerSize: true, startLevel: -1 });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
      else showProblem();
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    video.dataset.player = 'hls.js';
    return;
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
    video.dataset.player = 'native';
    return;
  }
  showProblem();
}

function showProblem(): void {
  const note = document.getElementById('player-problem');
  if (note) note.hidden = false;
}

/** Shows the captions of one language and hides the others (`off`: none). */
function showCaptions({ video, lang }: { video: HTMLVideoElement; lang: string }): void {
  for (const track of Array.from(video.textTracks)) track.mode = track.language === lang ? 'showing' : 'disabled';
  video.dataset.captions = lang;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-captions-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.captionsLang === lang));
  }
}

function wireCaptionButtons(video: HTMLVideoElement): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-captions-lang]')) {
    button.addEventListener('click', () => showCaptions({ video, lang: button.dataset.captionsLang! }));
  }
  // hls.js and some browsers add tracks late: keep the chosen language showing.
  video.textTracks.addEventListener('addtrack', () => showCaptions({ video, lang: video.dataset.captions ?? 'vi' }));
}

/** A chapter click seeks to its first frame and plays; the current chapter is marked while playing. */
function wireChapters(video: HTMLVideoElement): void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-chapter-frame]'));
  for (const button of buttons) {
    button.addEventListener('click', () => {
      // Half a frame in, so rounding never lands on the frame before.
      video.currentTime = (Number(button.dataset.chapterFrame) + 0.5) / FPS;
      void video.play().catch(() => {});
    });
  }
  const position = document.getElementById('position');
  video.addEventListener('timeupdate', () => {
    const frame = Math.floor(video.currentTime * FPS);
    if (position) position.textContent = framesToTimecode({ frames: frame }).slice(0, 8);
    let current: HTMLButtonElement | null = null;
    for (const button of buttons) if (Number(button.dataset.chapterFrame) <= frame) current = button;
    for (const button of buttons) button.toggleAttribute('aria-current', button === current);
  });
}

function wireEmbedCopy(): void {
  const button = document.getElementById('copy-embed');
  const code = document.getElementById('embed-code') as HTMLTextAreaElement | null;
  if (!button || !code) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    code.select();
    void navigator.clipboard?.writeText(code.value).catch(() => {});
  });
}

start();

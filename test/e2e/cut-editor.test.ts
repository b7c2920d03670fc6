/**
 * The cut editor's timeline in a real browser (Debian's Chromium) against `reportage serve`: a
 * 30-shot cut over small generated clips opens as a timeline; a shot dragged to a new place and a
 * shot's edge dragged to trim it (frame-snapped, the shots after it following) are what the saved
 * draft holds; the keyboard removes, undoes, redoes, cuts a shot's head and tail at the playhead and
 * shuttles the playhead; playing across a shot boundary switches the picture to the next shot's
 * proxy at its in point.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutInput } from '../../shared/domain/cut/index.ts';
import { buildEditorCut, ingestFiles, loadDraft, makeEditorMedia, saveDraft } from './editor-fixture.ts';
import { eventually } from './eventually.ts';
import { openInviteLink } from './open-invite-link.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { launchChromium } from './launch-chromium.ts';

const PROJECT = 'dai-hoi-2026';
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let server: RunningServer;
let browser: Browser;
let page: Page;
let cut: CutInput;
/** The ingested assets the cuts are made of. */
let assets: { clipIds: string[]; photoId: string; voiceoverId: string };
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  const media = await makeEditorMedia();
  const clipIds = await ingestFiles({ dataDir: server.dataDir, files: media.clips, kind: 'footage' });
  const [voiceoverId] = await ingestFiles({ dataDir: server.dataDir, files: [media.voiceover], kind: 'voiceover' });
  const [photoId] = await ingestFiles({ dataDir: server.dataDir, files: [media.photo], kind: 'photo' });
  browser = await launchChromium({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN', baseURL: server.baseUrl });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
  });
  await openInviteLink(page, server.adminLink);
  await page.waitForURL((url) => !url.pathname.startsWith('/i/'));
  assets = { clipIds, photoId: photoId!, voiceoverId: voiceoverId! };
  cut = buildEditorCut({ projectId: PROJECT, cutId: 'ban-dung-thu', ...assets, shots: 30 });
  await saveDraft({ page, projectId: PROJECT, cut });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the editor on the cut and waits for the timeline's first shots. */
async function openEditor(): Promise<void> {
  await page.goto(`/cuts/${cut.id}`);
  await page.locator('.tl-shot[data-shot-id=s1]').waitFor({ state: 'visible' });
}

/** The box of a shot on the timeline, in page pixels. */
async function boxOf(shotId: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(`.tl-shot[data-shot-id="${shotId}"]`).boundingBox();
  if (!box) throw new Error(`shot ${shotId} is not on screen`);
  return box;
}

const playhead = () => page.evaluate(() => Number(document.getElementById('programme-player')?.dataset.frame ?? -1));
const ids = (shots: CutInput['shots']) => shots.map((shot) => shot.id);

async function saveAndLoad(): Promise<CutInput> {
  await page.locator('#save').click();
  await eventually(async () => expect(await page.locator('#cut-status').textContent()).toContain('Đã lưu bản nháp'));
  return (await loadDraft({ page, projectId: PROJECT, cutId: cut.id })).cut;
}

describe('the cut editor timeline', () => {
  it('shows the cut as a timeline with thumbnails, lanes and only the shots in view in the DOM', async () => {
    await openEditor();
    const drawn = await page.locator('.tl-shot').count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThanOrEqual(30);
    // Clip boxes draw their thumbnails from the ingest's strip.
    const tile = await page
      .locator('.tl-shot[data-type=clip] .tl-tile')
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundImage);
    expect(tile).toMatch(/\/media\/thumbnails/);
    expect(await page.locator('.tl-item.narration').count()).toBe(1);
    expect(await page.locator('.tl-item.subtitle').count()).toBeGreaterThan(0);
    // A subtitle on its lane opens its form below.
    await page.locator('.tl-item.subtitle[data-item-id=c2]').click();
    expect(await page.evaluate(() => document.activeElement?.closest('.cue')?.getAttribute('data-cue-id'))).toBe('c2');
    // The first shot is selected, its form in the side panel.
    expect(await page.locator('#shot-panel .shot').getAttribute('data-shot-id')).toBe('s1');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, '12-cut-editor-timeline.png') });
    // Zoomed in, the shots far out of view leave the DOM and come back when scrolled to.
    await page.locator('#timeline').focus();
    for (let n = 0; n < 5; n++) await page.keyboard.press('+');
    await expect.poll(() => page.locator('.tl-shot').count()).toBeLessThan(20);
    expect(await page.locator('.tl-shot[data-shot-id=s30]').count()).toBe(0);
    await page.locator('#timeline').evaluate((element) => (element.scrollLeft = element.scrollWidth));
    await page.locator('.tl-shot[data-shot-id=s30]').waitFor({ state: 'attached' });
  });

  it('reorders a shot by dragging it, and the saved draft has the new order', async () => {
    await openEditor();
    const s2 = await boxOf('s2');
    const s4 = await boxOf('s4');
    await page.mouse.move(s2.x + s2.width / 2, s2.y + s2.height / 2);
    await page.mouse.down();
    await page.mouse.move(s2.x + s2.width / 2 + 20, s2.y + s2.height / 2, { steps: 3 });
    await page.mouse.move(s4.x + s4.width * 0.75, s4.y + s4.height / 2, { steps: 8 });
    await page.mouse.up();
    // The side panel follows the drop (drawn after the timeline's frame): the dragged shot's form.
    await expect.poll(() => page.locator('#shot-panel .shot').getAttribute('data-shot-id')).toBe('s2');
    const saved = await saveAndLoad();
    expect(ids(saved.shots).slice(0, 5)).toEqual(['s1', 's3', 's4', 's2', 's5']);
  });

  it('trims a shot by dragging its tail, frame-snapped, and the shots after it follow', async () => {
    await openEditor();
    const zoom = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.querySelector('.tl-shot[data-shot-id=s3]')!).width));
    const before = await boxOf('s3');
    const nextBefore = await boxOf('s4');
    const frames = Math.round((before.width + 1) / (await pxPerFrame()));
    expect(zoom).toBeGreaterThan(0);
    const perFrame = await pxPerFrame();
    // Drag the tail 10.4 frames to the left: the trim snaps to 10 frames.
    await page.mouse.move(before.x + before.width - 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width - 2 - 10.4 * perFrame, before.y + before.height / 2, { steps: 6 });
    // While dragged, the shots after it already show 10 frames earlier (the ripple's preview).
    await expect.poll(async () => Math.round((nextBefore.x - (await boxOf('s4')).x) / perFrame)).toBe(10);
    await page.mouse.up();
    const after = await boxOf('s3');
    const nextAfter = await boxOf('s4');
    expect(Math.round((after.width + 1) / perFrame)).toBe(frames - 10);
    expect(Math.round((nextBefore.x - nextAfter.x) / perFrame)).toBe(10);
    // Once let go, each box stands at its own committed place again (no preview layer left).
    await expect.poll(() => page.locator('.tl-ripple').count()).toBe(0);
    const committed = await page.locator('.tl-shot[data-shot-id=s4]').evaluate((element) => element.style.transform);
    const s3Start = await page.locator('.tl-shot[data-shot-id=s3]').evaluate((element) => element.style.transform);
    const startOf = (transform: string) => Math.round(Number(/translateX\(([\d.]+)px\)/.exec(transform)?.[1] ?? 0) / perFrame);
    expect(startOf(committed) - startOf(s3Start)).toBe(frames - 10);
    const saved = await saveAndLoad();
    const original = cut.shots.find((shot) => shot.id === 's3') as Extract<CutInput['shots'][number], { type: 'clip' }>;
    const trimmed = saved.shots.find((shot) => shot.id === 's3') as typeof original;
    expect(trimmed.in).toBe(original.in);
    expect(framesOf(String(trimmed.out))).toBe(framesOf(String(original.out)) - 10);

    // The head of the next clip (s4) 5 frames to the right: its in point moves 5 frames later, it
    // still starts where it did, and the shots after it move 5 frames left.
    await openEditor();
    const head = await boxOf('s4');
    const following = await boxOf('s2');
    await page.mouse.move(head.x + 2, head.y + head.height / 2);
    await page.mouse.down();
    await page.mouse.move(head.x + 2 + 5.2 * perFrame, head.y + head.height / 2, { steps: 4 });
    await page.mouse.up();
    expect((await boxOf('s4')).x).toBeCloseTo(head.x, 0);
    expect(Math.round((following.x - (await boxOf('s2')).x) / perFrame)).toBe(5);
    const headSaved = (await saveAndLoad()).shots.find((shot) => shot.id === 's4') as typeof original;
    const headOriginal = cut.shots.find((shot) => shot.id === 's4') as typeof original;
    expect(framesOf(String(headSaved.in))).toBe(framesOf(String(headOriginal.in)) + 5);
    expect(headSaved.out).toBe(headOriginal.out);
  });

  it('moves a subtitle and the narration along their lanes and trims a subtitle’s end, snapping to a shot’s start until S turns snapping off', async () => {
    // A cut of its own, as built (the other tests reorder and trim the shared one): s1 lasts
    // frames 0–50, s2 50–101, s3 101–165; cue c1 10–80; the narration starts at frame 25.
    const laneCut = buildEditorCut({ projectId: PROJECT, cutId: 'ban-dung-lan', ...assets, shots: 30 });
    await saveDraft({ page, projectId: PROJECT, cut: laneCut });
    await page.goto(`/cuts/${laneCut.id}`);
    await page.locator('.tl-shot[data-shot-id=s1]').waitFor({ state: 'visible' });
    const perFrame = await pxPerFrame();
    const saveAndLoadLaneCut = async () => {
      await page.locator('#save').click();
      await eventually(async () => expect(await page.locator('#cut-status').textContent()).toContain('Đã lưu bản nháp'));
      return (await loadDraft({ page, projectId: PROJECT, cutId: laneCut.id })).cut;
    };
    const itemBox = async (id: string) => {
      const box = await page.locator(`.tl-item[data-item-id="${id}"]`).boundingBox();
      if (!box) throw new Error(`item ${id} is not on screen`);
      return box;
    };
    const drag = async ({ x, y, dx }: { x: number; y: number; dx: number }) => {
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + dx, y, { steps: 8 });
      await page.mouse.up();
    };
    // Cue c1 moved by 42 frames: its start lands 2 frames from s2's start, within the snapping
    // distance (its end is 21 frames from s3's, beyond it): it starts exactly there, its length kept.
    const s2Start = Math.round(((await boxOf('s2')).x - (await boxOf('s1')).x) / perFrame);
    expect(s2Start).toBe(50);
    const cue = await itemBox('c1');
    await drag({ x: cue.x + cue.width / 2, y: cue.y + cue.height / 2, dx: (s2Start + 2 - 10) * perFrame });
    let saved = await saveAndLoadLaneCut();
    expect(saved.subtitles?.find((item) => item.id === 'c1')).toMatchObject({ start: '00:00:02:00', end: '00:00:04:20' });
    // The form below shows the new times.
    expect(await page.locator('#subtitles .cue[data-cue-id=c1] input[name=start]').inputValue()).toBe('00:00:02:00');

    // Snapping off (S): the end goes exactly where it is dragged, 30 frames later.
    await page.locator('#timeline').focus();
    await page.keyboard.press('s');
    expect(await page.locator('#snap').getAttribute('aria-pressed')).toBe('false');
    const moved = await itemBox('c1');
    await drag({ x: moved.x + moved.width - 2, y: moved.y + moved.height / 2, dx: 30 * perFrame });
    // The narration moves whole: from frame 25 to frame 45.
    const voice = await itemBox('vo1');
    await drag({ x: voice.x + Math.min(voice.width / 2, 40), y: voice.y + voice.height / 2, dx: 20 * perFrame });
    saved = await saveAndLoadLaneCut();
    expect(saved.subtitles?.find((item) => item.id === 'c1')).toMatchObject({ start: '00:00:02:00', end: '00:00:06:00' });
    expect(saved.narration?.[0]?.at).toBe('00:00:01:20');
    // Undone like any edit.
    await page.locator('#undo').click();
    expect((await saveAndLoadLaneCut()).narration?.[0]?.at).toBe(25);
    await page.locator('#snap').click();
    expect(await page.locator('#snap').getAttribute('aria-pressed')).toBe('true');
  });

  it('frames a clip for the vertical and square versions: a crop centre moving across the shot, or a blurred fill, saved in the draft', async () => {
    await openEditor();
    await page.locator('.tl-shot[data-shot-id=s5]').click();
    await page.locator('#shot-panel .shot[data-shot-id=s5]').waitFor();
    // A range input cannot be typed into: set it as a drag ends (value, then change).
    const slide = (name: string, percent: number) =>
      page.locator(`#shot-panel input[name=${name}]`).evaluate((input: HTMLInputElement, value) => {
        input.value = value;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, String(percent));
    await slide('reframeStart', 20);
    await page.locator('#shot-panel input[name=reframeMove]').check();
    await slide('reframeEnd', 80);
    const original = cut.shots.find((shot) => shot.id === 's5') as Extract<CutInput['shots'][number], { type: 'clip' }>;
    const frames = framesOf(String(original.out)) - framesOf(String(original.in));
    const moving = (await saveAndLoad()).shots.find((shot) => shot.id === 's5') as typeof original;
    expect(moving.reframe).toEqual({
      mode: 'crop',
      centre: [
        { frame: 0, x: 0.2 },
        { frame: frames - 1, x: 0.8 },
      ],
    });
    await page.locator('#shot-panel select[name=reframeMode]').selectOption('blur-fill');
    expect(((await saveAndLoad()).shots.find((shot) => shot.id === 's5') as typeof original).reframe).toEqual({ mode: 'blur-fill' });
    // Back to a still crop in the middle: the default, so the field goes.
    await page.locator('#shot-panel select[name=reframeMode]').selectOption('crop');
    expect(((await saveAndLoad()).shots.find((shot) => shot.id === 's5') as typeof original).reframe).toBeUndefined();
  });

  it('sets an in point from the source viewer’s own frame controls, and picking shots never moves the timeline', async () => {
    await openEditor();
    const timelineTop = async () => (await page.locator('#timeline').boundingBox())?.y;
    const before = await timelineTop();
    await page.locator('.tl-shot[data-shot-id=s1]').click();
    await page.locator('#shot-panel .shot[data-shot-id=s1]').waitFor();
    expect(await page.locator('#source-player').isVisible()).toBe(false);
    expect(await timelineTop()).toBe(before);
    await page.locator('.tl-shot[data-shot-id=s5]').click();
    await page.locator('#shot-panel .shot[data-shot-id=s5]').waitFor();
    expect(await timelineTop()).toBe(before);
    // The viewer shows the shot's in point, with the page's controls and none of the browser's.
    const original = cut.shots.find((shot) => shot.id === 's5') as Extract<CutInput['shots'][number], { type: 'clip' }>;
    const inFrame = framesOf(String(original.in));
    const sourceTc = () => page.locator('#source-tc').textContent();
    await eventually(async () => expect(await sourceTc()).toBe(String(original.in)));
    expect(await page.locator('#source-player').evaluate((video: HTMLVideoElement) => video.controls)).toBe(false);
    for (let n = 0; n < 3; n++) {
      await page.locator('[data-action=source-forward]').click();
      await eventually(async () => expect(framesOf(String(await sourceTc()))).toBe(inFrame + n + 1));
    }
    await page.locator('[data-action=source-back]').click();
    await eventually(async () => expect(framesOf(String(await sourceTc()))).toBe(inFrame + 2));
    await page.locator('#shot-panel [data-action=set-in]').click();
    await eventually(async () => expect(framesOf(await page.locator('#shot-panel input[name=in]').inputValue())).toBe(inFrame + 2));
    // The scrubber moves by whole frames.
    await page.locator('.source-scrub').evaluate((input: HTMLInputElement) => {
      input.value = '40';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await eventually(async () => expect(framesOf(String(await sourceTc()))).toBe(40));
    const saved = (await saveAndLoad()).shots.find((shot) => shot.id === 's5') as typeof original;
    expect(framesOf(String(saved.in))).toBe(inFrame + 2);
    expect(saved.out).toBe(original.out);
  });

  it('edits with the keyboard: Delete, undo, redo, I and O at the playhead, J/K/L shuttle', async () => {
    await openEditor();
    const before = (await loadDraft({ page, projectId: PROJECT, cutId: cut.id })).cut;
    await page.locator('.tl-shot[data-shot-id=s5]').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.tl-shot[data-shot-id=s5]').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.tl-shot[data-shot-id=s5]').count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.tl-shot[data-shot-id=s5]').count()).toBe(0);
    let saved = await saveAndLoad();
    expect(ids(saved.shots)).toEqual(ids(before.shots).filter((id) => id !== 's5'));

    // The playhead to the start of the second shot, then 5 frames in: I cuts the 5 frames off its head.
    await page.locator('#timeline').focus();
    await page.keyboard.press('ArrowDown');
    const start = await playhead();
    for (let n = 0; n < 5; n++) await page.keyboard.press('ArrowRight');
    expect(await playhead()).toBe(start + 5);
    const second = saved.shots[1] as Extract<CutInput['shots'][number], { type: 'clip' }>;
    await page.keyboard.press('i');
    // 10 frames further on, O ends the shot there.
    for (let n = 0; n < 10; n++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('o');
    saved = await saveAndLoad();
    const cutShot = saved.shots[1] as typeof second;
    expect(cutShot.id).toBe(second.id);
    expect(framesOf(String(cutShot.in))).toBe(framesOf(String(second.in)) + 5);
    // The playhead stayed on the shot's new first frame: 10 frames on is its new last.
    expect(framesOf(String(cutShot.out)) - framesOf(String(cutShot.in))).toBe(10);

    // L plays forward, K stops, J plays backward.
    await page.locator('#timeline').focus();
    const from = await playhead();
    await page.keyboard.press('l');
    await expect.poll(playhead, { timeout: 5_000 }).toBeGreaterThan(from + 5);
    await page.keyboard.press('k');
    const stopped = await playhead();
    await page.waitForTimeout(300);
    expect(await playhead()).toBe(stopped);
    await page.keyboard.press('j');
    await expect.poll(playhead, { timeout: 5_000 }).toBeLessThan(stopped - 3);
    await page.keyboard.press('k');
  });

  it('plays across a shot boundary: the picture switches to the next shot’s proxy at its in point', async () => {
    await openEditor();
    const draft = (await loadDraft({ page, projectId: PROJECT, cutId: cut.id })).cut;
    // Two clips in a row from different assets.
    const index = draft.shots.findIndex(
      (shot, n) => n > 0 && shot.type === 'clip' && draft.shots[n - 1]?.type === 'clip' && (draft.shots[n - 1] as { assetId: string }).assetId !== shot.assetId,
    );
    const next = draft.shots[index] as Extract<CutInput['shots'][number], { type: 'clip' }>;
    const start = await page.locator(`.tl-shot[data-shot-id="${next.id}"]`).evaluate((element) => element.style.transform);
    const boundary = Math.round(Number(/translateX\(([\d.]+)px\)/.exec(start)?.[1] ?? 0) / (await pxPerFrame()));
    await page.locator('#timeline').focus();
    // The playhead 12 frames before the boundary, then play.
    while ((await playhead()) < boundary - 12) await page.keyboard.press('Shift+ArrowRight');
    while ((await playhead()) > boundary - 12) await page.keyboard.press('ArrowLeft');
    const before = await page.evaluate(() => document.querySelector<HTMLVideoElement>('#programme-player video[data-active]')?.src ?? '');
    await page.keyboard.press('l');
    await expect.poll(() => page.evaluate(() => document.getElementById('programme-player')?.dataset.shotId), { timeout: 5_000 }).toBe(next.id);
    const state = await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('#programme-player video[data-active]')!;
      return { src: video.src, currentTime: video.currentTime, shotId: video.dataset.shotId };
    });
    await page.keyboard.press('k');
    expect(state.shotId).toBe(next.id);
    expect(state.src).not.toBe(before);
    expect(state.src).toContain(`/assets/${next.assetId}/media/proxy`);
    const inSeconds = framesOf(String(next.in)) / 25;
    expect(state.currentTime).toBeGreaterThanOrEqual(inSeconds - 0.05);
    expect(state.currentTime).toBeLessThan(inSeconds + 0.6);
  });

  it('mixes the narration in while playing, and a seek while playing carries on from there', async () => {
    await openEditor();
    await page.locator('#timeline').focus();
    // The narration item starts at frame 25 (1 s).
    await page.keyboard.press('l');
    await expect.poll(playhead, { timeout: 5_000 }).toBeGreaterThan(45);
    const sound = await page.evaluate(() => {
      const audio = document.querySelector<HTMLAudioElement>('audio[data-item-id=vo1]');
      const frame = Number(document.getElementById('programme-player')?.dataset.frame);
      return audio ? { src: audio.src, paused: audio.paused, currentTime: audio.currentTime, expected: (frame - 25) / 25 } : null;
    });
    expect(sound).not.toBeNull();
    expect(sound!.src).toMatch(/\/media\/proxy$/);
    expect(sound!.paused).toBe(false);
    expect(Math.abs(sound!.currentTime - sound!.expected)).toBeLessThan(0.5);
    // ↓ jumps to the next shot's start while playing: the clock goes on from there, not back.
    const order = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.tl-shot')]
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((element) => element.style.transform),
    );
    const starts = order.map((transform) => Number(/translateX\(([\d.]+)px\)/.exec(transform)?.[1] ?? 0));
    const perFrame = await pxPerFrame();
    const now = await playhead();
    const next = starts.map((x) => Math.round(x / perFrame)).find((frame) => frame > now + 12);
    expect(next).toBeDefined();
    await page.keyboard.press('ArrowDown');
    await expect.poll(playhead, { timeout: 5_000 }).toBeGreaterThanOrEqual(next!);
    await page.waitForTimeout(300);
    expect(await playhead()).toBeGreaterThanOrEqual(next!);
    await page.keyboard.press('k');
    // No script error and no Content-Security-Policy refusal on the way (thumbnails, proxies, sounds).
    expect(pageErrors).toEqual([]);
  });
});

async function pxPerFrame(): Promise<number> {
  return page.evaluate(() => {
    const first = document.querySelector<HTMLElement>('.tl-shot[data-shot-id=s1]')!;
    // The title card lasts 2 s (50 frames); its box is 1 px narrower than its length.
    return (Number.parseFloat(first.style.width) + 1) / 50;
  });
}

function framesOf(timecode: string): number {
  const [h, m, s, f] = timecode.split(':').map(Number) as [number, number, number, number];
  return ((h * 60 + m) * 60 + s) * 25 + f;
}

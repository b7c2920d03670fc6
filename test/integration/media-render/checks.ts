/** Independent checks of a rendered programme (plain ffprobe/ffmpeg through the helpers). */
import { expect } from 'vitest';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { beepOnsets, countFrames, decodeAudio, flashFrames, lumaPerFrame } from '../../helpers/make-render-media.ts';
import type { RenderedProgramme, SyncProgramme } from './sync-programme.ts';

const FRAME_SECONDS = 0.04;
const SAMPLES_PER_FRAME = 1920;

/** Every segment and the join have exactly their frames, counted by decoding. */
export async function expectExactFrames({ rendered, programme }: { rendered: RenderedProgramme; programme: SyncProgramme }): Promise<void> {
  const counts = await Promise.all(rendered.segmentPaths.map((file) => countFrames(file)));
  expect(counts).toEqual(programme.segments.map((segment) => segment.frames));
  expect(await countFrames(rendered.videoPath)).toBe(programme.segments.reduce((sum, s) => sum + s.frames, 0));
  expect(await countFrames(rendered.finalPath)).toBe(rendered.layout.totalFrames);
}

/** Picture and sound of the delivered file last as long as each other, within one frame. */
export async function expectDurationsAgree({ file, frames }: { file: string; frames: number }): Promise<void> {
  const probed = await probeFile(file);
  const video = Number(videoStreamOf(probed)?.duration ?? probed.format.duration);
  const audio = Number(audioStreamOf(probed)?.duration ?? probed.format.duration);
  expect(Math.abs(video - frames * FRAME_SECONDS)).toBeLessThan(0.001);
  expect(Math.abs(audio - video)).toBeLessThan(FRAME_SECONDS);
}

/**
 * At every shot boundary the flash (luma per frame) and the beep (first loud sample) agree within
 * one frame, and both are where the programme puts the shot (after the lead).
 */
export async function expectSync({ file, programme, leadFrames }: { file: string; programme: SyncProgramme; leadFrames: number }): Promise<void> {
  const expected = programme.shotStarts.map((frame) => frame + leadFrames);
  // The line-up's bars are bright too: only the programme counts.
  const flashes = flashFrames(await lumaPerFrame(file)).filter((frame) => frame >= leadFrames);
  expect(flashes).toEqual(expected);
  const samples = await decodeAudio(file);
  let peak = 0;
  for (let i = leadFrames * SAMPLES_PER_FRAME; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i] ?? 0));
  const onsets = beepOnsets(samples, { threshold: peak / 3 })
    .map((sample) => sample / SAMPLES_PER_FRAME)
    .filter((frame) => frame >= leadFrames);
  expect(onsets).toHaveLength(expected.length);
  onsets.forEach((onset, i) => {
    expect(Math.abs(onset - flashes[i]!)).toBeLessThan(1);
  });
}

import { copyFile, mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMp4VideoSampleCount } from '../../../shared/media/index.ts';
import { videoFrameTimes } from '../../helpers/ffprobe.ts';
import { cached, ffmpeg, TONE_23 } from '../../helpers/media-cache.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-mp4count-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clip = (frames: number, extra: string[] = []) =>
  cached({
    namespace: 'mp4-count',
    name: `clip-${frames}-${extra.join('')}.mp4`,
    recipe: { frames, extra },
    build: (out) =>
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=320x180:r=25',
        '-f',
        'lavfi',
        '-i',
        TONE_23(10),
        '-frames:v',
        String(frames),
        '-shortest',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        ...extra,
        '-f',
        'mp4',
        out,
      ]),
  });

describe('readMp4VideoSampleCount', () => {
  it('counts the video frames ffprobe counts, with sound in the file and with the index first or last', async () => {
    for (const file of [await clip(37), await clip(113, ['-movflags', '+faststart'])]) {
      expect(await readMp4VideoSampleCount({ path: file })).toBe((await videoFrameTimes(file)).length);
    }
  });

  it('finds no frames in a file without a picture, or one cut off before its index', async () => {
    const sound = await cached({
      namespace: 'mp4-count',
      name: 'tone.m4a',
      recipe: 1,
      build: (out) => ffmpeg(['-f', 'lavfi', '-i', TONE_23(1), '-c:a', 'aac', '-f', 'mp4', out]),
    });
    expect(await readMp4VideoSampleCount({ path: sound })).toBeNull();
    const cut = path.join(dir, 'cut.mp4');
    await copyFile(await clip(37), cut);
    await truncate(cut, Math.floor((await stat(cut)).size * 0.8));
    expect(await readMp4VideoSampleCount({ path: cut })).toBeNull();
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFontFile } from '../../../shared/media/index.ts';
import { formatAss } from '../../../shared/subtitles/index.ts';
import { ffmpeg } from '../../helpers/media-cache.ts';
import { regionLuma } from '../../helpers/make-render-media.ts';

/** Burns one cue with libass on black and reads where the white text landed. */
describe('burned subtitles keep the placement their author chose', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-placement-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function burn(placement: 'top' | 'bottom'): Promise<{ top: number; bottom: number }> {
    const fontFile = await findFontFile();
    const ass = path.join(dir, `${placement}.ass`);
    await writeFile(
      ass,
      formatAss({
        cues: [{ index: 1, startMs: 0, endMs: 1000, lines: ['ĐẠI HỘI LẦN THỨ I'], placement }],
        width: 320,
        height: 180,
        fontName: 'Noto Sans',
        sizePercentOfHeight: 10,
      }),
    );
    const out = path.join(dir, `${placement}.mp4`);
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=black:s=320x180:r=25:d=0.2',
      '-vf',
      `ass=${ass}:fontsdir=${path.dirname(fontFile)}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
    return {
      top: await regionLuma({ file: out, frame: 2, x: 0.1, y: 0.05, w: 0.8, h: 0.2 }),
      bottom: await regionLuma({ file: out, frame: 2, x: 0.1, y: 0.75, w: 0.8, h: 0.2 }),
    };
  }

  it('draws a top cue inside the top title-safe band and a default cue at the bottom', async () => {
    const top = await burn('top');
    expect(top.top).toBeGreaterThan(top.bottom + 3);
    const bottom = await burn('bottom');
    expect(bottom.bottom).toBeGreaterThan(bottom.top + 3);
  });
});

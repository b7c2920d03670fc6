import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFontFile, renderSegment } from '../../../shared/media/index.ts';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { measureLoudness, resolveLocal, testProfile } from '../../helpers/make-render-media.ts';
import { expectDurationsAgree, expectExactFrames, expectSync } from './checks.ts';
import { makeSyncSources, renderProgramme, syncProgramme, type RenderedProgramme, type SyncProgramme } from './sync-programme.ts';

let workDir: string;
let programme: SyncProgramme;
let review: RenderedProgramme;
let screening: RenderedProgramme;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-render-rs-'));
  programme = syncProgramme(await makeSyncSources());
  review = await renderProgramme({ programme, profile: testProfile('review'), dir: path.join(workDir, 'review'), versionNumber: 4 });
  screening = await renderProgramme({ programme, profile: testProfile('screening'), dir: path.join(workDir, 'screening') });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('review render', () => {
  it('gives every segment exactly its frames, and the joined programme their sum', async () => {
    await expectExactFrames({ rendered: review, programme });
  });

  it('delivers a faststart MP4: H.264 (Constrained) Baseline 25p, ultrafast, with AAC stereo 48 kHz, picture and sound equally long', async () => {
    const probed = await probeFile(review.finalPath);
    expect(videoStreamOf(probed)).toMatchObject({
      codec_name: 'h264',
      profile: 'Constrained Baseline',
      width: 320,
      height: 180,
      avg_frame_rate: '25/1',
      pix_fmt: 'yuv420p',
      field_order: 'progressive',
    });
    expect(audioStreamOf(probed)).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    await expectDurationsAgree({ file: review.finalPath, frames: programme.frames });
    const head = await readFile(review.finalPath);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat'));
  });

  it('keeps picture and sound in sync within one frame at every shot boundary (25p, 29.97 fps with 44.1 kHz mono, interlaced)', async () => {
    await expectSync({ file: review.finalPath, programme, leadFrames: 0 });
  });

  it('normalises the programme to −23 LUFS with the true peak under −1 dBTP, and reports the reading', async () => {
    const reading = await measureLoudness(review.finalPath);
    expect(Math.abs(reading.integrated - -23)).toBeLessThanOrEqual(0.5);
    expect(reading.truePeak).toBeLessThanOrEqual(-1);
    expect(Math.abs(review.mixed.loudness.integratedLufs - -23)).toBeLessThanOrEqual(0.5);
  });

  it('renders a segment again byte for byte', async () => {
    const spec = programme.segments.find((segment) => segment.id === 'b')!;
    const again = path.join(workDir, 'again-b.mp4');
    await renderSegment({
      spec,
      profile: testProfile('review'),
      resolveSource: resolveLocal,
      fontFile: await findFontFile(),
      versionNumber: 4,
      programmeStartFrame: 0,
      tools: TEST_TOOLS,
      outPath: again,
    });
    const first = await readFile(review.segmentPaths[programme.segments.indexOf(spec)]!);
    expect((await readFile(again)).equals(first)).toBe(true);
  });
});

describe('screening render', () => {
  it('puts 2 s of black and silence before and after the programme', async () => {
    expect(screening.layout.leadFrames).toBe(50);
    expect(screening.layout.tailFrames).toBe(50);
    await expectExactFrames({ rendered: screening, programme });
    await expectDurationsAgree({ file: screening.finalPath, frames: programme.frames + 100 });
  });

  it('keeps sync after the black head', async () => {
    await expectSync({ file: screening.finalPath, programme, leadFrames: 50 });
  });
});

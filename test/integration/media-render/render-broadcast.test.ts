import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFontFile, renderSegment, type LineUp } from '../../../shared/media/index.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { decodeAudio, regionLuma, resolveLocal, testProfile } from '../../helpers/make-render-media.ts';
import { expectDurationsAgree, expectExactFrames, expectSync } from './checks.ts';
import { makeSyncSources, renderProgramme, syncProgramme, type RenderedProgramme, type SyncProgramme } from './sync-programme.ts';

const run = promisify(execFile);

/** A short line-up for tests: 1 s bars and tone, 0.4 s slate, 0.2 s black (40 frames). */
const LINE_UP: LineUp = { barsSeconds: 1, slateSeconds: 0.4, blackSeconds: 0.2 };
const LEAD = 40;

let workDir: string;
let programme: SyncProgramme;
let mp4: RenderedProgramme;
let mxf: RenderedProgramme;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-render-bc-'));
  programme = syncProgramme(await makeSyncSources());
  mp4 = await renderProgramme({ programme, profile: testProfile('broadcast'), dir: path.join(workDir, 'mp4'), lineUp: LINE_UP });
  mxf = await renderProgramme({ programme, profile: testProfile('broadcast-mxf'), dir: path.join(workDir, 'mxf'), lineUp: LINE_UP });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function tags(file: string): Promise<string> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format_tags=timecode:stream_tags=timecode', '-of', 'json', file]);
  return stdout;
}

describe('broadcast render, H.264 in MP4', () => {
  it('codes the picture interlaced, top field first (ffprobe field order "tt")', async () => {
    const probed = await probeFile(mp4.finalPath);
    expect(videoStreamOf(probed)).toMatchObject({ codec_name: 'h264', profile: 'High', field_order: 'tt', avg_frame_rate: '25/1' });
    for (const segment of mp4.segmentPaths) expect(videoStreamOf(await probeFile(segment))?.field_order).toBe('tt');
  });

  it('gives every segment exactly its frames, and the file the line-up plus the programme', async () => {
    await expectExactFrames({ rendered: mp4, programme });
    expect(mp4.layout.totalFrames).toBe(LEAD + programme.frames);
    await expectDurationsAgree({ file: mp4.finalPath, frames: LEAD + programme.frames });
  });

  it('starts the programme at 10:00:00:00: the file timecode is 10:00:00:00 minus the line-up', async () => {
    expect(mp4.layout.fileStartTimecode).toBe('09:59:58:10');
    expect(await tags(mp4.finalPath)).toContain('09:59:58:10');
  });

  it('opens with colour bars and a 1 kHz tone at −18 dBFS, then silence under slate and black', async () => {
    const samples = await decodeAudio(mp4.finalPath);
    let energy = 0;
    for (let i = 4800; i < 43200; i++) energy += (samples[i] ?? 0) ** 2;
    const rmsDb = 10 * Math.log10(energy / (43200 - 4800));
    // −18 dBFS in the AES17 sense (a sine of peak 10^(−18/20)): its sample RMS is 3.01 dB lower.
    expect(rmsDb).toBeGreaterThan(-21.01 - 0.2);
    expect(rmsDb).toBeLessThan(-21.01 + 0.2);
    let slatePeak = 0;
    for (let i = 25 * 1920 + 2400; i < LEAD * 1920; i++) slatePeak = Math.max(slatePeak, Math.abs(samples[i] ?? 0));
    expect(slatePeak).toBeLessThan(0.001);
    // SMPTE bars: the white bar (second from the left, top two thirds) is bright.
    expect(await regionLuma({ file: mp4.finalPath, frame: 5, x: 0.15, y: 0.1, w: 0.05, h: 0.4 })).toBeGreaterThan(150);
  });

  it('keeps picture and sound in sync within one frame at every shot boundary after the line-up', async () => {
    await expectSync({ file: mp4.finalPath, programme, leadFrames: LEAD });
  });

  it('renders the interlaced source segment again byte for byte', async () => {
    const spec = programme.segments.find((segment) => segment.id === 'c')!;
    const again = path.join(workDir, 'again-c.mp4');
    await renderSegment({
      spec,
      profile: testProfile('broadcast'),
      resolveSource: resolveLocal,
      fontFile: await findFontFile(),
      versionNumber: 1,
      programmeStartFrame: 0,
      tools: TEST_TOOLS,
      outPath: again,
    });
    expect((await readFile(again)).equals(await readFile(mp4.segmentPaths[programme.segments.indexOf(spec)]!))).toBe(true);
  });
});

describe('broadcast render, XDCAM HD422 in MXF', () => {
  it('is MXF OP1a with MPEG-2 4:2:2 interlaced TFF and two mono 24-bit PCM tracks at 48 kHz', async () => {
    const probed = await probeFile(mxf.finalPath);
    expect(probed.format.format_name).toBe('mxf');
    expect(videoStreamOf(probed)).toMatchObject({ codec_name: 'mpeg2video', profile: '4:2:2', pix_fmt: 'yuv422p', field_order: 'tt' });
    const audio = probed.streams.filter((stream) => stream.codec_type === 'audio');
    expect(audio).toHaveLength(2);
    for (const track of audio) expect(track).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000', channels: 1 });
    expect(await tags(mxf.finalPath)).toContain('09:59:58:10');
  });

  it('has exactly the line-up plus the programme, sound as long as the picture', async () => {
    await expectExactFrames({ rendered: mxf, programme });
    await expectDurationsAgree({ file: mxf.finalPath, frames: LEAD + programme.frames });
  });

  it('keeps sync within one frame', async () => {
    await expectSync({ file: mxf.finalPath, programme, leadFrames: LEAD });
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioStreamOf, probeFile } from '../../helpers/ffprobe.ts';
import { makeXdcamProgramme } from '../../helpers/make-programme-media.ts';
import { openProgrammeBackend, type ProgrammeBackend } from '../../helpers/programme-version.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);

/** RMS level of each channel of a file's sound, in dB (ffmpeg's astats, not the code under test). */
async function channelLevels(file: string): Promise<number[]> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-map',
    '0:a:0',
    '-af',
    'astats=measure_overall=none:measure_perchannel=RMS_level',
    '-f',
    'null',
    '-',
  ]);
  return [...stderr.matchAll(/RMS level dB: (-?inf|-?[\d.]+)/g)].map((m) => (m[1]!.endsWith('inf') ? -Infinity : Number(m[1])));
}

/** A finished programme in XDCAM MXF: one mono track per channel, the stereo mix on tracks 1–2. */
describe('a version from file with one mono track per channel', () => {
  let programmes: ProgrammeBackend;

  beforeAll(async () => {
    programmes = await openProgrammeBackend({ prefix: 'programme-mxf' });
  });
  afterAll(async () => {
    await programmes.close();
  });

  it('joins the tracks at ingest and delivers tracks 1–2 as left and right, the M&E tracks left out', async () => {
    const { programme, version } = await programmes.ingest({ file: await makeXdcamProgramme(), originalName: 'Phóng sự.mxf', cutId: 'ban-xdcam' });
    const sound = await probeFile(await programmes.pathOf(programme.derivatives.sound!.key));
    expect(audioStreamOf(sound)?.channels).toBe(4);
    expect(version.origin).toMatchObject({ type: 'file', audioLayout: 'stereo' });
    expect(version.durationFrames).toBe(100);

    const { render, file } = await programmes.render({ version, profile: testProfile('web') });
    expect(render.status).toBe('done');
    const [left, right] = await channelLevels(file);
    // Left: the tone of track 1. Right: track 2's silence — not track 1 again (a mono file's habit), not the noise of 3–4.
    expect(left).toBeGreaterThan(-30);
    expect(right).toBeLessThan(-80);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { describeToolchain, findFontFile } from '../../../shared/media/index.ts';
import { renderVersion } from '../../../shared/render/index.ts';
import { audioStreamOf, probeFile } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { makeXdcamProgramme } from '../../helpers/make-programme-media.ts';
import { ingestProgrammeVersion, programmeDeps } from '../../helpers/programme-version.ts';
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
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-programme-mxf-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('joins the tracks at ingest and delivers tracks 1–2 as left and right, the M&E tracks left out', async () => {
    const fontFile = await findFontFile();
    const deps = programmeDeps({ backend, dir, fontFile });
    const { programme, version } = await ingestProgrammeVersion({ deps, file: await makeXdcamProgramme(), originalName: 'Phóng sự.mxf', cutId: 'ban-xdcam' });
    const sound = await probeFile((await backend.blobs.locate({ key: programme.derivatives.sound!.key })).path!);
    expect(audioStreamOf(sound)?.channels).toBe(4);
    expect(version.origin).toMatchObject({ type: 'file', audioLayout: 'stereo' });
    expect(version.durationFrames).toBe(100);

    const render = await renderVersion({ deps, version, profile: testProfile('web'), toolchain: await describeToolchain({ tools: TEST_TOOLS, fontFile }) });
    expect(render.status).toBe('done');
    const file = (await backend.blobs.locate({ key: render.files.find((f) => f.role === 'programme')!.key })).path!;
    const [left, right] = await channelLevels(file);
    // Left: the tone of track 1. Right: track 2's silence — not track 1 again (a mono file's habit), not the noise of 3–4.
    expect(left).toBeGreaterThan(-30);
    expect(right).toBeLessThan(-80);
  });
});

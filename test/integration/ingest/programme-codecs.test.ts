import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { createProject } from '../../../shared/domain/index.ts';
import { describeToolchain, findFontFile } from '../../../shared/media/index.ts';
import { renderVersion } from '../../../shared/render/index.ts';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { makeStudioMaster } from '../../helpers/make-programme-media.ts';
import { measureLoudness, testProfile } from '../../helpers/make-render-media.ts';
import { ingestProgrammeVersion, programmeDeps } from '../../helpers/programme-version.ts';

/**
 * Finished programmes in the edit suites' own mezzanine formats — ProRes 422 HQ in QuickTime,
 * DNxHR in MXF — are taken in as versions and conformed by a delivery profile like any other.
 */
describe('versions from ProRes and DNxHR masters', () => {
  let dir: string;
  let backend: ReturnType<typeof createLocalBackend>;
  let deps: ReturnType<typeof programmeDeps>;
  let fontFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-programme-codecs-'));
    backend = createLocalBackend({ dataDir: dir, maxAttempts: 1 });
    await backend.store.projects.create({ project: createProject({ now: new Date() }) });
    fontFile = await findFontFile();
    deps = programmeDeps({ backend, dir, fontFile });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [codec, name, probed] of [
    ['prores', 'Phóng sự - ProRes 422 HQ.mov', { codec_name: 'prores', pix_fmt: 'yuv422p10le' }],
    ['dnxhr', 'Phóng sự - DNxHR.mxf', { codec_name: 'dnxhd', pix_fmt: 'yuv422p' }],
  ] as const) {
    it(`takes a ${codec} master in and delivers it as web H.264, 8-bit 4:2:0, 100 frames, −16 LUFS`, async () => {
      const file = await makeStudioMaster({ codec });
      expect(videoStreamOf(await probeFile(file))).toMatchObject(probed);
      const { programme, version } = await ingestProgrammeVersion({ deps, file, originalName: name, cutId: `ban-${codec}` });
      expect(programme.probe?.video?.codec).toBe(probed.codec_name);
      expect(version).toMatchObject({ number: 1, durationFrames: 100, origin: { type: 'file' } });

      const profile = testProfile('web');
      const render = await renderVersion({ deps, version, profile, toolchain: await describeToolchain({ tools: TEST_TOOLS, fontFile }) });
      expect(render.status).toBe('done');
      const output = (await backend.blobs.locate({ key: render.files.find((f) => f.role === 'programme')!.key })).path!;
      const delivered = await probeFile(output);
      expect(videoStreamOf(delivered)).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 320, height: 180, r_frame_rate: '25/1' });
      expect(Number(videoStreamOf(delivered)!.nb_frames)).toBe(100);
      expect(audioStreamOf(delivered)).toMatchObject({ codec_name: 'aac', channels: 2 });
      expect(Math.abs((await measureLoudness(output)).integrated - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
    }, 120_000);
  }
});

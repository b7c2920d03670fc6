import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioStreamOf, probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { makeStudioMaster } from '../../helpers/make-programme-media.ts';
import { measureLoudness, testProfile } from '../../helpers/make-render-media.ts';
import { openProgrammeBackend, type ProgrammeBackend } from '../../helpers/programme-version.ts';

/**
 * Finished programmes in the edit suites' own mezzanine formats — ProRes 422 HQ in QuickTime,
 * DNxHR in MXF — are taken in as versions and conformed by a delivery profile like any other.
 */
describe('versions from ProRes and DNxHR masters', () => {
  let programmes: ProgrammeBackend;

  beforeAll(async () => {
    programmes = await openProgrammeBackend({ prefix: 'programme-codecs' });
  });
  afterAll(async () => {
    await programmes.close();
  });

  for (const [codec, name, probed] of [
    ['prores', 'Phóng sự - ProRes 422 HQ.mov', { codec_name: 'prores', pix_fmt: 'yuv422p10le' }],
    ['dnxhr', 'Phóng sự - DNxHR.mxf', { codec_name: 'dnxhd', pix_fmt: 'yuv422p' }],
  ] as const) {
    it(`takes a ${codec} master in and delivers it as web H.264, 8-bit 4:2:0, 100 frames, −16 LUFS`, async () => {
      const file = await makeStudioMaster({ codec });
      expect(videoStreamOf(await probeFile(file))).toMatchObject(probed);
      const { programme, version } = await programmes.ingest({ file, originalName: name, cutId: `ban-${codec}` });
      expect(programme.probe?.video?.codec).toBe(probed.codec_name);
      expect(version).toMatchObject({ number: 1, durationFrames: 100, origin: { type: 'file' } });

      const profile = testProfile('web');
      const { render, file: output } = await programmes.render({ version, profile });
      expect(render.status).toBe('done');
      const delivered = await probeFile(output);
      expect(videoStreamOf(delivered)).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 320, height: 180, r_frame_rate: '25/1' });
      expect(Number(videoStreamOf(delivered)!.nb_frames)).toBe(100);
      expect(audioStreamOf(delivered)).toMatchObject({ codec_name: 'aac', channels: 2 });
      expect(Math.abs((await measureLoudness(output)).integrated - profile.loudness.integratedLufs)).toBeLessThanOrEqual(0.5);
    }, 120_000);
  }
});

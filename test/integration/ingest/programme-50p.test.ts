import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryProfile } from '../../../shared/domain/delivery-profiles.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';
import { makeProgramme50p } from '../../helpers/make-programme-media.ts';
import { openProgrammeBackend, type ProgrammeBackend } from '../../helpers/programme-version.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

const run = promisify(execFile);

/** The mean luma of every picture ffmpeg decodes from `file` — with `fields`, of every field, in the order it shows them. */
async function lumaLevels({ file, fields }: { file: string; fields: boolean }): Promise<number[]> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-map',
    '0:v:0',
    '-vf',
    `${fields ? 'separatefields,' : ''}signalstats,metadata=print:key=lavfi.signalstats.YAVG`,
    '-f',
    'null',
    '-',
  ]);
  return [...stderr.matchAll(/lavfi\.signalstats\.YAVG=([\d.]+)/g)].map((m) => Number(m[1]));
}

/**
 * A 50p master from a partner studio (here 320×180, 2 s, each picture a grey level of its own):
 * broadcast 50i keeps every picture, one per field, and the progressive profiles every other one.
 */
describe('a version from file at 50p', () => {
  let programmes: ProgrammeBackend;
  let version: Awaited<ReturnType<ProgrammeBackend['ingest']>>['version'];
  const render = async (profile: DeliveryProfile) => (await programmes.render({ version, profile })).file;

  beforeAll(async () => {
    programmes = await openProgrammeBackend({ prefix: 'programme-50p' });
    ({ version } = await programmes.ingest({ file: await makeProgramme50p(), originalName: 'Bản tin 50p.mov', cutId: 'ban-50p' }));
  }, 120_000);
  afterAll(async () => {
    await programmes.close();
  });

  it('says what each profile does with the 50 pictures a second', () => {
    expect(version.durationFrames).toBe(50);
    const warning = version.origin?.type === 'file' ? version.origin.warnings.find((w) => w.code === 'PROGRAMME_FRAME_RATE_CONVERTED') : undefined;
    expect(warning?.messageVi).toContain('bản phát sóng 50i giữ đủ mọi hình');
  });

  it('keeps every picture in broadcast 50i: the two fields of a frame are two successive pictures', async () => {
    const base = testProfile('broadcast');
    const file = await render({ ...base, extras: { ...base.extras, lineUp: { barsSeconds: 1, slateSeconds: 1, blackSeconds: 1 } } });
    const video = videoStreamOf(await probeFile(file))!;
    expect(video).toMatchObject({ r_frame_rate: '25/1', field_order: 'tt' });
    // The programme's 50 frames after the 75 of the line-up: 100 fields, picture 2n on top, 2n + 1 below.
    const fields = (await lumaLevels({ file, fields: true })).slice(-100);
    expect(fields).toHaveLength(100);
    for (let picture = 0; picture < 100; picture++) expect(fields[picture]!).toBeCloseTo(16 + 4 * (picture % 50), -0.5);
  }, 120_000);

  it('keeps every other picture in the progressive profiles', async () => {
    const levels = await lumaLevels({ file: await render(testProfile('web')), fields: false });
    expect(levels).toHaveLength(50);
    for (let frame = 0; frame < 50; frame++) expect(levels[frame]!).toBeCloseTo(16 + 4 * ((2 * frame) % 50), -0.5);
  }, 120_000);
});

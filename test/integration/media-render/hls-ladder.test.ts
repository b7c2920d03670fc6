import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCleanOutputArgs,
  buildKeyframeGridArgs,
  buildVideoEncoderArgs,
  makeHlsLadder,
  readHlsRung,
  type LadderProfile,
} from '../../../shared/media/index.ts';
import { ladderCheck } from '../../../shared/delivery/qc/ladder-check.ts';
import { TEST_TOOLS } from '../../helpers/make-media.ts';
import { TONE_23, ffmpeg } from '../../helpers/media-cache.ts';
import { testProfile } from '../../helpers/make-render-media.ts';

/**
 * `makeHlsLadder` on its own, from a 5-second master made here as the stream profile makes one
 * (320×180, its encoder settings, a keyframe every 50 frames for 2 s segments): the same bytes
 * when made twice, and a master without keyframes on the grid shows in the reading.
 */
const base = testProfile('stream');
const profile: LadderProfile = { ...base, ladder: { ...base.ladder!, segmentSeconds: 2 } };

async function makeMaster({ out, grid }: { out: string; grid: boolean }): Promise<string> {
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=320x180:r=25:d=5',
    '-f',
    'lavfi',
    '-i',
    TONE_23(5),
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    // Without the grid: keyframes every 4 s only (GOP 100), so a 2 s boundary falls mid-GOP.
    ...buildVideoEncoderArgs({ video: grid ? profile.video : { ...profile.video, gopFrames: 100 } }),
    ...(grid ? buildKeyframeGridArgs({ startFrame: 0, everyFrames: 50 }) : []),
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    ...buildCleanOutputArgs(),
    '-f',
    'mp4',
    out,
  ]);
  return out;
}

describe('makeHlsLadder', () => {
  let dir: string;
  let master: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-hls-'));
    master = await makeMaster({ out: path.join(dir, 'master.mp4'), grid: true });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the same files, byte for byte, when run twice on the same master', async () => {
    const digests = async (outDir: string) => {
      const ladder = await makeHlsLadder({ master: { url: master, protocols: 'file' }, profile, outDir, tools: TEST_TOOLS });
      return Promise.all(
        ladder.files.map(async (file) => [
          file.name,
          createHash('sha256')
            .update(await readFile(file.path))
            .digest('hex'),
        ]),
      );
    };
    const first = await digests(path.join(dir, 'a'));
    expect(first.map(([name]) => name)).toContain('360p/seg-00002.ts');
    expect(first).toHaveLength(1 + 4 * (1 + 3));
    expect(await digests(path.join(dir, 'b'))).toEqual(first);
  });

  it('reads back a copied rung whose master has no keyframe on the boundary, and QC fails that ladder', async () => {
    const offGrid = await makeMaster({ out: path.join(dir, 'off-grid.mp4'), grid: false });
    const ladder = await makeHlsLadder({ master: { url: offGrid, protocols: 'file' }, profile, outDir: path.join(dir, 'off'), tools: TEST_TOOLS });
    const top = ladder.reading.rungs[0]!;
    const lower = await readHlsRung({ dir: path.join(dir, 'off'), name: ladder.reading.rungs[1]!.name, tools: TEST_TOOLS });
    // The copied rung can only cut at the master's keyframes (0 and 4 s); the encoded one cuts every 2 s.
    expect(top.segments.map((s) => s.durationSeconds)).toEqual([4, 1]);
    expect(lower.segments.map((s) => s.durationSeconds)).toEqual([2, 2, 1]);
    expect(top.segments.every((s) => s.startsWithKeyframe)).toBe(true);
    const judged = ladderCheck({ ladder: ladder.reading, programmeFrames: 125, fps: 25 });
    expect(judged.status).toBe('fail');
    expect(judged.details.summary.en).toContain(`${top.name}: 1 segment(s) longer than 2 s (seg-00000.ts: 4.000 s)`);
    expect(judged.details.summary.en).toContain(`${lower.name}: segment boundaries differ from ${top.name}`);
  });
});

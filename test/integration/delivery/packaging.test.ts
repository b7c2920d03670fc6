import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQcReport, checksumFile, qcThumbnailTimes, renderQcHtml, writeChecksumFiles } from '../../../shared/delivery/index.ts';
import { analyseAudio, analysePicture, decodeTest, extractThumbnails, probeConformance } from '../../../shared/media/index.ts';
import { TEST_TOOLS, localSource } from '../../helpers/make-media.ts';
import { QC_TEST_PROFILE, makeQcBlackClip, makeQcCleanClip } from '../../helpers/make-qc-media.ts';

const run = promisify(execFile);
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'reportage-package-'));
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('checksums', () => {
  it('streams SHA-256 and MD5 that match sha256sum and md5sum', async () => {
    const file = await makeQcCleanClip();
    const sums = await checksumFile({ path: file });
    const [{ stdout: sha }, { stdout: md5 }] = await Promise.all([run('sha256sum', [file]), run('md5sum', [file])]);
    expect(sums).toEqual({ sha256: sha.split(' ')[0], md5: md5.split(' ')[0], sizeBytes: (await stat(file)).size });
  });

  it('writes SHA256SUMS and MD5SUMS that the real sha256sum -c and md5sum -c verify', async () => {
    const master = path.join(outDir, 'Phóng sự đại hội v3.mp4');
    await writeFile(master, await readFile(await makeQcCleanClip()));
    await writeFile(path.join(outDir, 'phu-de.srt'), '1\n00:00:01,000 --> 00:00:03,000\nXin chào Hải Phòng\n', 'utf8');
    const { entries } = await writeChecksumFiles({ files: [{ path: master }, { path: path.join(outDir, 'phu-de.srt') }], outDir });
    expect(entries.map((entry) => entry.name)).toEqual(['Phóng sự đại hội v3.mp4', 'phu-de.srt']);

    const sha = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: outDir });
    expect(sha.stdout).toBe('Phóng sự đại hội v3.mp4: OK\nphu-de.srt: OK\n');
    const md5 = await run('md5sum', ['-c', '--strict', 'MD5SUMS'], { cwd: outDir });
    expect(md5.stdout).toBe('Phóng sự đại hội v3.mp4: OK\nphu-de.srt: OK\n');

    // A changed file no longer verifies.
    await writeFile(path.join(outDir, 'phu-de.srt'), 'changed', 'utf8');
    await expect(run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: outDir })).rejects.toMatchObject({ stdout: expect.stringContaining('phu-de.srt: FAILED') });
  });
});

describe('QC report files', () => {
  it('writes an HTML report whose thumbnails at flagged timecodes exist beside it', async () => {
    const file = await makeQcBlackClip();
    const source = localSource(file);
    const [conformance, picture, audio, decode] = await Promise.all([
      probeConformance({ source, tools: TEST_TOOLS, profile: QC_TEST_PROFILE }),
      analysePicture({ source, tools: TEST_TOOLS }),
      analyseAudio({ source, tools: TEST_TOOLS }),
      decodeTest({ source, tools: TEST_TOOLS }),
    ]);
    const report = buildQcReport({
      file: { name: 'black.mp4' },
      profile: QC_TEST_PROFILE,
      conformance,
      durations: {
        programmeFrames: picture.frames,
        videoSeconds: conformance.readings.videoSeconds,
        audioSeconds: conformance.readings.audioSeconds,
        limits: { minFrames: 0, maxFrames: 1000 },
      },
      picture,
      audio,
      decode,
      subtitleViolations: [],
    });
    const qcDir = path.join(outDir, 'qc');
    const wanted = qcThumbnailTimes({ report });
    expect(wanted).toEqual([{ frame: 50, seconds: 2 }]);
    const thumbs = await extractThumbnails({ source, timesSeconds: wanted.map((t) => t.seconds), outDir: path.join(qcDir, 'thumbs'), tools: TEST_TOOLS });
    expect(thumbs).toHaveLength(1);
    const html = renderQcHtml({
      report,
      thumbnails: thumbs.map((thumb, index) => ({ frame: wanted[index]!.frame, path: path.relative(qcDir, thumb.path) })),
    });
    await writeFile(path.join(qcDir, 'report.html'), html, 'utf8');

    expect(html).toContain('src="thumbs/thumb-000002000ms.jpg"');
    expect(await readdir(path.join(qcDir, 'thumbs'))).toEqual(['thumb-000002000ms.jpg']);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'csv=p=0',
      path.join(qcDir, 'thumbs', 'thumb-000002000ms.jpg'),
    ]);
    expect(stdout.trim()).toBe('mjpeg,320,180');
  });
});

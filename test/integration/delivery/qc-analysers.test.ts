import { describe, expect, it } from 'vitest';
import { buildQcReport, type QcCheckId, type QcReport } from '../../../shared/delivery/index.ts';
import {
  MediaAnalysisError,
  analyseAudio,
  analysePicture,
  decodeTest,
  mergePictureAnalyses,
  offsetPictureAnalysis,
  probeConformance,
  type PictureAnalysis,
} from '../../../shared/media/index.ts';
import { TEST_TOOLS, localSource, makeSilentClip, makeTruncatedMp4 } from '../../helpers/make-media.ts';
import {
  BLACK_SPAN,
  FREEZE_SPAN,
  QC_TEST_PROFILE,
  makeQcBlackClip,
  makeQcCleanClip,
  makeQcFrozenClip,
  makeQcInterlacedClip,
  makeQcSegmentPair,
  makeQcSilenceClip,
  makeQcStrobeClip,
  makeQcTone,
  makeQcTruncatedClip,
  makeQcWrongRateClip,
} from '../../helpers/make-qc-media.ts';
import { probeFile, videoStreamOf } from '../../helpers/ffprobe.ts';

const tools = TEST_TOOLS;

/** The whole QC of one test clip, as a render would run it, with the programme at 10:00:00:00. */
async function qcOf(file: string): Promise<QcReport> {
  const source = localSource(file);
  const [conformance, picture, audio, decode] = await Promise.all([
    probeConformance({ source, tools, profile: QC_TEST_PROFILE }),
    analysePicture({ source, tools }),
    analyseAudio({ source, tools }),
    decodeTest({ source, tools }),
  ]);
  return buildQcReport({
    file: { name: 'clip.mp4' },
    profile: QC_TEST_PROFILE,
    conformance,
    durations: {
      programmeFrames: picture.frames,
      videoSeconds: conformance.readings.videoSeconds,
      audioSeconds: conformance.readings.audioSeconds,
      limits: { minFrames: 25, maxFrames: 25 * 60 },
    },
    picture,
    audio,
    decode,
    subtitleViolations: [],
  });
}

const checkOf = (report: QcReport, id: QcCheckId) => report.checks.find((check) => check.id === id)!;

describe('QC on real files (ffmpeg 5.1)', () => {
  it('passes a clean clip made with the profile settings: every check', async () => {
    const report = await qcOf(await makeQcCleanClip());
    expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    expect(report.status).toBe('pass');
    expect(report.loudness.measured!.integratedLufs).toBeCloseTo(-23, 0);
    expect(report.loudness.shortTerm.length).toBeGreaterThanOrEqual(5);
  });

  it('flags 3 s of black inside the clip with its timecodes', async () => {
    const report = await qcOf(await makeQcBlackClip());
    const black = checkOf(report, 'black');
    expect(black.status).toBe('fail');
    expect(black.details.spans).toEqual([
      { startFrame: BLACK_SPAN.start, endFrame: BLACK_SPAN.end, frames: 75, seconds: 3, startTimecode: '10:00:02:00', endTimecode: '10:00:05:00' },
    ]);
    expect(checkOf(report, 'freeze').status).toBe('pass');
    expect(report.status).toBe('fail');
  });

  it('flags 3 s of silence with its timecodes', async () => {
    const report = await qcOf(await makeQcSilenceClip());
    const silence = checkOf(report, 'silence');
    expect(silence.status).toBe('fail');
    expect(silence.details.spans).toHaveLength(1);
    expect(silence.details.spans[0]!.startTimecode).toBe('10:00:03:00');
    expect(silence.details.spans[0]!.seconds).toBeCloseTo(3, 1);
    expect(checkOf(report, 'black').status).toBe('pass');
  });

  it('flags a picture frozen for 3 s', async () => {
    const report = await qcOf(await makeQcFrozenClip());
    const freeze = checkOf(report, 'freeze');
    expect(freeze.status).toBe('warn');
    expect(freeze.details.spans).toHaveLength(1);
    const [span] = freeze.details.spans;
    expect(Math.abs(span!.startFrame - FREEZE_SPAN.start)).toBeLessThanOrEqual(1);
    expect(span!.seconds).toBeGreaterThanOrEqual(2.9);
    expect(checkOf(report, 'black').status).toBe('pass');
  });

  it('flags a 5 flashes-a-second strobe as a possible photosensitivity risk', async () => {
    const report = await qcOf(await makeQcStrobeClip());
    const flashes = checkOf(report, 'flashes');
    expect(flashes.status).toBe('warn');
    expect(flashes.details.values.maxFlashesPerSecond).toBe(5);
    expect(flashes.details.spans[0]!.startTimecode).toBe('10:00:00:02');
  });

  it('measures a −23 dBFS 1 kHz stereo sine at −23.0 LUFS ± 0.1 (EBU Tech 3341, case 1)', async () => {
    const { loudness, silence } = await analyseAudio({ source: localSource(await makeQcTone()), tools });
    expect(Math.abs(loudness.integratedLufs - -23)).toBeLessThanOrEqual(0.1);
    expect(loudness.loudnessRangeLu).toBeLessThan(1);
    expect(loudness.truePeakDbtp).toBeCloseTo(-23, 0);
    expect(silence).toEqual([]);
  });

  it('fails the decode test of a truncated file, listing the errors without its path', async () => {
    const file = await makeQcTruncatedClip();
    const result = await decodeTest({ source: localSource(file), tools });
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join('\n')).toMatch(/partial file|Invalid NAL|Invalid data/);
    expect(result.errors.join('\n')).not.toContain(file);
    expect(await decodeTest({ source: localSource(await makeQcCleanClip()), tools })).toEqual({ ok: true, errors: [], errorCount: 0, decodedSeconds: 8 });
  });

  it('fails the decode test of a file whose index is missing, which ffmpeg cannot open at all', async () => {
    const result = await decodeTest({ source: localSource(await makeTruncatedMp4()), tools });
    expect(result).toMatchObject({ ok: false, decodedSeconds: null });
    expect(result.errors.join('\n')).toMatch(/moov atom not found/);
  });

  it('says plainly that a file without sound has no loudness to measure', async () => {
    await expect(analyseAudio({ source: localSource(await makeSilentClip()), tools })).rejects.toThrow(MediaAnalysisError);
  });

  it('passes conformance for a file made with the profile settings, cross-checked with MediaInfo', async () => {
    const result = await probeConformance({ source: localSource(await makeQcCleanClip()), tools, profile: QC_TEST_PROFILE });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.mediainfo.available).toBe(true);
    expect(result.checks.every((check) => check.agrees === true)).toBe(true);
    expect(result.readings).toMatchObject({ videoFrames: 200, videoSeconds: 8, audioSeconds: 8 });
  });

  it('fails conformance naming the frame rate for a 30 fps file', async () => {
    const file = await makeQcWrongRateClip();
    expect(videoStreamOf(await probeFile(file))!.avg_frame_rate).toBe('30/1');
    const result = await probeConformance({ source: localSource(file), tools, profile: QC_TEST_PROFILE });
    expect(result.checks.filter((check) => !check.ok)).toEqual([expect.objectContaining({ check: 'frame-rate', expected: '25', found: '30' })]);
    const report = buildQcReport({
      file: { name: 'clip.mp4' },
      profile: QC_TEST_PROFILE,
      conformance: result,
      durations: { programmeFrames: 100, videoSeconds: 4, audioSeconds: 4, limits: { minFrames: 0, maxFrames: 1000 } },
      picture: { fps: 25, startFrame: 0, frames: 100, black: [], freeze: [], flashes: [], flashRisk: [], luma: [] },
      audio: null,
      decode: { ok: true, errors: [], errorCount: 0, decodedSeconds: 4 },
      subtitleViolations: [],
    });
    expect(checkOf(report, 'conformance').details.summary.en).toBe('Does not conform: Frame rate (expected 25, found 30).');
  });

  it('reads top-field-first interlacing as `tt` for an interlaced profile', async () => {
    const profile = { ...QC_TEST_PROFILE, video: { ...QC_TEST_PROFILE.video, scan: 'interlaced-tff' as const } };
    const result = await probeConformance({ source: localSource(await makeQcInterlacedClip()), tools, profile, mediainfoPath: null });
    expect(result.checks.find((check) => check.check === 'field-order')).toMatchObject({ expected: 'tt', found: 'tt', ok: true, mediainfo: null });
    expect(result.mediainfo).toEqual({ available: false, version: null, note: 'MediaInfo cross-check turned off' });
  });

  it('joins per-segment analyses: 1.5 s of black ending one segment and 1 s starting the next is one flagged 2.5 s run', async () => {
    const { first, second } = await makeQcSegmentPair();
    const parts: PictureAnalysis[] = [
      await analysePicture({ source: localSource(first), tools }),
      await analysePicture({ source: localSource(second), tools }),
    ];
    expect(parts[0]!.black).toEqual([{ start: 62, end: 100 }]);
    expect(parts[1]!.black).toEqual([{ start: 0, end: 25 }]);
    // Neither segment alone has 2 s of black …
    for (const part of parts) expect(part.black.every((span) => span.end - span.start < 50)).toBe(true);
    // … the programme has.
    const programme = mergePictureAnalyses({ parts: [parts[0]!, offsetPictureAnalysis({ analysis: parts[1]!, startFrame: parts[0]!.frames })] });
    expect(programme.black).toEqual([{ start: 62, end: 125 }]);
    const report = buildQcReport({
      file: { name: 'programme.mp4' },
      profile: QC_TEST_PROFILE,
      conformance: await probeConformance({ source: localSource(first), tools, profile: QC_TEST_PROFILE, mediainfoPath: null }),
      durations: { programmeFrames: programme.frames, videoSeconds: 8, audioSeconds: 8, limits: { minFrames: 0, maxFrames: 1000 } },
      picture: programme,
      audio: null,
      decode: { ok: true, errors: [], errorCount: 0, decodedSeconds: 8 },
      subtitleViolations: [],
    });
    expect(checkOf(report, 'black').details.spans).toEqual([
      { startFrame: 62, endFrame: 125, frames: 63, seconds: 2.52, startTimecode: '10:00:02:12', endTimecode: '10:00:05:00' },
    ]);
  });
});

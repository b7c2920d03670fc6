import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILES,
  QcReportSchema,
  qcThumbnailTimes,
  summariseQcReport,
  worstStatus,
  type QcCheckId,
  type QcReport,
} from '../../../shared/delivery/index.ts';
import { TimecodeError } from '../../../shared/domain/timecode.ts';
import { DECODE_OK, FRAMES, cleanAudio, cleanPicture, passingConformance, report } from './qc-inputs.ts';

const checkOf = (built: QcReport, id: QcCheckId) => built.checks.find((check) => check.id === id)!;

describe('buildQcReport', () => {
  it('passes a clean master, every check listed once, and validates against its schema', () => {
    const built = report();
    expect(built.status).toBe('pass');
    expect(built.checks.map((check) => [check.id, check.status])).toEqual([
      ['decode', 'pass'],
      ['conformance', 'pass'],
      ['programme-length', 'pass'],
      ['av-duration', 'pass'],
      ['loudness', 'pass'],
      ['black', 'pass'],
      ['silence', 'pass'],
      ['freeze', 'pass'],
      ['flashes', 'pass'],
      ['subtitles', 'pass'],
    ]);
    expect(QcReportSchema.parse(JSON.parse(JSON.stringify(built)))).toEqual(built);
    expect(built.programme).toEqual({ startFrame: 0, frames: FRAMES, startTimecode: '10:00:00:00', endTimecode: '10:13:00:00' });
    expect(built.profile.settings.map((s) => s.value)).toContain('10:00:00:00');
  });

  it('lists a 3 s black run with timecodes from 10:00:00:00 and fails', () => {
    const built = report({ picture: { ...cleanPicture(), black: [{ start: 50, end: 125 }], freeze: [{ start: 50, end: 125 }] } });
    const black = checkOf(built, 'black');
    expect(black.status).toBe('fail');
    expect(black.details.spans).toEqual([{ startFrame: 50, endFrame: 125, frames: 75, seconds: 3, startTimecode: '10:00:02:00', endTimecode: '10:00:05:00' }]);
    expect(black.details.table!.rows).toEqual([{ cells: ['10:00:02:00', '10:00:05:00', '3.00 s'], frame: 50 }]);
    // The same frames are frozen, but black is not reported twice.
    expect(checkOf(built, 'freeze').status).toBe('pass');
    expect(built.status).toBe('fail');
    expect(built.flagged).toEqual([{ frame: 50, timecode: '10:00:02:00', check: 'black' }]);
    expect(qcThumbnailTimes({ report: built })).toEqual([{ frame: 50, seconds: 2 }]);
    expect(summariseQcReport({ report: built })).toMatchObject({ status: 'fail', failed: ['black'], warned: [] });
  });

  it('flags runs of 2 s and more (50 frames), not 49 frames', () => {
    const black = (end: number) => checkOf(report({ picture: { ...cleanPicture(), black: [{ start: 1000, end }] } }), 'black').status;
    expect(black(1049)).toBe('pass');
    expect(black(1050)).toBe('fail');
  });

  it('ignores the line-up and black head before the programme, and counts timecode so the programme starts at 10:00:00:00', () => {
    const built = report({
      programmeStartFrame: 750,
      durations: { programmeFrames: FRAMES, videoSeconds: 810, audioSeconds: 810, limits: { minFrames: 18_000, maxFrames: 22_500 } },
      picture: {
        ...cleanPicture({ frames: FRAMES + 750 }),
        black: [
          { start: 500, end: 760 },
          { start: 5000, end: 5100 },
        ],
        freeze: [{ start: 0, end: 500 }],
      },
      audio: { ...cleanAudio(), silence: [{ start: 0, end: 750 }] },
    });
    expect(built.startTimecode).toBe('09:59:30:00');
    expect(built.programme.startTimecode).toBe('10:00:00:00');
    expect(checkOf(built, 'black').details.spans.map((s) => s.startTimecode)).toEqual(['10:02:50:00']);
    expect(checkOf(built, 'silence').status).toBe('pass');
    expect(checkOf(built, 'freeze').status).toBe('pass');
  });

  it("uses the file's own start timecode when the probe found one", () => {
    const conformance = passingConformance();
    conformance.readings.startTimecode = '09:59:00:00';
    const built = report({ conformance, picture: { ...cleanPicture(), black: [{ start: 1500, end: 1600 }] } });
    expect(checkOf(built, 'black').details.spans[0]!.startTimecode).toBe('10:00:00:00');
  });

  it('ignores a file timecode that is not 25 fps timecode, and refuses a wrong one given by the caller', () => {
    const conformance = passingConformance();
    conformance.readings.startTimecode = '01:00:00;00';
    expect(report({ conformance }).startTimecode).toBe('10:00:00:00');
    expect(() => report({ startTimecode: '10:00:00:25' })).toThrow(TimecodeError);
  });

  it('lists silence as a failure and a frozen picture (not black) as a warning', () => {
    const built = report({
      audio: { ...cleanAudio(), silence: [{ start: 75, end: 150 }] },
      picture: { ...cleanPicture(), freeze: [{ start: 2000, end: 2100 }] },
    });
    expect(checkOf(built, 'silence')).toMatchObject({ status: 'fail', details: { spans: [{ startTimecode: '10:00:03:00', endTimecode: '10:00:06:00' }] } });
    expect(checkOf(built, 'freeze')).toMatchObject({ status: 'warn', details: { spans: [{ startTimecode: '10:01:20:00', seconds: 4 }] } });
  });

  it('warns of more than 3 flashes a second and says it is a screening aid', () => {
    const built = report({
      picture: {
        ...cleanPicture(),
        flashRisk: [{ start: 250, end: 300, maxFlashesPerSecond: 5 }],
        flashes: [250, 255, 260, 265, 270].map((frame) => ({ frame, endFrame: frame + 2, kind: 'bright' as const, change: 0.8 })),
      },
    });
    const flashes = checkOf(built, 'flashes');
    expect(flashes.status).toBe('warn');
    expect(flashes.details.table!.rows[0]!.cells).toEqual(['10:00:10:00', '10:00:12:00', '2.00 s', '5']);
    expect(flashes.details.summary.en).toMatch(/not a certified Harding test/);
    expect(built.status).toBe('warn');
  });

  it('checks integrated loudness within the tolerance and true peak under the ceiling', () => {
    const loudness = (integratedLufs: number, truePeakDbtp: number) =>
      checkOf(report({ audio: { ...cleanAudio(), loudness: { integratedLufs, loudnessRangeLu: 5, truePeakDbtp } } }), 'loudness');
    expect(loudness(-23.5, -1).status).toBe('pass');
    expect(loudness(-22.5, -1.5).status).toBe('pass');
    expect(loudness(-22.4, -3).status).toBe('fail');
    expect(loudness(-23, -0.9).status).toBe('fail');
    expect(loudness(-22.4, -3).details.summary.en).toMatch(/^Integrated -22.4 LUFS is outside -23.0 ± 0.5 /);
    expect(loudness(-22.4, -3).details.summary.vi).toMatch(/-22,4 LUFS/);
  });

  it('fails a file without sound on loudness and durations', () => {
    const built = report({
      audio: null,
      durations: { programmeFrames: FRAMES, videoSeconds: 780, audioSeconds: null, limits: { minFrames: 0, maxFrames: 99_999 } },
    });
    expect(checkOf(built, 'loudness').status).toBe('fail');
    expect(checkOf(built, 'av-duration').status).toBe('fail');
    expect(built.loudness.measured).toBeNull();
  });

  it('allows audio and video durations one frame apart, not more', () => {
    const av = (audioSeconds: number) =>
      checkOf(report({ durations: { programmeFrames: FRAMES, videoSeconds: 780, audioSeconds, limits: { minFrames: 0, maxFrames: 99_999 } } }), 'av-duration');
    expect(av(780.04).status).toBe('pass');
    expect(av(779.96).status).toBe('pass');
    expect(av(780.05)).toMatchObject({ status: 'fail', details: { values: { differenceFrames: 1.25 } } });
  });

  it('checks the programme length against the limits, as a failure, a warning or not at all', () => {
    const length = (lengthCheck: 'fail' | 'warn' | 'off', programmeFrames: number) =>
      checkOf(
        report({ lengthCheck, durations: { programmeFrames, videoSeconds: 780, audioSeconds: 780, limits: { minFrames: 18_000, maxFrames: 22_500 } } }),
        'programme-length',
      );
    expect(length('fail', 22_500).status).toBe('pass');
    expect(length('fail', 22_501)).toMatchObject({ status: 'fail', details: { summary: { en: 'Length 00:15:00:01 is outside 00:12:00:00–00:15:00:00.' } } });
    expect(length('warn', 1_500).status).toBe('warn');
    expect(length('off', 1_500).status).toBe('pass');
  });

  it('fails on decode errors and lists them', () => {
    const decode = { ok: false, errors: ['[h264 @ 0x1] [error] Invalid NAL unit size (2883 > 1470).'], errorCount: 7, decodedSeconds: 4.8 };
    const built = report({ decode });
    expect(checkOf(built, 'decode')).toMatchObject({ status: 'fail', details: { values: { errorCount: 7 } } });
    expect(checkOf(built, 'decode').details.table!.rows[0]!.cells[0]).toMatch(/Invalid NAL unit size/);
  });

  it('fails conformance naming the field, and only warns when MediaInfo disagrees', () => {
    const wrongRate = passingConformance();
    wrongRate.checks[1] = { ...wrongRate.checks[1]!, found: '30', ok: false, mediainfo: '30' };
    expect(checkOf(report({ conformance: wrongRate }), 'conformance')).toMatchObject({
      status: 'fail',
      details: { summary: { en: 'Does not conform: Frame rate (expected 25, found 30).', vi: 'Không đúng quy cách: Tốc độ khung hình (cần 25, thực tế 30).' } },
    });
    const disagreement = passingConformance();
    disagreement.checks[0] = { ...disagreement.checks[0]!, mediainfo: 'mov', agrees: false };
    expect(checkOf(report({ conformance: disagreement }), 'conformance').status).toBe('warn');
  });

  it('lists subtitle violations with their cue numbers as warnings', () => {
    const built = report({
      subtitleViolations: [
        {
          cue: 12,
          rule: 'reading-speed',
          message: 'Cue 12 needs a reading speed of 21.0 characters per second …',
          messageVi: 'Phụ đề số 12 cần tốc độ đọc 21,0 ký tự/giây …',
        },
        { cue: 40, rule: 'overlap', message: 'Cue 40 starts at 00:10:00.000, before cue 39 ends …', messageVi: 'Phụ đề số 40 bắt đầu lúc …' },
      ],
    });
    const subtitles = checkOf(built, 'subtitles');
    expect(subtitles.status).toBe('warn');
    expect(subtitles.details.summary.en).toBe('2 subtitle rule violation(s), in cue(s) 12, 40.');
    expect(subtitles.details.table!.rows.map((row) => row.cells[0])).toEqual(['12', '40']);
  });

  it('takes the worst status of all checks', () => {
    expect(worstStatus({ statuses: [] })).toBe('pass');
    expect(worstStatus({ statuses: ['pass', 'warn'] })).toBe('warn');
    expect(worstStatus({ statuses: ['warn', 'fail', 'pass'] })).toBe('fail');
    expect(report({ decode: { ...DECODE_OK } }).status).toBe('pass');
  });
});

describe('buildQcReport: text inside a platform’s safe area', () => {
  const area = { left: 65, top: 269, right: 1015, bottom: 1248 };
  const inside = { kind: 'subtitle' as const, startFrame: 100, endFrame: 150, box: { left: 65, top: 1100, right: 1015, bottom: 1248 } };

  it('passes when every laid-out text box lies inside the safe area, and is listed only for a profile made for a platform', () => {
    const built = report({ profile: DEFAULT_PROFILES.vertical, textLayout: { platform: 'Facebook Reels', area, boxes: [inside] } });
    expect(built.checks.find((check) => check.id === 'safe-area')).toMatchObject({ status: 'pass', details: { values: { boxes: 1, outside: 0 } } });
    expect(report().checks.map((check) => check.id)).not.toContain('safe-area');
  });

  it('fails a text box that reaches into the bottom 35 %, naming its timecode and where it is', () => {
    const low = { kind: 'lower-third' as const, startFrame: 250, endFrame: 375, box: { left: 65, top: 1200, right: 900, bottom: 1300 } };
    const built = report({
      profile: DEFAULT_PROFILES.vertical,
      textLayout: { platform: 'Facebook Reels', area, boxes: [inside, low] },
      programmeStartFrame: 0,
    });
    const check = built.checks.find((c) => c.id === 'safe-area')!;
    expect(check.status).toBe('fail');
    expect(check.details.summary.vi).toContain('1/2 khối chữ ra ngoài vùng an toàn của Facebook Reels');
    expect(check.details.table!.rows).toEqual([{ cells: ['00:00:10:00', 'Tên người nói / Lower third', 'x 65–900, y 1200–1300'], frame: 250 }]);
    expect(summariseQcReport({ report: built }).failed).toContain('safe-area');
  });
});

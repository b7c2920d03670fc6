import { z } from 'zod';
import { LoudnessSchema } from '../domain/media-facts.ts';
import {
  LINE_UP_TONE,
  LoudnessPointSchema,
  QC_DETECTORS,
  clipSpans,
  subtractSpans,
  type AudioAnalysis,
  type ConformanceResult,
  type DecodeTestResult,
  type LineUpAnalysis,
  type PictureAnalysis,
  type Span,
} from '../media/index.ts';
import type { SubtitleRuleName, SubtitleViolation } from '../subtitles/index.ts';
import { timecodeToFrames } from '../domain/timecode.ts';
import { formatDurationTimecode, formatTimecode } from './format-timecode.ts';
import type { DeliveryProfile } from './profiles.ts';

export const QcStatusSchema = z.enum(['pass', 'warn', 'fail']);
export type QcStatus = z.infer<typeof QcStatusSchema>;

export const BilingualSchema = z.object({ vi: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

export const QC_CHECK_IDS = [
  'decode',
  'conformance',
  'programme-length',
  'av-duration',
  'loudness',
  'line-up',
  'black',
  'silence',
  'freeze',
  'flashes',
  'subtitles',
] as const;
export const QcCheckIdSchema = z.enum(QC_CHECK_IDS);
export type QcCheckId = z.infer<typeof QcCheckIdSchema>;

/** The name of each check on the page, Vietnamese first. */
export const QC_CHECK_LABELS: Record<QcCheckId, Bilingual> = {
  decode: { vi: 'Giải mã toàn bộ tệp', en: 'Full decode test' },
  conformance: { vi: 'Đúng quy cách kỹ thuật', en: 'Conformance to the profile' },
  'programme-length': { vi: 'Thời lượng chương trình', en: 'Programme length' },
  'av-duration': { vi: 'Độ dài hình và tiếng', en: 'Audio and video durations' },
  loudness: { vi: 'Độ lớn âm thanh (EBU R128)', en: 'Loudness (EBU R128)' },
  'line-up': { vi: 'Tín hiệu chuẩn đầu băng (sọc màu, tone, slate, đen)', en: 'Line-up (bars, tone, slate, black)' },
  black: { vi: 'Hình đen', en: 'Black picture' },
  silence: { vi: 'Mất tiếng', en: 'Silence' },
  freeze: { vi: 'Hình đứng', en: 'Frozen picture' },
  flashes: { vi: 'Nháy sáng (nguy cơ động kinh do ánh sáng)', en: 'Flashes (photosensitivity screen)' },
  subtitles: { vi: 'Quy tắc phụ đề', en: 'Subtitle rules' },
};

/** What each status is called on the page. */
export const QC_STATUS_LABELS: Record<QcStatus, Bilingual> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  warn: { vi: 'Cảnh báo', en: 'Warning' },
  fail: { vi: 'Không đạt', en: 'Fail' },
};

/** How bad a finding is, per check (SPECS.md lists the checks; the severities are ours). */
const SEVERITY = {
  /** Black and silence in a programme are faults a broadcaster rejects. */
  black: 'fail',
  silence: 'fail',
  /** A held still (a title card, a photo without motion) is frozen on purpose: someone must look. */
  freeze: 'warn',
  /** A screening aid, not a certified test: someone must look. */
  flashes: 'warn',
  /** Editor warnings; the file itself is sound. */
  subtitles: 'warn',
} as const satisfies Partial<Record<QcCheckId, QcStatus>>;

/**
 * What a line-up must read (SPECS.md: 1 kHz at −18 dBFS ± 0.2 dB per channel). The picture is read
 * on a 64×36 area-averaged copy, 8-bit levels: SMPTE RP 219 bars average a saturation of ~38 with
 * 100 % white in them; the slate (text on the title colour) is neither black nor bars; black is
 * below blackdetect's pixel threshold (10 % of the luma range: 16 + 21.9).
 */
export const LINE_UP_RULES = Object.freeze({
  toneLevelDbfs: LINE_UP_TONE.levelDbfs,
  toneToleranceDb: 0.2,
  toneFrequencyHz: LINE_UP_TONE.frequencyHz,
  toneFrequencyTolerance: 0.01,
  barsMinSaturation: 30,
  barsMinPeakLuma: 200,
  blackMaxLuma: 38,
  quietMaxDbfs: -60,
});

const SUBTITLE_RULE_LABELS: Record<SubtitleRuleName, Bilingual> = {
  'line-length': { vi: 'Dòng quá dài', en: 'Line too long' },
  'line-count': { vi: 'Quá nhiều dòng', en: 'Too many lines' },
  'reading-speed': { vi: 'Tốc độ đọc quá nhanh', en: 'Reading speed too high' },
  'min-duration': { vi: 'Hiển thị quá ngắn', en: 'Shown too briefly' },
  'max-duration': { vi: 'Hiển thị quá lâu', en: 'Shown too long' },
  'min-gap': { vi: 'Khoảng cách quá ngắn', en: 'Gap too short' },
  overlap: { vi: 'Chồng lên nhau', en: 'Overlap' },
};

/** A table of a check: column headings in both languages, cells as shown; `frame` marks the row's picture (a thumbnail). */
export const QcTableSchema = z.object({
  columns: z.array(BilingualSchema),
  rows: z.array(z.object({ cells: z.array(z.string()), frame: z.number().int().nonnegative().nullable() })),
});
export type QcTable = z.infer<typeof QcTableSchema>;

/** A flagged run, in file frames and in timecode (`endTimecode`: the first frame after it). */
export const QcSpanSchema = z.object({
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().nonnegative(),
  frames: z.number().int().positive(),
  seconds: z.number().positive(),
  startTimecode: z.string(),
  endTimecode: z.string(),
});
export type QcSpan = z.infer<typeof QcSpanSchema>;

export const QcCheckSchema = z.object({
  id: QcCheckIdSchema,
  label: BilingualSchema,
  status: QcStatusSchema,
  details: z.object({
    /** One sentence: what was found. */
    summary: BilingualSchema,
    table: QcTableSchema.nullable(),
    /** Flagged runs (black, silence, freeze, flashes). */
    spans: z.array(QcSpanSchema),
    /** The key numbers, for scripts. */
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
});
export type QcCheck = z.infer<typeof QcCheckSchema>;

/** The QC report of one delivered file: written as JSON beside the file, and rendered as HTML. */
export const QcReportSchema = z.object({
  schemaVersion: z.literal(1),
  file: z.object({
    name: z.string(),
    sizeBytes: z.number().int().nonnegative().nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  }),
  profile: z.object({
    id: z.string(),
    label: BilingualSchema,
    /** The settings the file was made with (SPECS: shown in the QC report, since they are editable). */
    settings: z.array(z.object({ label: BilingualSchema, value: z.string() })),
  }),
  fps: z.number().int().positive(),
  /** Timecode of the file's first frame. */
  startTimecode: z.string(),
  programme: z.object({
    startFrame: z.number().int().nonnegative(),
    frames: z.number().int().nonnegative(),
    startTimecode: z.string(),
    endTimecode: z.string(),
  }),
  status: QcStatusSchema,
  checks: z.array(QcCheckSchema),
  loudness: z.object({
    targetLufs: z.number(),
    toleranceLu: z.number(),
    maxTruePeakDbtp: z.number(),
    measured: LoudnessSchema.nullable(),
    /** Short-term loudness once a second, `t` in seconds from the file's start. */
    shortTerm: z.array(LoudnessPointSchema),
  }),
  /** Frames worth a thumbnail: the start of every flagged run, in order. */
  flagged: z.array(z.object({ frame: z.number().int().nonnegative(), timecode: z.string(), check: QcCheckIdSchema })),
  createdAt: z.iso.datetime(),
});
export type QcReport = z.infer<typeof QcReportSchema>;

export interface QcDurations {
  /** Frames of the programme (the version's exact length). */
  programmeFrames: number;
  /** Duration of the file's picture and sound streams as probed; null when the stream is missing. */
  videoSeconds: number | null;
  audioSeconds: number | null;
  /** The cut kind's length limits (a reportage: 12:00–15:00). */
  limits: { minFrames: number; maxFrames: number };
}

/**
 * Builds the QC report of one rendered file from the checks' results (SPECS.md, "Automated QC").
 * Pure: the analyses are made elsewhere (`probeConformance`, `analysePicture` per segment and
 * `mergePictureAnalyses`, `analyseAudio`, `decodeTest`, `checkSubtitleRules`).
 *
 * Frames are file frames (0 = the file's first frame); the programme sits at
 * `[programmeStartFrame, programmeStartFrame + programmeFrames)`, after any line-up or black head.
 * Black, silence, freeze and flashes count only inside the programme: the bars, the slate and
 * the screening's 2 s of black head and tail are there on purpose.
 *
 * Rules and statuses:
 * - decode errors → fail; any conformance field off → fail, MediaInfo disagreeing → warn;
 * - programme outside `limits` → `lengthCheck` ('fail' by default; 'warn', or 'off' for short test renders);
 * - audio and video durations more than one frame apart → fail;
 * - integrated loudness outside target ± tolerance, or true peak above the ceiling → fail (LRA is shown);
 *   `audio` is the programme's reading (a broadcast file's line-up is not part of it);
 * - with `lineUp`: bars, the tone's level and frequency on each channel, slate, black and silence
 *   under them (`LINE_UP_RULES`) → fail when one is off;
 * - black or silence of 2 s or more → fail; frozen picture of 2 s or more (black excluded) → warn;
 *   more than 3 flashes in a second → warn; subtitle rule violations → warn;
 * - the report is `fail` if a check fails, else `warn` if one warns, else `pass`.
 *
 * Timecodes count from `startTimecode`, the file's first frame: by default the file's own
 * timecode (from the probe, when it is a valid 25 fps timecode), else the one that puts the
 * programme at the profile's `programmeStartTimecode` (10:00:00:00 for broadcast).
 *
 * @example
 * const report = buildQcReport({ file: { name: 'master.mp4' }, profile, conformance, durations, picture, audio, decode, subtitleViolations: [] });
 * report.status // 'pass'
 */
export function buildQcReport({
  file,
  profile,
  conformance,
  durations,
  picture,
  audio,
  decode,
  subtitleViolations,
  lengthCheck = 'fail',
  lineUp = null,
  programmeStartFrame = 0,
  startTimecode,
  createdAt = new Date(),
}: {
  file: { name: string; sizeBytes?: number | null; sha256?: string | null };
  profile: DeliveryProfile;
  conformance: ConformanceResult;
  durations: QcDurations;
  /** Picture checks over the file (frames on the file's frame line). */
  picture: PictureAnalysis;
  /** Sound checks over the file; null when it has no sound. */
  audio: AudioAnalysis | null;
  decode: DecodeTestResult;
  subtitleViolations: readonly SubtitleViolation[];
  /** How a programme outside the length limits counts. */
  lengthCheck?: 'fail' | 'warn' | 'off';
  /** The line-up's own readings (`analyseLineUp`), for a file that has one: checked as its own row. */
  lineUp?: LineUpAnalysis | null;
  /** File frame of the programme's first frame (after a line-up or black head). */
  programmeStartFrame?: number;
  /** Timecode of the file's first frame; see above for the default. */
  startTimecode?: string;
  createdAt?: Date | string;
}): QcReport {
  const fps = profile.video.fps;
  const fileTimecode = conformance.readings.startTimecode;
  const start =
    startTimecode ??
    (fileTimecode !== null && isTimecode({ timecode: fileTimecode }) ? fileTimecode : null) ??
    formatTimecode({ frame: -programmeStartFrame, start: profile.extras.programmeStartTimecode });
  // A timecode given by the caller must be valid (INVALID_TIMECODE otherwise).
  timecodeToFrames({ timecode: start });
  const tc = (frame: number) => formatTimecode({ frame, start });
  const programme = { start: programmeStartFrame, end: programmeStartFrame + durations.programmeFrames };
  const minFrames = Math.round(QC_DETECTORS.minFlaggedSeconds * fps);
  const context: Context = { fps, tc, programme, minFrames };

  const checks: QcCheck[] = [
    decodeCheck({ decode }),
    conformanceCheck({ conformance }),
    lengthCheckOf({ durations, severity: lengthCheck }),
    avDurationCheck({ durations, fps }),
    loudnessCheck({ audio, profile }),
    ...(lineUp ? [lineUpCheck({ lineUp, context })] : []),
    spanCheck({ id: 'black', spans: picture.black, severity: SEVERITY.black, context }),
    spanCheck({ id: 'silence', spans: audio?.silence ?? [], severity: SEVERITY.silence, context }),
    spanCheck({ id: 'freeze', spans: subtractSpans({ spans: picture.freeze, minus: picture.black }), severity: SEVERITY.freeze, context }),
    flashCheck({ picture, context }),
    subtitleCheck({ violations: subtitleViolations }),
  ];

  const flaggedFrames = new Map<number, QcCheckId>();
  for (const check of checks) {
    for (const row of check.details.table?.rows ?? []) {
      if (row.frame !== null && !flaggedFrames.has(row.frame)) flaggedFrames.set(row.frame, check.id);
    }
  }

  return QcReportSchema.parse({
    schemaVersion: 1,
    file: { name: file.name, sizeBytes: file.sizeBytes ?? null, sha256: file.sha256 ?? null },
    profile: { id: profile.id, label: profile.label, settings: profileSettings({ profile }) },
    fps,
    startTimecode: start,
    programme: {
      startFrame: programme.start,
      frames: durations.programmeFrames,
      startTimecode: tc(programme.start),
      endTimecode: tc(programme.end),
    },
    status: worstStatus({ statuses: checks.map((check) => check.status) }),
    checks,
    loudness: {
      targetLufs: profile.loudness.integratedLufs,
      toleranceLu: profile.loudness.toleranceLu,
      maxTruePeakDbtp: profile.loudness.truePeakDbtp,
      measured: audio?.loudness ?? null,
      shortTerm: audio?.shortTerm ?? [],
    },
    flagged: [...flaggedFrames.entries()].sort(([a], [b]) => a - b).map(([frame, check]) => ({ frame, timecode: tc(frame), check })),
    createdAt: typeof createdAt === 'string' ? createdAt : createdAt.toISOString(),
  });
}

/** `fail` beats `warn` beats `pass`; no statuses is a pass. */
export function worstStatus({ statuses }: { statuses: readonly QcStatus[] }): QcStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'pass';
}

/**
 * The short form of a report a render record keeps: overall status, the checks that failed, and
 * the measured loudness.
 *
 * @example summariseQcReport({ report }) // { status: 'fail', failed: ['black'], loudness: { integratedLufs: -23, … } }
 */
export function summariseQcReport({ report }: { report: QcReport }): { status: QcStatus; failed: QcCheckId[]; warned: QcCheckId[]; loudness: QcReport['loudness']['measured'] } {
  return {
    status: report.status,
    failed: report.checks.filter((check) => check.status === 'fail').map((check) => check.id),
    warned: report.checks.filter((check) => check.status === 'warn').map((check) => check.id),
    loudness: report.loudness.measured,
  };
}

/**
 * Times (seconds from the file's start) of the report's flagged frames (the first frame of each
 * flagged run, the one its timecode names), for `extractThumbnails`; at most `limit`.
 *
 * @example qcThumbnailTimes({ report }) // [{ frame: 50, seconds: 2 }]
 */
export function qcThumbnailTimes({ report, limit = 24 }: { report: QcReport; limit?: number }): { frame: number; seconds: number }[] {
  return report.flagged.slice(0, limit).map(({ frame }) => ({ frame, seconds: frame / report.fps }));
}

interface Context {
  fps: number;
  tc: (frame: number) => string;
  programme: { start: number; end: number };
  minFrames: number;
}

function check({ id, status, summary, table = null, spans = [], values = {} }: {
  id: QcCheckId;
  status: QcStatus;
  summary: Bilingual;
  table?: QcTable | null;
  spans?: QcSpan[];
  values?: Record<string, string | number | boolean | null>;
}): QcCheck {
  return { id, label: QC_CHECK_LABELS[id], status, details: { summary, table, spans, values } };
}

function decodeCheck({ decode }: { decode: DecodeTestResult }): QcCheck {
  if (decode.ok) {
    return check({
      id: 'decode',
      status: 'pass',
      summary: { vi: 'Toàn bộ tệp giải mã được, không có lỗi.', en: 'The whole file decodes with no error.' },
      values: { errorCount: 0, decodedSeconds: decode.decodedSeconds },
    });
  }
  const count = Math.max(decode.errorCount, decode.errors.length);
  return check({
    id: 'decode',
    status: 'fail',
    summary: {
      vi: `Có ${count} lỗi khi giải mã: tệp bị hỏng hoặc bị cắt cụt. Hãy xuất lại tệp.`,
      en: `${count} error(s) while decoding: the file is damaged or truncated. Render it again.`,
    },
    table: { columns: [{ vi: 'Thông báo của ffmpeg', en: 'ffmpeg message' }], rows: decode.errors.map((line) => ({ cells: [line], frame: null })) },
    values: { errorCount: count, decodedSeconds: decode.decodedSeconds },
  });
}

function conformanceCheck({ conformance }: { conformance: ConformanceResult }): QcCheck {
  const wrong = conformance.checks.filter((c) => !c.ok);
  const disagreements = conformance.checks.filter((c) => c.agrees === false);
  const status: QcStatus = wrong.length > 0 ? 'fail' : disagreements.length > 0 ? 'warn' : 'pass';
  const ok = { vi: 'Đạt', en: 'OK' };
  const table: QcTable = {
    columns: [
      { vi: 'Mục', en: 'Check' },
      { vi: 'Yêu cầu', en: 'Expected' },
      { vi: 'Thực tế (ffprobe)', en: 'Found (ffprobe)' },
      { vi: 'MediaInfo', en: 'MediaInfo' },
      { vi: 'Kết quả', en: 'Result' },
    ],
    rows: conformance.checks.map((c) => ({
      cells: [
        `${c.label.vi} / ${c.label.en}`,
        c.expected,
        c.found,
        c.mediainfo ?? '—',
        c.ok ? (c.agrees === false ? 'Cảnh báo / Warning' : `${ok.vi} / ${ok.en}`) : 'Không đạt / Fail',
      ],
      frame: null,
    })),
  };
  const mediainfoNote = conformance.mediainfo.available
    ? { vi: '', en: '' }
    : { vi: ' (không đối chiếu được với MediaInfo)', en: ` (no MediaInfo cross-check: ${conformance.mediainfo.note ?? 'not available'})` };
  let summary: Bilingual;
  if (wrong.length > 0) {
    summary = {
      vi: `Không đúng quy cách: ${wrong.map((c) => `${c.label.vi} (cần ${c.expected}, thực tế ${c.found})`).join('; ')}.`,
      en: `Does not conform: ${wrong.map((c) => `${c.label.en} (expected ${c.expected}, found ${c.found})`).join('; ')}.`,
    };
  } else if (disagreements.length > 0) {
    summary = {
      vi: `Đúng quy cách theo ffprobe, nhưng MediaInfo đọc khác ở: ${disagreements.map((c) => `${c.label.vi} (${c.mediainfo})`).join('; ')}.`,
      en: `Conforms by ffprobe, but MediaInfo reads differently: ${disagreements.map((c) => `${c.label.en} (${c.mediainfo})`).join('; ')}.`,
    };
  } else {
    summary = { vi: `Đúng quy cách của cấu hình xuất${mediainfoNote.vi}.`, en: `Conforms to the profile${mediainfoNote.en}.` };
  }
  return check({
    id: 'conformance',
    status,
    summary,
    table,
    values: {
      failed: wrong.map((c) => c.check).join(',') || null,
      mediainfo: conformance.mediainfo.available,
      ...Object.fromEntries(conformance.checks.map((c) => [c.check, c.found])),
    },
  });
}

function lengthCheckOf({ durations, severity }: { durations: QcDurations; severity: 'fail' | 'warn' | 'off' }): QcCheck {
  const { programmeFrames, limits } = durations;
  const length = formatDurationTimecode({ frames: programmeFrames });
  const range = `${formatDurationTimecode({ frames: limits.minFrames })}–${formatDurationTimecode({ frames: limits.maxFrames })}`;
  const values = { programmeFrames, minFrames: limits.minFrames, maxFrames: limits.maxFrames };
  if (severity === 'off') {
    return check({
      id: 'programme-length',
      status: 'pass',
      summary: { vi: `Thời lượng ${length} (không kiểm tra giới hạn ${range}).`, en: `Length ${length} (limits ${range} not checked).` },
      values,
    });
  }
  const inside = programmeFrames >= limits.minFrames && programmeFrames <= limits.maxFrames;
  return check({
    id: 'programme-length',
    status: inside ? 'pass' : severity,
    summary: inside
      ? { vi: `Thời lượng ${length}, trong giới hạn ${range}.`, en: `Length ${length}, within ${range}.` }
      : { vi: `Thời lượng ${length}, ngoài giới hạn ${range}.`, en: `Length ${length} is outside ${range}.` },
    values,
  });
}

function avDurationCheck({ durations, fps }: { durations: QcDurations; fps: number }): QcCheck {
  const { videoSeconds, audioSeconds } = durations;
  if (videoSeconds === null || audioSeconds === null) {
    const missing = videoSeconds === null ? { vi: 'hình', en: 'picture' } : { vi: 'tiếng', en: 'sound' };
    return check({
      id: 'av-duration',
      status: 'fail',
      summary: { vi: `Không đọc được độ dài phần ${missing.vi}.`, en: `The ${missing.en} stream's duration could not be read.` },
      values: { videoSeconds, audioSeconds },
    });
  }
  const differenceFrames = Math.round(Math.abs(audioSeconds - videoSeconds) * fps * 100) / 100;
  const ok = Math.abs(audioSeconds - videoSeconds) <= 1 / fps + 1e-6;
  const numbers = `${videoSeconds.toFixed(3)} s / ${audioSeconds.toFixed(3)} s`;
  return check({
    id: 'av-duration',
    status: ok ? 'pass' : 'fail',
    summary: ok
      ? { vi: `Hình và tiếng dài bằng nhau trong phạm vi 1 khung hình (${comma(numbers)}).`, en: `Picture and sound last the same within one frame (${numbers}).` }
      : {
          vi: `Hình và tiếng lệch nhau ${comma(differenceFrames.toFixed(2))} khung hình (${comma(numbers)}), quá 1 khung hình.`,
          en: `Picture and sound differ by ${differenceFrames.toFixed(2)} frames (${numbers}), more than one frame.`,
        },
    values: { videoSeconds, audioSeconds, differenceFrames },
  });
}

function loudnessCheck({ audio, profile }: { audio: AudioAnalysis | null; profile: DeliveryProfile }): QcCheck {
  const target = profile.loudness;
  if (!audio) {
    return check({
      id: 'loudness',
      status: 'fail',
      summary: { vi: 'Không đo được độ lớn âm thanh: tệp không có tiếng.', en: 'No loudness reading: the file has no sound.' },
      values: { integratedLufs: null, loudnessRangeLu: null, truePeakDbtp: null },
    });
  }
  const { integratedLufs, loudnessRangeLu, truePeakDbtp } = audio.loudness;
  const integratedOk = Math.abs(integratedLufs - target.integratedLufs) <= target.toleranceLu + 1e-9;
  const peakOk = truePeakDbtp <= target.truePeakDbtp + 1e-9;
  const verdict = (ok: boolean) => (ok ? 'Đạt / OK' : 'Không đạt / Fail');
  const table: QcTable = {
    columns: [
      { vi: 'Chỉ số', en: 'Measure' },
      { vi: 'Yêu cầu', en: 'Target' },
      { vi: 'Đo được', en: 'Measured' },
      { vi: 'Kết quả', en: 'Result' },
    ],
    rows: [
      { cells: ['Độ lớn tích hợp / Integrated (I)', `${target.integratedLufs.toFixed(1)} LUFS ± ${target.toleranceLu.toFixed(1)}`, `${integratedLufs.toFixed(1)} LUFS`, verdict(integratedOk)], frame: null },
      { cells: ['Dải độ lớn / Loudness range (LRA)', '—', `${loudnessRangeLu.toFixed(1)} LU`, 'Tham khảo / Info'], frame: null },
      { cells: ['Đỉnh thực / True peak (TP)', `≤ ${target.truePeakDbtp.toFixed(1)} dBTP`, `${truePeakDbtp.toFixed(1)} dBTP`, verdict(peakOk)], frame: null },
    ],
  };
  const numbers = `I ${integratedLufs.toFixed(1)} LUFS, LRA ${loudnessRangeLu.toFixed(1)} LU, TP ${truePeakDbtp.toFixed(1)} dBTP`;
  const problems: Bilingual[] = [];
  if (!integratedOk) {
    problems.push({
      vi: `độ lớn ${comma(integratedLufs.toFixed(1))} LUFS ngoài mức ${comma(target.integratedLufs.toFixed(1))} ± ${comma(target.toleranceLu.toFixed(1))}`,
      en: `integrated ${integratedLufs.toFixed(1)} LUFS is outside ${target.integratedLufs.toFixed(1)} ± ${target.toleranceLu.toFixed(1)}`,
    });
  }
  if (!peakOk) {
    problems.push({
      vi: `đỉnh thực ${comma(truePeakDbtp.toFixed(1))} dBTP vượt ${comma(target.truePeakDbtp.toFixed(1))} dBTP`,
      en: `true peak ${truePeakDbtp.toFixed(1)} dBTP is above ${target.truePeakDbtp.toFixed(1)} dBTP`,
    });
  }
  return check({
    id: 'loudness',
    status: problems.length > 0 ? 'fail' : 'pass',
    summary:
      problems.length > 0
        ? { vi: `${capitalise(problems.map((p) => p.vi).join('; '))} (${comma(numbers)}).`, en: `${capitalise(problems.map((p) => p.en).join('; '))} (${numbers}).` }
        : { vi: `Đạt mức độ lớn của cấu hình xuất (${comma(numbers)}).`, en: `Loudness meets the profile (${numbers}).` },
    table,
    values: { integratedLufs, loudnessRangeLu, truePeakDbtp, targetLufs: target.integratedLufs, toleranceLu: target.toleranceLu, maxTruePeakDbtp: target.truePeakDbtp },
  });
}

function lineUpCheck({ lineUp, context }: { lineUp: LineUpAnalysis; context: Context }): QcCheck {
  const rules = LINE_UP_RULES;
  const verdict = (ok: boolean) => (ok ? 'Đạt / OK' : 'Không đạt / Fail');
  const n = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));
  const rows: { cells: string[]; ok: boolean; frame: number }[] = [];
  const problems: Bilingual[] = [];
  const picture = (kind: 'bars' | 'slate' | 'black') => lineUp.pictures.find((p) => p.kind === kind);

  const bars = picture('bars');
  if (bars) {
    const ok = bars.framesRead > 0 && (bars.saturationMin ?? 0) >= rules.barsMinSaturation && (bars.lumaPeakMin ?? 0) >= rules.barsMinPeakLuma;
    rows.push({
      cells: ['Sọc màu / Colour bars', `${context.tc(bars.startFrame)}, ${bars.frames} khung / frames`, `bão hoà / saturation ≥ ${rules.barsMinSaturation}, trắng / white ≥ ${rules.barsMinPeakLuma}`, `${n(bars.saturationMin, 1)}, ${n(bars.lumaPeakMin)}`],
      ok,
      frame: bars.startFrame,
    });
    if (!ok) problems.push({ vi: 'không thấy sọc màu ở đầu băng', en: 'no colour bars at the head' });
    const expected = `${rules.toneLevelDbfs.toFixed(1)} dBFS ± ${rules.toneToleranceDb.toFixed(1)}, ${rules.toneFrequencyHz} Hz ± ${rules.toneFrequencyTolerance * 100} %`;
    if (lineUp.tone.length < 2) {
      rows.push({ cells: ['Tone 1 kHz', `${context.tc(bars.startFrame)}`, expected, lineUp.tone.length === 0 ? 'không có tiếng / no sound' : '1 kênh / 1 channel'], ok: false, frame: bars.startFrame });
      problems.push({ vi: 'không đo được tone chuẩn trên cả hai kênh', en: 'no line-up tone on both channels' });
    }
    for (const tone of lineUp.tone) {
      const levelOk = Math.abs(tone.levelDbfs - rules.toneLevelDbfs) <= rules.toneToleranceDb + 1e-9;
      const frequencyOk = Math.abs(tone.frequencyHz - rules.toneFrequencyHz) <= rules.toneFrequencyHz * rules.toneFrequencyTolerance;
      const side = tone.channel === 'left' ? { vi: 'trái', en: 'left' } : { vi: 'phải', en: 'right' };
      rows.push({
        cells: [`Tone kênh ${side.vi} / ${side.en}`, context.tc(bars.startFrame), expected, `${tone.levelDbfs.toFixed(2)} dBFS, ${tone.frequencyHz.toFixed(1)} Hz`],
        ok: levelOk && frequencyOk,
        frame: bars.startFrame,
      });
      if (!levelOk) problems.push({ vi: `tone kênh ${side.vi} ở ${comma(tone.levelDbfs.toFixed(2))} dBFS`, en: `${side.en} tone at ${tone.levelDbfs.toFixed(2)} dBFS` });
      if (!frequencyOk) problems.push({ vi: `tone kênh ${side.vi} ở ${comma(tone.frequencyHz.toFixed(1))} Hz`, en: `${side.en} tone at ${tone.frequencyHz.toFixed(1)} Hz` });
    }
  }
  const slate = picture('slate');
  if (slate) {
    const ok = slate.framesRead > 0 && (slate.lumaPeakMin ?? 0) > rules.blackMaxLuma && (slate.saturationMax ?? 0) < rules.barsMinSaturation;
    rows.push({
      cells: ['Slate', `${context.tc(slate.startFrame)}, ${slate.frames} khung / frames`, `có hình, không đen, không sọc / a picture, not black, not bars`, `${n(slate.lumaPeakMin)}, ${n(slate.saturationMax, 1)}`],
      ok,
      frame: slate.startFrame,
    });
    if (!ok) problems.push({ vi: 'không thấy slate', en: 'no slate' });
  }
  const black = picture('black');
  if (black) {
    const ok = black.framesRead > 0 && (black.lumaPeakMax ?? 255) <= rules.blackMaxLuma;
    rows.push({
      cells: ['Hình đen trước chương trình / Black before the programme', `${context.tc(black.startFrame)}, ${black.frames} khung / frames`, `≤ ${rules.blackMaxLuma}`, n(black.lumaPeakMax)],
      ok,
      frame: black.startFrame,
    });
    if (!ok) problems.push({ vi: 'đoạn đen trước chương trình không đen', en: 'the black before the programme is not black' });
  }
  if (lineUp.quietPeakDbfs !== null) {
    const ok = lineUp.quietPeakDbfs <= rules.quietMaxDbfs;
    const start = slate?.startFrame ?? black?.startFrame ?? 0;
    rows.push({ cells: ['Im lặng dưới slate và đen / Silence under slate and black', context.tc(start), `≤ ${rules.quietMaxDbfs} dBFS`, `${lineUp.quietPeakDbfs.toFixed(1)} dBFS`], ok, frame: start });
    if (!ok) problems.push({ vi: `có tiếng dưới slate hoặc đoạn đen (${comma(lineUp.quietPeakDbfs.toFixed(1))} dBFS)`, en: `sound under the slate or black (${lineUp.quietPeakDbfs.toFixed(1)} dBFS)` });
  }
  const failed = rows.filter((row) => !row.ok);
  const left = lineUp.tone.find((t) => t.channel === 'left');
  const right = lineUp.tone.find((t) => t.channel === 'right');
  return check({
    id: 'line-up',
    status: failed.length > 0 ? 'fail' : 'pass',
    summary:
      failed.length > 0
        ? { vi: `Đầu băng chưa đúng: ${problems.map((p) => p.vi).join('; ')}.`, en: `The line-up is off: ${problems.map((p) => p.en).join('; ')}.` }
        : {
            vi: `Đầu băng đúng: sọc màu, tone ${LINE_UP_TONE.frequencyHz} Hz ở ${comma(LINE_UP_TONE.levelDbfs.toFixed(1))} dBFS trên hai kênh, slate, hình đen và im lặng trước chương trình.`,
            en: `The line-up is right: colour bars, ${LINE_UP_TONE.frequencyHz} Hz tone at ${LINE_UP_TONE.levelDbfs.toFixed(1)} dBFS on both channels, slate, black and silence before the programme.`,
          },
    table: {
      columns: [
        { vi: 'Phần', en: 'Part' },
        { vi: 'Vị trí', en: 'Where' },
        { vi: 'Yêu cầu', en: 'Target' },
        { vi: 'Đo được', en: 'Measured' },
        { vi: 'Kết quả', en: 'Result' },
      ],
      // A thumbnail only where something is wrong.
      rows: rows.map((row) => ({ cells: [...row.cells, verdict(row.ok)], frame: row.ok ? null : row.frame })),
    },
    values: {
      failed: failed.length,
      toneLeftDbfs: left?.levelDbfs ?? null,
      toneRightDbfs: right?.levelDbfs ?? null,
      toneLeftHz: left?.frequencyHz ?? null,
      toneRightHz: right?.frequencyHz ?? null,
      quietPeakDbfs: lineUp.quietPeakDbfs,
    },
  });
}

const SPAN_WORDS: Record<'black' | 'silence' | 'freeze', { none: Bilingual; some: (count: number) => Bilingual }> = {
  black: {
    none: { vi: 'Không có đoạn hình đen từ 2 giây trở lên trong chương trình.', en: 'No black picture of 2 s or more inside the programme.' },
    some: (n) => ({ vi: `${n} đoạn hình đen từ 2 giây trở lên trong chương trình.`, en: `${n} black run(s) of 2 s or more inside the programme.` }),
  },
  silence: {
    none: { vi: 'Không có đoạn mất tiếng (dưới −60 dB) từ 2 giây trở lên.', en: 'No silence (below −60 dB) of 2 s or more inside the programme.' },
    some: (n) => ({ vi: `${n} đoạn mất tiếng (dưới −60 dB) từ 2 giây trở lên.`, en: `${n} silence(s) below −60 dB of 2 s or more inside the programme.` }),
  },
  freeze: {
    none: { vi: 'Không có đoạn hình đứng từ 2 giây trở lên (ngoài hình đen).', en: 'No frozen picture of 2 s or more (black excluded).' },
    some: (n) => ({
      vi: `${n} đoạn hình đứng từ 2 giây trở lên (ngoài hình đen); hãy xem lại, có thể là ảnh tĩnh hoặc tít được giữ có chủ ý.`,
      en: `${n} frozen run(s) of 2 s or more (black excluded); check them: a held still or title may be intended.`,
    }),
  },
};

const SPAN_COLUMNS: Bilingual[] = [
  { vi: 'Bắt đầu', en: 'Start' },
  { vi: 'Kết thúc', en: 'End' },
  { vi: 'Thời lượng', en: 'Duration' },
];

function toQcSpan({ span, context }: { span: Span; context: Context }): QcSpan {
  const frames = span.end - span.start;
  return {
    startFrame: span.start,
    endFrame: span.end,
    frames,
    seconds: Math.round((frames / context.fps) * 1000) / 1000,
    startTimecode: context.tc(span.start),
    endTimecode: context.tc(span.end),
  };
}

function spanCheck({ id, spans, severity, context }: { id: 'black' | 'silence' | 'freeze'; spans: readonly Span[]; severity: QcStatus; context: Context }): QcCheck {
  const inside = clipSpans({ spans, start: context.programme.start, end: context.programme.end });
  const flagged = inside.filter((span) => span.end - span.start >= context.minFrames).map((span) => toQcSpan({ span, context }));
  return check({
    id,
    status: flagged.length > 0 ? severity : 'pass',
    summary: flagged.length > 0 ? SPAN_WORDS[id].some(flagged.length) : SPAN_WORDS[id].none,
    table:
      flagged.length > 0
        ? { columns: SPAN_COLUMNS, rows: flagged.map((span) => ({ cells: [span.startTimecode, span.endTimecode, `${span.seconds.toFixed(2)} s`], frame: span.startFrame })) }
        : null,
    spans: flagged,
    values: { count: flagged.length, totalSeconds: Math.round(flagged.reduce((sum, span) => sum + span.seconds, 0) * 1000) / 1000 },
  });
}

function flashCheck({ picture, context }: { picture: PictureAnalysis; context: Context }): QcCheck {
  const risks = picture.flashRisk
    .map((risk) => ({ risk, span: clipSpans({ spans: [risk], start: context.programme.start, end: context.programme.end })[0] }))
    .filter((entry): entry is { risk: (typeof picture.flashRisk)[number]; span: Span } => entry.span !== undefined);
  const spans = risks.map(({ span }) => toQcSpan({ span, context }));
  const worst = risks.reduce((max, { risk }) => Math.max(max, risk.maxFlashesPerSecond), 0);
  const disclaimer = {
    vi: 'Đây là sàng lọc hỗ trợ, không phải phép thử Harding được chứng nhận.',
    en: 'A screening aid, not a certified Harding test.',
  };
  return check({
    id: 'flashes',
    status: risks.length > 0 ? SEVERITY.flashes : 'pass',
    summary:
      risks.length > 0
        ? {
            vi: `${risks.length} đoạn có hơn 3 lần nháy sáng mạnh trong một giây (nhiều nhất ${worst} lần/giây): có thể gây nguy cơ cho người nhạy cảm với ánh sáng. ${disclaimer.vi}`,
            en: `${risks.length} stretch(es) with more than 3 large luminance flashes in one second (up to ${worst} a second): a possible photosensitivity risk. ${disclaimer.en}`,
          }
        : { vi: `Không có quá 3 lần nháy sáng mạnh trong một giây. ${disclaimer.vi}`, en: `No more than 3 large luminance flashes in any second. ${disclaimer.en}` },
    table:
      risks.length > 0
        ? {
            columns: [...SPAN_COLUMNS, { vi: 'Số lần nháy/giây (tối đa)', en: 'Flashes per second (max)' }],
            rows: risks.map(({ risk }, index) => {
              const span = spans[index]!;
              return { cells: [span.startTimecode, span.endTimecode, `${span.seconds.toFixed(2)} s`, String(risk.maxFlashesPerSecond)], frame: span.startFrame };
            }),
          }
        : null,
    spans,
    values: { count: risks.length, maxFlashesPerSecond: worst, flashes: picture.flashes.filter((f) => f.frame >= context.programme.start && f.frame < context.programme.end).length },
  });
}

function subtitleCheck({ violations }: { violations: readonly SubtitleViolation[] }): QcCheck {
  const cues = [...new Set(violations.map((v) => v.cue))].sort((a, b) => a - b);
  return check({
    id: 'subtitles',
    status: violations.length > 0 ? SEVERITY.subtitles : 'pass',
    summary:
      violations.length > 0
        ? {
            vi: `${violations.length} lỗi quy tắc phụ đề ở các phụ đề số ${cues.join(', ')}.`,
            en: `${violations.length} subtitle rule violation(s), in cue(s) ${cues.join(', ')}.`,
          }
        : { vi: 'Phụ đề đúng mọi quy tắc (hoặc bản này không có phụ đề).', en: 'Subtitles follow every rule (or this file has none).' },
    table:
      violations.length > 0
        ? {
            columns: [
              { vi: 'Phụ đề số', en: 'Cue' },
              { vi: 'Quy tắc', en: 'Rule' },
              { vi: 'Mô tả', en: 'Description (vi)' },
              { vi: 'Mô tả (tiếng Anh)', en: 'Description' },
            ],
            rows: violations.map((v) => ({
              cells: [String(v.cue), `${SUBTITLE_RULE_LABELS[v.rule].vi} / ${SUBTITLE_RULE_LABELS[v.rule].en}`, v.messageVi, v.message],
              frame: null,
            })),
          }
        : null,
    values: { count: violations.length, cues: cues.join(',') || null },
  });
}

function profileSettings({ profile }: { profile: DeliveryProfile }): { label: Bilingual; value: string }[] {
  const v = profile.video;
  const a = profile.audio;
  const scan = v.scan === 'interlaced-tff' ? `${v.fps * 2}i TFF (${v.fps} fps)` : `${v.fps}p`;
  const rate = v.bitrateKbps ? `${(v.bitrateKbps / 1000).toFixed(1)} Mbit/s` : v.qp !== undefined ? `QP ${v.qp}` : v.crf !== undefined ? `CRF ${v.crf}` : '—';
  return [
    { label: { vi: 'Định dạng tệp', en: 'Container' }, value: `${profile.container.toUpperCase()}${profile.faststart ? ' (faststart)' : ''}` },
    { label: { vi: 'Hình', en: 'Video' }, value: `${v.width}×${v.height} ${scan}, ${v.codec} ${v.profile}, ${v.pixelFormat}, ${rate}, GOP ${v.gopFrames}` },
    {
      label: { vi: 'Tiếng', en: 'Audio' },
      value: `${a.codec}${a.bitrateKbps ? ` ${a.bitrateKbps}k` : ''}, ${a.sampleRate} Hz, ${
        a.tracks.kind === 'mono-tracks' ? `${a.tracks.count} mono tracks (L ${a.tracks.left + 1}, R ${a.tracks.right + 1})` : `${a.channels} ch`
      }`,
    },
    {
      label: { vi: 'Độ lớn', en: 'Loudness' },
      value: `${profile.loudness.integratedLufs.toFixed(1)} LUFS ± ${profile.loudness.toleranceLu.toFixed(1)} LU, TP ≤ ${profile.loudness.truePeakDbtp.toFixed(1)} dBTP`,
    },
    {
      label: { vi: 'Phụ đề', en: 'Subtitles' },
      value: `${profile.subtitles.burnIn ? 'burned in' : 'clean feed'}${profile.subtitles.sidecars.length > 0 ? ` + ${profile.subtitles.sidecars.join(', ').toUpperCase()}` : ''}`,
    },
    { label: { vi: 'Mã thời gian chương trình', en: 'Programme timecode' }, value: profile.extras.programmeStartTimecode },
    ...(profile.extras.lineUp
      ? [{
          label: { vi: 'Đầu băng', en: 'Line-up' },
          value: `bars + ${LINE_UP_TONE.frequencyHz} Hz ${LINE_UP_TONE.levelDbfs} dBFS ${profile.extras.lineUp.barsSeconds} s, slate ${profile.extras.lineUp.slateSeconds} s, black ${profile.extras.lineUp.blackSeconds} s`,
        }]
      : []),
  ];
}

/** A file's own timecode is used only when it is one at our frame rate (not drop-frame `;`, not 30 fps). */
function isTimecode({ timecode }: { timecode: string }): boolean {
  try {
    timecodeToFrames({ timecode });
    return true;
  } catch {
    return false;
  }
}

/** Vietnamese writes the decimal separator as a comma. */
function comma(text: string): string {
  return text.replace(/(\d)\.(\d)/g, '$1,$2');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Builds the QC report of one delivered file from the analyses, and reads a report back (status, failed checks, thumbnails). */
import {
  LINE_UP_TONE,
  QC_DETECTORS,
  subtractSpans,
  type AudioAnalysis,
  type ConformanceResult,
  type DecodeTestResult,
  type HlsLadderReading,
  type LineUpAnalysis,
  type PictureAnalysis,
  type TextBox,
  type TextRect,
} from '../../media/index.ts';
import type { SubtitleViolation } from '../../subtitles/index.ts';
import { formatTimecode, timecodeToFrames } from '../../domain/timecode.ts';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import type { Context } from './check.ts';
import { flashCheck, safeAreaCheck, spanCheck, subtitleCheck } from './content-checks.ts';
import { ladderCheck } from './ladder-check.ts';
import { avDurationCheck, conformanceCheck, decodeCheck, lengthCheckOf, lineUpCheck, loudnessCheck } from './file-checks.ts';
import { SEVERITY } from './qc-rules.ts';
import { type Bilingual, type QcCheck, type QcCheckId, type QcDurations, type QcReport, QcReportSchema, type QcStatus } from './qc-schema.ts';

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
 * - with `textLayout` (a profile made for a platform): a text box laid out outside the safe area → fail;
 * - black or silence of 2 s or more → fail; frozen picture of 2 s or more (black excluded) → warn;
 *   more than 3 flashes in a second → warn; subtitle rule violations → warn;
 * - with `ladder` (the `stream` profile's HLS ladder): its own row (`ladderCheck`) → fail when a
 *   segment is too long or does not start on a keyframe, the rungs' boundaries differ, or a rung's
 *   duration or sound is off;
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
  ladder = null,
  programmeStartFrame = 0,
  startTimecode,
  textLayout = null,
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
  /** The HLS ladder made from the file, read back (`makeHlsLadder`): checked as its own row. */
  ladder?: HlsLadderReading | null;
  /** File frame of the programme's first frame (after a line-up or black head). */
  programmeStartFrame?: number;
  /** Timecode of the file's first frame; see above for the default. */
  startTimecode?: string;
  /** The platform's safe area and the text the renderer laid out (`planTextBoxes`, programme frames), for a social profile. */
  textLayout?: { platform: string; area: TextRect; boxes: readonly TextBox[] } | null;
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
    ...(textLayout ? [safeAreaCheck({ ...textLayout, context })] : []),
    ...(ladder ? [ladderCheck({ ladder, programmeFrames: durations.programmeFrames, fps })] : []),
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
export function summariseQcReport({ report }: { report: QcReport }): {
  status: QcStatus;
  failed: QcCheckId[];
  warned: QcCheckId[];
  loudness: QcReport['loudness']['measured'];
} {
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
    ...(profile.ladder
      ? [
          {
            label: { vi: 'Bộ HLS', en: 'HLS ladder' },
            value: `${profile.ladder.segmentSeconds} s segments (MPEG-TS): ${v.height}p copied, ${profile.ladder.renditions
              .map((rung) => `${rung.name} ${rung.width}×${rung.height} ${(rung.bitrateKbps / 1000).toFixed(1)} Mbit/s`)
              .join(', ')}`,
          },
        ]
      : []),
    ...(profile.extras.lineUp
      ? [
          {
            label: { vi: 'Đầu băng', en: 'Line-up' },
            value: `bars + ${LINE_UP_TONE.frequencyHz} Hz ${LINE_UP_TONE.levelDbfs} dBFS ${profile.extras.lineUp.barsSeconds} s, slate ${profile.extras.lineUp.slateSeconds} s, black ${profile.extras.lineUp.blackSeconds} s`,
          },
        ]
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

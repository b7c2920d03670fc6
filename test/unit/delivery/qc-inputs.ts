import { buildQcReport, DEFAULT_PROFILES, type DeliveryProfile } from '../../../shared/delivery/index.ts';
import type { AudioAnalysis, ConformanceResult, DecodeTestResult, PictureAnalysis } from '../../../shared/media/index.ts';

/** Broadcast settings (programme from 10:00:00:00). */
export const PROFILE: DeliveryProfile = DEFAULT_PROFILES.broadcast;

/** A 13-minute programme: 19 500 frames at 25 fps. */
export const FRAMES = 19_500;

export function passingConformance(): ConformanceResult {
  return {
    checks: [
      { check: 'container', label: { vi: 'Định dạng tệp', en: 'Container' }, expected: 'mp4', found: 'mp4', ok: true, mediainfo: 'mp4', agrees: true },
      { check: 'frame-rate', label: { vi: 'Tốc độ khung hình', en: 'Frame rate' }, expected: '25', found: '25', ok: true, mediainfo: '25', agrees: true },
    ],
    mediainfo: { available: true, version: '23.04', note: null },
    readings: { formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 780, videoSeconds: 780, audioSeconds: 780, videoFrames: FRAMES, startTimecode: null },
  };
}

export function cleanPicture({ frames = FRAMES }: { frames?: number } = {}): PictureAnalysis {
  return { fps: 25, startFrame: 0, frames, black: [], freeze: [], flashes: [], flashRisk: [], luma: [] };
}

export function cleanAudio(): AudioAnalysis {
  return {
    fps: 25,
    durationSeconds: 780,
    loudness: { integratedLufs: -23.1, loudnessRangeLu: 6.4, truePeakDbtp: -2.3 },
    silence: [],
    shortTerm: [
      { t: 3, lufs: -24.2 },
      { t: 4, lufs: -22.8 },
      { t: 5, lufs: -23.4 },
    ],
  };
}

export const DECODE_OK: DecodeTestResult = { ok: true, errors: [], errorCount: 0, decodedSeconds: 780 };

type ReportInput = Parameters<typeof buildQcReport>[0];

/** A report of a clean 13-minute broadcast master, with any input replaced. */
export function report(overrides: Partial<ReportInput> = {}) {
  return buildQcReport({
    file: { name: 'hai-phong-v3-broadcast.mp4', sizeBytes: 1_755_000_000, sha256: 'a'.repeat(64) },
    profile: PROFILE,
    conformance: passingConformance(),
    durations: { programmeFrames: FRAMES, videoSeconds: 780, audioSeconds: 780, limits: { minFrames: 18_000, maxFrames: 22_500 } },
    picture: cleanPicture(),
    audio: cleanAudio(),
    decode: DECODE_OK,
    subtitleViolations: [],
    createdAt: '2026-05-04T08:00:00.000Z',
    ...overrides,
  });
}

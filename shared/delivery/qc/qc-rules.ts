/** The thresholds QC judges by (SPECS.md, "Automated QC"): each check's severity and what a line-up must read. */
import { LINE_UP_TONE } from '../../media/index.ts';
import type { QcCheckId, QcStatus } from './qc-schema.ts';

/** How bad a finding is, per check (SPECS.md lists the checks; the severities are ours). */
export const SEVERITY = {
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

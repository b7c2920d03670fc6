import type { Warning } from '../domain/asset.ts';
import type { Loudness } from '../domain/media-facts.ts';

/** EBU R128 ceiling (SPECS.md): a source above it will clip once the programme is normalised. */
const MAX_TRUE_PEAK_DBTP = -1;
/**
 * 13 LU under the −23 LUFS target: bringing it up needs so much gain that hiss and room noise
 * come up with it. Digital silence reads −70 LUFS (the absolute gate) and is reported the same way.
 */
const QUIET_LUFS = -36;

/**
 * Warnings from a source's loudness reading: `TRUE_PEAK_HIGH` (above −1 dBTP) and `VERY_QUIET`
 * (below −36 LUFS integrated).
 *
 * @example loudnessWarnings({ loudness: { integratedLufs: -14, loudnessRangeLu: 5, truePeakDbtp: 0.3 } }) // [{ code: 'TRUE_PEAK_HIGH', … }]
 */
export function loudnessWarnings({ loudness }: { loudness: Loudness | null }): Warning[] {
  if (!loudness) return [];
  const warnings: Warning[] = [];
  const peak = loudness.truePeakDbtp.toFixed(1);
  const level = loudness.integratedLufs.toFixed(1);
  if (loudness.truePeakDbtp > MAX_TRUE_PEAK_DBTP) {
    warnings.push({
      code: 'TRUE_PEAK_HIGH',
      message: `The sound peaks at ${peak} dBTP, above ${MAX_TRUE_PEAK_DBTP} dBTP; it may be clipped or distorted. Use a less loud take if there is one.`,
      messageVi: `Âm thanh có đỉnh ${peak.replace('.', ',')} dBTP, vượt mức ${MAX_TRUE_PEAK_DBTP} dBTP; tiếng có thể bị rè hoặc méo. Nếu có bản ghi nhỏ hơn, hãy dùng bản đó.`,
    });
  }
  if (loudness.integratedLufs < QUIET_LUFS) {
    warnings.push({
      code: 'VERY_QUIET',
      message: `The sound is very quiet (${level} LUFS, the programme is −23 LUFS); raising it will also raise the noise.`,
      messageVi: `Âm thanh rất nhỏ (${level.replace('.', ',')} LUFS, chương trình cần −23 LUFS); khi khuếch đại, tiếng ồn nền cũng to lên.`,
    });
  }
  return warnings;
}

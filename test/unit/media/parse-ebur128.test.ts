import { describe, expect, it } from 'vitest';
import { parseEbur128Summary } from '../../../shared/media/index.ts';

/** As ffmpeg 5.1 logs it with `-loglevel level+info`: only the first line carries the prefix. */
const summary = (i: string, lra: string, peak: string, id = '0x55ed7e24a380') => `[Parsed_ebur128_0 @ ${id}] [info] Summary:

  Integrated loudness:
    I:         ${i} LUFS
    Threshold: -33.0 LUFS

  Loudness range:
    LRA:         ${lra} LU
    Threshold: -43.0 LUFS
    LRA low:   -23.4 LUFS
    LRA high:  -21.8 LUFS

  True peak:
    Peak:      ${peak} dBFS
`;

describe('parseEbur128Summary', () => {
  it('reads integrated loudness, loudness range and true peak', () => {
    const stderr = `[info] Stream mapping:\n${summary('-23.0', '1.6', '-20.8')}[aac @ 0x1] [info] Qavg: 340.319\n`;
    expect(parseEbur128Summary({ stderr })).toEqual({ integratedLufs: -23, loudnessRangeLu: 1.6, truePeakDbtp: -20.8 });
  });

  it('takes the last summary: ffmpeg also prints an empty one for the graph it configures first', () => {
    const stderr = `${summary('-70.0', '0.0', '-inf', '0x1')}[info] Stream mapping:\n${summary('-16.2', '7.5', '-0.4', '0x2')}`;
    expect(parseEbur128Summary({ stderr })).toEqual({ integratedLufs: -16.2, loudnessRangeLu: 7.5, truePeakDbtp: -0.4 });
  });

  it('reports digital silence at the floor instead of -inf, which JSON cannot carry', () => {
    expect(parseEbur128Summary({ stderr: summary('-70.0', '0.0', '-inf') })).toEqual({ integratedLufs: -70, loudnessRangeLu: 0, truePeakDbtp: -120 });
  });

  it('reads a positive true peak (a clipped source)', () => {
    expect(parseEbur128Summary({ stderr: summary('-9.1', '3.0', '0.7') })!.truePeakDbtp).toBe(0.7);
  });

  it('returns null without a complete summary', () => {
    expect(parseEbur128Summary({ stderr: '[info] Stream mapping:\n' })).toBeNull();
    expect(parseEbur128Summary({ stderr: '[Parsed_ebur128_0 @ 0x1] [info] Summary:\n\n  Integrated loudness:\n    I:   -23.0 LUFS\n' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseAudioLog, parseEbur128Summary } from '../../../shared/media/index.ts';
import { readFixture } from './read-fixture.ts';

describe('parseAudioLog (captured ffmpeg 5.1 output)', () => {
  const text = readFixture('audio-silence.log');

  it('reads the 3 s silence (silence_start 3.008, silence_end 6.016) as frames 75–150', () => {
    expect(parseAudioLog({ text, fps: 25 }).silence).toEqual([{ start: 75, end: 150 }]);
  });

  it('keeps one short-term reading a second, from 3 s when the 3-second window is full', () => {
    const { shortTerm } = parseAudioLog({ text, fps: 25 });
    expect(shortTerm.map((point) => point.t)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(shortTerm[0]!.lufs).toBeCloseTo(-23, 0);
    // The silence pulls the 3-second window down.
    expect(shortTerm[3]!.lufs).toBeLessThan(-30);
  });

  it('leaves the summary to parseEbur128Summary, which reads the same log', () => {
    expect(parseEbur128Summary({ stderr: text })).toMatchObject({ integratedLufs: -23.3 });
  });

  it('reads -inf short-term loudness as the floor and closes a silence open at the end', () => {
    const lines = [
      '[Parsed_ebur128_0 @ 0x1] [info] t: 2.99998    TARGET:-23 LUFS    M:-120.7 S:-inf     I: -70.0 LUFS       LRA:   0.0 LU  FTPK:  -inf  -inf dBFS  TPK:  -inf  -inf dBFS',
      '[Parsed_ebur128_0 @ 0x1] [info] t: 3.09998    TARGET:-23 LUFS    M:-120.7 S:-inf     I: -70.0 LUFS       LRA:   0.0 LU  FTPK:  -inf  -inf dBFS  TPK:  -inf  -inf dBFS',
      '[silencedetect @ 0x2] [info] silence_start: 0',
    ].join('\n');
    const reading = parseAudioLog({ text: lines, fps: 25, endSeconds: 4 });
    expect(reading.shortTerm).toEqual([{ t: 3, lufs: -120 }]);
    expect(reading.silence).toEqual([{ start: 0, end: 100 }]);
  });
});

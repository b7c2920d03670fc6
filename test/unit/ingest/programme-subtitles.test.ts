import { describe, expect, it } from 'vitest';
import { programmeSubtitles } from '../../../shared/ingest/programme-subtitles.ts';

describe('programmeSubtitles (the SRT given with a finished programme)', () => {
  it('takes cues timed from 00:00:00,000 as they are, in frames', () => {
    expect(programmeSubtitles({ cues: [{ index: 1, startMs: 1000, endMs: 3000, lines: ['Chương trình', 'hoàn chỉnh'] }], durationFrames: 200 })).toEqual([
      { id: 'c1', start: 25, end: 75, text: 'Chương trình\nhoàn chỉnh' },
    ]);
  });

  it('takes 10:00:00,000 off an SRT exported from a timeline that starts there', () => {
    const cues = [
      { index: 1, startMs: 36_001_000, endMs: 36_003_000, lines: ['Một'] },
      { index: 2, startMs: 36_004_000, endMs: 36_006_500, lines: ['Hai'], placement: 'top' as const },
    ];
    expect(programmeSubtitles({ cues, durationFrames: 200 })).toEqual([
      { id: 'c1', start: 25, end: 75, text: 'Một' },
      { id: 'c2', start: 100, end: 163, text: 'Hai', placement: 'top' },
    ]);
  });

  it('drops cues past the programme’s end and cuts one running past it', () => {
    const cues = [
      { index: 1, startMs: 7000, endMs: 9000, lines: ['Cuối'] },
      { index: 2, startMs: 9000, endMs: 10_000, lines: ['Sau hết'] },
    ];
    expect(programmeSubtitles({ cues, durationFrames: 200 })).toEqual([{ id: 'c1', start: 175, end: 200, text: 'Cuối' }]);
  });
});

import { FPS, type CutSubtitle } from '../domain/index.ts';
import type { Cue } from '../subtitles/index.ts';

/** 10:00:00:00 in milliseconds: where a studio master's programme, and often its SRT, starts. */
const PROGRAMME_START_MS = 10 * 3600 * 1000;

/**
 * The cues of the SRT a studio sends with a finished programme, as the version's subtitles. The
 * SRT is timed against the programme, not the file (a line-up before the programme does not move
 * it): from 00:00:00,000, or from 10:00:00,000 when every cue starts there or later (an SRT
 * exported from a timeline that starts at 10:00:00:00), which is then taken off. Times are rounded
 * to frames; cues past the programme's end are dropped, and one running past it is cut there.
 *
 * @example programmeSubtitles({ cues: [{ index: 1, startMs: 36_001_000, endMs: 36_003_000, lines: ['Xin chào'] }], durationFrames: 250 })
 * // [{ id: 'c1', start: 25, end: 75, text: 'Xin chào' }]
 */
export function programmeSubtitles({ cues, durationFrames }: { cues: readonly Cue[]; durationFrames: number }): CutSubtitle[] {
  const offsetMs = cues.length > 0 && cues.every((cue) => cue.startMs >= PROGRAMME_START_MS) ? PROGRAMME_START_MS : 0;
  const toFrame = (ms: number) => Math.round(((ms - offsetMs) * FPS) / 1000);
  const subtitles: CutSubtitle[] = [];
  for (const cue of cues) {
    const start = Math.max(0, toFrame(cue.startMs));
    const end = Math.min(durationFrames, toFrame(cue.endMs));
    const text = cue.lines.join('\n').normalize('NFC').trim().slice(0, 500);
    if (end <= start || text === '') continue;
    subtitles.push({ id: `c${cue.index}`, start, end, text, ...(cue.placement === 'top' ? { placement: 'top' as const } : {}) });
  }
  return subtitles;
}

import { nfc } from '../domain/text.ts';
import type { Cue, SubtitleFormat } from './cue.ts';
import { InvalidCueError } from './errors.ts';
import { formatTimestamp } from './timestamp.ts';

/**
 * Writes cues as SRT: numbered from 1 in the order given, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, UTF-8
 * ready text (NFC, `\n` line breaks, no BOM). `parseSubtitles` reads the output back to the same cues.
 *
 * SRT has no escapes, so text that looks like markup (`<i>`) would be read back as markup, and a
 * line holding `-->` cannot be written at all.
 *
 * @example formatSrt({ cues: [{ index: 1, startMs: 1000, endMs: 2500, lines: ['Xin chào'] }] })
 * // '1\n00:00:01,000 --> 00:00:02,500\nXin chào\n'
 * @throws {InvalidCueError} code `INVALID_CUE`: a time that is not a non-negative integer, an end
 *   not after its start, a cue without text, or `-->` in the text.
 */
export function formatSrt({ cues }: { cues: readonly Cue[] }): string {
  return cues
    .map((cue, position) => {
      const lines = cueText({ cue, position, format: 'srt' });
      // A cue placed at the top keeps it: `{\an8}` is the override SRT players read.
      return `${position + 1}\n${timing({ cue, position, format: 'srt' })}\n${cue.placement === 'top' ? '{\\an8}' : ''}${lines.join('\n')}\n`;
    })
    .join('\n');
}

/**
 * Writes cues as WebVTT: a `WEBVTT` header, then `HH:MM:SS.mmm --> HH:MM:SS.mmm` and the text, with
 * `&`, `<` and `>` escaped. `parseSubtitles` reads the output back to the same cues.
 *
 * @example formatVtt({ cues: [{ index: 1, startMs: 1000, endMs: 2500, lines: ['A & B'] }] })
 * // 'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nA &amp; B\n'
 * @throws {InvalidCueError} code `INVALID_CUE`: a time that is not a non-negative integer, an end
 *   not after its start, or a cue without text.
 */
export function formatVtt({ cues }: { cues: readonly Cue[] }): string {
  const blocks = cues.map((cue, position) => {
    const lines = cueText({ cue, position, format: 'vtt' }).map(escapeVtt);
    return `${timing({ cue, position, format: 'vtt' })}${cue.placement === 'top' ? ' line:0' : ''}\n${lines.join('\n')}\n`;
  });
  return ['WEBVTT\n', ...blocks].join('\n');
}

function timing({ cue, position, format }: { cue: Cue; position: number; format: SubtitleFormat }): string {
  const { startMs, endMs } = cue;
  const n = position + 1;
  for (const ms of [startMs, endMs]) {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new InvalidCueError({
        cue: n,
        reason: `its time ${ms} is not a whole, non-negative number of milliseconds`,
        reasonVi: `thời điểm ${ms} không phải số mili giây nguyên, không âm`,
      });
    }
  }
  if (endMs <= startMs) {
    throw new InvalidCueError({
      cue: n,
      reason: `it ends (${endMs} ms) no later than it starts (${startMs} ms)`,
      reasonVi: `thời điểm kết thúc (${endMs} ms) không sau thời điểm bắt đầu (${startMs} ms)`,
    });
  }
  return `${formatTimestamp({ ms: startMs, format })} --> ${formatTimestamp({ ms: endMs, format })}`;
}

/** The cue's lines as they can be written: NFC, embedded line breaks split, blank lines dropped. */
function cueText({ cue, position, format }: { cue: Cue; position: number; format: SubtitleFormat }): string[] {
  const lines = cue.lines
    .flatMap((line) => nfc(line).split(/\r\n|\r|\n/))
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) {
    throw new InvalidCueError({ cue: position + 1, reason: 'it has no text', reasonVi: 'phụ đề không có nội dung chữ' });
  }
  if (format === 'srt' && lines.some((line) => line.includes('-->'))) {
    throw new InvalidCueError({
      cue: position + 1,
      reason: 'its text contains "-->", which SRT cannot hold',
      reasonVi: 'nội dung chứa "-->", định dạng SRT không cho phép',
    });
  }
  return lines;
}

function escapeVtt(line: string): string {
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

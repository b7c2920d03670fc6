import { nfc } from '../domain/text.ts';
import type { Cue } from './cue.ts';
import { InvalidCueError } from './errors.ts';

/** How burned-in subtitles stand out from the picture. */
export type AssLegibility = 'outline' | 'box';

export interface FormatAssOptions {
  cues: readonly Cue[];
  /** The picture the subtitles are burned into (ASS `PlayResX`/`PlayResY`: one unit is one pixel). */
  width: number;
  height: number;
  /** Family name of the font, as libass matches it (`Noto Sans`), not a file name. */
  fontName: string;
  /** Font size as a share of the picture height (SPECS: ≥ 6 % for the congress hall). */
  sizePercentOfHeight: number;
  /**
   * Distance from each edge, as a share of that side. 5 % puts the text inside the title-safe
   * area (the central 90 % × 90 % of EBU R 95 / SMPTE RP 2046-1). Never less than that.
   */
  marginPercent?: number;
  /** `outline` (default): white text, black outline and soft shadow. `box`: white on a translucent black band. */
  legibility?: AssLegibility;
  /**
   * Distances from the edges in pixels, for a platform's safe area (a Reels frame keeps text clear
   * of its bottom 35 %): left and right, the bottom for bottom cues, the top for top cues. Each is
   * at least the title-safe margin. Absent: `marginPercent` on every side.
   */
  margins?: AssMargins;
}

/** Distances of the text from the picture's edges, in pixels. */
export interface AssMargins {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The title-safe margin (EBU R 95): text never comes closer than 5 % of a side to the edge. */
export const TITLE_SAFE_MARGIN_PERCENT = 5;

/**
 * Writes cues as an ASS script for libass (ffmpeg's `ass` filter) in the house style: one
 * `Default` style, white sans-serif text centred at the bottom, inside the title-safe area, with
 * an outline (or a box) so it reads on any picture. Text is NFC (precomposed Vietnamese letters,
 * which every renderer draws the same way); lines stay as the editor broke them and libass wraps a
 * line that is still too wide inside the margins.
 *
 * Times are written in centiseconds, the ASS resolution: frames of a 25 fps programme (40 ms)
 * fall exactly on them; other times are rounded to the nearest centisecond.
 *
 * Text that ASS would read as markup is escaped: `{` and `}` become `\{` and `\}`, and a backslash
 * that would start `\N`, `\n` or `\h` gets an invisible word joiner (U+2060) after it.
 *
 * @example formatAss({ cues, width: 1920, height: 1080, fontName: 'Noto Sans', sizePercentOfHeight: 6.5 })
 * @throws {InvalidCueError} code `INVALID_CUE`: a negative or fractional time, an end not after its
 *   start, or a cue without text.
 */
export function formatAss({
  cues,
  width,
  height,
  fontName,
  sizePercentOfHeight,
  marginPercent = TITLE_SAFE_MARGIN_PERCENT,
  legibility = 'outline',
  margins,
}: FormatAssOptions): string {
  const margin = Math.max(marginPercent, TITLE_SAFE_MARGIN_PERCENT);
  const { fontSize, outline, shadow } = assTextMetrics({ height, sizePercentOfHeight, legibility });
  const titleSafeH = Math.ceil((width * margin) / 100);
  const titleSafeV = Math.ceil((height * margin) / 100);
  const marginL = Math.max(titleSafeH, Math.ceil(margins?.left ?? 0));
  const marginR = Math.max(titleSafeH, Math.ceil(margins?.right ?? 0));
  const marginV = Math.max(titleSafeV, Math.ceil(margins?.bottom ?? 0));
  const marginTop = Math.max(titleSafeV, Math.ceil(margins?.top ?? 0));
  // BorderStyle 1: outline + drop shadow; 3: an opaque box (its colour is OutlineColour in libass).
  const borderStyle = legibility === 'box' ? 3 : 1;
  const outlineColour = legibility === 'box' ? '&H60000000' : '&H00000000';
  const style = [
    'Default',
    sanitiseField(fontName),
    fontSize,
    '&H00FFFFFF',
    '&H00FFFFFF',
    outlineColour,
    '&H80000000',
    0,
    0,
    0,
    0,
    100,
    100,
    0,
    0,
    borderStyle,
    outline,
    shadow,
    2,
    marginL,
    marginR,
    marginV,
    1,
  ].join(',');
  const events = cues.map((cue, position) => {
    const { start, end } = timing({ cue, position });
    // A cue its author placed at the top goes top centre (`\an8`), inside the same title-safe margin
    // (or the safe area's top, given as the event's own MarginV when it differs from the bottom's).
    const top = cue.placement === 'top';
    const eventMarginV = top && marginTop !== marginV ? marginTop : 0;
    return `Dialogue: 0,${start},${end},Default,,0,0,${eventMarginV},,${top ? '{\\an8}' : ''}${assText({ cue, position })}`;
  });
  return [
    '[Script Info]',
    '; Written by reportage (formatAss)',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: None',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: ${style}`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n');
}

/**
 * The burned text's size in pixels (its line's height: libass sizes a font so that a line is
 * `fontSize` tall), its outline and its shadow, as `formatAss` writes them: the layout of the
 * text box (shared/media/render/plan-text-layout.ts) reads the same numbers.
 */
export function assTextMetrics({
  height,
  sizePercentOfHeight,
  legibility = 'outline',
}: {
  height: number;
  sizePercentOfHeight: number;
  legibility?: AssLegibility;
}): { fontSize: number; outline: number; shadow: number } {
  const fontSize = Math.max(1, Math.round((height * sizePercentOfHeight) / 100));
  // Outline and shadow grow with the text: ~7 % and ~3 % of its size.
  const outline = legibility === 'box' ? Math.max(1, Math.round(fontSize * 0.18)) : Math.max(1, round1(fontSize * 0.07));
  const shadow = legibility === 'box' ? 0 : Math.max(0.5, round1(fontSize * 0.03));
  return { fontSize, outline, shadow };
}

/** `H:MM:SS.cc`, the ASS timestamp. */
export function formatAssTime({ ms }: { ms: number }): string {
  const cs = Math.round(ms / 10);
  const hours = Math.floor(cs / 360_000);
  const minutes = Math.floor(cs / 6000) % 60;
  const seconds = Math.floor(cs / 100) % 60;
  return `${hours}:${pad2(minutes)}:${pad2(seconds)}.${pad2(cs % 100)}`;
}

function timing({ cue, position }: { cue: Cue; position: number }): { start: string; end: string } {
  const n = position + 1;
  for (const ms of [cue.startMs, cue.endMs]) {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new InvalidCueError({
        cue: n,
        reason: `its time ${ms} is not a whole, non-negative number of milliseconds`,
        reasonVi: `thời điểm ${ms} không phải số mili giây nguyên, không âm`,
      });
    }
  }
  const start = formatAssTime({ ms: cue.startMs });
  const end = formatAssTime({ ms: cue.endMs });
  if (cue.endMs <= cue.startMs || start === end) {
    throw new InvalidCueError({
      cue: n,
      reason: `it ends (${cue.endMs} ms) no later than it starts (${cue.startMs} ms)`,
      reasonVi: `thời điểm kết thúc (${cue.endMs} ms) không sau thời điểm bắt đầu (${cue.startMs} ms)`,
    });
  }
  return { start, end };
}

function assText({ cue, position }: { cue: Cue; position: number }): string {
  const lines = cue.lines
    .flatMap((line) => nfc(line).split(/\r\n|\r|\n/))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters would break the ASS line; they become spaces.
    .map((line) => line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
    .filter((line) => line !== '');
  if (lines.length === 0) {
    throw new InvalidCueError({ cue: position + 1, reason: 'it has no text', reasonVi: 'phụ đề không có nội dung chữ' });
  }
  return lines.map(escapeAssText).join('\\N');
}

/** Makes plain text safe in an ASS `Text` field (see `formatAss`). */
export function escapeAssText(line: string): string {
  return line.replace(/\\(?=[Nnh{}])/g, '\\\u2060').replace(/[{}]/g, (brace) => `\\${brace}`);
}

/** A style field cannot hold a comma (the field separator) or a line break. */
function sanitiseField(value: string): string {
  return value.replace(/[,\r\n]/g, ' ').trim();
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The plain geometry of burned-in text: the rectangle text must stay in (a platform's safe area,
 * or title-safe), and how many characters fit a width. Pure; shared by the layout of titles, lower
 * thirds and subtitles and by QC's check of where they went.
 */
import type { SafeArea } from '../../domain/delivery-profiles.ts';
import { TITLE_SAFE_MARGIN_PERCENT } from '../../subtitles/format-ass.ts';

/** A rectangle of the frame in pixels: `right` and `bottom` are the first column and row past it. */
export interface TextRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Average advance of a character of Noto Sans as a share of the font size, a little above what
 * Vietnamese text measures (regular ~0.5, bold ~0.56), so a line wrapped to `charsThatFit` fits.
 */
const CHAR_WIDTH_EM = { regular: 0.56, bold: 0.62 } as const;

/**
 * The rectangle text stays inside: the platform's safe area (a Reels frame: clear of the top 14 %,
 * the bottom 35 % and 6 % at each side), never closer to an edge than title-safe (5 %), rounded
 * inward to whole pixels.
 *
 * @example textSafeRect({ width: 1080, height: 1920, safeArea: { topPercent: 14, bottomPercent: 35, sidePercent: 6 } })
 * // { left: 65, top: 269, right: 1015, bottom: 1248 }
 */
export function textSafeRect({ width, height, safeArea }: { width: number; height: number; safeArea?: SafeArea | null | undefined }): TextRect {
  const side = Math.max(TITLE_SAFE_MARGIN_PERCENT, safeArea?.sidePercent ?? 0) / 100;
  const top = Math.max(TITLE_SAFE_MARGIN_PERCENT, safeArea?.topPercent ?? 0) / 100;
  const bottom = Math.max(TITLE_SAFE_MARGIN_PERCENT, safeArea?.bottomPercent ?? 0) / 100;
  return { left: Math.ceil(width * side), top: Math.ceil(height * top), right: Math.floor(width * (1 - side)), bottom: Math.floor(height * (1 - bottom)) };
}

/** Characters of text at `size` pixels that fit `widthPx` (at least 8: a word longer than the line stays whole). */
export function charsThatFit({ widthPx, size, bold = false }: { widthPx: number; size: number; bold?: boolean }): number {
  return Math.max(8, Math.floor(widthPx / (size * CHAR_WIDTH_EM[bold ? 'bold' : 'regular'])));
}

/** The width `chars` characters take at `size` pixels, by the same measure as `charsThatFit`. */
export function widthOfChars({ chars, size, bold = false }: { chars: number; size: number; bold?: boolean }): number {
  return Math.ceil(chars * size * CHAR_WIDTH_EM[bold ? 'bold' : 'regular']);
}

/** Whether `inner` lies inside `outer` (edges may touch). */
export function rectInside({ inner, outer }: { inner: TextRect; outer: TextRect }): boolean {
  return inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;
}

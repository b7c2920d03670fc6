/**
 * Filters applied to a segment's picture after its layers are combined: lower thirds, burned-in
 * subtitles, fades, and the review profile's timecode and watermark. Pure; text comes from files.
 */
import { TITLE_SAFE_MARGIN_PERCENT } from '../../subtitles/format-ass.ts';
import { escapeFilterValue } from './escape-filter-value.ts';
import { drawtext, wrapText } from './build-layer-filters.ts';
import { charsThatFit, type TextRect } from './text-geometry.ts';
import { FPS } from '../../domain/project.ts';

/** Fade from black over the first `fadeInFrames` and to black over the last `fadeOutFrames` (frame-exact). */
export function buildFadeFilters({ frames, fadeInFrames, fadeOutFrames }: { frames: number; fadeInFrames: number; fadeOutFrames: number }): string[] {
  return [
    ...(fadeInFrames > 0 ? [`fade=t=in:s=0:n=${Math.min(fadeInFrames, frames)}`] : []),
    ...(fadeOutFrames > 0 ? [`fade=t=out:s=${Math.max(0, frames - fadeOutFrames)}:n=${Math.min(fadeOutFrames, frames)}`] : []),
  ];
}

/** Where a lower third sits, in pixels. */
export interface LowerThirdLayout {
  x: number;
  nameY: number;
  positionY: number;
  nameSize: number;
  positionSize: number;
  border: number;
  /** Lines of the name and of the position (`textBlockHeight`). */
  nameLines: number;
  positionLines: number;
  /** The rectangle the lower third is laid out in: its bands, borders included, never leave it. */
  box: TextRect;
}

/**
 * The lower third's place: left-aligned on the title-safe edge (5 % in), in the bottom part of
 * the picture. When subtitles are burned in it sits above the two-line subtitle zone, so a
 * speaker's name and what they say never overlap; in a clean feed it sits on the title-safe bottom.
 */
export function planLowerThird({
  width,
  height,
  subtitleSizePercent,
  area = null,
  nameLines = 1,
  positionLines = 1,
}: {
  width: number;
  height: number;
  /** Size of burned-in subtitles as a share of the height, or null when none are burned in. */
  subtitleSizePercent: number | null;
  /**
   * A platform's safe area (`textSafeRect`): the lower third sits on its left edge, above its
   * bottom (and the subtitle zone), sized on the frame's shorter side. Null: title-safe 16:9.
   */
  area?: TextRect | null;
  nameLines?: number;
  positionLines?: number;
}): LowerThirdLayout {
  const safe = TITLE_SAFE_MARGIN_PERCENT / 100;
  // Sizes follow the shorter side: the height of a 16:9 frame, the width of a vertical one.
  const base = area ? Math.min(width, height) : height;
  const nameSize = Math.max(6, Math.round(base * 0.048));
  const positionSize = Math.max(5, Math.round(base * 0.034));
  const border = Math.max(2, Math.round(base * 0.012));
  const subtitleZone = subtitleSizePercent === null ? 0 : (2 * 1.3 * subtitleSizePercent) / 100 + 0.025;
  const bottom = area ? Math.floor(area.bottom - height * subtitleZone) : Math.floor(height * (1 - safe - subtitleZone));
  const positionY = bottom - border - textBlockHeight({ size: positionSize, lines: positionLines });
  const nameY = positionY - 2 * border - textBlockHeight({ size: nameSize, lines: nameLines });
  const x = (area ? area.left : Math.ceil(width * safe)) + border;
  const right = area ? area.right : Math.floor(width * (1 - safe));
  return { x, nameY, positionY, nameSize, positionSize, border, nameLines, positionLines, box: { left: x - border, top: nameY - border, right, bottom } };
}

/**
 * Rows a drawtext block of `lines` lines at `size` pixels is given: 1.2 × size for the first line
 * (a line's ink), 1.4 × size for each further one (drawtext steps by the font's line height,
 * 1.36 × size for Noto Sans).
 */
export function textBlockHeight({ size, lines }: { size: number; lines: number }): number {
  return Math.round(size * 1.2) + Math.max(0, lines - 1) * Math.round(size * 1.4);
}

/**
 * A lower third's text broken into lines that fit its frame (a vertical frame is narrow; a 16:9
 * one keeps each on one line) and its layout for those lines.
 */
export function layoutLowerThird({
  name,
  position,
  width,
  height,
  subtitleSizePercent,
  area = null,
}: {
  name: string;
  position: string;
  width: number;
  height: number;
  subtitleSizePercent: number | null;
  area?: TextRect | null;
}): { layout: LowerThirdLayout; nameLines: string[]; positionLines: string[] } {
  const single = planLowerThird({ width, height, subtitleSizePercent, area });
  if (!area) return { layout: single, nameLines: [name], positionLines: position ? [position] : [] };
  const room = single.box.right - single.x - single.border;
  const nameLines = wrapText({ text: name, maxChars: charsThatFit({ widthPx: room, size: single.nameSize, bold: true }), maxLines: 2 });
  const positionLines = position ? wrapText({ text: position, maxChars: charsThatFit({ widthPx: room, size: single.positionSize }), maxLines: 3 }) : [];
  const layout = planLowerThird({
    width,
    height,
    subtitleSizePercent,
    area,
    nameLines: Math.max(1, nameLines.length),
    positionLines: Math.max(1, positionLines.length),
  });
  return { layout, nameLines, positionLines };
}

/**
 * A speaker's lower third: the name in bold on a dark blue band, the position below it on a black
 * band, each band as wide as its text, shown from `startFrame` to `endFrame` (exclusive) of the segment.
 */
export function buildLowerThirdFilters({
  layout,
  nameFile,
  positionFile,
  startFrame,
  endFrame,
  fontFile,
  boldFontFile,
}: {
  layout: LowerThirdLayout;
  nameFile: string;
  positionFile: string | null;
  startFrame: number;
  endFrame: number;
  fontFile: string;
  boldFontFile: string;
}): string[] {
  const enable = `enable='between(n,${startFrame},${endFrame - 1})'`;
  return [
    drawtext({
      fontFile: boldFontFile,
      textFile: nameFile,
      size: layout.nameSize,
      colour: 'white',
      x: String(layout.x),
      y: String(layout.nameY),
      extra: ['box=1', 'boxcolor=0x0c2340@0.88', `boxborderw=${layout.border}`, enable],
    }),
    ...(positionFile
      ? [
          drawtext({
            fontFile,
            textFile: positionFile,
            size: layout.positionSize,
            colour: '0xf2f2f2',
            x: String(layout.x),
            y: String(layout.positionY),
            extra: ['box=1', 'boxcolor=black@0.72', `boxborderw=${layout.border}`, enable],
          }),
        ]
      : []),
  ];
}

/** Burned-in subtitles from an ASS file (`formatAss`), fonts looked up in `fontsDir` first. */
export function buildSubtitlesFilter({ assFile, fontsDir }: { assFile: string; fontsDir: string }): string {
  return `ass=filename=${escapeFilterValue({ value: assFile })}:fontsdir=${escapeFilterValue({ value: fontsDir })}:shaping=complex`;
}

/**
 * The review profile's running programme timecode, top left inside title safe, starting at
 * `timecode` on the segment's first frame and counting frames at 25 fps.
 */
export function buildTimecodeFilter({
  timecode,
  width,
  height,
  fontFile,
  top,
}: {
  timecode: string;
  width: number;
  height: number;
  fontFile: string;
  /** Row of the mark's top (default: the title-safe line); below the logo when the logo is top left. */
  top?: number;
}): string {
  const size = Math.max(6, Math.round(height * 0.045));
  const border = Math.max(2, Math.round(height * 0.008));
  const safe = TITLE_SAFE_MARGIN_PERCENT / 100;
  return [
    `drawtext=fontfile=${escapeFilterValue({ value: fontFile })}`,
    `timecode=${escapeFilterValue({ value: timecode })}`,
    `rate=${FPS}`,
    `fontsize=${size}`,
    'fontcolor=white',
    'box=1',
    'boxcolor=black@0.6',
    `boxborderw=${border}`,
    `x=${Math.ceil(width * safe) + border}`,
    `y=${(top ?? Math.ceil(height * safe)) + border}`,
  ].join(':');
}

/** The review watermark ("BẢN DUYỆT v3"), top right inside title safe (below the logo when the logo is top right), translucent. */
export function buildWatermarkFilter({ textFile, height, fontFile, top }: { textFile: string; height: number; fontFile: string; top?: number }): string {
  const size = Math.max(6, Math.round(height * 0.05));
  const safe = TITLE_SAFE_MARGIN_PERCENT / 100;
  return drawtext({
    fontFile,
    textFile,
    size,
    colour: 'white@0.45',
    x: `w*${1 - safe}-text_w`,
    y: top === undefined ? `h*${safe}` : String(top),
    extra: ['borderw=1', 'bordercolor=black@0.35'],
  });
}

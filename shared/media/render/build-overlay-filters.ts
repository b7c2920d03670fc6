/**
 * Filters applied to a segment's picture after its layers are combined: lower thirds, burned-in
 * subtitles, fades, and the review profile's timecode and watermark. Pure; text comes from files.
 */
import { TITLE_SAFE_MARGIN_PERCENT } from '../../subtitles/format-ass.ts';
import { escapeFilterValue } from './escape-filter-value.ts';
import { drawtext } from './build-layer-filters.ts';
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
}: {
  width: number;
  height: number;
  /** Size of burned-in subtitles as a share of the height, or null when none are burned in. */
  subtitleSizePercent: number | null;
}): LowerThirdLayout {
  const safe = TITLE_SAFE_MARGIN_PERCENT / 100;
  const nameSize = Math.max(6, Math.round(height * 0.048));
  const positionSize = Math.max(5, Math.round(height * 0.034));
  const border = Math.max(2, Math.round(height * 0.012));
  const subtitleZone = subtitleSizePercent === null ? 0 : (2 * 1.3 * subtitleSizePercent) / 100 + 0.025;
  const bottom = Math.floor(height * (1 - safe - subtitleZone));
  const positionY = bottom - border - Math.round(positionSize * 1.2);
  const nameY = positionY - 2 * border - Math.round(nameSize * 1.2);
  return { x: Math.ceil(width * safe) + border, nameY, positionY, nameSize, positionSize, border };
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

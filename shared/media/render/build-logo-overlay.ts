import type { LogoSpec } from './render-spec.ts';
import type { TextRect } from './text-geometry.ts';

/** Distance of the logo from the picture's edges: inside the title-safe area (5 % of each side). */
const SAFE_MARGIN = 0.05;

/**
 * The filter statements that put the organiser's logo over `base`: the image (one frame; overlay
 * repeats it for the whole segment) scaled to `heightPercent` of the picture's height, made
 * `opacity` transparent on top of its own alpha, and placed in its corner inside the title-safe
 * area. Pure; `input` is the logo's input pad (`2:V:0`).
 *
 * @example buildLogoOverlay({ base: 'l0', input: '1:V:0', output: 'logo', logo, width: 1920, height: 1080, pixelFormat: 'yuv420p' })
 * // ['[1:V:0]scale=-2:86:flags=lanczos,format=rgba,colorchannelmixer=aa=0.9[logo_img]', '[l0][logo_img]overlay=x=1824-w:y=54:eof_action=repeat:format=yuv420[logo]']
 */
/**
 * Where the logo sits: its corner and the rows it covers (pixels from the top). The review marks
 * (timecode top left, watermark top right) go below a logo in their corner, never under it.
 */
export function logoBox({
  logo,
  width = 0,
  height,
  area = null,
}: {
  logo: Pick<LogoSpec, 'corner' | 'heightPercent'>;
  width?: number;
  height: number;
  area?: TextRect | null;
}): {
  corner: LogoSpec['corner'];
  top: number;
  bottom: number;
} {
  const logoHeight = logoHeightOf({ logo, width, height, area });
  const { top, bottom } = marginsOf({ width, height, area });
  return logo.corner.startsWith('top')
    ? { corner: logo.corner, top, bottom: top + logoHeight }
    : { corner: logo.corner, top: height - bottom - logoHeight, bottom: height - bottom };
}

/**
 * The logo's height: `heightPercent` of the frame's height, or of its shorter side in a frame with
 * a platform's safe area (8 % of a 9:16 frame's height would be a third of its width).
 */
function logoHeightOf({ logo, width, height, area }: { logo: Pick<LogoSpec, 'heightPercent'>; width: number; height: number; area: TextRect | null }): number {
  const base = area ? Math.min(width, height) : height;
  return Math.max(2, Math.round((base * logo.heightPercent) / 100 / 2) * 2);
}

/** Distances from the edges: title-safe (5 %), or a platform's safe area (Reels: clear of its top 14 % and bottom 35 %). */
function marginsOf({ width, height, area }: { width: number; height: number; area: TextRect | null }): {
  left: number;
  right: number;
  top: number;
  bottom: number;
} {
  if (area) return { left: area.left, right: width - area.right, top: area.top, bottom: height - area.bottom };
  const x = Math.round(width * SAFE_MARGIN);
  const y = Math.round(height * SAFE_MARGIN);
  return { left: x, right: x, top: y, bottom: y };
}

export function buildLogoOverlay({
  base,
  input,
  output,
  logo,
  width,
  height,
  pixelFormat,
  area = null,
}: {
  base: string;
  input: string;
  output: string;
  logo: Pick<LogoSpec, 'corner' | 'heightPercent' | 'opacity'>;
  width: number;
  height: number;
  /** The programme's pixel format: overlay blends in its chroma layout, so the picture is never turned into RGB and back. */
  pixelFormat: string;
  /** A platform's safe area (`textSafeRect`): the logo goes in its corners, sized on the frame's shorter side. Null: title-safe. */
  area?: TextRect | null;
}): string[] {
  const logoHeight = logoHeightOf({ logo, width, height, area });
  const margins = marginsOf({ width, height, area });
  const x = logo.corner.endsWith('left') ? String(margins.left) : `${width - margins.right}-w`;
  const y = logo.corner.startsWith('top') ? String(margins.top) : `${height - margins.bottom}-h`;
  const image = `${output}_img`;
  const blend = pixelFormat.startsWith('yuv422') ? 'yuv422' : pixelFormat.startsWith('yuv444') ? 'yuv444' : 'yuv420';
  return [
    `[${input}]scale=-2:${logoHeight}:flags=lanczos,format=rgba,colorchannelmixer=aa=${logo.opacity.toFixed(2)}[${image}]`,
    `[${base}][${image}]overlay=x=${x}:y=${y}:eof_action=repeat:format=${blend}[${output}]`,
  ];
}

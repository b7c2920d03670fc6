import type { LogoSpec } from './render-spec.ts';

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
export function logoBox({ logo, height }: { logo: Pick<LogoSpec, 'corner' | 'heightPercent'>; height: number }): {
  corner: LogoSpec['corner'];
  top: number;
  bottom: number;
} {
  const logoHeight = logoHeightOf({ logo, height });
  const marginY = Math.round(height * SAFE_MARGIN);
  return logo.corner.startsWith('top')
    ? { corner: logo.corner, top: marginY, bottom: marginY + logoHeight }
    : { corner: logo.corner, top: height - marginY - logoHeight, bottom: height - marginY };
}

function logoHeightOf({ logo, height }: { logo: Pick<LogoSpec, 'heightPercent'>; height: number }): number {
  return Math.max(2, Math.round((height * logo.heightPercent) / 100 / 2) * 2);
}

export function buildLogoOverlay({
  base,
  input,
  output,
  logo,
  width,
  height,
  pixelFormat,
}: {
  base: string;
  input: string;
  output: string;
  logo: Pick<LogoSpec, 'corner' | 'heightPercent' | 'opacity'>;
  width: number;
  height: number;
  /** The programme's pixel format: overlay blends in its chroma layout, so the picture is never turned into RGB and back. */
  pixelFormat: string;
}): string[] {
  const logoHeight = logoHeightOf({ logo, height });
  const marginX = Math.round(width * SAFE_MARGIN);
  const marginY = Math.round(height * SAFE_MARGIN);
  const x = logo.corner.endsWith('left') ? String(marginX) : `${width - marginX}-w`;
  const y = logo.corner.startsWith('top') ? String(marginY) : `${height - marginY}-h`;
  const image = `${output}_img`;
  const blend = pixelFormat.startsWith('yuv422') ? 'yuv422' : pixelFormat.startsWith('yuv444') ? 'yuv444' : 'yuv420';
  return [
    `[${input}]scale=-2:${logoHeight}:flags=lanczos,format=rgba,colorchannelmixer=aa=${logo.opacity.toFixed(2)}[${image}]`,
    `[${base}][${image}]overlay=x=${x}:y=${y}:eof_action=repeat:format=${blend}[${output}]`,
  ];
}

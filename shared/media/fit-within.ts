/**
 * The largest size with the same aspect ratio as `width`×`height` that fits in the box, never
 * larger than the source. With `even`, both sides are rounded to even numbers (4:2:0 video needs it).
 *
 * @example fitWithin({ width: 768, height: 576, maxWidth: 960, maxHeight: 540, even: true }) // { width: 720, height: 540 }
 */
export function fitWithin({
  width,
  height,
  maxWidth,
  maxHeight,
  even = false,
}: {
  width: number;
  height: number;
  maxWidth: number;
  maxHeight: number;
  even?: boolean;
}): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  const round = (value: number, limit: number) => {
    if (!even) return Math.max(1, Math.min(limit, Math.round(value)));
    return Math.max(2, Math.min(limit - (limit % 2), 2 * Math.round(value / 2)));
  };
  return {
    width: round(width * scale, Math.min(maxWidth, Math.round(width))),
    height: round(height * scale, Math.min(maxHeight, Math.round(height))),
  };
}

/**
 * How a picture of one shape is fitted into the programme frame. Pure geometry, in pixels, with
 * even sizes and offsets (4:2:0 and 4:2:2 chroma need them).
 *
 * - `scale`: the shapes agree within 1 % (1920×1088, 1440×1080 anamorphic once its pixel aspect is
 *   applied …): scaled to the frame.
 * - `pillarbox` / `letterbox`: narrower (4:3) or wider (2.39:1) landscape pictures, whole, on black.
 * - `blurred-fill`: portrait pictures (phones), whole, in front of a blurred, darkened copy of
 *   themselves that fills the frame: the broadcast habit for vertical footage, where black
 *   columns would take two thirds of the screen.
 * - `cover`: photos close to the frame's shape (3:2, 4:3) fill it and lose a little at the edges,
 *   as an editor would frame them for a slow zoom.
 */
export type ConformMode = 'scale' | 'pillarbox' | 'letterbox' | 'blurred-fill' | 'cover';

export interface ConformPlan {
  mode: ConformMode;
  /** The frame. */
  width: number;
  height: number;
  /** Size the picture is scaled to (for `cover`, larger than the frame, then cropped). */
  picture: { width: number; height: number };
  /** Where the picture's top-left corner goes in the frame (negative for `cover`: the crop). */
  x: number;
  y: number;
}

/** Shapes within this ratio of the frame's are simply scaled. */
const SAME_SHAPE_TOLERANCE = 0.01;
/** Photos between these multiples of the frame's aspect ratio fill it (4:3 and 3:2 do; portrait does not). */
const PHOTO_COVER_RANGE = [0.74, 1.36] as const;

/**
 * The fit of a `displayWidth`×`displayHeight` picture (pixel aspect and rotation applied) into a
 * `width`×`height` frame.
 *
 * @example planConform({ displayWidth: 768, displayHeight: 576, width: 1920, height: 1080, kind: 'clip' })
 * // { mode: 'pillarbox', width: 1920, height: 1080, picture: { width: 1440, height: 1080 }, x: 240, y: 0 }
 * @example planConform({ displayWidth: 1080, displayHeight: 1920, width: 1920, height: 1080, kind: 'clip' }).mode // 'blurred-fill'
 */
export function planConform({
  displayWidth,
  displayHeight,
  width,
  height,
  kind,
}: {
  displayWidth: number;
  displayHeight: number;
  width: number;
  height: number;
  kind: 'clip' | 'photo';
}): ConformPlan {
  const frameAspect = width / height;
  const aspect = displayWidth / displayHeight;
  const relative = aspect / frameAspect;
  const frame = { width, height };
  if (Math.abs(relative - 1) <= SAME_SHAPE_TOLERANCE) {
    return { mode: 'scale', ...frame, picture: { width, height }, x: 0, y: 0 };
  }
  if (kind === 'photo' && relative >= PHOTO_COVER_RANGE[0] && relative <= PHOTO_COVER_RANGE[1]) {
    const picture = relative < 1 ? { width, height: even(width / aspect) } : { width: even(height * aspect), height };
    return { mode: 'cover', ...frame, picture, x: -evenOffset(picture.width - width), y: -evenOffset(picture.height - height) };
  }
  if (relative < 1) {
    const picture = { width: Math.min(width, even(height * aspect)), height };
    const mode: ConformMode = aspect < 1 || kind === 'photo' ? 'blurred-fill' : 'pillarbox';
    return { mode, ...frame, picture, x: evenOffset(width - picture.width), y: 0 };
  }
  const picture = { width, height: Math.min(height, even(width / aspect)) };
  return { mode: kind === 'photo' ? 'blurred-fill' : 'letterbox', ...frame, picture, x: 0, y: evenOffset(height - picture.height) };
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

/** Half of `space`, rounded down to an even number. */
function evenOffset(space: number): number {
  return 2 * Math.floor(space / 4);
}

/**
 * Framing a 16:9 picture for a vertical (9:16) or square (1:1) frame: a crop around a centre that
 * may move during the shot, or the whole picture over a blurred fill. Pure geometry and ffmpeg
 * expressions; the layer builders (build-layer-filters.ts) turn them into filters.
 */
import type { CropCentrePoint, Reframe } from '../../domain/cut/reframe.ts';
import type { ConformPlan } from './plan-conform.ts';

/** The programme's own shape (16:9): frames this much narrower are reframed. */
const PROGRAMME_ASPECT = 16 / 9;
const SAME_SHAPE_TOLERANCE = 0.01;

/**
 * Whether a profile's frame is narrower than the programme's 16:9 (the vertical and square
 * profiles): its shots are framed as their `reframe` says. Wider or equal frames ignore `reframe`,
 * so it never changes a 16:9 render (nor its cache keys).
 *
 * @example reframesShots({ width: 1080, height: 1920 }) // true
 * @example reframesShots({ width: 1920, height: 1080 }) // false
 */
export function reframesShots({ width, height }: { width: number; height: number }): boolean {
  return width / height < PROGRAMME_ASPECT * (1 - SAME_SHAPE_TOLERANCE);
}

/** A crop that follows a centre: the picture scaled to `cover` (at least the frame both ways), then cut to the frame at `x`, `y` (ffmpeg `crop` expressions). */
export interface MovingCropPlan {
  mode: 'moving-crop';
  width: number;
  height: number;
  cover: { width: number; height: number };
  x: string;
  y: string;
}

/**
 * How a `displayWidth`×`displayHeight` picture fills a `width`×`height` frame under `reframe`:
 * - the same shape (within 1 %): scaled (`scale`);
 * - `blur-fill`: the whole picture, as wide (or as tall) as the frame allows, centred over a
 *   blurred copy (`blurred-fill`);
 * - `crop`: scaled to cover the frame and cut out around the centre (`moving-crop`), the crop
 *   kept inside the picture however far the centre goes toward an edge.
 *
 * `framesPerPicture`: pictures per programme frame in the stream being cropped (2 when a clip is
 * conformed by field for an interlaced output); the crop's frame count is `n / framesPerPicture`.
 *
 * @example planReframe({ displayWidth: 1920, displayHeight: 1080, width: 1080, height: 1920, reframe: { mode: 'crop', centre: [{ frame: 0, x: 0.2 }] } })
 * // { mode: 'moving-crop', width: 1080, height: 1920, cover: { width: 3414, height: 1920 }, x: 'clip((0.2)*iw-ow/2,0,iw-ow)', y: 'clip((0.5)*ih-oh/2,0,ih-oh)' }
 */
export function planReframe({
  displayWidth,
  displayHeight,
  width,
  height,
  reframe,
  picturesPerFrame = 1,
}: {
  displayWidth: number;
  displayHeight: number;
  width: number;
  height: number;
  reframe: Reframe;
  picturesPerFrame?: number;
}): ConformPlan | MovingCropPlan {
  const aspect = displayWidth / displayHeight;
  const frameAspect = width / height;
  if (Math.abs(aspect / frameAspect - 1) <= SAME_SHAPE_TOLERANCE) {
    return { mode: 'scale', width, height, picture: { width, height }, x: 0, y: 0 };
  }
  if (reframe.mode === 'blur-fill') {
    const picture =
      aspect > frameAspect ? { width, height: Math.min(height, even(width / aspect)) } : { width: Math.min(width, even(height * aspect)), height };
    return { mode: 'blurred-fill', width, height, picture, x: evenOffset(width - picture.width), y: evenOffset(height - picture.height) };
  }
  const cover = aspect > frameAspect ? { width: Math.max(width, even(height * aspect)), height } : { width, height: Math.max(height, even(width / aspect)) };
  const frame = picturesPerFrame === 1 ? 'n' : `n/${picturesPerFrame}`;
  return {
    mode: 'moving-crop',
    width,
    height,
    cover,
    x: cropOffsetExpression({ centre: reframe.centre, axis: 'x', frame }),
    y: cropOffsetExpression({ centre: reframe.centre, axis: 'y', frame }),
  };
}

/**
 * The `crop` filter's `x` (or `y`) for a centre that moves in straight lines between points: the
 * centre as a share of the picture, `c(f) = c₀ + Σ (cᵢ₊₁ − cᵢ) · clip((f − fᵢ) / (fᵢ₊₁ − fᵢ), 0, 1)`
 * (one term per stretch, no nesting), turned into the crop's left edge and clamped so the crop
 * stays inside the picture. `frame` is the expression of the frame number (`n`).
 *
 * @example cropOffsetExpression({ centre: [{ frame: 0, x: 0.25 }, { frame: 50, x: 0.75 }], axis: 'x', frame: 'n' })
 * // 'clip((0.25+0.5*clip((n-0)/50,0,1))*iw-ow/2,0,iw-ow)'
 */
export function cropOffsetExpression({ centre, axis, frame }: { centre: readonly CropCentrePoint[]; axis: 'x' | 'y'; frame: string }): string {
  const value = (point: CropCentrePoint) => (axis === 'x' ? point.x : (point.y ?? 0.5));
  const first = centre[0];
  const terms = [number(first ? value(first) : 0.5)];
  centre.forEach((point, i) => {
    const next = centre[i + 1];
    if (next === undefined) return;
    const rise = value(next) - value(point);
    if (rise === 0) return;
    // A point before the piece's first frame (a segment that starts mid-shot) has a negative frame.
    const since = point.frame < 0 ? `${frame}+${-point.frame}` : `${frame}-${point.frame}`;
    terms.push(`${rise < 0 ? '-' : '+'}${number(Math.abs(rise))}*clip((${since})/${next.frame - point.frame},0,1)`);
  });
  const [size, out] = axis === 'x' ? ['iw', 'ow'] : ['ih', 'oh'];
  return `clip((${terms.join('')})*${size}-${out}/2,0,${size}-${out})`;
}

/** A number as ffmpeg reads it: no exponent, at most 6 decimals. */
function number(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

function evenOffset(space: number): number {
  return 2 * Math.floor(space / 4);
}

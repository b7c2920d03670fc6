/**
 * A shot's framing for the vertical and square profiles (`reframe` on clip and photo shots), as
 * plain data and pure helpers: no zod, so the editor's page can use them too.
 */

/** One point of a moving crop: at `frame` (from the shot's first frame) the crop is centred on `x`, `y` (0–1 of the picture). */
export interface CropCentrePoint {
  frame: number;
  x: number;
  y?: number | undefined;
}

/** A shot's framing: a crop around a centre (moving linearly between points), or the whole picture over a blurred fill. */
export type Reframe = { mode: 'crop'; centre: CropCentrePoint[] } | { mode: 'blur-fill' };

/** A shot without `reframe` is cropped around the middle of its picture. */
export const DEFAULT_REFRAME: Reframe = { mode: 'crop', centre: [{ frame: 0, x: 0.5 }] };

/**
 * The crop's centre at `frame` of the shot: the first point's before it, the last one's after it,
 * and a straight line between two points (x and y each; a missing y is the middle, 0.5).
 *
 * @example cropCentreAt({ centre: [{ frame: 0, x: 0.2 }, { frame: 100, x: 0.8 }], frame: 50 }) // { x: 0.5, y: 0.5 }
 */
export function cropCentreAt({ centre, frame }: { centre: readonly CropCentrePoint[]; frame: number }): { x: number; y: number } {
  const first = centre[0];
  if (first === undefined) return { x: 0.5, y: 0.5 };
  let before = first;
  for (const point of centre) {
    if (point.frame <= frame) before = point;
    else {
      if (point === first) break;
      const share = (frame - before.frame) / (point.frame - before.frame);
      return { x: before.x + (point.x - before.x) * share, y: (before.y ?? 0.5) + ((point.y ?? 0.5) - (before.y ?? 0.5)) * share };
    }
  }
  return { x: before.x, y: before.y ?? 0.5 };
}

/**
 * The framing seen from `offsetFrames` frames into the shot (a segment that starts mid-shot):
 * the points move back by the offset, so frame 0 of the piece is that frame of the shot.
 */
export function shiftReframe({ reframe, offsetFrames }: { reframe: Reframe; offsetFrames: number }): Reframe {
  if (reframe.mode !== 'crop' || offsetFrames === 0) return reframe;
  return { mode: 'crop', centre: reframe.centre.map((point) => ({ ...point, frame: point.frame - offsetFrames })) };
}

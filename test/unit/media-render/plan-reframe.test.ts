import { describe, expect, it } from 'vitest';
import { cropCentreAt } from '../../../shared/domain/index.ts';
import { cropOffsetExpression, planReframe, reframesShots } from '../../../shared/media/index.ts';

/**
 * Evaluates a crop expression as ffmpeg's `crop` does for picture `n` (only what the expressions
 * use: numbers, + − × ÷, parentheses, clip(), n, iw/ow, ih/oh), so the tests check the numbers
 * ffmpeg will compute, not the text.
 */
function evaluate(expression: string, vars: Record<string, number>): number {
  const js = expression.replace(/\b(iw|ow|ih|oh|n)\b/g, (name) => `(${vars[name]})`).replace(/clip\(/g, '__clip(');
  if (!/^[\d\s.+\-*/(),_a-z]*$/.test(js.replace(/__clip/g, ''))) throw new Error(`unexpected expression ${expression}`);
  return new Function('__clip', `return ${js};`)((v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))) as number;
}

describe('reframing a 16:9 shot for a vertical or square frame', () => {
  it('reframes frames narrower than 16:9 only', () => {
    expect(reframesShots({ width: 1080, height: 1920 })).toBe(true);
    expect(reframesShots({ width: 1080, height: 1080 })).toBe(true);
    expect(reframesShots({ width: 1920, height: 1080 })).toBe(false);
    expect(reframesShots({ width: 960, height: 540 })).toBe(false);
  });

  it('crops a 1920×1080 picture scaled to cover 1080×1920, its left edge where the centre says', () => {
    const plan = planReframe({ displayWidth: 1920, displayHeight: 1080, width: 1080, height: 1920, reframe: { mode: 'crop', centre: [{ frame: 0, x: 0.3 }] } });
    expect(plan).toMatchObject({ mode: 'moving-crop', width: 1080, height: 1920, cover: { width: 3414, height: 1920 } });
    if (plan.mode !== 'moving-crop') throw new Error('not a crop');
    const vars = { iw: 3414, ow: 1080, ih: 1920, oh: 1920, n: 0 };
    expect(evaluate(plan.x, vars)).toBeCloseTo(0.3 * 3414 - 540, 6);
    expect(evaluate(plan.y, vars)).toBe(0);
  });

  it('moves the crop in a straight line between the centre points, frame by frame, as cropCentreAt says', () => {
    const centre = [
      { frame: 0, x: 0.2 },
      { frame: 50, x: 0.8 },
      { frame: 100, x: 0.5 },
    ];
    const x = cropOffsetExpression({ centre, axis: 'x', frame: 'n' });
    for (const n of [0, 10, 25, 50, 75, 100, 140]) {
      expect(evaluate(x, { iw: 3414, ow: 1080, n })).toBeCloseTo(cropCentreAt({ centre, frame: n }).x * 3414 - 540, 6);
    }
  });

  it('keeps the crop inside the picture when the centre goes to an edge', () => {
    const x = cropOffsetExpression({
      centre: [
        { frame: 0, x: 0 },
        { frame: 10, x: 1 },
      ],
      axis: 'x',
      frame: 'n',
    });
    expect(evaluate(x, { iw: 3414, ow: 1080, n: 0 })).toBe(0);
    expect(evaluate(x, { iw: 3414, ow: 1080, n: 10 })).toBe(3414 - 1080);
    expect(evaluate(x, { iw: 3414, ow: 1080, n: 30 })).toBe(3414 - 1080);
  });

  it('reads points before the piece’s first frame (a segment starting inside the shot) and pictures by field', () => {
    const centre = [
      { frame: -40, x: 0.2 },
      { frame: 60, x: 0.8 },
    ];
    const x = cropOffsetExpression({ centre, axis: 'x', frame: 'n/2' });
    expect(x).toContain('n/2+40');
    // Picture 20 by field is frame 10: 50 frames into the move.
    expect(evaluate(x, { iw: 1000, ow: 100, n: 20 })).toBeCloseTo(0.5 * 1000 - 50, 6);
  });

  it('puts the whole picture across the frame’s width over the blurred fill, and scales a picture of the frame’s own shape', () => {
    expect(planReframe({ displayWidth: 1920, displayHeight: 1080, width: 1080, height: 1920, reframe: { mode: 'blur-fill' } })).toEqual({
      mode: 'blurred-fill',
      width: 1080,
      height: 1920,
      picture: { width: 1080, height: 608 },
      x: 0,
      y: 656,
    });
    expect(planReframe({ displayWidth: 1080, displayHeight: 1920, width: 1080, height: 1920, reframe: { mode: 'blur-fill' } }).mode).toBe('scale');
  });
});

import { describe, expect, it } from 'vitest';
import { CutSchema, cropCentreAt, freezeVersion, shiftReframe, validateCut, type CutInput } from '../../../shared/domain/index.ts';
import { byId, makeAsset, makeCut, project } from './timeline-fixtures.ts';

const assets = byId([makeAsset({ id: 'clip-1', kind: 'footage', durationSeconds: 60 }), makeAsset({ id: 'photo-1', kind: 'photo' })]);
const now = new Date('2026-12-01T10:00:00Z');

function cutWith(reframe?: unknown): CutInput {
  return makeCut({
    shots: [
      { id: 's1', type: 'clip', assetId: 'clip-1', in: 0, out: 10, ...(reframe === undefined ? {} : { reframe }) } as CutInput['shots'][number],
      { id: 's2', type: 'photo', assetId: 'photo-1', duration: 125 },
    ],
  });
}

describe('a shot’s reframe (vertical and square framing)', () => {
  it('accepts a still or moving crop centre and a blurred fill on clips and photos', () => {
    for (const reframe of [
      { mode: 'crop', centre: [{ frame: 0, x: 0.3 }] },
      {
        mode: 'crop',
        centre: [
          { frame: 0, x: 0, y: 0.4 },
          { frame: 249, x: 1 },
        ],
      },
      { mode: 'blur-fill' },
    ]) {
      expect(CutSchema.safeParse(cutWith(reframe)).success).toBe(true);
    }
    const photo = makeCut({ shots: [{ id: 'p', type: 'photo', assetId: 'photo-1', duration: 50, reframe: { mode: 'blur-fill' } }] });
    expect(CutSchema.safeParse(photo).success).toBe(true);
  });

  it('refuses a centre outside the picture, points out of frame order, an empty list, unknown fields and framing on a title card', () => {
    const refused = [
      { mode: 'crop', centre: [{ frame: 0, x: 1.2 }] },
      { mode: 'crop', centre: [{ frame: 0, x: -0.1 }] },
      {
        mode: 'crop',
        centre: [
          { frame: 10, x: 0.2 },
          { frame: 10, x: 0.8 },
        ],
      },
      {
        mode: 'crop',
        centre: [
          { frame: 20, x: 0.2 },
          { frame: 10, x: 0.8 },
        ],
      },
      { mode: 'crop', centre: [] },
      { mode: 'crop', centre: [{ frame: 0.5, x: 0.2 }] },
      { mode: 'blur-fill', centre: [{ frame: 0, x: 0.2 }] },
      { mode: 'zoom' },
    ];
    for (const reframe of refused) expect(CutSchema.safeParse(cutWith(reframe)).success, JSON.stringify(reframe)).toBe(false);
    const title = makeCut({ shots: [{ id: 't', type: 'title', text: 'Đại hội', duration: 25, reframe: { mode: 'blur-fill' } } as never] });
    expect(CutSchema.safeParse(title).success).toBe(false);
  });

  it('leaves the version id of a cut without framing as it was: an absent reframe adds nothing to the cut', () => {
    const parsed = validateCut({ cut: cutWith(), assets });
    expect(Object.keys(parsed.shots[0]!)).not.toContain('reframe');
    const plain = freezeVersion({ cut: cutWith(), assets, number: 1, now, project });
    const framed = freezeVersion({ cut: cutWith({ mode: 'blur-fill' }), assets, number: 1, now, project });
    expect(framed.id).not.toBe(plain.id);
    expect(freezeVersion({ cut: cutWith(), assets, number: 2, now, project }).id).toBe(plain.id);
  });

  it('moves the centre in a straight line between points, holding the first before and the last after', () => {
    const centre = [
      { frame: 10, x: 0.2 },
      { frame: 110, x: 0.8, y: 0.3 },
      { frame: 210, x: 0.4 },
    ];
    expect(cropCentreAt({ centre, frame: 0 })).toEqual({ x: 0.2, y: 0.5 });
    expect(cropCentreAt({ centre, frame: 60 })).toEqual({ x: expect.closeTo(0.5, 9), y: expect.closeTo(0.4, 9) });
    expect(cropCentreAt({ centre, frame: 110 })).toEqual({ x: 0.8, y: 0.3 });
    expect(cropCentreAt({ centre, frame: 160 })).toEqual({ x: expect.closeTo(0.6, 9), y: expect.closeTo(0.4, 9) });
    expect(cropCentreAt({ centre, frame: 500 })).toEqual({ x: 0.4, y: 0.5 });
  });

  it('counts the points from a piece’s first frame when the piece starts inside the shot', () => {
    const reframe = {
      mode: 'crop' as const,
      centre: [
        { frame: 0, x: 0.2 },
        { frame: 100, x: 0.8 },
      ],
    };
    const shifted = shiftReframe({ reframe, offsetFrames: 40 });
    expect(shifted).toEqual({
      mode: 'crop',
      centre: [
        { frame: -40, x: 0.2 },
        { frame: 60, x: 0.8 },
      ],
    });
    expect(cropCentreAt({ centre: shifted.mode === 'crop' ? shifted.centre : [], frame: 0 }).x).toBeCloseTo(
      cropCentreAt({ centre: reframe.centre, frame: 40 }).x,
      9,
    );
    expect(shiftReframe({ reframe: { mode: 'blur-fill' }, offsetFrames: 40 })).toEqual({ mode: 'blur-fill' });
  });
});
